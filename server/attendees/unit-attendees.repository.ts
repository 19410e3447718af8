/** SQL of an invited unit's attendees (R2.1, R2.5): rows of meeting_invitees / meeting_endpoints with `for_unit_id`. */
import { and, eq, inArray, isNull, notInArray } from 'drizzle-orm';
import { chunks, inChunks } from '../db/batch';
import type { Db, Tx } from '../db/client';
import { endpoints, meetingEndpoints, meetingInvitees, meetings, meetingUnits, units, users } from '../db/schema';

export type InvitedUnitRow = typeof meetingUnits.$inferSelect;

export class UnitAttendeesRepository {
  constructor(private readonly db: Db) {}

  /** The meeting row locked until the transaction ends: a unit's choice and the organiser's edit are judged in turn. */
  async lockMeeting(tx: Tx, meetingId: string) {
    const [row] = await tx.select().from(meetings).where(eq(meetings.id, meetingId)).for('update');
    return row;
  }

  async invitedUnit(meetingId: string, unitId: string, tx: Db | Tx = this.db): Promise<InvitedUnitRow | undefined> {
    const [row] = await tx
      .select()
      .from(meetingUnits)
      .where(and(eq(meetingUnits.meetingId, meetingId), eq(meetingUnits.unitId, unitId)));
    return row;
  }

  /** Enabled people of these units who may attend (no guests, no room accounts), with their unit's name. */
  async peopleIn(unitIds: string[], tx: Db | Tx = this.db) {
    return inChunks(unitIds, (chunk) =>
      tx
        .select({ id: users.id, name: users.name, title: users.title, unitName: units.name })
        .from(users)
        .innerJoin(units, eq(units.id, users.unitId))
        .where(and(inArray(users.unitId, chunk), isNull(users.disabledAt), notInArray(users.role, ['guest', 'endpoint']))),
    );
  }

  /** Endpoints (rooms) of these units in service. */
  async roomsIn(unitIds: string[], tx: Db | Tx = this.db) {
    return inChunks(unitIds, (chunk) =>
      tx
        .select({ id: endpoints.id, name: endpoints.name, unit: units.name })
        .from(endpoints)
        .innerJoin(units, eq(units.id, endpoints.unitId))
        .where(and(inArray(endpoints.unitId, chunk), notInArray(endpoints.status, ['out_of_order']))),
    );
  }

  /** Who the unit named, people and rooms. */
  async named(meetingId: string, unitId: string, tx: Db | Tx = this.db): Promise<{ personIds: string[]; endpointIds: string[] }> {
    const people = await tx
      .select({ id: meetingInvitees.userId })
      .from(meetingInvitees)
      .where(and(eq(meetingInvitees.meetingId, meetingId), eq(meetingInvitees.forUnitId, unitId)));
    const rooms = await tx
      .select({ id: meetingEndpoints.endpointId })
      .from(meetingEndpoints)
      .where(and(eq(meetingEndpoints.meetingId, meetingId), eq(meetingEndpoints.forUnitId, unitId)));
    return { personIds: people.map((r) => r.id), endpointIds: rooms.map((r) => r.id) };
  }

  /** All endpoints of the meeting, whoever booked them: the rooms counted by the booking rules (R2.3). */
  async meetingEndpointIds(meetingId: string, tx: Db | Tx = this.db): Promise<{ id: string; forUnitId: string | null }[]> {
    return tx.select({ id: meetingEndpoints.endpointId, forUnitId: meetingEndpoints.forUnitId }).from(meetingEndpoints).where(eq(meetingEndpoints.meetingId, meetingId));
  }

  /**
   * Replace the unit's choice in the caller's transaction, in chunks (a unit of thousands admitted by name). A
   * person or room already on the organiser's own list stays the organiser's (no conflict update).
   */
  async replace(tx: Tx, meetingId: string, unitId: string, choice: { personIds: string[]; endpointIds: string[]; membersAdmitted: boolean; by: string; at: Date }): Promise<void> {
    await tx.delete(meetingInvitees).where(and(eq(meetingInvitees.meetingId, meetingId), eq(meetingInvitees.forUnitId, unitId)));
    await tx.delete(meetingEndpoints).where(and(eq(meetingEndpoints.meetingId, meetingId), eq(meetingEndpoints.forUnitId, unitId)));
    for (const c of chunks(choice.personIds)) await tx.insert(meetingInvitees).values(c.map((userId) => ({ meetingId, userId, forUnitId: unitId }))).onConflictDoNothing();
    for (const c of chunks(choice.endpointIds)) await tx.insert(meetingEndpoints).values(c.map((endpointId) => ({ meetingId, endpointId, forUnitId: unitId }))).onConflictDoNothing();
    await tx
      .update(meetingUnits)
      .set({ membersAdmitted: choice.membersAdmitted, attendeesNamedAt: choice.at, attendeesNamedBy: choice.by })
      .where(and(eq(meetingUnits.meetingId, meetingId), eq(meetingUnits.unitId, unitId)));
  }
}
