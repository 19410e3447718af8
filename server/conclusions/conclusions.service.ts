/**
 * The conclusions of a meeting and its conclusions notice (R4.1, D10.4–5, D12.3–4). After the meeting the chair's
 * office — those who manage the meeting: the operator, the organisers of the host unit — keeps the conclusions the
 * chair gave (recorded at the end of the meeting, or added here), drafts the notice (number, opening paragraph,
 * signature for the chair, recipients), and issues it once: the PDF by mail through the outbox and a notice in the
 * app to those concerned (the chair, the people and units invited, every task's assignee), the issue time recorded.
 * Once issued, the conclusions and their tasks no longer change. Every change is audited in its transaction.
 *
 * Signing (issue 16 point 4): with the issuer's second-factor code the notice is digitally signed by the issuer (PAdES,
 * the signatures domain through `NoticeSigning`) inside the issue's transaction, and the signed PDF is what the mails
 * carry and what the recipients download; a refused code issues nothing.
 */
import type { z } from 'zod';
import type { ConclusionsNoticeView, ConclusionsResponse, ConclusionView, IssueNoticeResponse } from '../../shared/api';
import type { conclusionsNoticeBody } from '../../shared/api';
import type { AuditService } from '../audit/audit.service';
import type { Db, Tx } from '../db/client';
import { AppError } from '../errors';
import { placeOf } from '../invitations/invitation-content';
import type { InvitationRepository } from '../invitations/invitation.repository';
import type { MailService, OutgoingMail } from '../mail/mail.service';
import type { MeetingRow } from '../meetings/meeting.repository';
import type { MeetingService } from '../meetings/meeting.service';
import type { NotificationService } from '../notifications/notification.service';
import type { Actor } from '../organisation/organisation.policy';
import { renderAdminDocument } from '../pdf/admin-document';
import { vnShortDate } from '../pdf/vn-date';
import { assigneeName, presentTask } from '../tasks/task.presenter';
import type { TaskLine, TaskRepository } from '../tasks/task.repository';
import type { ConclusionsRepository, NoticeRow } from './conclusions.repository';
import { noticeDocument, noticeSubject, type NoticeFacts } from './notice-content';

/** The signatures domain as the notice needs it (server/signatures/, wired in app.ts). */
export interface NoticeSigning {
  /** The time step of the issuer's code, checked now (claimed with the signature). */
  secondFactorStep(userId: string, code: string): Promise<number>;
  /** A document to sign with the issuer as its one signer, signed at once; the signed bytes. */
  sign(tx: Tx, input: { meetingId: string; title: string; pdf: Buffer; actor: Actor; step: number; ip: string }): Promise<Buffer>;
  /** The signed notice, once there is one. */
  signedPdfOf(meetingId: string): Promise<Buffer | null>;
  /** A refusal while signing, in the audit trail (the transaction that would have recorded it was rolled back). */
  auditRefusal(err: unknown, actor: Actor, meetingId: string, ip: string): Promise<void>;
}

export interface ConclusionsOptions {
  baseUrl: () => string;
  signing?: NoticeSigning;
}

type NoticeInput = z.output<typeof conclusionsNoticeBody>;
const withTitle = (p: { name: string; title: string }) => [p.title, p.name].filter(Boolean).join(' ');
const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Where the minutes of a meeting are read: the meeting's page (the minutes page, once it exists, is reached from it). */
export const minutesPathOf = (meeting: Pick<MeetingRow, 'slug'>) => `/${meeting.slug}`;

export class ConclusionsService {
  constructor(
    private readonly db: Db,
    private readonly repo: ConclusionsRepository,
    private readonly tasks: TaskRepository,
    private readonly meetings: Pick<MeetingService, 'getManaged'>,
    private readonly invitations: Pick<InvitationRepository, 'hostUnit'>,
    private readonly mail: MailService,
    private readonly notifications: NotificationService,
    private readonly audit: AuditService,
    private readonly options: ConclusionsOptions,
  ) {}

  /** The meeting, for its office, once it has ended: conclusions, tasks and the notice come after it (D10.4). */
  async managedAfterMeeting(actor: Actor, meetingId: string): Promise<MeetingRow> {
    const meeting = await this.meetings.getManaged(actor, meetingId);
    if (meeting.status !== 'ended') throw new AppError('meeting_not_ended', { status: meeting.status });
    return meeting;
  }

  /** In a change's transaction: the meeting locked, and refused once its notice is issued. */
  async lockDraft(tx: Tx, meetingId: string): Promise<void> {
    await this.repo.lockMeeting(tx, meetingId);
    if ((await this.repo.notice(meetingId, tx))?.issuedAt) throw new AppError('conclusions_notice_issued');
  }

