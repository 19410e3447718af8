/**
 * A substitute's report to the head who sent them (R4.4, D11.6: "người dự họp thay phải báo cáo kết quả cuộc họp cho
 * Thủ trưởng cơ quan, đơn vị đã cử đi họp"). After the meeting ends, a substitute the chair approved writes the report;
 * the head — the invited person who named them, or for an invited unit the organiser who answered for it — is
 * notified in the app and by mail, and reads it beside the link to the minutes. The report may be rewritten until the
 * head has read it; the first reading is recorded. Nobody else reads it. Every step is audited.
 */
import type { SubstituteDutyView, SubstituteReportsResponse, SubstituteReportView } from '../../shared/api';
import type { AuditService } from '../audit/audit.service';
import { minutesPathOf } from '../conclusions/conclusions.service';
import type { Db } from '../db/client';
import { AppError } from '../errors';
import type { MailService } from '../mail/mail.service';
import type { NotificationService } from '../notifications/notification.service';
import type { Actor } from '../organisation/organisation.policy';
import type { SubstituteReportRepository } from './substitute-report.repository';

type Duty = Awaited<ReturnType<SubstituteReportRepository['duties']>>[number];
type Received = Awaited<ReturnType<SubstituteReportRepository['received']>>[number];
const withTitle = (p: { name: string; title: string }) => [p.title, p.name].filter(Boolean).join(' ');
const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export class SubstituteReportService {
  constructor(
    private readonly db: Db,
    private readonly repo: SubstituteReportRepository,
    private readonly mail: MailService,
    private readonly notifications: NotificationService,
    private readonly audit: AuditService,
    private readonly options: { baseUrl: () => string },
  ) {}

  async list(actor: Actor): Promise<SubstituteReportsResponse> {
    const [duties, received] = await Promise.all([this.repo.duties(actor.id), this.repo.received(actor.id)]);
    return { duties: duties.map((d) => this.presentDuty(actor, d)), received: received.map((r) => this.present(r)) };
  }

  async write(actor: Actor, meetingId: string, text: string, ip = ''): Promise<SubstituteReportView> {
    const [duty] = await this.repo.duties(actor.id, meetingId);
    if (!duty) throw new AppError('substitute_report_not_allowed');
    if (duty.meetingStatus !== 'ended') throw new AppError('meeting_not_ended', { status: duty.meetingStatus });
    if (duty.report?.readAt) throw new AppError('substitute_report_read');
    const now = new Date();
    await this.db.transaction(async (tx) => {
      const saved = await this.repo.save(tx, { meetingId, substituteId: actor.id, headId: duty.headId, text, submittedAt: now });
      if (!saved) throw new AppError('substitute_report_read');
      const head = await this.repo.contact(duty.headId, tx);
      const link = `${this.options.baseUrl().replace(/\/+$/, '')}/substitute-reports`;
      if (head?.email.trim()) {
        const body = [
          `Kính gửi: ${withTitle(head)}`,
          '',
          `${withTitle(actor)}, người được cử dự họp thay, báo cáo kết quả cuộc họp "${duty.meetingTitle}" (Điều 11 khoản 6, Quy định ban hành kèm theo Quyết định số 1681/QĐ-UBND):`,
          '',
          text,
          '',
          `Xem báo cáo và biên bản cuộc họp: ${link}`,
        ].join('\n');
        await this.mail.enqueue(tx, [
          { meetingId, userId: head.id, kind: 'substitute_report', to: head.email, subject: `[Báo cáo dự họp thay] ${duty.meetingTitle}`, text: body, html: body.split('\n').map((l) => `<p>${escapeHtml(l)}</p>`).join('') },
        ]);
      }
      await this.notifications.notify(tx, [{ userId: duty.headId, kind: 'substitute_report_submitted', data: { meetingId, title: duty.meetingTitle, substituteId: actor.id, substitute: withTitle(actor), rewritten: duty.report !== null } }]);
      await this.audit.record(
        { actorId: actor.id, action: 'substitute_report.submitted', targetType: 'meeting', targetId: meetingId, data: { headId: duty.headId, rewritten: duty.report !== null, length: text.length }, ip },
        tx,
      );
    });
    const [written] = await this.repo.received(duty.headId, { meetingId, substituteId: actor.id });
    return this.present(written!);
  }

  /** The head opens a report written to them; the first reading is recorded (and the substitute told). */
  async read(actor: Actor, meetingId: string, substituteId: string, ip = ''): Promise<SubstituteReportView> {
    const [row] = await this.repo.received(actor.id, { meetingId, substituteId });
    if (!row) throw new AppError('substitute_report_not_found');
    if (!row.report.readAt) {
      await this.db.transaction(async (tx) => {
        if (!(await this.repo.markRead(tx, meetingId, substituteId, new Date()))) return;
        await this.notifications.notify(tx, [{ userId: substituteId, kind: 'substitute_report_read', data: { meetingId, title: row.meetingTitle, head: withTitle({ name: row.headName, title: row.headTitle }) } }]);
        await this.audit.record({ actorId: actor.id, action: 'substitute_report.read', targetType: 'meeting', targetId: meetingId, data: { substituteId }, ip }, tx);
      });
    }
    const [fresh] = await this.repo.received(actor.id, { meetingId, substituteId });
    return this.present(fresh!);
  }

  private present(r: Received): SubstituteReportView {
    return {
      meetingId: r.report.meetingId,
      meetingTitle: r.meetingTitle,
      meetingStartsAt: r.meetingStartsAt.toISOString(),
      substitute: { id: r.report.substituteId, name: r.substituteName, title: r.substituteTitle, unit: r.substituteUnit },
      head: { id: r.report.headId, name: r.headName, title: r.headTitle, unit: r.headUnit },
      text: r.report.text,
      submittedAt: r.report.submittedAt.toISOString(),
      readAt: r.report.readAt?.toISOString() ?? null,
      minutesPath: minutesPathOf(r),
    };
  }

  private presentDuty(actor: Actor, d: Duty): SubstituteDutyView {
    const head = { id: d.headId, name: d.headName, title: d.headTitle, unit: d.headUnit };
    return {
      meetingId: d.meetingId,
      meetingTitle: d.meetingTitle,
      meetingStartsAt: d.meetingStartsAt.toISOString(),
      head,
      canWrite: d.meetingStatus === 'ended' && !d.report?.readAt,
      report: d.report
        ? {
            meetingId: d.meetingId,
            meetingTitle: d.meetingTitle,
            meetingStartsAt: d.meetingStartsAt.toISOString(),
            substitute: { id: actor.id, name: actor.name, title: actor.title, unit: actor.unitName },
            head,
            text: d.report.text,
            submittedAt: d.report.submittedAt.toISOString(),
            readAt: d.report.readAt?.toISOString() ?? null,
            minutesPath: minutesPathOf(d),
          }
        : null,
    };
  }
}
