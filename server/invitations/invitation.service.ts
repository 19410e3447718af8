/**
 * Invitations (R2.4, M8.1b, D19.3), their change and cancellation notices (R2.6, D24.3) and the reminders before a
 * meeting (M6.1, D19.3). Mails go through the outbox (`MailService.enqueue`) inside the transaction of what they
 * announce.
 *
 * The meeting password. Only its hash is stored, so it cannot be recovered: the organiser types it when sending, the
 * server checks it against the hash (`meeting_password_wrong` otherwise) and puts it in the invitation mails' text
 * only — not in the PDF nor the calendar file, which travel further. The outbox keeps only what must be sent: the
 * mail holds a slot where the password goes, the password itself is sealed beside it until the mail is handed to
 * the mail server (mail-secret.ts), then dropped; the outbox never shows it back. The PDF and .ics served from the
 * meeting page, the update/cancel notices and the reminders never carry it.
 */
import { PeriodicJob } from '../periodic-job';
import type { SendInvitationsResponse } from '../../shared/api';
import type { AuditService } from '../audit/audit.service';
import { verifyPassword } from '../auth/password';
import type { Db, Tx } from '../db/client';
import { AppError } from '../errors';
import { newSecretSlot } from '../mail/mail-secret';
import type { OutgoingMail } from '../mail/mail.service';
import type { MailService } from '../mail/mail.service';
import type { MeetingChange, MeetingChangeListener } from '../meetings/meeting-changes';
import type { MeetingService } from '../meetings/meeting.service';
import type { NotificationService } from '../notifications/notification.service';
import type { Actor } from '../organisation/organisation.policy';
import { comparePeople } from '../../shared/people-order';
import { renderAdminDocument } from '../pdf/admin-document';
import type { SignaturesService } from '../signatures/signatures.service';
import { vnDateTime, vnTime } from '../pdf/vn-date';
import {
  DEFAULT_CHECK_LEAD_MS,
  invitationDocument,
  invitationIcs,
  mailBody,
  mailSubject,
  placeOf,
  type IcsAttendee,
  type InvitationFacts,
  type NoticeKind,
} from './invitation-content';
import type { InvitationMeetingRow, InvitationRepository, Recipient, RecipientRole } from './invitation.repository';

/** M6.1: individuals join at least 10 minutes early; D19.3: the system check, reminded 15 minutes before. */
export const EARLY_REMINDER_LEAD_MS = 10 * 60_000;
export const CHECK_REMINDER_LEAD_MS = 15 * 60_000;
const REMINDER_INTERVAL_MS = 30_000;

const TECHNICAL: readonly RecipientRole[] = ['technician', 'room', 'chair_technician'];
const ROLE_ORDER: readonly RecipientRole[] = ['chair', 'chair_technician', 'technician', 'room', 'unit_head', 'invitee'];

/** One address, once, with every role the person has in the meeting. */
export interface MergedRecipient {
  userId: string;
  name: string;
  title: string;
  email: string;
  roles: RecipientRole[];
}

export function mergeRecipients(list: Recipient[]): MergedRecipient[] {
  const byEmail = new Map<string, MergedRecipient>();
  for (const r of list) {
    const key = r.email.trim().toLowerCase();
    if (!key) continue;
    const seen = byEmail.get(key);
    if (seen) {
      if (!seen.roles.includes(r.role)) seen.roles.push(r.role);
    } else byEmail.set(key, { userId: r.id, name: r.name, title: r.title, email: r.email, roles: [r.role] });
  }
  for (const r of byEmail.values()) r.roles.sort((a, b) => ROLE_ORDER.indexOf(a) - ROLE_ORDER.indexOf(b));
  return [...byEmail.values()];
}

const isTechnical = (r: MergedRecipient) => r.roles.some((x) => TECHNICAL.includes(x));
const mainRole = (r: MergedRecipient): RecipientRole => (isTechnical(r) ? r.roles.find((x) => TECHNICAL.includes(x))! : r.roles[0]!);
const displayName = (r: { name: string; title: string }) => [r.title, r.name].filter(Boolean).join(' ');

