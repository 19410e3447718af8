/** The console's reads (R3.10): today's meetings with who runs them, and the incidents of meetings under way. */
import { and, desc, eq, gte, lt, ne, or, sql } from 'drizzle-orm';
import type { ConsoleIncidentView } from '../../shared/api';
import { vnDate } from '../../shared/calendar/working-days';
import type { Db } from '../db/client';
import { liveMeetings, liveParticipants, meetingEndpoints, meetingEvents, meetings, units, users } from '../db/schema';
import type { ConsoleMeetingRow } from './console-state';

/** The Asia/Ho_Chi_Minh day holding `now`, as instants. */
export function vnDayBounds(now: Date): { start: Date; end: Date } {
  const start = new Date(`${vnDate(now)}T00:00:00+07:00`);
  return { start, end: new Date(start.getTime() + 24 * 3600_000) };
}

/** At most this many meetings on the console (a day's list; far beyond what one office runs). */
const MAX_MEETINGS = 500;
const MAX_INCIDENTS = 200;

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

  /** Incidents reported in the meetings under way (the meeting log's `incident` events). */
  async openIncidents(): Promise<ConsoleIncidentView[]> {
    const rows = await this.db
      .select({ id: meetingEvents.id, meetingId: meetingEvents.meetingId, title: meetings.title, at: meetingEvents.at, data: meetingEvents.data, from: users.name })
      .from(meetingEvents)
      .innerJoin(meetings, eq(meetings.id, meetingEvents.meetingId))
      .leftJoin(users, eq(users.id, meetingEvents.userId))
      .where(and(eq(meetings.status, 'open'), eq(meetingEvents.type, 'incident')))
      .orderBy(desc(meetingEvents.at))
      .limit(MAX_INCIDENTS);
    return rows.map((r) => ({
      id: typeof r.data.id === 'string' ? r.data.id : `event-${r.id}`,
      meetingId: r.meetingId,
      meetingTitle: r.title,
      from: r.from ?? '',
      cause: String(r.data.cause ?? ''),
      remedy: String(r.data.remedy ?? ''),
      expectedMinutes: typeof r.data.expectedMinutes === 'number' ? r.data.expectedMinutes : null,
      at: r.at.toISOString(),
    }));
  }
}
