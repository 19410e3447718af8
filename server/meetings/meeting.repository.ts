import { and, desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { meetingEvents, meetingInvitees, meetings, users } from '../db/schema';

export type MeetingRow = typeof meetings.$inferSelect;
export type MeetingEventType = (typeof meetingEvents.$inferInsert)['type'];

export class MeetingRepository {
  constructor(private readonly db: Db) {}

  /** Meeting and invitees in one transaction: either both exist or neither. */
  async create(row: typeof meetings.$inferInsert, inviteeIds: string[]): Promise<MeetingRow> {
    return this.db.transaction(async (tx: Tx) => {
      const [created] = await tx.insert(meetings).values(row).returning();
      if (inviteeIds.length) await tx.insert(meetingInvitees).values(inviteeIds.map((userId) => ({ meetingId: created!.id, userId })));
      return created!;
    });
  }

  async findBySlug(slug: string): Promise<MeetingRow | undefined> {
    const [row] = await this.db.select().from(meetings).where(eq(meetings.slug, slug));
    return row;
  }

  async findById(id: string): Promise<MeetingRow | undefined> {
    const [row] = await this.db.select().from(meetings).where(eq(meetings.id, id));
    return row;
  }

  async inviteeIds(meetingId: string): Promise<string[]> {
    const rows = await this.db.select({ userId: meetingInvitees.userId }).from(meetingInvitees).where(eq(meetingInvitees.meetingId, meetingId));
    return rows.map((r) => r.userId);
  }

  async isInvited(meetingId: string, userId: string): Promise<boolean> {
    const rows = await this.db
      .select({ userId: meetingInvitees.userId })
      .from(meetingInvitees)
      .where(and(eq(meetingInvitees.meetingId, meetingId), eq(meetingInvitees.userId, userId)));
    return rows.length > 0;
  }

  /** All meetings (operator), or those the user chairs or is invited to. */
  async listFor(userId: string | undefined): Promise<MeetingRow[]> {
    const base = this.db.select().from(meetings);
    const filtered = userId
      ? base.where(
          or(
            eq(meetings.chairId, userId),
            inArray(meetings.id, this.db.select({ id: meetingInvitees.meetingId }).from(meetingInvitees).where(eq(meetingInvitees.userId, userId))),
          ),
        )
      : base;
    return filtered.orderBy(desc(meetings.startsAt)).limit(500);
  }

  async people(ids: string[]) {
    if (ids.length === 0) return [];
    return this.db.select({ id: users.id, name: users.name, unit: users.unit }).from(users).where(inArray(users.id, ids));
  }

  async invitationsOf(meetingIds: string[]) {
    if (meetingIds.length === 0) return [];
    return this.db.select().from(meetingInvitees).where(inArray(meetingInvitees.meetingId, meetingIds));
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

  async logEvent(meetingId: string, type: MeetingEventType, userId: string | null, data: Record<string, unknown> = {}): Promise<void> {
    await this.db.insert(meetingEvents).values({ meetingId, type, userId, data });
  }

  async events(meetingId: string) {
    return this.db.select().from(meetingEvents).where(eq(meetingEvents.meetingId, meetingId)).orderBy(meetingEvents.id);
  }
}
