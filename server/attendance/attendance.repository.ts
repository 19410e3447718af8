import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db, Tx } from '../db/client';
import { endpoints, endpointTechnicians, meetingEndpoints, meetingEvents, meetingInvitees, meetingReplies, meetingRoomPeople, units, users } from '../db/schema';
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

/** What the attendance record (R4.3) reads besides the meeting log. */
export class AttendanceRecordRepository {
  constructor(private readonly db: Db) {}

  /** People invited, with unit. */
  async invitees(meetingId: string): Promise<AttendancePerson[]> {
    return this.db
      .select({ id: users.id, name: users.name, title: users.title, unitName: units.name })
      .from(meetingInvitees)
      .innerJoin(users, eq(users.id, meetingInvitees.userId))
      .innerJoin(units, eq(units.id, users.unitId))
      .where(eq(meetingInvitees.meetingId, meetingId));
  }

  /** Answers given for people (declined with a reason, substitutes). */
  async personReplies(meetingId: string) {
    return this.db
      .select({ inviteeId: meetingReplies.inviteeId, answer: meetingReplies.answer, reason: meetingReplies.reason, substituteId: meetingReplies.substituteId, substituteStatus: meetingReplies.substituteStatus })
      .from(meetingReplies)
      .where(and(eq(meetingReplies.meetingId, meetingId), eq(meetingReplies.inviteeKind, 'person')));
  }

  /** The rooms invited, with the people their technician entered. */
  async rooms(meetingId: string): Promise<{ endpointId: string; name: string; accountId: string | null; people: { name: string; title: string }[]; enteredAt: Date | null }[]> {
    const rows = await this.db
      .select({ endpointId: endpoints.id, name: endpoints.name, accountId: endpoints.accountId, people: meetingRoomPeople.people, enteredAt: meetingRoomPeople.enteredAt })
      .from(meetingEndpoints)
      .innerJoin(endpoints, eq(endpoints.id, meetingEndpoints.endpointId))
      .leftJoin(meetingRoomPeople, and(eq(meetingRoomPeople.meetingId, meetingEndpoints.meetingId), eq(meetingRoomPeople.endpointId, meetingEndpoints.endpointId)))
      .where(and(eq(meetingEndpoints.meetingId, meetingId), eq(endpoints.kind, 'room')))
      .orderBy(asc(endpoints.name));
    return rows.map((r) => ({ ...r, people: r.people ?? [] }));
  }

  /** Rooms (of those given) the person operates: a current technician, or the room's own account. */
  async roomsOperatedBy(userId: string, endpointIds: string[]): Promise<Set<string>> {
    if (!endpointIds.length) return new Set();
    const tech = await this.db
      .select({ id: endpointTechnicians.endpointId })
      .from(endpointTechnicians)
      .where(and(eq(endpointTechnicians.userId, userId), isNull(endpointTechnicians.endedAt), inArray(endpointTechnicians.endpointId, endpointIds)));
    const own = await this.db.select({ id: endpoints.id }).from(endpoints).where(and(eq(endpoints.accountId, userId), inArray(endpoints.id, endpointIds)));
    return new Set([...tech, ...own].map((r) => r.id));
  }

  async setRoomPeople(tx: Tx, row: { meetingId: string; endpointId: string; people: { name: string; title: string }[]; enteredBy: string; enteredAt: Date }): Promise<void> {
    await tx
      .insert(meetingRoomPeople)
      .values(row)
      .onConflictDoUpdate({ target: [meetingRoomPeople.meetingId, meetingRoomPeople.endpointId], set: { people: row.people, enteredBy: row.enteredBy, enteredAt: row.enteredAt } });
  }

  async person(id: string): Promise<AttendancePerson | undefined> {
    const [row] = await this.db.select({ id: users.id, name: users.name, title: users.title, unitName: units.name }).from(users).innerJoin(units, eq(units.id, users.unitId)).where(eq(users.id, id));
    return row;
  }

  async hostUnit(unitId: string): Promise<{ name: string; parentName: string | null }> {
    const parent = alias(units, 'parent');
    const [row] = await this.db.select({ name: units.name, parentName: parent.name }).from(units).leftJoin(parent, eq(parent.id, units.parentId)).where(eq(units.id, unitId));
    return row ?? { name: '', parentName: null };
  }
}