  // ------------------------------------------------------------------ reading

  async view(actor: Actor, meetingId: string): Promise<ConclusionsResponse> {
    const meeting = await this.meetings.getManaged(actor, meetingId);
    const [rows, tasks, notice, chair] = await Promise.all([this.repo.conclusions(meetingId), this.tasks.ofMeeting(meetingId), this.repo.notice(meetingId), this.repo.person(meeting.chairId)]);
    const now = new Date();
    const conclusions: ConclusionView[] = rows.map((r) => ({
      id: r.conclusion.id,
      position: r.conclusion.position,
      text: r.conclusion.text,
      recordedBy: r.name !== null ? { id: r.conclusion.recordedBy, name: r.name, title: r.title ?? '', unit: r.unitName ?? '' } : null,
      recordedAt: r.conclusion.recordedAt.toISOString(),
      tasks: tasks.filter((t) => t.task.conclusionId === r.conclusion.id).map((t) => presentTask(t, now)),
    }));
    return {
      meeting: { id: meeting.id, title: meeting.title, status: meeting.status, startsAt: meeting.startsAt.toISOString(), endsAt: meeting.endsAt.toISOString(), chair: chair ? { id: chair.id, name: chair.name, title: chair.title, unit: chair.unitName } : null },
      conclusions,
      notice: notice ? await this.presentNotice(notice) : null,
      proposed: await this.proposal(actor, meeting, tasks),
      minutesPath: minutesPathOf(meeting),
    };
  }

  /** What a first draft holds: the opening from the meeting, the office signing for the chair, the recipients. */
  private async proposal(actor: Actor, meeting: MeetingRow, tasks: TaskLine[]): Promise<ConclusionsResponse['proposed']> {
    const [host, chair, units] = await Promise.all([this.invitations.hostUnit(meeting.hostUnitId), this.repo.person(meeting.chairId), this.repo.invitedUnitNames(meeting.id)]);
    const attended = units.length ? `đại diện ${units.join(', ')} và các đại biểu được mời` : 'các đại biểu được mời';
    const chaired = chair ? ` do ${withTitle(chair)} chủ trì` : '';
    const assignees = [...new Set(tasks.map(assigneeName))];
    return {
      number: '',
      opening: `Ngày ${vnShortDate(meeting.startsAt)}, ${host.name} tổ chức cuộc họp trực tuyến ${meeting.title}${chaired}. Tham dự cuộc họp có ${attended}.`,
      signerAuthority: chair?.title ? `TL. ${chair.title}` : '',
      signerTitle: actor.title || 'Chánh Văn phòng',
      signerName: actor.name,
      recipients: [...(chair ? [`${withTitle(chair)} (để báo cáo)`] : []), ...new Set([...units, ...assignees])],
    };
  }

  private async presentNotice(n: NoticeRow, tx?: Tx): Promise<ConclusionsNoticeView> {
    const issuer = await this.repo.person(n.issuedBy, tx);
    return {
      number: n.number,
      opening: n.opening,
      signerAuthority: n.signerAuthority,
      signerTitle: n.signerTitle,
      signerName: n.signerName,
      recipients: n.recipients,
      version: n.version,
      updatedAt: n.updatedAt.toISOString(),
      issuedAt: n.issuedAt?.toISOString() ?? null,
      issuedBy: issuer ? { id: issuer.id, name: issuer.name, title: issuer.title, unit: issuer.unitName } : null,
    };
  }

  // ------------------------------------------------------------------ conclusions (D10.4)

  async addConclusion(actor: Actor, meetingId: string, text: string, ip = ''): Promise<{ id: string }> {
    await this.managedAfterMeeting(actor, meetingId);
    return this.db.transaction(async (tx) => {
      await this.lockDraft(tx, meetingId);
      const created = await this.repo.insertConclusion(tx, { meetingId, text, recordedBy: actor.id });
      await this.audit.record({ actorId: actor.id, action: 'conclusion.added', targetType: 'meeting', targetId: meetingId, data: { conclusionId: created.id, position: created.position, text }, ip }, tx);
      return { id: created.id };
    });
  }

  async editConclusion(actor: Actor, meetingId: string, conclusionId: string, text: string, ip = ''): Promise<void> {
    await this.managedAfterMeeting(actor, meetingId);
    await this.db.transaction(async (tx) => {
      await this.lockDraft(tx, meetingId);
      const before = await this.repo.conclusion(meetingId, conclusionId, tx);
      if (!before) throw new AppError('conclusion_not_found');
      await this.repo.updateConclusion(tx, conclusionId, text);
      await this.audit.record({ actorId: actor.id, action: 'conclusion.edited', targetType: 'meeting', targetId: meetingId, data: { conclusionId, before: before.text, after: text }, ip }, tx);
    });
  }

