/**
 * The outbox as people read it (R2.4, M8.1b): operators (all mails) and organisers who manage the meeting (mails of
 * meetings hosted in their unit subtree); everyone else is refused, and a mail that is not about a meeting is the
 * operator's only. A meeting password an invitation carries is not in its body (mail-secret.ts) and never shown.
 */
import type { MailDetailView, MailView } from '../../shared/api';
import type { AuditService } from '../audit/audit.service';
import type { Db } from '../db/client';
import { AppError } from '../errors';
import type { MeetingService } from '../meetings/meeting.service';
import type { Actor } from '../organisation/organisation.policy';
import type { UnitRepository } from '../organisation/unit.repository';
import { presentMail, presentMailDetail, retryable } from './mail.presenter';
import type { MailRepository, MailRow } from './mail.repository';

export class OutboxService {
  constructor(
    private readonly db: Db,
    private readonly repo: MailRepository,
    private readonly meetings: Pick<MeetingService, 'getManaged'>,
    private readonly units: Pick<UnitRepository, 'tree'>,
    private readonly audit: AuditService,
    private readonly options: { smtpConfigured: boolean },
  ) {}

  private present = (m: MailRow) => presentMail(m, this.options.smtpConfigured);

  async list(actor: Actor, query: { meetingId?: string }): Promise<MailView[]> {
    if (actor.role !== 'operator' && actor.role !== 'organiser') throw new AppError('forbidden');
    if (query.meetingId) {
      await this.meetings.getManaged(actor, query.meetingId);
      return (await this.repo.list({ meetingId: query.meetingId })).map(this.present);
    }
    if (actor.role === 'operator') return (await this.repo.list({})).map(this.present);
    const tree = await this.units.tree();
    return (await this.repo.list({ hostUnitIds: [...tree.subtree(actor.unitId)] })).map(this.present);
  }

  async get(actor: Actor, id: number): Promise<MailDetailView> {
    return presentMailDetail(await this.readable(actor, id), this.options.smtpConfigured);
  }

  /**
   * Send a mail again (M8.1b): one that failed for good, or one kept before a mail server was configured. It goes
   * back to `pending` with its attempts counted afresh, and the sender takes it on its next pass.
   */
  async retry(actor: Actor, id: number, ip = ''): Promise<MailView> {
    const row = await this.readable(actor, id);
    if (!retryable(row, this.options.smtpConfigured)) throw new AppError('mail_not_retryable');
    const requeued = await this.db.transaction(async (tx) => {
      const updated = await this.repo.requeue(tx, id);
      if (!updated) throw new AppError('mail_not_retryable'); // sent or requeued by someone else meanwhile
      await this.audit.record({ actorId: actor.id, action: 'mail.retried', targetType: 'mail', targetId: String(id), data: { kind: row.kind, meetingId: row.meetingId, previousStatus: row.status }, ip }, tx);
      return updated;
    });
    return this.present(requeued);
  }

  /** A mail whose body the actor may read: any for an operator, those of meetings they manage for an organiser. */
  private async readable(actor: Actor, id: number): Promise<MailRow> {
    if (actor.role !== 'operator' && actor.role !== 'organiser') throw new AppError('forbidden');
    const row = await this.repo.byId(id);
    if (!row) throw new AppError('mail_not_found');
    if (actor.role !== 'operator') {
      if (!row.meetingId) throw new AppError('forbidden');
      await this.meetings.getManaged(actor, row.meetingId);
    }
    return row;
  }
}
