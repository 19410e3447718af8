import { and, desc, eq, getTableColumns, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { endpointTechnicians, endpoints, meetingEndpoints, meetingEvents, meetingInvitees, meetings, units, users } from '../db/schema';

export type MeetingRow = typeof meetings.$inferSelect;
export type MeetingEventType = (typeof meetingEvents.$inferInsert)['type'];

export class MeetingRepository {
  constructor(private readonly db: Db) {}

  /** Meeting, invitees and endpoints in the caller's transaction: all exist or none. */
  async create(tx: Tx, row: typeof meetings.$inferInsert, inviteeIds: string[], endpointIds: string[]): Promise<MeetingRow> {
    const [created] = await tx.insert(meetings).values(row).returning();
    if (inviteeIds.length) await tx.insert(meetingInvitees).values(inviteeIds.map((userId) => ({ meetingId: created!.id, userId })));
    if (endpointIds.length) await tx.insert(meetingEndpoints).values(endpointIds.map((endpointId) => ({ meetingId: created!.id, endpointId })));
    return created!;
  }

  /**
   * Serialise bookings of rooms: two organisers booking the same room at the same instant cannot both see it free.
   * Held until the transaction ends.
   */
  async lockForBooking(tx: Tx): Promise<void> {
    await tx.execute(sql`LOCK TABLE meeting_endpoints IN SHARE ROW EXCLUSIVE MODE`);
  }

  /** Meetings not yet ended that overlap [startsAt, endsAt), with their endpoints: rooms and capacity (R2.3). */
  async overlappingBookings(startsAt: Date, endsAt: Date, tx: Db | Tx = this.db) {
    const rows = await tx
      .select({ id: meetings.id, startsAt: meetings.startsAt, endsAt: meetings.endsAt, endpointId: meetingEndpoints.endpointId })
      .from(meetings)
      .leftJoin(meetingEndpoints, eq(meetingEndpoints.meetingId, meetings.id))
      .where(and(sql`${meetings.status} <> 'ended'`, sql`${meetings.startsAt} < ${endsAt.toISOString()}`, sql`${meetings.endsAt} > ${startsAt.toISOString()}`));
    const byMeeting = new Map<string, { startsAt: Date; endsAt: Date; endpointIds: string[] }>();
    for (const r of rows) {
      const b = byMeeting.get(r.id) ?? { startsAt: r.startsAt, endsAt: r.endsAt, endpointIds: [] };
      if (r.endpointId) b.endpointIds.push(r.endpointId);
      byMeeting.set(r.id, b);
    }
    return [...byMeeting.values()];
  }

  async findBySlug(slug: string): Promise<MeetingRow | undefined> {
    const [row] = await this.db.select().from(meetings).where(eq(meetings.slug, slug));
    return row;
  }

  async findById(id: string): Promise<MeetingRow | undefined> {
    const [row] = await this.db.select().from(meetings).where(eq(meetings.id, id));
    return row;
  }

  async isInvited(meetingId: string, userId: string): Promise<boolean> {
    const rows = await this.db
      .select({ userId: meetingInvitees.userId })
      .from(meetingInvitees)
      .where(and(eq(meetingInvitees.meetingId, meetingId), eq(meetingInvitees.userId, userId)));
    return rows.length > 0;
  }

  /** The invited endpoint whose account `userId` is, if any. */
  async invitedEndpointOf(meetingId: string, userId: string) {
    const [row] = await this.db
      .select({ id: endpoints.id, name: endpoints.name, unitName: units.name })
      .from(meetingEndpoints)
      .innerJoin(endpoints, eq(endpoints.id, meetingEndpoints.endpointId))
      .innerJoin(units, eq(units.id, endpoints.unitId))
      .where(and(eq(meetingEndpoints.meetingId, meetingId), eq(endpoints.accountId, userId)));
    return row ?? null;
  }

  /** The endpoint (room) whose account `userId` is, invited or not. */
  async endpointOfAccount(userId: string) {
    const [row] = await this.db
      .select({ id: endpoints.id, name: endpoints.name, unitName: units.name })
      .from(endpoints)
      .innerJoin(units, eq(units.id, endpoints.unitId))
      .where(eq(endpoints.accountId, userId));
    return row ?? null;
  }

  /** The invited endpoint that technician `userId` is currently assigned to, if any (D14). */
  async technicianEndpointOf(meetingId: string, userId: string) {
    const [row] = await this.db
      .select({ id: endpoints.id, name: endpoints.name, unitName: units.name })
      .from(endpointTechnicians)
      .innerJoin(meetingEndpoints, eq(meetingEndpoints.endpointId, endpointTechnicians.endpointId))
      .innerJoin(endpoints, eq(endpoints.id, endpointTechnicians.endpointId))
      .innerJoin(units, eq(units.id, endpoints.unitId))
      .where(and(eq(meetingEndpoints.meetingId, meetingId), eq(endpointTechnicians.userId, userId), isNull(endpointTechnicians.endedAt)));
    return row ?? null;
  }

  /**
   * Meetings to list: all (undefined), or those hosted by `hostUnitIds`, chaired by or inviting `userId`, inviting
   * an endpoint whose account is `userId`, or the guest's own meeting.
   */
  async listFor(filter: { userId: string; hostUnitIds: string[]; guestMeetingId: string | null } | undefined): Promise<MeetingRow[]> {
    const base = this.db.select().from(meetings);
    if (!filter) return base.orderBy(desc(meetings.startsAt)).limit(500);
    const { userId, hostUnitIds, guestMeetingId } = filter;
    return base
      .where(
        or(
          eq(meetings.chairId, userId),
          inArray(meetings.id, this.db.select({ id: meetingInvitees.meetingId }).from(meetingInvitees).where(eq(meetingInvitees.userId, userId))),
          inArray(
            meetings.id,
            this.db
              .select({ id: meetingEndpoints.meetingId })
              .from(meetingEndpoints)
              .innerJoin(endpoints, eq(endpoints.id, meetingEndpoints.endpointId))
              .where(eq(endpoints.accountId, userId)),
          ),
          hostUnitIds.length ? inArray(meetings.hostUnitId, hostUnitIds) : sql`false`,
          guestMeetingId ? eq(meetings.id, guestMeetingId) : sql`false`,
        ),
      )
      .orderBy(desc(meetings.startsAt))
      .limit(500);
  }

  async people(ids: string[]) {
    if (ids.length === 0) return [];
    return this.db
      .select({ id: users.id, name: users.name, title: users.title, unitName: units.name })
      .from(users)
      .innerJoin(units, eq(units.id, users.unitId))
      .where(inArray(users.id, ids));
  }

  async invitationsOf(meetingIds: string[]) {
    if (meetingIds.length === 0) return [];
    return this.db.select().from(meetingInvitees).where(inArray(meetingInvitees.meetingId, meetingIds));
  }

  async endpointsOf(meetingIds: string[]) {
    if (meetingIds.length === 0) return [];
    return this.db
      .select({ meetingId: meetingEndpoints.meetingId, id: endpoints.id, name: endpoints.name, unit: units.name })
      .from(meetingEndpoints)
      .innerJoin(endpoints, eq(endpoints.id, meetingEndpoints.endpointId))
      .innerJoin(units, eq(units.id, endpoints.unitId))
      .where(inArray(meetingEndpoints.meetingId, meetingIds));
  }

  async unitNames(ids: string[]) {
    if (ids.length === 0) return [];
    return this.db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, ids));
  }

  async existingEndpointIds(ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    return (await this.db.select({ id: endpoints.id }).from(endpoints).where(inArray(endpoints.id, ids))).map((r) => r.id);
  }

  /** Move to a new status only from the expected one; returns whether this call made the change. */
  async transition(id: string, from: MeetingRow['status'][], to: MeetingRow['status']): Promise<boolean> {
    const rows = await this.db
      .update(meetings)
      .set({ status: to, ...(to === 'ended' ? { endedAt: sql`now()` } : {}) })
      .where(and(eq(meetings.id, id), inArray(meetings.status, from)))
      .returning({ id: meetings.id });
    return rows.length > 0;
  }

  async update(id: string, patch: Partial<typeof meetings.$inferInsert>, tx: Db | Tx = this.db): Promise<void> {
    await tx.update(meetings).set(patch).where(eq(meetings.id, id));
  }

  async logEvent(meetingId: string, type: MeetingEventType, userId: string | null, data: Record<string, unknown> = {}): Promise<void> {
    await this.db.insert(meetingEvents).values({ meetingId, type, userId, data });
  }

  /** Everyone who entered the meeting, with when (R6.4). */
  async entries(meetingId: string) {
    return this.db
      .select({ ...getTableColumns(meetingEvents), name: users.name, title: users.title, email: users.email, unitName: units.name })
      .from(meetingEvents)
      .leftJoin(users, eq(users.id, meetingEvents.userId))
      .leftJoin(units, eq(units.id, users.unitId))
      .where(and(eq(meetingEvents.meetingId, meetingId), eq(meetingEvents.type, 'joined')))
      .orderBy(meetingEvents.id);
  }
}