  async removeConclusion(actor: Actor, meetingId: string, conclusionId: string, ip = ''): Promise<void> {
    await this.managedAfterMeeting(actor, meetingId);
    await this.db.transaction(async (tx) => {
      await this.lockDraft(tx, meetingId);
      const before = await this.repo.conclusion(meetingId, conclusionId, tx);
      if (!before) throw new AppError('conclusion_not_found');
      const tasks = (await this.tasks.ofMeeting(meetingId, tx)).filter((t) => t.task.conclusionId === conclusionId);
      await this.repo.deleteConclusion(tx, conclusionId); // its tasks with it (cascade)
      await this.audit.record(
        { actorId: actor.id, action: 'conclusion.removed', targetType: 'meeting', targetId: meetingId, data: { conclusionId, text: before.text, taskIds: tasks.map((t) => t.task.id) }, ip },
        tx,
      );
    });
  }

  // ------------------------------------------------------------------ the notice (D12.4)

  async saveNotice(actor: Actor, meetingId: string, input: NoticeInput, ip = ''): Promise<ConclusionsNoticeView> {
    await this.managedAfterMeeting(actor, meetingId);
    const { version, ...fields } = input;
    const saved = await this.db.transaction(async (tx) => {
      await this.lockDraft(tx, meetingId);
      const existing = await this.repo.notice(meetingId, tx);
      let row: NoticeRow | undefined;
      if (!existing) row = await this.repo.insertNotice(tx, { meetingId, ...fields, updatedBy: actor.id });
      else {
        if (version !== existing.version) throw new AppError('conclusions_notice_version_conflict', { version: String(existing.version) });
        row = await this.repo.updateNotice(tx, meetingId, existing.version, { ...fields, updatedBy: actor.id });
        if (!row) throw new AppError('conclusions_notice_version_conflict', { version: String(existing.version) });
      }
      await this.audit.record({ actorId: actor.id, action: 'conclusions_notice.drafted', targetType: 'meeting', targetId: meetingId, data: { version: row.version, number: row.number }, ip }, tx);
      return row;
    });
    return this.presentNotice(saved);
  }

  /**
   * Issues the notice once to those concerned: the chair, the people and units invited, every task's assignee (the
   * person, or the organisers of the unit) — a mail with the PDF and a notice in the app each — and the issue time.
   */
  async issue(actor: Actor, meetingId: string, ip = '', signatureCode?: string): Promise<IssueNoticeResponse> {
    const meeting = await this.managedAfterMeeting(actor, meetingId);
    const signing = this.options.signing;
    const step = signatureCode && signing ? await signing.secondFactorStep(actor.id, signatureCode) : null;
    const now = new Date();
    const base = this.options.baseUrl().replace(/\/+$/, '');
    return this.db.transaction(async (tx) => {
      await this.lockDraft(tx, meetingId);
      const draft = await this.repo.notice(meetingId, tx);
      if (!draft) throw new AppError('conclusions_notice_not_drafted');
      if (!(await this.repo.conclusions(meetingId, tx)).length) throw new AppError('conclusions_none');
      const issued = (await this.repo.markIssued(tx, meetingId, actor.id, now))!;
      const title = noticeSubject(meeting.title, await this.repo.person(meeting.chairId, tx));
      const rendered = await this.render(meeting, issued, tx);
      const pdf = step !== null && signing ? await signing.sign(tx, { meetingId, title: `Thông báo ${title}`, pdf: rendered, actor, step, ip }) : rendered;
      const tasks = await this.tasks.ofMeeting(meetingId, tx);
      const unitOrganisers = await this.tasks.organisersOf([...new Set(tasks.flatMap((t) => (t.task.assigneeUnitId ? [t.task.assigneeUnitId] : [])))], tx);
      const tasksOf = new Map<string, number>();
      for (const t of tasks) {
        const who = t.task.assigneeUserId ? [t.task.assigneeUserId] : unitOrganisers.filter((o) => o.unitId === t.task.assigneeUnitId).map((o) => o.id);
        for (const id of who) tasksOf.set(id, (tasksOf.get(id) ?? 0) + 1);
      }
      const concerned = new Set([...(await this.repo.concernedPeople(meetingId, tx)), ...tasksOf.keys()]);
      const people = await this.tasks.people([...concerned], tx);
      const attachment = { filename: 'thong-bao-ket-luan.pdf', contentType: 'application/pdf', contentBase64: pdf.toString('base64') };
      const mails: OutgoingMail[] = people
        .filter((p) => p.email.trim())
        .map((p) => {
          const assigned = tasksOf.get(p.id) ?? 0;
          const text = [
            `Kính gửi: ${withTitle(p)}`,
            '',
            `${draft.signerTitle} gửi Thông báo ${title} (tệp PDF đính kèm).`,
            ...(assigned ? [`Thông báo giao ${assigned} nhiệm vụ cho ông/bà hoặc đơn vị của ông/bà: xem và báo cáo tiến độ tại ${base}/tasks`] : []),
            '',
            `-- ${draft.signerName}`,
          ].join('\n');
          return {
            meetingId,
            userId: p.id,
            kind: 'conclusions_notice',
            to: p.email,
            subject: `[Thông báo kết luận] ${meeting.title}`,
            text,
            html: text.split('\n').map((l) => `<p>${escapeHtml(l)}</p>`).join(''),
            attachments: [attachment],
          };
        });
      await this.mail.enqueue(tx, mails);
      await this.notifications.notify(
        tx,
        people.map((p) => ({ userId: p.id, kind: 'conclusions_notice_issued', data: { meetingId, title: meeting.title, tasks: tasksOf.get(p.id) ?? 0 } })),
      );
      await this.audit.record(
        { actorId: actor.id, action: 'conclusions_notice.issued', targetType: 'meeting', targetId: meetingId, data: { number: issued.number, mails: mails.length, recipients: people.length, tasks: tasks.length, signed: step !== null }, ip },
        tx,
      );
      return { notice: await this.presentNotice(issued, tx), mails: mails.length, notified: people.length, signed: step !== null };
    }).catch(async (err: unknown) => {
      if (step !== null) await signing?.auditRefusal(err, actor, meetingId, ip);
      throw err;
    });
  }

