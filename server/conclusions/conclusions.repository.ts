/** SQL of a meeting's conclusions and its conclusions notice (R4.1, D10.4–5, D12.4). */
import { and, asc, eq, isNull, max, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { conclusionsNotices, meetingConclusions, meetingInvitees, meetings, meetingUnits, units, users } from '../db/schema';

export type ConclusionRow = typeof meetingConclusions.$inferSelect;
export type NoticeRow = typeof conclusionsNotices.$inferSelect;

export class ConclusionsRepository {
  constructor(private readonly db: Db) {}

  /** The meeting row, locked until the transaction ends: the conclusions, tasks and notice of a meeting change one at a time. */
  async lockMeeting(tx: Tx, meetingId: string) {
    const [row] = await tx.select().from(meetings).where(eq(meetings.id, meetingId)).for('update');
    return row;
  }

  async meeting(meetingId: string, tx: Db | Tx = this.db) {
    const [row] = await tx.select().from(meetings).where(eq(meetings.id, meetingId));
    return row;
  }

  async conclusions(meetingId: string, tx: Db | Tx = this.db) {
    return tx
      .select({ conclusion: meetingConclusions, name: users.name, title: users.title, unitName: units.name })
      .from(meetingConclusions)
      .leftJoin(users, eq(users.id, meetingConclusions.recordedBy))
      .leftJoin(units, eq(units.id, users.unitId))
      .where(eq(meetingConclusions.meetingId, meetingId))
      .orderBy(asc(meetingConclusions.position), asc(meetingConclusions.recordedAt));
  }

  async conclusion(meetingId: string, id: string, tx: Db | Tx = this.db): Promise<ConclusionRow | undefined> {
    const [row] = await tx.select().from(meetingConclusions).where(and(eq(meetingConclusions.id, id), eq(meetingConclusions.meetingId, meetingId)));
    return row;
  }

  async insertConclusion(tx: Tx, row: { meetingId: string; text: string; recordedBy: string }): Promise<ConclusionRow> {
    const [last] = await tx.select({ position: max(meetingConclusions.position) }).from(meetingConclusions).where(eq(meetingConclusions.meetingId, row.meetingId));
    const [created] = await tx
      .insert(meetingConclusions)
      .values({ ...row, position: (last?.position ?? 0) + 1 })
      .returning();
    return created!;
  }

  async updateConclusion(tx: Tx, id: string, text: string): Promise<void> {
    await tx.update(meetingConclusions).set({ text }).where(eq(meetingConclusions.id, id));
  }

  async deleteConclusion(tx: Tx, id: string): Promise<void> {
    await tx.delete(meetingConclusions).where(eq(meetingConclusions.id, id));
  }

  async notice(meetingId: string, tx: Db | Tx = this.db): Promise<NoticeRow | undefined> {
    const [row] = await tx.select().from(conclusionsNotices).where(eq(conclusionsNotices.meetingId, meetingId));
    return row;
  }

  async insertNotice(tx: Tx, row: typeof conclusionsNotices.$inferInsert): Promise<NoticeRow> {
    const [created] = await tx.insert(conclusionsNotices).values(row).returning();
    return created!;
  }

  /** Saves a draft at `version`: undefined when someone saved another version meanwhile, or it was issued. */
  async updateNotice(tx: Tx, meetingId: string, version: number, patch: Partial<typeof conclusionsNotices.$inferInsert>): Promise<NoticeRow | undefined> {
    const [row] = await tx
      .update(conclusionsNotices)
      .set({ ...patch, version: sql`${conclusionsNotices.version} + 1`, updatedAt: new Date() })
      .where(and(eq(conclusionsNotices.meetingId, meetingId), eq(conclusionsNotices.version, version), isNull(conclusionsNotices.issuedAt)))
      .returning();
    return row;
  }

  async markIssued(tx: Tx, meetingId: string, by: string, at: Date): Promise<NoticeRow | undefined> {
    const [row] = await tx
      .update(conclusionsNotices)
      .set({ issuedAt: at, issuedBy: by })
      .where(and(eq(conclusionsNotices.meetingId, meetingId), isNull(conclusionsNotices.issuedAt)))
      .returning();
    return row;
  }

  /** Those concerned by the meeting: the chair, the people invited and the organisers of the units invited. */
  async concernedPeople(meetingId: string, tx: Db | Tx = this.db): Promise<string[]> {
    const [chair, invitees, unitOrganisers] = await Promise.all([
      tx.select({ id: meetings.chairId }).from(meetings).where(eq(meetings.id, meetingId)),
      tx.select({ id: meetingInvitees.userId }).from(meetingInvitees).where(eq(meetingInvitees.meetingId, meetingId)),
      tx
        .select({ id: users.id })
        .from(meetingUnits)
        .innerJoin(users, and(eq(users.unitId, meetingUnits.unitId), eq(users.role, 'organiser')))
        .where(eq(meetingUnits.meetingId, meetingId)),
    ]);
    return [...new Set([...chair, ...invitees, ...unitOrganisers].map((r) => r.id))];
  }

  /** Names of the units invited, for the opening paragraph. */
  async invitedUnitNames(meetingId: string, tx: Db | Tx = this.db): Promise<string[]> {
    const rows = await tx.select({ name: units.name }).from(meetingUnits).innerJoin(units, eq(units.id, meetingUnits.unitId)).where(eq(meetingUnits.meetingId, meetingId));
    return rows.map((r) => r.name);
  }

  async person(id: string | null, tx: Db | Tx = this.db) {
    if (!id) return null;
    const [row] = await tx.select({ id: users.id, name: users.name, title: users.title, unitName: units.name }).from(users).innerJoin(units, eq(units.id, users.unitId)).where(eq(users.id, id));
    return row ?? null;
  }
}
