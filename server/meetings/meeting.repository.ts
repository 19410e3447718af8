import { and, asc, desc, eq, getTableColumns, inArray, isNotNull, isNull, ne, notInArray, or, sql, type SQL } from 'drizzle-orm';
import { chunks, inChunks } from '../db/batch';
import type { Db, Tx } from '../db/client';
import { auditLog, endpointTechnicians, endpoints, meetingAgendaItems, meetingEntryGrants, meetingEndpoints, meetingEvents, meetingInvitees, meetingReplies, meetingUnits, meetings, units, users } from '../db/schema';
import type { GrantStore } from './entry-grants';
import type { ApprovedSubstitute } from './invitee-list';

export type MeetingRow = typeof meetings.$inferSelect;
/** The audit actions that are an opening of one of the meeting's records (R6.4). */
export const OPENING_ACTIONS = ['recording.opened', 'document.opened'] as const;
export type MeetingEventType = (typeof meetingEvents.$inferInsert)['type'];
/** One agenda item as given, in order (position is its index). */
export interface AgendaItemInput {
  title: string;
  presenterId?: string | null;
  presenterName: string;
  minutes: number;
}
/** The lists of a meeting; on an edit, those given replace the meeting's. */
export interface MeetingLists {
  inviteeIds?: string[];
  endpointIds?: string[];
  unitIds?: string[];
  agenda?: AgendaItemInput[];
}

export class MeetingRepository implements GrantStore {
  constructor(private readonly db: Db) {}

  /** Meeting, invitees, endpoints, units and agenda in the caller's transaction: all exist or none. */
  async create(tx: Tx, row: typeof meetings.$inferInsert, lists: Required<MeetingLists>): Promise<MeetingRow> {
    const [created] = await tx.insert(meetings).values(row).returning();
    await this.insertLists(tx, created!.id, lists);
    return created!;
  }

  /** Multi-row inserts cut in chunks (server/db/batch.ts): a ministry-wide meeting invites thousands. */
  private async insertLists(tx: Tx, meetingId: string, lists: MeetingLists): Promise<void> {
    const { inviteeIds, endpointIds, unitIds, agenda } = lists;
    // The meeting's own list wins over a unit's naming: a person or room both is the organiser's (forUnitId null).
    for (const c of chunks(inviteeIds ?? []))
      await tx
        .insert(meetingInvitees)
        .values(c.map((userId) => ({ meetingId, userId })))
        .onConflictDoUpdate({ target: [meetingInvitees.meetingId, meetingInvitees.userId], set: { forUnitId: null } });
    for (const c of chunks(endpointIds ?? []))
      await tx
        .insert(meetingEndpoints)
        .values(c.map((endpointId) => ({ meetingId, endpointId })))
        .onConflictDoUpdate({ target: [meetingEndpoints.meetingId, meetingEndpoints.endpointId], set: { forUnitId: null } });
    for (const c of chunks(unitIds ?? [])) await tx.insert(meetingUnits).values(c.map((unitId) => ({ meetingId, unitId })));
    if (agenda?.length)
      await tx.insert(meetingAgendaItems).values(
        agenda.map((a, position) => ({ meetingId, position, title: a.title, presenterId: a.presenterId ?? null, presenterName: a.presenterName, minutes: a.minutes })),
      );
  }

  /**
   * Replace the lists that are given (an edit), in the caller's transaction. The people and rooms invited units
   * named stay (they are the units' choice) unless their unit is no longer invited; a unit still invited keeps
   * its answer to "who attends" (members admitted, when named).
   */
  async replaceLists(tx: Tx, meetingId: string, lists: MeetingLists): Promise<void> {
    if (lists.inviteeIds) await tx.delete(meetingInvitees).where(and(eq(meetingInvitees.meetingId, meetingId), isNull(meetingInvitees.forUnitId)));
    if (lists.endpointIds) await tx.delete(meetingEndpoints).where(and(eq(meetingEndpoints.meetingId, meetingId), isNull(meetingEndpoints.forUnitId)));
    if (lists.unitIds) {
      const kept = lists.unitIds;
      const gone = (column: typeof meetingInvitees.forUnitId | typeof meetingEndpoints.forUnitId) => (kept.length ? notInArray(column, kept) : isNotNull(column));
      await tx.delete(meetingInvitees).where(and(eq(meetingInvitees.meetingId, meetingId), gone(meetingInvitees.forUnitId)));
      await tx.delete(meetingEndpoints).where(and(eq(meetingEndpoints.meetingId, meetingId), gone(meetingEndpoints.forUnitId)));
      await tx.delete(meetingUnits).where(and(eq(meetingUnits.meetingId, meetingId), kept.length ? notInArray(meetingUnits.unitId, kept) : undefined));
      const present = new Set((await tx.select({ unitId: meetingUnits.unitId }).from(meetingUnits).where(eq(meetingUnits.meetingId, meetingId))).map((r) => r.unitId));
      await this.insertLists(tx, meetingId, { unitIds: kept.filter((u) => !present.has(u)) });
    }
    if (lists.agenda) await tx.delete(meetingAgendaItems).where(eq(meetingAgendaItems.meetingId, meetingId));
    await this.insertLists(tx, meetingId, { inviteeIds: lists.inviteeIds, endpointIds: lists.endpointIds, agenda: lists.agenda });
  }

