import { and, asc, eq, gte, inArray, isNull, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { visibleTo, type Visibility } from '../meetings/meeting.repository';
import { calendarFeeds, endpoints, meetingEndpoints, meetingInvitees, meetingUnits, meetings, units, users } from '../db/schema';

export type ScheduleMeetingRow = typeof meetings.$inferSelect;
export type FeedRow = typeof calendarFeeds.$inferSelect;

/** Whose meetings one may see: the meetings list rule (MeetingRepository's `visibleTo`); undefined: all (operator). */
export type { Visibility };

export class ScheduleRepository {
  constructor(private readonly db: Db) {}

  /**
   * Meetings starting from `from` (inclusive) to `to` (exclusive) that `visibility` may see and, with `unitId`,
   * that concern those units (hosted, inviting the unit, one of its people or one of its endpoints).
   * `current`: only approved or pending and not cancelled (the schedule); otherwise every state (the feed).
   */
  async meetingsBetween(from: Date, to: Date, opts: { visibility?: Visibility; unitId?: string; current: boolean }): Promise<ScheduleMeetingRow[]> {
    const where: (SQL | undefined)[] = [gte(meetings.startsAt, from), lt(meetings.startsAt, to)];
    if (opts.current) where.push(ne(meetings.status, 'cancelled'), inArray(meetings.approval, ['approved', 'pending']));
    if (opts.visibility) where.push(visibleTo(this.db, opts.visibility));
    if (opts.unitId) {
      // the unit and every unit under it, in SQL: a ministry's tree of thousands of units is no list of parameters
      const ids = sql`(with recursive sub(id) as (select ${opts.unitId}::uuid union all select u.id from ${units} u join sub on u.parent_id = sub.id) select id from sub)`;
      where.push(
        or(
          inArray(meetings.hostUnitId, ids),
          inArray(meetings.id, this.db.select({ id: meetingUnits.meetingId }).from(meetingUnits).where(inArray(meetingUnits.unitId, ids))),
          inArray(meetings.id, this.db.select({ id: meetingInvitees.meetingId }).from(meetingInvitees).innerJoin(users, eq(users.id, meetingInvitees.userId)).where(inArray(users.unitId, ids))),
          // the people and rooms an invited unit named may belong to a unit under it
          inArray(meetings.id, this.db.select({ id: meetingInvitees.meetingId }).from(meetingInvitees).where(inArray(meetingInvitees.forUnitId, ids))),
          inArray(
            meetings.id,
            this.db.select({ id: meetingEndpoints.meetingId }).from(meetingEndpoints).innerJoin(endpoints, eq(endpoints.id, meetingEndpoints.endpointId)).where(inArray(endpoints.unitId, ids)),
          ),
        ),
      );
    }
    return this.db
      .select()
      .from(meetings)
      .where(and(...where))
      .orderBy(asc(meetings.startsAt), asc(meetings.title))
      .limit(2000);
  }

  async insertFeed(tx: Tx, row: { userId: string; unitId: string | null; tokenHash: string }): Promise<FeedRow> {
    const [created] = await tx.insert(calendarFeeds).values(row).returning();
    return created!;
  }

  async feedsOf(userId: string): Promise<FeedRow[]> {
    return this.db
      .select()
      .from(calendarFeeds)
      .where(and(eq(calendarFeeds.userId, userId), isNull(calendarFeeds.revokedAt)))
      .orderBy(asc(calendarFeeds.createdAt));
  }

  async feedByTokenHash(tokenHash: string): Promise<FeedRow | undefined> {
    const [row] = await this.db.select().from(calendarFeeds).where(and(eq(calendarFeeds.tokenHash, tokenHash), isNull(calendarFeeds.revokedAt)));
    return row;
  }

  async revokeFeed(tx: Tx, userId: string, id: string): Promise<boolean> {
    const rows = await tx
      .update(calendarFeeds)
      .set({ revokedAt: new Date() })
      .where(and(eq(calendarFeeds.id, id), eq(calendarFeeds.userId, userId), isNull(calendarFeeds.revokedAt)))
      .returning({ id: calendarFeeds.id });
    return rows.length > 0;
  }
}