export interface InvitationOptions {
  /** The address mails link to (PUBLIC_URL, or the server's own address): read when needed, known after listen. */
  baseUrl: () => string;
  /** MAIL_FROM, e.g. `GiaoBan <giaoban@localhost>`. */
  mailFrom: string;
  /** NOTICE_CONTACTS: telecom and power contacts told of the schedule (D19.2, D21.2, R2.6). */
  noticeContacts: string[];
}

export class InvitationService implements MeetingChangeListener {
  private readonly job = new PeriodicJob(
    () => this.runReminders(new Date()),
    (err) => this.log.warn({ err: err.message }, 'reminders failed'),
  );

  constructor(
    private readonly db: Db,
    private readonly repo: InvitationRepository,
    private readonly meetings: Pick<MeetingService, 'get' | 'getManaged' | 'invitationNotice' | 'unreachableUnits'>,
    private readonly mail: MailService,
    private readonly notifications: NotificationService,
    private readonly audit: AuditService,
    private readonly options: InvitationOptions,
    /** The giấy mời is signed by its sender when they give their second-factor code on sending. */
    private readonly signatures: Pick<SignaturesService, 'createSignable' | 'signIn' | 'secondFactorStep' | 'auditRefusal'>,
    private readonly log: { warn(obj: object, msg: string): void } = { warn: () => undefined },
  ) {}

  // ------------------------------------------------------------------ sending (R2.4)

  async send(actor: Actor, meetingId: string, password: string, ip = '', signatureCode?: string): Promise<SendInvitationsResponse> {
    const meeting: InvitationMeetingRow = await this.meetings.getManaged(actor, meetingId);
    if (meeting.approval !== 'approved') throw new AppError('meeting_not_approved', { approval: meeting.approval });
    if (meeting.status === 'cancelled') throw new AppError('meeting_cancelled');
    if (meeting.status !== 'scheduled') throw new AppError('meeting_not_editable', { status: meeting.status });
    if (!(await verifyPassword(meeting.passwordHash, password))) throw new AppError('meeting_password_wrong');
    // signed by whoever sends, with their second factor now (the code's step is claimed with the signature below)
    const signatureStep = signatureCode ? await this.signatures.secondFactorStep(actor.id, signatureCode) : null;
    const now = new Date();
    // whoever sends signs: their name closes the giấy mời and they are the calendar entry's organiser
    const facts = await this.facts({ ...meeting, invitationSignerId: actor.id }, now);
    const recipients = mergeRecipients(await this.repo.recipients(meeting));
    const attendees = recipients.map((r) => ({ name: r.name, email: r.email, role: mainRole(r) }));
    // One PDF for all, without the password: only the mail's text carries it, filled in when it is sent.
    const rendered = await renderAdminDocument(invitationDocument(facts));
    const slot = newSecretSlot();
    const unreachableUnits = await this.meetings.unreachableUnits(meeting.id);
    const unreachable = await this.repo.unreachable(meeting);
    let signableId: string | null = null;
    let mailCount = 0;
    const sentAt = await this.db
      .transaction(async (tx) => {
        let pdfBytes = rendered;
        if (signatureStep !== null) {
          signableId = (await this.signatures.createSignable(tx, { kind: 'invitation', subjectId: meeting.id, title: `Giấy mời: ${meeting.title}`, pdf: rendered, signerIds: [actor.id], createdBy: actor.id })).id;
          pdfBytes = await this.signatures.signIn(tx, actor, signableId, signatureStep, ip);
        }
        const pdf = pdfBytes.toString('base64');
        const mails: OutgoingMail[] = recipients.map((r) => ({ ...this.personalMail(facts, r, 'invitation', { passwordSlot: slot, pdf, attendees }), secret: { slot, value: password } }));
        mails.push(...this.noticeContactMails(facts, 'invitation'));
        mailCount = mails.length;
        await this.mail.enqueue(tx, mails);
        // In the application as well: without a mail server the mails wait in the outbox, the notice does not.
        await this.notifications.notify(
          tx,
          recipients.map((r) => ({ userId: r.userId, kind: 'meeting_invited', data: { meetingId: meeting.id, title: meeting.title, slug: meeting.slug, startsAt: meeting.startsAt.toISOString() } })),
        );
        const at = await this.repo.markInvitationsSent(meeting.id, now, actor.id, tx);
        await this.audit.record(
          { actorId: actor.id, action: 'meeting.invitations_sent', targetType: 'meeting', targetId: meeting.id, data: { mails: mails.length, signableId, recipients: recipients.length, noticeContacts: this.options.noticeContacts.length, resend: meeting.invitationsSentAt !== null, unreachableUnits: unreachableUnits.map((u) => u.id), unreachableRooms: unreachable.rooms.map((r) => r.id), unreachablePeople: unreachable.people.map((p) => p.id), mailServer: this.mail.serverConfigured }, ip },
          tx,
        );
        return at;
      })
      .catch(async (err: unknown) => {
        await this.signatures.auditRefusal(err, actor, meeting.id, ip);
        throw err;
      });
    const breach = meeting.emergency ? null : await this.meetings.invitationNotice(now, meeting.startsAt);
    return {
      count: mailCount,
      warnings: breach ? [breach] : [],
      invitationsSentAt: sentAt.toISOString(),
      unreachableUnits,
      signableId,
      mailServer: this.mail.serverConfigured,
      delivery: await this.mail.deliveryOf(meeting.id),
      unreachableRooms: unreachable.rooms,
      unreachablePeople: unreachable.people,
    };
  }

