import { z } from 'zod';
import { slugPattern } from '../slug';
import type { PersonRef } from './organisation';

export type MeetingStatus = 'scheduled' | 'open' | 'ended' | 'cancelled';

export interface EndpointRef {
  id: string;
  name: string;
  unit: string;
}

export interface MeetingView {
  id: string;
  title: string;
  slug: string;
  startsAt: string; // ISO 8601, UTC
  endsAt: string;
  status: MeetingStatus;
  hostUnit: { id: string; name: string };
  chair: PersonRef;
  invitees: PersonRef[];
  /** Endpoints (meeting rooms) invited; their room accounts join as the endpoint. */
  endpoints: EndpointRef[];
  /** Whether the viewer may end the meeting (chair, organiser of the host unit, operator). */
  canEnd: boolean;
  /** Whether the viewer may manage it (revoke its link, see who entered). */
  canManage: boolean;
  /** Whether the viewer may see its attendance and recordings. */
  canSeeRecords: boolean;
  chairTechnicianId: string | null;
  /** Default speaking time of a floor grant (D10.2). */
  speakingSeconds: number;
}

// GET  /api/meetings → { meetings: MeetingView[] }  (operator: all; organisers/secretaries: their unit subtree's; others: invited)
// POST /api/meetings (operator, organiser for a unit in their subtree) → 201 CreateMeetingResponse | meeting_slug_taken
//   | meeting_booking_too_late (D19.2) | meeting_endpoint_double_booked | meeting_media_capacity_exceeded (R2.3) | …
export interface CreateMeetingResponse {
  meeting: MeetingView;
  /** The invitation notice the meeting leaves is short of 3 working days (R2.4, D7.3): booked, with this warning. */
  warnings: InvitationNoticeBreach[];
}
/** A booking rule named with its requirement and article (R2.3, R2.4). */
export interface BookingRuleBreach {
  rule: 'booking_lead_time' | 'invitation_notice';
  requirement: 'R2.3' | 'R2.4';
  article: 'D19.2' | 'D7.3';
  required: number;
  actual: number;
}
export type InvitationNoticeBreach = BookingRuleBreach & { rule: 'invitation_notice' };
export const createMeetingBody = z.object({
  title: z.string().trim().min(3).max(300),
  startsAt: z.string().datetime({ offset: true }),
  endsAt: z.string().datetime({ offset: true }),
  /** Đơn vị chủ trì; defaults to the organiser's own unit. */
  hostUnitId: z.string().uuid().optional(),
  chairId: z.string().uuid(),
  /** The chair endpoint's technician, who acts for the chair on the floor and the layout. */
  chairTechnicianId: z.string().uuid().optional(),
  speakingSeconds: z.number().int().min(30).max(3600).default(300),
  inviteeIds: z.array(z.string().uuid()).max(500).default([]),
  endpointIds: z.array(z.string().uuid()).max(500).default([]),
  slug: z.string().trim().toLowerCase().regex(slugPattern),
  password: z.string().min(4).max(64),
  /** M4: the organiser declares the content is not a state secret; recorded in the audit log (R2.2). */
  notStateSecret: z.literal(true),
  /** An emergency (D19.2) or urgent meeting (D7.3): exempt from the booking lead time and the invitation notice. */
  emergency: z.boolean().default(false),
});
export type CreateMeetingBody = z.input<typeof createMeetingBody>;

// GET  /api/meetings/by-slug/:slug → { meeting } | meeting_not_found | meeting_not_invited
// POST /api/meetings/by-slug/:slug/access { password } → 200 { admission: 'direct' | 'lobby' } | meeting_password_wrong | meeting_not_invited | meeting_ended
export const meetingAccessBody = z.object({ password: z.string().max(128) });

// GET  /api/meetings/:id → { meeting } | meeting_not_found | meeting_not_invited (same rule as by-slug)

/** Leak response (R6.4), for those who may manage the meeting (`canManage`). */
// POST /api/meetings/:id/revoke-access → RevokeAccessResponse | forbidden | meeting_not_found
export interface RevokeAccessResponse {
  /** The meeting with its new link address. */
  meeting: MeetingView;
  /** The new meeting password, shown once and never again. */
  password: string;
}

// GET  /api/meetings/:id/entries → { entries: MeetingEntryView[] } | forbidden | meeting_not_found
/** One entry into the meeting room (a join), oldest first. */
export interface MeetingEntryView {
  at: string; // ISO 8601, UTC
  /** null only if the account no longer exists. */
  person: PersonRef | null;
  email: string;
}
