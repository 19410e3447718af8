/** SQL of the readiness domain: meetings' invited endpoints, their technicians, and technical checks. */
import { and, desc, eq, gte, inArray, isNull, ne, or } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { endpointTechnicians, endpoints, meetingEndpoints, meetings, technicalChecks, units, users } from '../db/schema';

export type ReadinessMeetingRow = Pick<
  typeof meetings.$inferSelect,
  'id' | 'title' | 'startsAt' | 'endsAt' | 'checkAt' | 'status' | 'cancelledAt' | 'chairId' | 'chairTechnicianId' | 'createdBy' | 'hostUnitId'
>;
export type TechnicalCheckRow = typeof technicalChecks.$inferSelect;
export type TechnicalCheckWithPerson = TechnicalCheckRow & { byName: string; byTitle: string; byUnit: string };

const meetingColumns = {
  id: meetings.id,
  title: meetings.title,
  startsAt: meetings.startsAt,
  endsAt: meetings.endsAt,
  checkAt: meetings.checkAt,
  status: meetings.status,
  cancelledAt: meetings.cancelledAt,
  chairId: meetings.chairId,
  chairTechnicianId: meetings.chairTechnicianId,
  createdBy: meetings.createdBy,
  hostUnitId: meetings.hostUnitId,
};

const endpointRef = { id: endpoints.id, name: endpoints.name, unit: units.name };

export class ReadinessRepository {
  constructor(private readonly db: Db) {}

  async meeting(id: string): Promise<ReadinessMeetingRow | null> {
    const [row] = await this.db.select(meetingColumns).from(meetings).where(eq(meetings.id, id));
    return row ?? null;
  }

  /** The endpoints invited to the meeting, with their unit. */
  invitedEndpoints(meetingId: string) {
    return this.db
      .select(endpointRef)
      .from(meetingEndpoints)
      .innerJoin(endpoints, eq(endpoints.id, meetingEndpoints.endpointId))
      .innerJoin(units, eq(units.id, endpoints.unitId))
      .where(eq(meetingEndpoints.meetingId, meetingId));
  }

  /** Current technicians (assignment not ended) of these endpoints, with the assignment's contact and their phone. */
  async technicians(endpointIds: string[]) {
    if (endpointIds.length === 0) return [];
    return this.db
      .select({ endpointId: endpointTechnicians.endpointId, id: users.id, name: users.name, title: users.title, phone: users.phone, contact: endpointTechnicians.contact })
      .from(endpointTechnicians)
      .innerJoin(users, eq(users.id, endpointTechnicians.userId))
      .where(and(inArray(endpointTechnicians.endpointId, endpointIds), isNull(endpointTechnicians.endedAt)));
  }

  async person(id: string) {
    const [row] = await this.db
      .select({ id: users.id, name: users.name, title: users.title, phone: users.phone, unit: units.name })
      .from(users)
      .innerJoin(units, eq(units.id, users.unitId))
      .where(eq(users.id, id));
    return row ?? null;
  }

  /** Invited endpoints of the meeting that `userId` currently operates as their technician (D14). */
  operatedEndpoints(meetingId: string, userId: string) {
    return this.db
      .select(endpointRef)
      .from(endpointTechnicians)
      .innerJoin(meetingEndpoints, eq(meetingEndpoints.endpointId, endpointTechnicians.endpointId))
      .innerJoin(endpoints, eq(endpoints.id, endpointTechnicians.endpointId))
      .innerJoin(units, eq(units.id, endpoints.unitId))
      .where(and(eq(meetingEndpoints.meetingId, meetingId), eq(endpointTechnicians.userId, userId), isNull(endpointTechnicians.endedAt)));
  }

  /** The invited endpoint whose own account `userId` is, if any. */
  async accountEndpoint(meetingId: string, userId: string) {
    const [row] = await this.db
      .select(endpointRef)
      .from(meetingEndpoints)
      .innerJoin(endpoints, eq(endpoints.id, meetingEndpoints.endpointId))
      .innerJoin(units, eq(units.id, endpoints.unitId))
      .where(and(eq(meetingEndpoints.meetingId, meetingId), eq(endpoints.accountId, userId)));
    return row ?? null;
  }

  /** Meetings not finished, ending after `since`, where `userId` may check: chair's technician, endpoint technician, room account. */
  async checkableMeetings(userId: string, since: Date) {
    const active = and(ne(meetings.status, 'ended'), ne(meetings.status, 'cancelled'), isNull(meetings.cancelledAt), gte(meetings.endsAt, since));
    const asChairTechnician = await this.db
      .select(meetingColumns)
      .from(meetings)
      .where(and(active, eq(meetings.chairTechnicianId, userId)));
    const asEndpoint = await this.db
      .select({ meeting: meetingColumns, endpoint: endpointRef })
      .from(meetingEndpoints)
      .innerJoin(meetings, eq(meetings.id, meetingEndpoints.meetingId))
      .innerJoin(endpoints, eq(endpoints.id, meetingEndpoints.endpointId))
      .innerJoin(units, eq(units.id, endpoints.unitId))
      .leftJoin(endpointTechnicians, and(eq(endpointTechnicians.endpointId, endpoints.id), eq(endpointTechnicians.userId, userId), isNull(endpointTechnicians.endedAt)))
      .where(and(active, or(eq(endpoints.accountId, userId), eq(endpointTechnicians.userId, userId))));
    return { asChairTechnician, asEndpoint };
  }

  /** Every check of the meeting, newest first, with who made it. */
  checks(meetingId: string): Promise<TechnicalCheckWithPerson[]> {
    return this.db
      .select({ check: technicalChecks, byName: users.name, byTitle: users.title, byUnit: units.name })
      .from(technicalChecks)
      .innerJoin(users, eq(users.id, technicalChecks.userId))
      .innerJoin(units, eq(units.id, users.unitId))
      .where(eq(technicalChecks.meetingId, meetingId))
      .orderBy(desc(technicalChecks.at), desc(technicalChecks.id))
      .then((rows) => rows.map((r) => ({ ...r.check, byName: r.byName, byTitle: r.byTitle, byUnit: r.byUnit })));
  }

  async checksOfMeetings(meetingIds: string[]) {
    if (meetingIds.length === 0) return [];
    return this.db
      .select({ meetingId: technicalChecks.meetingId, endpointId: technicalChecks.endpointId, at: technicalChecks.at, passed: technicalChecks.passed })
      .from(technicalChecks)
      .where(inArray(technicalChecks.meetingId, meetingIds))
      .orderBy(desc(technicalChecks.at));
  }

  async insert(tx: Tx, row: typeof technicalChecks.$inferInsert): Promise<TechnicalCheckRow> {
    const [created] = await tx.insert(technicalChecks).values(row).returning();
    return created!;
  }
}