  /**
   * The notice's PDF for the meeting's office; once issued, for those it was issued to as well (the chair, those
   * invited, the assignees).
   */
  async pdf(actor: Actor, meetingId: string): Promise<Buffer> {
    try {
      await this.meetings.getManaged(actor, meetingId);
    } catch (err) {
      if (!(err instanceof AppError) || err.id !== 'forbidden') throw err;
      const notice = await this.repo.notice(meetingId);
      const tasks = await this.tasks.ofMeeting(meetingId);
      const assignee = tasks.some((t) => t.task.assigneeUserId === actor.id || (actor.role === 'organiser' && t.task.assigneeUnitId === actor.unitId));
      if (!notice?.issuedAt || !(assignee || (await this.repo.concernedPeople(meetingId)).includes(actor.id))) throw err;
    }
    // once signed, the signed copy (what was mailed), else the document as it stands
    return (await this.options.signing?.signedPdfOf(meetingId)) ?? this.renderConclusionsNoticePdf(meetingId);
  }

  /** The notice as a PDF (the draft as it stands, or the issued one): what the signatures domain signs. */
  async renderConclusionsNoticePdf(meetingId: string): Promise<Buffer> {
    const meeting = await this.repo.meeting(meetingId);
    if (!meeting) throw new AppError('meeting_not_found');
    const notice = await this.repo.notice(meetingId);
    if (!notice) throw new AppError('conclusions_notice_not_drafted');
    return this.render(meeting, notice);
  }

  private async render(meeting: MeetingRow, notice: NoticeRow, tx?: Tx): Promise<Buffer> {
    const q = tx ?? this.db;
    const [host, chair, conclusions, tasks] = await Promise.all([
      this.invitations.hostUnit(meeting.hostUnitId, q),
      this.repo.person(meeting.chairId, q),
      this.repo.conclusions(meeting.id, q),
      this.tasks.ofMeeting(meeting.id, q),
    ]);
    const facts: NoticeFacts = {
      hostUnit: { name: host.name, parentName: host.parentName },
      place: placeOf(host.rootName),
      meetingTitle: meeting.title,
      chair: chair ? { name: chair.name, title: chair.title } : null,
      number: notice.number,
      date: notice.issuedAt ?? new Date(),
      opening: notice.opening,
      conclusions: conclusions.map((c) => ({
        text: c.conclusion.text,
        tasks: tasks.filter((t) => t.task.conclusionId === c.conclusion.id).map((t) => ({ description: t.task.description, assignee: assigneeName(t), deadline: t.task.deadline })),
      })),
      signer: { authority: notice.signerAuthority, title: notice.signerTitle, name: notice.signerName },
      recipients: notice.recipients,
    };
    return renderAdminDocument(noticeDocument(facts));
  }
}
