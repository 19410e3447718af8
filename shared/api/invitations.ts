import { z } from 'zod';
import type { MailDelivery } from './mail';
import type { InvitationNoticeBreach } from './meetings';

/**
 * Invitations by e-mail (R2.4, M8.1b): one mail per recipient with the iCalendar file (`invite.ics`) and the
 * invitation PDF (`giay-moi.pdf`); later changes send updates with the same UID and a higher SEQUENCE (R2.6, D24.3).
 *
 * The meeting password is stored only as a hash, so it cannot be recovered: the organiser types it when sending and
 * the server checks it against the hash before putting it in the mails. The PDF and the .ics downloaded from the
 * meeting page never carry it.
 */

// POST /api/meetings/:id/invitations/send { password } (operator; organiser of the host unit's subtree)
//   → SendInvitationsResponse | forbidden | meeting_not_found | meeting_not_approved | meeting_password_wrong
// With `signatureCode` (the sender's current second-factor code) the giấy mời is digitally signed by the sender
// (PAdES, one signature) before it goes out: every mail carries the signed PDF.
export const sendInvitationsBody = z.object({ password: z.string().min(1).max(128), signatureCode: z.string().regex(/^\d{6}$/).optional() });
export type SendInvitationsBody = z.input<typeof sendInvitationsBody>;

export interface SendInvitationsResponse {
  /** Mails put in the outbox (one per recipient address). */
  count: number;
  /** R2.4, D7.3: fewer than 3 working days remain — sent anyway, with this warning. */
  warnings: InvitationNoticeBreach[];
  /** When invitations were first sent (ISO 8601, UTC). */
  invitationsSentAt: string;
  /** Invited units nobody received the invitation for (no organiser account, nobody named, members not admitted). */
  unreachableUnits: { id: string; name: string }[];
  /**
   * Whether a mail server is configured (SMTP_URL). Without one nothing is sent: every mail waits in the outbox
   * (`kept`) until one is configured and the mails are sent again from the outbox.
   */
  mailServer: boolean;
  /** The meeting's mails in the outbox, by where they are, once these were put in (issue 15.5). */
  delivery: MailDelivery;
  /** Invited rooms that receive nothing as the room (no enabled account with an address); their technicians may. */
  unreachableRooms: { id: string; name: string; technicianInformed: boolean }[];
  /** The chair, the chair's technician and invited people who receive nothing: account disabled, or no address. */
  unreachablePeople: { id: string; name: string; reason: 'disabled' | 'no_email' }[];
  /** The signed giấy mời (a document of the signatures domain), when it was signed on sending. */
  signableId: string | null;
}

// GET /api/meetings/:id/invitation.pdf → application/pdf (giấy mời, without the password) | meeting_not_found | meeting_not_invited
// GET /api/meetings/:id/invitation.ics → text/calendar (METHOD:PUBLISH, without the password) | same errors

/** Kinds of mail the invitations domain writes (`MailView.kind`). */
export const invitationMailKinds = ['invitation', 'invitation_update', 'invitation_cancel', 'schedule_notice', 'check_reminder', 'early_reminder'] as const;
export type InvitationMailKind = (typeof invitationMailKinds)[number];

/** In-app notice `meeting_changed` (R2.6): what changed, for whom the invitation was sent. */
/** In-app notice `meeting_invited` (R2.4): the invitation was sent; the mail carries the password. */
export interface MeetingInvitedNoticeData {
  meetingId: string;
  title: string;
  slug: string;
  startsAt: string;
}

export interface MeetingChangedNoticeData {
  meetingId: string;
  title: string;
  slug: string;
  startsAt: string;
  change: 'updated' | 'postponed' | 'cancelled';
  reason: string;
}

/** In-app notice `meeting_reminder` (M6.1, D19.3): join 10 minutes early / the system check is coming. */
export interface MeetingReminderNoticeData {
  meetingId: string;
  title: string;
  slug: string;
  startsAt: string;
  reminder: 'check' | 'early';
  checkAt: string | null;
}