  /** Who opened the meeting's recordings or documents (R6.4), newest first: those entries of the audit trail. */
  async openings(meetingId: string, limit = 500) {
    return this.db
      .select({ at: auditLog.at, action: auditLog.action, actorId: auditLog.actorId, data: auditLog.data, ip: auditLog.ip, name: users.name, title: users.title, email: users.email, unitName: units.name })
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.actorId))
      .leftJoin(units, eq(units.id, users.unitId))
      .where(and(inArray(auditLog.action, [...OPENING_ACTIONS]), eq(auditLog.targetType, 'meeting'), eq(auditLog.targetId, meetingId)))
      .orderBy(desc(auditLog.id))
      .limit(limit);
  }

  /** Substitutes the chair approved (R2.5, D8.3) in these meetings, with whom they replace. */
  async approvedSubstitutes(meetingIds: string[], tx: Db | Tx = this.db): Promise<(ApprovedSubstitute & { meetingId: string })[]> {
    if (meetingIds.length === 0) return [];
    const rows = await tx
      .select({ meetingId: meetingReplies.meetingId, inviteeKind: meetingReplies.inviteeKind, inviteeId: meetingReplies.inviteeId, substituteId: meetingReplies.substituteId })
      .from(meetingReplies)
      .where(and(inArray(meetingReplies.meetingId, meetingIds), eq(meetingReplies.answer, 'substitute'), eq(meetingReplies.substituteStatus, 'approved')));
    return rows.flatMap((r) => (r.substituteId ? [{ ...r, substituteId: r.substituteId }] : []));
  }

  /**
   * The answers of people and units no longer invited go with their invitation: judged against the lists as they
   * are now in the transaction (after `replaceLists`), by subquery rather than by a list of thousands of ids.
   */
  async dropRepliesOfUninvited(tx: Tx, meetingId: string): Promise<void> {
    const invitedPeople = tx.select({ id: meetingInvitees.userId }).from(meetingInvitees).where(eq(meetingInvitees.meetingId, meetingId));
    const invitedUnits = tx.select({ id: meetingUnits.unitId }).from(meetingUnits).where(eq(meetingUnits.meetingId, meetingId));
    await tx
      .delete(meetingReplies)
      .where(
        and(
          eq(meetingReplies.meetingId, meetingId),
          or(
            and(eq(meetingReplies.inviteeKind, 'person'), notInArray(meetingReplies.inviteeId, invitedPeople)),
            and(eq(meetingReplies.inviteeKind, 'unit'), notInArray(meetingReplies.inviteeId, invitedUnits)),
          ),
        ),
      );
  }

  /**
   * Change the meeting only if it is still at `version` and in one of `statuses`, moving it to the next version;
   * undefined when someone else changed it meanwhile (or its status moved on).
   */
  async updateVersioned(tx: Tx, id: string, version: number, patch: Partial<typeof meetings.$inferInsert>, statuses: MeetingRow['status'][] = ['scheduled']): Promise<MeetingRow | undefined> {
    const [row] = await tx
      .update(meetings)
      .set({ ...patch, version: sql`${meetings.version} + 1` })
      .where(and(eq(meetings.id, id), eq(meetings.version, version), inArray(meetings.status, statuses)))
      .returning();
    return row;
  }

  /** Cancel a meeting not yet started; false when it had started, ended or was cancelled meanwhile. */
  async cancel(tx: Tx, id: string, reason: string): Promise<boolean> {
    const rows = await tx
      .update(meetings)
      .set({ status: 'cancelled', cancelledAt: sql`now()`, cancelReason: reason, version: sql`${meetings.version} + 1` })
      .where(and(eq(meetings.id, id), eq(meetings.status, 'scheduled')))
      .returning({ id: meetings.id });
    return rows.length > 0;
  }

  /** Decide a pending booking (D21.1); false when it was no longer pending. */
  async decideApproval(tx: Tx, id: string, decision: { approval: 'approved' | 'rejected'; approvalReason: string; approvedBy: string }): Promise<boolean> {
    const rows = await tx
      .update(meetings)
      .set({ ...decision, approvedAt: sql`now()` })
      .where(and(eq(meetings.id, id), eq(meetings.approval, 'pending')))
      .returning({ id: meetings.id });
    return rows.length > 0;
  }

  /** Active operators: the provincial office's staff who approve bookings (D21.1). */
  async operatorIds(tx: Db | Tx = this.db): Promise<string[]> {
    const rows = await tx.select({ id: users.id }).from(users).where(and(eq(users.role, 'operator'), isNull(users.disabledAt)));
    return rows.map((r) => r.id);
  }

  async existingUnitIds(ids: string[]): Promise<string[]> {
    return (await inChunks(ids, (chunk) => this.db.select({ id: units.id }).from(units).where(inArray(units.id, chunk)))).map((r) => r.id);
  }

  /** Invited units of these meetings, with whether their members are admitted and when they named attendees. */
  async unitsOf(meetingIds: string[]) {
    return inChunks(meetingIds, (chunk) =>
      this.db
        .select({ meetingId: meetingUnits.meetingId, id: units.id, name: units.name, membersAdmitted: meetingUnits.membersAdmitted, attendeesNamedAt: meetingUnits.attendeesNamedAt })
        .from(meetingUnits)
        .innerJoin(units, eq(units.id, meetingUnits.unitId))
        .where(inArray(meetingUnits.meetingId, chunk)),
    );
  }

  async agendaOf(meetingIds: string[]) {
    if (meetingIds.length === 0) return [];
    return this.db
      .select()
      .from(meetingAgendaItems)
      .where(inArray(meetingAgendaItems.meetingId, meetingIds))
      .orderBy(asc(meetingAgendaItems.meetingId), asc(meetingAgendaItems.position));
  }

  /**
   * Serialise bookings of rooms: two organisers booking the same room at the same instant cannot both see it free.
   * Held until the transaction ends.
   */
  async lockForBooking(tx: Tx): Promise<void> {
    await tx.execute(sql`LOCK TABLE meeting_endpoints IN SHARE ROW EXCLUSIVE MODE`);
  }

  /**
   * Meetings not yet ended that overlap [startsAt, endsAt), with their endpoints: rooms and capacity (R2.3).
   * Cancelled and rejected bookings hold no room; `exceptId` is the meeting being edited.
   */
  async overlappingBookings(startsAt: Date, endsAt: Date, tx: Db | Tx = this.db, exceptId?: string) {
    const rows = await tx
      .select({ id: meetings.id, startsAt: meetings.startsAt, endsAt: meetings.endsAt, endpointId: meetingEndpoints.endpointId })
      .from(meetings)
      .leftJoin(meetingEndpoints, eq(meetingEndpoints.meetingId, meetings.id))
      .where(
        and(
          sql`${meetings.status} not in ('ended', 'cancelled')`,
          ne(meetings.approval, 'rejected'),
          exceptId ? ne(meetings.id, exceptId) : undefined,
          sql`${meetings.startsAt} < ${endsAt.toISOString()}`,
          sql`${meetings.endsAt} > ${startsAt.toISOString()}`,
        ),
      );
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

  async findById(id: string, tx: Db | Tx = this.db): Promise<MeetingRow | undefined> {
    const [row] = await tx.select().from(meetings).where(eq(meetings.id, id));
    return row;
  }

  /** Whether `userId` is invited: on the list (the organiser's or a unit's) or a member of a unit whose members are admitted. */
  async isInvited(meetingId: string, userId: string): Promise<boolean> {
    const rows = await this.db
      .select({ id: meetings.id })
      .from(meetings)
      .where(and(eq(meetings.id, meetingId), invitedSql(this.db, userId)));
    return rows.length > 0;
  }

  /**
   * Invited units nobody receives the invitation for (R2.4, R2.5): no enabled organiser with an address (the head's
   * office), nobody named to attend for it, no room of its named, and its members not admitted (or none enabled).
   */
  async unreachableUnits(meetingIds: string[], tx: Db | Tx = this.db): Promise<{ meetingId: string; id: string; name: string }[]> {
    if (meetingIds.length === 0) return [];
    const mu = meetingUnits;
    return inChunks(meetingIds, (chunk) =>
      tx
        .select({ meetingId: mu.meetingId, id: units.id, name: units.name })
        .from(mu)
        .innerJoin(units, eq(units.id, mu.unitId))
        .where(
          and(
            inArray(mu.meetingId, chunk),
            sql`not exists (select 1 from ${users} u where u.unit_id = ${mu.unitId} and u.role = 'organiser' and u.disabled_at is null and u.email <> '')`,
            sql`not exists (select 1 from ${meetingInvitees} mi join ${users} u on u.id = mi.user_id where mi.meeting_id = ${mu.meetingId} and mi.for_unit_id = ${mu.unitId} and u.disabled_at is null)`,
            sql`not exists (select 1 from ${meetingEndpoints} me where me.meeting_id = ${mu.meetingId} and me.for_unit_id = ${mu.unitId})`,
            sql`not (${mu.membersAdmitted} and exists (select 1 from ${users} u where u.unit_id = ${mu.unitId} and u.disabled_at is null and u.role not in ('guest', 'endpoint')))`,
          ),
        ),
    );
  }

  /** Whether `unitId` is invited to the meeting as a unit (its organisers answer for it). */
  async isUnitInvited(meetingId: string, unitId: string): Promise<boolean> {
    const rows = await this.db
      .select({ id: meetingUnits.unitId })
      .from(meetingUnits)
      .where(and(eq(meetingUnits.meetingId, meetingId), eq(meetingUnits.unitId, unitId)));
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
   * Meetings to list: all (undefined), or those `visibleTo` the filter (hosted by its units, chaired by, inviting,
   * or with an endpoint whose account is `userId`, inviting the unit the actor heads, or the guest's own meeting).
   */
  async listFor(filter: Visibility | undefined, approval?: MeetingRow['approval']): Promise<MeetingRow[]> {
    const base = this.db.select().from(meetings);
    const approvalIs: SQL | undefined = approval ? eq(meetings.approval, approval) : undefined;
    if (!filter) return base.where(approvalIs).orderBy(desc(meetings.startsAt)).limit(500);
    return base
      .where(and(approvalIs, visibleTo(this.db, filter)))
      .orderBy(desc(meetings.startsAt))
      .limit(500);
  }

  async people(ids: string[]) {
    return inChunks(ids, (chunk) =>
      this.db
        .select({ id: users.id, name: users.name, title: users.title, unitName: units.name })
        .from(users)
        .innerJoin(units, eq(units.id, users.unitId))
        .where(inArray(users.id, chunk)),
    );
  }

  /** The invitation list of these meetings, with the unit that named each person (null: the organiser's). */
  async invitationsOf(meetingIds: string[]) {
    return inChunks(meetingIds, (chunk) => this.db.select().from(meetingInvitees).where(inArray(meetingInvitees.meetingId, chunk)));
  }

  /** Every endpoint of these meetings, with the unit that named it (null: booked by the organiser). */
  async endpointsOf(meetingIds: string[]) {
    return inChunks(meetingIds, (chunk) =>
      this.db
        .select({ meetingId: meetingEndpoints.meetingId, id: endpoints.id, name: endpoints.name, unit: units.name, unitId: endpoints.unitId, location: endpoints.location, forUnitId: meetingEndpoints.forUnitId })
        .from(meetingEndpoints)
        .innerJoin(endpoints, eq(endpoints.id, meetingEndpoints.endpointId))
        .innerJoin(units, eq(units.id, endpoints.unitId))
        .where(inArray(meetingEndpoints.meetingId, chunk)),
    );
  }

  async unitNames(ids: string[]) {
    return inChunks(ids, (chunk) => this.db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, chunk)));
  }

  async existingEndpointIds(ids: string[]): Promise<string[]> {
    return (await inChunks(ids, (chunk) => this.db.select({ id: endpoints.id }).from(endpoints).where(inArray(endpoints.id, chunk)))).map((r) => r.id);
  }

  /** Move to a new status only from the expected one; returns whether this call made the change. */
  async transition(id: string, from: MeetingRow['status'][], to: MeetingRow['status'], tx: Db | Tx = this.db): Promise<boolean> {
    const rows = await tx
      .update(meetings)
      .set({ status: to, ...(to === 'ended' ? { endedAt: sql`now()` } : {}) })
      .where(and(eq(meetings.id, id), inArray(meetings.status, from)))
      .returning({ id: meetings.id });
    return rows.length > 0;
  }

  async update(id: string, patch: Partial<typeof meetings.$inferInsert>, tx: Db | Tx = this.db): Promise<void> {
    await tx.update(meetings).set(patch).where(eq(meetings.id, id));
  }

  async logEvent(meetingId: string, type: MeetingEventType, userId: string | null, data: Record<string, unknown> = {}, tx: Db | Tx = this.db): Promise<void> {
    await tx.insert(meetingEvents).values({ meetingId, type, userId, data });
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

  // ------------------------------------------------------------------------------------------ entry grants

  async grant(sessionId: string, meetingId: string, until: Date): Promise<void> {
    await this.db
      .insert(meetingEntryGrants)
      .values({ sessionId, meetingId, until })
      .onConflictDoUpdate({ target: [meetingEntryGrants.sessionId, meetingEntryGrants.meetingId], set: { until } });
  }

  async hasGrant(sessionId: string, meetingId: string): Promise<boolean> {
    const [row] = await this.db
      .select({ until: meetingEntryGrants.until })
      .from(meetingEntryGrants)
      .where(and(eq(meetingEntryGrants.sessionId, sessionId), eq(meetingEntryGrants.meetingId, meetingId), sql`${meetingEntryGrants.until} > now()`));
    return row !== undefined;
  }

  async revokeGrants(meetingId: string): Promise<void> {
    await this.db.delete(meetingEntryGrants).where(eq(meetingEntryGrants.meetingId, meetingId));
  }
}

/** Whose meetings one may see (the meetings list rule, also the schedule's): see `visibleTo`. */
export interface Visibility {
  userId: string;
  /** Host units of organisers and secretaries: their unit subtree. */
  hostUnitIds: string[];
  guestMeetingId: string | null;
  /** An organiser's own unit: meetings inviting it are theirs to answer for (R2.5); null for other roles. */
  headOfUnitId?: string | null;
}

/**
 * SQL: the meeting is one `userId` is invited to — on its list (the organiser's, or named by an invited unit) or a
 * member of an invited unit whose members are admitted. One condition for the list, the schedule and entry.
 */
export function invitedSql(db: Db | Tx, userId: string): SQL {
  return or(
    inArray(meetings.id, db.select({ id: meetingInvitees.meetingId }).from(meetingInvitees).where(eq(meetingInvitees.userId, userId))),
    inArray(
      meetings.id,
      db
        .select({ id: meetingUnits.meetingId })
        .from(meetingUnits)
        .innerJoin(users, eq(users.unitId, meetingUnits.unitId))
        .where(and(eq(users.id, userId), eq(meetingUnits.membersAdmitted, true), isNull(users.disabledAt))),
    ),
  )!;
}

/** SQL: the meeting is visible to the filter (the meetings list rule, meetingPolicy.canList). */
export function visibleTo(db: Db | Tx, v: Visibility): SQL {
  return or(
    eq(meetings.chairId, v.userId),
    invitedSql(db, v.userId),
    inArray(
      meetings.id,
      db.select({ id: meetingEndpoints.meetingId }).from(meetingEndpoints).innerJoin(endpoints, eq(endpoints.id, meetingEndpoints.endpointId)).where(eq(endpoints.accountId, v.userId)),
    ),
    v.hostUnitIds.length ? inArray(meetings.hostUnitId, v.hostUnitIds) : sql`false`,
    v.headOfUnitId ? inArray(meetings.id, db.select({ id: meetingUnits.meetingId }).from(meetingUnits).where(eq(meetingUnits.unitId, v.headOfUnitId))) : sql`false`,
    v.guestMeetingId ? eq(meetings.id, v.guestMeetingId) : sql`false`,
  )!;
}
