/**
 * The judgment of a held meeting (R5.2): the chair gives it when ending the meeting (the `end_meeting` command);
 * the operator or the meeting's organisers set or revise it afterwards. Audited.
 */
import { eq } from 'drizzle-orm';
import type { MeetingOutcomeInput, MeetingOutcomeView } from '../../shared/api';
import type { AuditService } from '../audit/audit.service';
import type { Db } from '../db/client';
import { meetings, users } from '../db/schema';
import { AppError } from '../errors';
import type { MeetingService } from '../meetings/meeting.service';
import type { Actor } from '../organisation/organisation.policy';
import { writeOutcome } from './outcome';

export class MeetingOutcomeService {
  constructor(
    private readonly db: Db,
    private readonly meetings: MeetingService,
    private readonly audit: AuditService,
  ) {}

  async view(meetingId: string): Promise<MeetingOutcomeView> {
    const [row] = await this.db
      .select({ outcome: meetings.outcome, cause: meetings.outcomeCause, note: meetings.outcomeNote, byId: meetings.outcomeBy, byName: users.name, at: meetings.outcomeAt })
      .from(meetings)
      .leftJoin(users, eq(users.id, meetings.outcomeBy))
      .where(eq(meetings.id, meetingId));
    if (!row) throw new AppError('meeting_not_found');
    return { outcome: row.outcome, cause: row.cause, note: row.note, by: row.byId ? { id: row.byId, name: row.byName ?? '' } : null, at: row.at?.toISOString() ?? null };
  }

  /** Set or revise the judgment: the operator, or an organiser of the host unit; only a meeting that was held. */
  async set(actor: Actor, meetingId: string, input: MeetingOutcomeInput, ip = ''): Promise<MeetingOutcomeView> {
    const meeting = await this.meetings.getManaged(actor, meetingId);
    if (meeting.status !== 'ended') throw new AppError('meeting_not_ended');
    await this.db.transaction(async (tx) => {
      await writeOutcome(tx, meetingId, actor.id, input);
      await this.audit.record(
        { actorId: actor.id, action: 'meeting.outcome_set', targetType: 'meeting', targetId: meetingId, data: { met: input.met, cause: input.met ? null : input.cause, note: input.note, before: meeting.outcome ?? null }, ip },
        tx,
      );
    });
    return this.view(meetingId);
  }
}