  /** The addresses the invitation goes to now, for `inviteAdded` to compare with after a change of the lists. */
  async recipientAddresses(meetingId: string, tx: Tx): Promise<Set<string>> {
    const meeting = await this.repo.meeting(meetingId, tx);
    if (!meeting) return new Set();
    return new Set(mergeRecipients(await this.repo.recipients(meeting, tx)).map((r) => r.email.trim().toLowerCase()));
  }

  /**
   * The invitation for those who became recipients since `before` — people and rooms an invited unit named, or its
   * members admitted — once the invitations went out (before that, the organiser's sending reaches them). The
   * password is in it only when the unit's organiser gave it (it is stored hashed only). Returns the mails queued.
   */
  async inviteAdded(tx: Tx, meetingId: string, before: ReadonlySet<string>, password?: string): Promise<number> {
    const meeting = await this.repo.meeting(meetingId, tx);
    if (!meeting || !meeting.invitationsSentAt || meeting.status !== 'scheduled') return 0;
    const all = mergeRecipients(await this.repo.recipients(meeting, tx));
    const added = all.filter((r) => !before.has(r.email.trim().toLowerCase()));
    if (added.length === 0) return 0;
    const facts = await this.facts(meeting, new Date(), tx);
    const attendees = all.map((r) => ({ name: r.name, email: r.email, role: mainRole(r) }));
    // As for every invitation: the PDF without the password, the mail's text with a slot for it, sealed apart.
    const pdf = (await renderAdminDocument(invitationDocument(facts))).toString('base64');
    const slot = password ? newSecretSlot() : undefined;
    await this.mail.enqueue(
      tx,
      added.map((r) => ({ ...this.personalMail(facts, r, 'invitation', { passwordSlot: slot, pdf, attendees }), ...(slot && password ? { secret: { slot, value: password } } : {}) })),
    );
    await this.notifications.notify(
      tx,
      added.map((r) => ({ userId: r.userId, kind: 'meeting_invited', data: { meetingId: meeting.id, title: meeting.title, slug: meeting.slug, startsAt: meeting.startsAt.toISOString() } })),
    );
    return added.length;
  }

  /** The giấy mời for anyone who may see the meeting — without the password. */
  async pdf(actor: Actor, meetingId: string): Promise<Buffer> {
    await this.meetings.get(actor, meetingId);
    const meeting = (await this.repo.meeting(meetingId))!;
    return renderAdminDocument(invitationDocument(await this.facts(meeting, new Date())));
  }

  /** The calendar entry for anyone who may see the meeting (PUBLISH, no attendees, no password). */
  async ics(actor: Actor, meetingId: string): Promise<string> {
    await this.meetings.get(actor, meetingId);
    const meeting = (await this.repo.meeting(meetingId))!;
    return invitationIcs(await this.facts(meeting, new Date()), { method: 'PUBLISH', attendees: [] });
  }

  // ------------------------------------------------------------------ changes (R2.6, D24.3)

