import { and, asc, count, desc, eq, getTableColumns, gt, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db, Tx } from '../db/client';
import { endpointTechnicians, endpoints, meetingEndpoints, meetings, sessions, units, users } from '../db/schema';

/** An endpoint with its unit's name and its own account's state, as the presenter needs it. */
export type EndpointRow = typeof endpoints.$inferSelect & {
  unitName: string;
  account: { id: string; email: string; disabledAt: Date | null; mustChangePassword: boolean } | null;
};
export type AssignmentRow = Awaited<ReturnType<EndpointRepository['assignments']>>[number];

const account = alias(users, 'account');
const technician = alias(users, 'technician');
const technicianUnit = alias(units, 'technician_unit');
const assigner = alias(users, 'assigner');
const ender = alias(users, 'ender');

export class EndpointRepository {
  constructor(private readonly db: Db) {}

  private select(tx: Db | Tx = this.db) {
    return tx
      .select({
        ...getTableColumns(endpoints),
        unitName: units.name,
        accountEmail: account.email,
        accountDisabledAt: account.disabledAt,
        accountMustChange: account.mustChangePassword,
      })
      .from(endpoints)
      .innerJoin(units, eq(units.id, endpoints.unitId))
      .leftJoin(account, eq(account.id, endpoints.accountId));
  }

  private static toRow(r: Awaited<ReturnType<EndpointRepository['select']>>[number]): EndpointRow {
    const { accountEmail, accountDisabledAt, accountMustChange, ...rest } = r;
    return {
      ...rest,
      account: rest.accountId ? { id: rest.accountId, email: accountEmail ?? '', disabledAt: accountDisabledAt, mustChangePassword: accountMustChange ?? false } : null,
    };
  }

  async list(): Promise<EndpointRow[]> {
    return (await this.select().orderBy(asc(endpoints.name))).map(EndpointRepository.toRow);
  }

  async findById(id: string, tx: Db | Tx = this.db): Promise<EndpointRow | undefined> {
    const [row] = await this.select(tx).where(eq(endpoints.id, id));
    return row && EndpointRepository.toRow(row);
  }

  async count(tx: Db | Tx = this.db): Promise<number> {
    const [row] = await tx.select({ n: count() }).from(endpoints);
    return Number(row?.n ?? 0);
  }

  /**
   * Serialise registrations against the media capacity: two concurrent creations cannot both see the last free
   * place. Held until the transaction ends; other writers of `endpoints` wait that long.
   */
  async lockForRegistration(tx: Tx): Promise<void> {
    await tx.execute(sql`LOCK TABLE endpoints IN SHARE ROW EXCLUSIVE MODE`);
  }

  async insert(row: typeof endpoints.$inferInsert, tx: Db | Tx = this.db): Promise<string> {
    const [created] = await tx.insert(endpoints).values(row).returning({ id: endpoints.id });
    return created!.id;
  }

  /** Apply `patch` only if the row is still at `version`; the version then moves on. Returns whether it applied. */
  async updateVersioned(id: string, version: number, patch: Partial<typeof endpoints.$inferInsert>, tx: Db | Tx = this.db): Promise<boolean> {
    const rows = await tx
      .update(endpoints)
      .set({ ...patch, version: sql`${endpoints.version} + 1` })
      .where(and(eq(endpoints.id, id), eq(endpoints.version, version)))
      .returning({ id: endpoints.id });
    return rows.length > 0;
  }

  /** Link the endpoint's own account, only if it has none yet (two concurrent creations: one wins). */
  async setAccountIfNone(id: string, accountId: string, tx: Db | Tx = this.db): Promise<boolean> {
    const rows = await tx
      .update(endpoints)
      .set({ accountId })
      .where(and(eq(endpoints.id, id), isNull(endpoints.accountId)))
      .returning({ id: endpoints.id });
    return rows.length > 0;
  }

