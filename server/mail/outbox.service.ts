/**
 * The outbox as people read it (R2.4, M8.1b). Invitation bodies hold the meeting password (invitation.service.ts),
 * so only operators (all mails) and organisers who manage the meeting (mails of meetings hosted in their unit
 * subtree) read the outbox; everyone else is refused, and a mail that is not about a meeting is the operator's only.
 */
import type { MailDetailView, MailView } from '../../shared/api';
import { AppError } from '../errors';
import type { MeetingService } from '../meetings/meeting.service';
import type { Actor } from '../organisation/organisation.policy';
import type { UnitRepository } from '../organisation/unit.repository';
import { presentMail, presentMailDetail } from './mail.presenter';
import type { MailRepository } from './mail.repository';

export class OutboxService {
  constructor(
    private readonly repo: MailRepository,
    private readonly meetings: Pick<MeetingService, 'getManaged'>,
    private readonly units: Pick<UnitRepository, 'tree'>,
  ) {}

  async list(actor: Actor, query: { meetingId?: string }): Promise<MailView[]> {
    if (actor.role !== 'operator' && actor.role !== 'organiser') throw new AppError('forbidden');
    if (query.meetingId) {
      await this.meetings.getManaged(actor, query.meetingId);
      return (await this.repo.list({ meetingId: query.meetingId })).map(presentMail);
    }
    if (actor.role === 'operator') return (await this.repo.list({})).map(presentMail);
    const tree = await this.units.tree();
    return (await this.repo.list({ hostUnitIds: [...tree.subtree(actor.unitId)] })).map(presentMail);
  }

  async get(actor: Actor, id: number): Promise<MailDetailView> {
    if (actor.role !== 'operator' && actor.role !== 'organiser') throw new AppError('forbidden');
    const row = await this.repo.byId(id);
    if (!row) throw new AppError('mail_not_found');
    if (actor.role !== 'operator') {
      if (!row.meetingId) throw new AppError('forbidden');
      await this.meetings.getManaged(actor, row.meetingId);
    }
    return presentMailDetail(row);
  }
}