  /** Once invitations went out, every change or cancellation is sent to everyone with the new calendar entry. */
  async meetingChanged(tx: Tx, meetingId: string, change: MeetingChange, _actorId: string): Promise<void> {
    if (change.kind !== 'updated' && change.kind !== 'cancelled') return;
    const meeting = await this.repo.meeting(meetingId, tx);
    if (!meeting || !meeting.invitationsSentAt) return;
    const kind: NoticeKind = change.kind === 'cancelled' ? 'cancelled' : change.postponed ? 'postponed' : 'updated';
    const facts = await this.facts(meeting, new Date(), tx);
    if (change.kind === 'cancelled') {
      facts.cancelled = true;
      facts.cancelReason = change.reason || meeting.cancelReason;
    }
    const recipients = mergeRecipients(await this.repo.recipients(meeting, tx));
    const attendees = recipients.map((r) => ({ name: r.name, email: r.email, role: mainRole(r) }));
    const pdf = (await renderAdminDocument(invitationDocument(facts))).toString('base64');
    const mails = recipients.map((r) => this.personalMail(facts, r, kind, { pdf, attendees, reason: change.reason }));
    mails.push(...this.noticeContactMails(facts, kind, change.reason));
    await this.mail.enqueue(tx, mails);
    await this.notifications.notify(
      tx,
      recipients.map((r) => ({
        userId: r.userId,
        kind: 'meeting_changed',
        data: { meetingId, title: meeting.title, slug: meeting.slug, startsAt: meeting.startsAt.toISOString(), change: kind, reason: change.reason },
      })),
    );
  }

  // ------------------------------------------------------------------ reminders (M6.1, D19.3)

  /**
   * Sends the reminders due at `now`, each once (the column is claimed in the transaction that writes the mails):
   * the system check to endpoints' technicians and rooms 15 minutes before the check time, and the early join to
   * the invited persons 10 minutes before the start. Returns how many meetings were reminded, by kind.
   */
  async runReminders(now: Date): Promise<{ check: number; early: number }> {
    let check = 0;
    let early = 0;
    for (const id of await this.repo.checkRemindersDue(now, CHECK_REMINDER_LEAD_MS)) if (await this.remind(id, 'check', now)) check += 1;
    for (const id of await this.repo.earlyRemindersDue(now, EARLY_REMINDER_LEAD_MS)) if (await this.remind(id, 'early', now)) early += 1;
    return { check, early };
  }

  startReminders(intervalMs = REMINDER_INTERVAL_MS): void {
    this.job.start(intervalMs);
  }

  stopReminders(): Promise<void> {
    return this.job.stop();
  }

