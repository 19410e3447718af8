import { asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client';
import { endpoints, meetingEvents, units, users } from '../db/schema';
import type { AttendancePerson, LogEvent } from './attendance';

export class AttendanceRepository {
  constructor(private readonly db: Db) {}

  /** The meeting log, in the order it was written. */
  async events(meetingId: string): Promise<LogEvent[]> {
    return this.db
      .select({ type: meetingEvents.type, at: meetingEvents.at, userId: meetingEvents.userId, data: meetingEvents.data })
      .from(meetingEvents)
      .where(eq(meetingEvents.meetingId, meetingId))
      .orderBy(asc(meetingEvents.id));
  }

  async people(ids: string[]): Promise<AttendancePerson[]> {
    if (ids.length === 0) return [];
    return this.db
      .select({ id: users.id, name: users.name, title: users.title, unitName: units.name })
      .from(users)
      .innerJoin(units, eq(units.id, users.unitId))
      .where(inArray(users.id, ids));
  }

  async endpointNames(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.select({ id: endpoints.id, name: endpoints.name }).from(endpoints).where(inArray(endpoints.id, ids));
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  async unitName(id: string): Promise<string> {
    const [row] = await this.db.select({ name: units.name }).from(units).where(eq(units.id, id));
    return row?.name ?? '';
  }
}
