/** The console's reads (R3.10): today's meetings with who runs them (the open incidents come from the register). */
import { and, eq, gte, lt, ne, or, sql } from 'drizzle-orm';
import { vnDate } from '../../shared/calendar/working-days';
import type { Db } from '../db/client';
import { liveMeetings, liveParticipants, meetingEndpoints, meetings, units } from '../db/schema';
import type { ConsoleMeetingRow } from './console-state';

/** The Asia/Ho_Chi_Minh day holding `now`, as instants. */
export function vnDayBounds(now: Date): { start: Date; end: Date } {
  const start = new Date(`${vnDate(now)}T00:00:00+07:00`);
  return { start, end: new Date(start.getTime() + 24 * 3600_000) };
}

/** At most this many meetings on the console (a day's list; far beyond what one office runs). */
const MAX_MEETINGS = 500;

export class ConsoleRepository {
  constructor(private readonly db: Db) {}

  /** Meetings under way, and those due today (Asia/Ho_Chi_Minh) not cancelled nor rejected. */
  async today(now: Date): Promise<ConsoleMeetingRow[]> {
    const { start, end } = vnDayBounds(now);
    const rows = await this.db
      .select({
        id: meetings.id,
        title: meetings.title,
        status: meetings.status,
        startsAt: meetings.startsAt,
        endsAt: meetings.endsAt,
        hostUnit: units.name,
        owner: sql<string | null>`(select ${liveMeetings.ownerInstance} from ${liveMeetings} where ${liveMeetings.meetingId} = ${meetings.id} and ${liveMeetings.leaseUntil} >= now())`,
        participants: sql<number>`(select count(*) from ${liveParticipants} where ${liveParticipants.meetingId} = ${meetings.id})`,
        invitedEndpoints: sql<number>`(select count(*) from ${meetingEndpoints} where ${meetingEndpoints.meetingId} = ${meetings.id})`,
      })
      .from(meetings)
      .innerJoin(units, eq(units.id, meetings.hostUnitId))
      .where(or(eq(meetings.status, 'open'), and(ne(meetings.status, 'cancelled'), ne(meetings.approval, 'rejected'), lt(meetings.startsAt, end), gte(meetings.endsAt, start))))
      .orderBy(meetings.startsAt)
      .limit(MAX_MEETINGS);
    return rows.map((r) => ({ ...r, participants: Number(r.participants), invitedEndpoints: Number(r.invitedEndpoints) }));
  }
}