  private async remind(meetingId: string, which: 'check' | 'early', now: Date): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      if (!(await this.repo.claimReminder(meetingId, which, now, tx))) return false;
      const meeting = (await this.repo.meeting(meetingId, tx))!;
      const facts = await this.facts(meeting, now, tx);
      const all = mergeRecipients(await this.repo.recipients(meeting, tx));
      const recipients = which === 'check' ? all.filter(isTechnical) : all.filter((r) => r.roles.some((x) => x === 'invitee' || x === 'chair' || x === 'unit_head'));
      const subject =
        which === 'check'
          ? `[Nhắc] Kiểm tra kỹ thuật lúc ${vnDateTime(facts.checkAt)}: ${facts.title}`
          : `[Nhắc] Vào phòng họp trước 10 phút: ${facts.title} — ${vnDateTime(facts.startsAt)}`;
      const mails: OutgoingMail[] = recipients.map((r) => {
        const text = [
          `Kính gửi: ${displayName(r)}`,
          '',
          which === 'check'
            ? `Đề nghị cán bộ kỹ thuật và điểm cầu kiểm tra hệ thống lúc ${vnDateTime(facts.checkAt)} cho cuộc họp "${facts.title}" (khai mạc ${vnDateTime(facts.startsAt)}).`
            : `Cuộc họp "${facts.title}" khai mạc lúc ${vnDateTime(facts.startsAt)}. Đề nghị đại biểu vào phòng họp trước ít nhất 10 phút để kiểm tra kết nối.`,
          `Địa chỉ phòng họp: ${facts.link}`,
          `-- ${facts.organizer.name}`,
        ].join('\n');
        return { meetingId, userId: r.userId, kind: which === 'check' ? 'check_reminder' : 'early_reminder', to: r.email, subject, text, html: text.split('\n').map((l) => `<p>${escapeHtml(l)}</p>`).join('') };
      });
      await this.mail.enqueue(tx, mails);
      await this.notifications.notify(
        tx,
        recipients.map((r) => ({
          userId: r.userId,
          kind: 'meeting_reminder',
          data: { meetingId, title: meeting.title, slug: meeting.slug, startsAt: meeting.startsAt.toISOString(), reminder: which, checkAt: facts.checkAt.toISOString() },
        })),
      );
      return true;
    });
  }

  // ------------------------------------------------------------------ content

  private personalMail(
    facts: InvitationFacts,
    r: MergedRecipient,
    kind: NoticeKind,
    /** `passwordSlot`: where the meeting password goes in the text (filled in only when the mail is sent). */
    opts: { passwordSlot?: string; pdf: string; attendees: IcsAttendee[]; reason?: string },
  ): OutgoingMail {
    const role = mainRole(r);
    const { text, html } = mailBody(facts, { kind, password: opts.passwordSlot, role, reason: opts.reason, recipientName: displayName(r) });
    // The recipient and the chair, not the whole list: every invitee's address in every invitation would disclose
    // the list to all, and make a meeting of thousands cost thousands × thousands attendee lines.
    const attendees = opts.attendees.filter((a) => a.role === 'chair' || a.email === r.email);
    const ics = invitationIcs(facts, { method: kind === 'cancelled' ? 'CANCEL' : 'REQUEST', attendees, technical: isTechnical(r) });
    const method = kind === 'cancelled' ? 'CANCEL' : 'REQUEST';
    return {
      meetingId: facts.meetingId,
      userId: r.userId,
      kind: kind === 'invitation' ? 'invitation' : kind === 'cancelled' ? 'invitation_cancel' : 'invitation_update',
      to: r.email,
      // technicians and rooms see the system-check time in the subject (D19.3)
      subject: mailSubject(facts, kind) + (isTechnical(r) && kind !== 'cancelled' ? ` (kiểm tra kỹ thuật lúc ${vnTime(facts.checkAt)})` : ''),
      text,
      html,
      attachments: [
        { filename: 'invite.ics', contentType: `text/calendar; charset=utf-8; method=${method}`, contentBase64: Buffer.from(ics, 'utf8').toString('base64') },
        { filename: 'giay-moi.pdf', contentType: 'application/pdf', contentBase64: opts.pdf },
      ],
    };
  }

  /** The schedule notice for telecom and power contacts: times and endpoints, no password, no PDF. */
  private noticeContactMails(facts: InvitationFacts, kind: NoticeKind, reason = ''): OutgoingMail[] {
    if (!this.options.noticeContacts.length) return [];
    const heading: Record<NoticeKind, string> = {
      invitation: 'Thông báo lịch họp trực tuyến',
      updated: '[Thay đổi] Thông báo lịch họp trực tuyến',
      postponed: '[Hoãn] Thông báo lịch họp trực tuyến',
      cancelled: '[Hủy] Thông báo lịch họp trực tuyến',
    };
    const text = [
      'Kính gửi: Đơn vị bảo đảm thông tin liên lạc và cung cấp điện',
      '',
      `${facts.hostUnit.name} thông báo lịch họp trực tuyến để các đơn vị bố trí bảo đảm đường truyền và nguồn điện:`,
      ...(reason ? [`Lý do thay đổi: ${reason}`] : []),
      `Nội dung: ${facts.title}`,
      `Kiểm tra kỹ thuật: ${vnDateTime(facts.checkAt)}`,
      `Khai mạc: ${vnDateTime(facts.startsAt)}`,
      `Kết thúc: ${vnDateTime(facts.endsAt)}`,
      `Các điểm cầu: ${facts.endpoints.join('; ') || '(chưa có)'}`,
      `-- ${facts.organizer.name}`,
    ].join('\n');
    const ics = invitationIcs({ ...facts, cancelled: facts.cancelled || kind === 'cancelled' }, { method: kind === 'cancelled' ? 'CANCEL' : 'REQUEST', attendees: [] });
    return this.options.noticeContacts.map((to) => ({
      meetingId: facts.meetingId,
      userId: null,
      kind: 'schedule_notice',
      to,
      subject: `${heading[kind]}: ${facts.title} — ${vnDateTime(facts.startsAt)}`,
      text,
      html: text.split('\n').map((l) => `<p>${escapeHtml(l)}</p>`).join(''),
      attachments: [{ filename: 'invite.ics', contentType: `text/calendar; charset=utf-8; method=${kind === 'cancelled' ? 'CANCEL' : 'REQUEST'}`, contentBase64: Buffer.from(ics, 'utf8').toString('base64') }],
    }));
  }

  /** Everything an invitation states, read in the caller's transaction when given. */
  async facts(meeting: InvitationMeetingRow, issuedAt: Date, tx?: Tx): Promise<InvitationFacts> {
    const q = tx ?? this.db;
    const [host, chair, chairTechnician, agenda, documents, invitedUnits, endpointRows, invitedPeople, signer] = await Promise.all([
      this.repo.hostUnit(meeting.hostUnitId, q),
      this.repo.person(meeting.chairId, q),
      this.repo.person(meeting.chairTechnicianId, q),
      this.repo.agenda(meeting.id, q),
      this.repo.documents(meeting.id, q),
      this.repo.invitedUnits(meeting.id, q),
      this.repo.endpointNames(meeting.id, q),
      this.repo.invitedPeople(meeting.id, meeting.chairId, q),
      this.repo.person(meeting.invitationSignerId ?? meeting.createdBy, q),
    ]);
    const collator = new Intl.Collator('vi');
    // D19.3: the chair endpoint's technician is the one the meeting names; else the current technician of the host
    // unit's endpoint (an invited one first).
    const technician = chairTechnician
      ? { name: displayName(chairTechnician), phone: chairTechnician.phone, email: chairTechnician.email, contact: await this.repo.technicianContact(chairTechnician.id, q) }
      : await this.repo.hostUnitTechnician(meeting.id, meeting.hostUnitId, q).then((t) => (t ? { name: displayName(t), phone: t.phone, email: t.email, contact: t.contact } : null));
    const base = this.options.baseUrl().replace(/\/+$/, '');
    return {
      meetingId: meeting.id,
      title: meeting.title,
      type: meeting.type,
      typeNote: meeting.typeNote,
      hostUnit: { name: host.name, parentName: host.parentName },
      place: placeOf(host.rootName),
      chair: { name: chair?.name ?? '', title: chair?.title ?? '' },
      startsAt: meeting.startsAt,
      endsAt: meeting.endsAt,
      checkAt: meeting.checkAt ?? new Date(meeting.startsAt.getTime() - DEFAULT_CHECK_LEAD_MS),
      backdropText: meeting.backdropText,
      link: `${base}/${meeting.slug}`,
      replyUrl: `${base}/meetings/${meeting.id}/replies`,
      technician,
      agenda: agenda.map((a) => ({ title: a.title, presenter: a.presenter ? displayName({ name: a.presenter, title: a.presenterTitle ?? '' }) : a.presenterName, minutes: a.minutes })),
      documents: documents.map((d) => ({ name: d.name, url: `${base}/api/meetings/${meeting.id}/documents/${d.id}` })),
      units: invitedUnits.map((u) => u.name),
      endpoints: endpointRows.map((e) => e.name),
      version: meeting.version,
      cancelled: meeting.status === 'cancelled',
      cancelReason: meeting.cancelReason,
      organizer: { name: host.name || 'GiaoBan', email: addressOf(this.options.mailFrom) },
      signer: { name: signer?.name ?? '', title: signer?.title ?? '', email: signer?.email ?? addressOf(this.options.mailFrom) },
      addressees: [...invitedUnits.map((u) => u.name).sort(collator.compare), ...invitedPeople.sort(comparePeople).map(displayName)],
      issuedAt,
    };
  }
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** `GiaoBan <giaoban@localhost>` → `giaoban@localhost`. */
export const addressOf = (from: string) => from.match(/<([^>]+)>/)?.[1] ?? from.trim();