  /** End every session of an account (its password was reset, or its endpoint deleted). */
  async revokeSessionsOf(userId: string, tx: Db | Tx = this.db): Promise<void> {
    await tx.update(sessions).set({ revokedAt: new Date() }).where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)));
  }

  async delete(id: string, tx: Db | Tx = this.db): Promise<void> {
    await tx.delete(endpoints).where(eq(endpoints.id, id));
  }

  /** Whether any meeting (past or future) invites the endpoint: its attendance history refers to it. */
  async isInvitedAnywhere(id: string, tx: Db | Tx = this.db): Promise<boolean> {
    const rows = await tx.select({ id: meetingEndpoints.meetingId }).from(meetingEndpoints).where(eq(meetingEndpoints.endpointId, id)).limit(1);
    return rows.length > 0;
  }

  /** Assignments of technicians to these endpoints, newest first; `currentOnly` leaves out ended ones. */
  async assignments(endpointIds: string[], opts: { currentOnly: boolean }, tx: Db | Tx = this.db) {
    if (endpointIds.length === 0) return [];
    return tx
      .select({
        ...getTableColumns(endpointTechnicians),
        technicianName: technician.name,
        technicianTitle: technician.title,
        technicianPhone: technician.phone,
        technicianEmail: technician.email,
        technicianUnit: technicianUnit.name,
        assignedByName: assigner.name,
        endedByName: ender.name,
      })
      .from(endpointTechnicians)
      .innerJoin(technician, eq(technician.id, endpointTechnicians.userId))
      .innerJoin(technicianUnit, eq(technicianUnit.id, technician.unitId))
      .leftJoin(assigner, eq(assigner.id, endpointTechnicians.assignedBy))
      .leftJoin(ender, eq(ender.id, endpointTechnicians.endedBy))
      .where(and(inArray(endpointTechnicians.endpointId, endpointIds), opts.currentOnly ? isNull(endpointTechnicians.endedAt) : undefined))
      .orderBy(desc(endpointTechnicians.assignedAt), desc(endpointTechnicians.id));
  }

  async insertAssignment(row: typeof endpointTechnicians.$inferInsert, tx: Db | Tx = this.db): Promise<string> {
    const [created] = await tx.insert(endpointTechnicians).values(row).returning({ id: endpointTechnicians.id });
    return created!.id;
  }

  /** End a current assignment of this endpoint; false if there is none with this id (or it already ended). */
  async endAssignment(endpointId: string, assignmentId: string, endedBy: string, tx: Db | Tx = this.db): Promise<boolean> {
    const rows = await tx
      .update(endpointTechnicians)
      .set({ endedAt: new Date(), endedBy })
      .where(and(eq(endpointTechnicians.id, assignmentId), eq(endpointTechnicians.endpointId, endpointId), isNull(endpointTechnicians.endedAt)))
      .returning({ id: endpointTechnicians.id });
    return rows.length > 0;
  }

  /** Endpoints `userId` is currently assigned to as technician. */
  async assignedEndpointIds(userId: string, tx: Db | Tx = this.db): Promise<string[]> {
    const rows = await tx
      .select({ id: endpointTechnicians.endpointId })
      .from(endpointTechnicians)
      .where(and(eq(endpointTechnicians.userId, userId), isNull(endpointTechnicians.endedAt)));
    return rows.map((r) => r.id);
  }

  /** Meetings not ended, starting after `now`, that invite the endpoint: soonest first. */
  async upcomingMeetingsWith(endpointId: string, now: Date, tx: Db | Tx = this.db) {
    return tx
      .select({ id: meetings.id, title: meetings.title, slug: meetings.slug, startsAt: meetings.startsAt, hostUnitId: meetings.hostUnitId })
      .from(meetings)
      .innerJoin(meetingEndpoints, eq(meetingEndpoints.meetingId, meetings.id))
      .where(and(eq(meetingEndpoints.endpointId, endpointId), ne(meetings.status, 'ended'), gt(meetings.startsAt, now)))
      .orderBy(asc(meetings.startsAt));
  }

  /**
   * Of `endpointIds`, those invited to a meeting not ended nor cancelled that the person chairs, is the chair's
   * technician of, created, or (`hostUnitIds`, an organiser's subtree) hosts.
   */
  async invitedToMeetingsRunBy(userId: string, hostUnitIds: string[], endpointIds: string[]): Promise<Set<string>> {
    if (endpointIds.length === 0) return new Set();
    const runs = [eq(meetings.chairId, userId), eq(meetings.chairTechnicianId, userId), eq(meetings.createdBy, userId), ...(hostUnitIds.length ? [inArray(meetings.hostUnitId, hostUnitIds)] : [])];
    const rows = await this.db
      .selectDistinct({ endpointId: meetingEndpoints.endpointId })
      .from(meetingEndpoints)
      .innerJoin(meetings, eq(meetings.id, meetingEndpoints.meetingId))
      .where(and(inArray(meetingEndpoints.endpointId, endpointIds), inArray(meetings.status, ['scheduled', 'open']), or(...runs)));
    return new Set(rows.map((r) => r.endpointId));
  }

  /** Active accounts with a role, optionally only in some units (announcement recipients). */
  async activePeopleWithRole(role: 'operator' | 'organiser' | 'technician', unitIds?: string[], tx: Db | Tx = this.db) {
    if (unitIds && unitIds.length === 0) return [];
    return tx
      .select({ id: users.id, unitId: users.unitId, name: users.name, title: users.title, phone: users.phone, unit: units.name })
      .from(users)
      .innerJoin(units, eq(units.id, users.unitId))
      .where(and(eq(users.role, role), isNull(users.disabledAt), unitIds ? inArray(users.unitId, unitIds) : undefined))
      .orderBy(asc(users.name));
  }
}
