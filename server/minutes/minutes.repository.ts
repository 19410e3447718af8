/** The only SQL of the minutes and the conclusions (R2.7, R3.5, D12.3). */
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { ConclusionInput } from '../../shared/api';
import type { Db, Tx } from '../db/client';
import { meetingAgendaItems, meetingConclusions, meetingDocuments, meetingEvents, meetingInvitees, meetingMinutes, meetingMinutesEntries, meetingReplies, meetings, units, users } from '../db/schema';

export type MinutesEntryRow = typeof meetingMinutesEntries.$inferSelect;
export type ConclusionRow = typeof meetingConclusions.$inferSelect;

export class MinutesRepository {
  constructor(private readonly db: Db) {}

  async version(meetingId: string, tx: Db | Tx = this.db): Promise<{ version: number; draftDocumentId: string | null }> {
    const [row] = await tx.select({ version: meetingMinutes.version, draftDocumentId: meetingMinutes.draftDocumentId }).from(meetingMinutes).where(eq(meetingMinutes.meetingId, meetingId));
    return row ?? { version: 0, draftDocumentId: null };
  }

  /** Every change of the minutes moves their version on (readers refetch when it moved). */
  async bump(tx: Tx, meetingId: string, patch: { draftDocumentId?: string | null } = {}): Promise<number> {
    const [row] = await tx
      .insert(meetingMinutes)
      .values({ meetingId, version: 1, ...patch })
      .onConflictDoUpdate({ target: meetingMinutes.meetingId, set: { version: sql`${meetingMinutes.version} + 1`, updatedAt: new Date(), ...patch } })
      .returning({ version: meetingMinutes.version });
    return row!.version;
  }

  async entries(meetingId: string): Promise<MinutesEntryRow[]> {
    return this.db.select().from(meetingMinutesEntries).where(eq(meetingMinutesEntries.meetingId, meetingId)).orderBy(asc(meetingMinutesEntries.section), asc(meetingMinutesEntries.position));
  }

  async entry(meetingId: string, id: string, tx: Db | Tx = this.db): Promise<MinutesEntryRow | undefined> {
    const [row] = await tx.select().from(meetingMinutesEntries).where(and(eq(meetingMinutesEntries.meetingId, meetingId), eq(meetingMinutesEntries.id, id)));
    return row;
  }

  async insertEntry(tx: Tx, row: Omit<typeof meetingMinutesEntries.$inferInsert, 'position'>): Promise<MinutesEntryRow> {
    const [inserted] = await tx
      .insert(meetingMinutesEntries)
      .values({
        ...row,
        position: sql`(select coalesce(max(${meetingMinutesEntries.position}), 0) + 1 from ${meetingMinutesEntries} where ${meetingMinutesEntries.meetingId} = ${row.meetingId} and ${meetingMinutesEntries.section} = ${row.section})`,
      })
      .returning();
    return inserted!;
  }

  /** The edit applies only to the version it was made on; undefined when someone else changed it meanwhile. */
  async updateEntry(tx: Tx, meetingId: string, id: string, version: number, text: string, by: string): Promise<MinutesEntryRow | undefined> {
    const [row] = await tx
      .update(meetingMinutesEntries)
      .set({ text, version: version + 1, updatedBy: by, updatedAt: new Date() })
      .where(and(eq(meetingMinutesEntries.meetingId, meetingId), eq(meetingMinutesEntries.id, id), eq(meetingMinutesEntries.version, version)))
      .returning();
    return row;
  }

  async deleteEntry(tx: Tx, meetingId: string, id: string, version: number): Promise<boolean> {
    const rows = await tx
      .delete(meetingMinutesEntries)
      .where(and(eq(meetingMinutesEntries.meetingId, meetingId), eq(meetingMinutesEntries.id, id), eq(meetingMinutesEntries.version, version)))
      .returning({ id: meetingMinutesEntries.id });
    return rows.length > 0;
  }

  /** The floor's turns from the meeting log (grants and their ends), in order. */
  async floorLog(meetingId: string) {
    return this.db
      .select({ type: meetingEvents.type, at: meetingEvents.at, userId: meetingEvents.userId, data: meetingEvents.data })
      .from(meetingEvents)
      .where(and(eq(meetingEvents.meetingId, meetingId), inArray(meetingEvents.type, ['floor_granted', 'floor_ended'])))
      .orderBy(asc(meetingEvents.id));
  }

  async agenda(meetingId: string, q: Db | Tx = this.db) {
    return q.select().from(meetingAgendaItems).where(eq(meetingAgendaItems.meetingId, meetingId)).orderBy(asc(meetingAgendaItems.position));
  }

  async conclusions(meetingId: string): Promise<ConclusionRow[]> {
    return this.db.select().from(meetingConclusions).where(eq(meetingConclusions.meetingId, meetingId)).orderBy(asc(meetingConclusions.position));
  }

  async insertConclusions(tx: Tx, meetingId: string, items: ConclusionInput[], by: string, at: Date): Promise<ConclusionRow[]> {
    const [last] = await tx.select({ position: sql<number>`coalesce(max(${meetingConclusions.position}), 0)` }).from(meetingConclusions).where(eq(meetingConclusions.meetingId, meetingId));
    const start = Number(last?.position ?? 0);
    return tx
      .insert(meetingConclusions)
      .values(items.map((c, i) => ({ meetingId, position: start + i + 1, text: c.text, agendaItemId: c.agendaItemId, recordedBy: by, recordedAt: at })))
      .returning();
  }

  async markNoConclusions(tx: Tx, meetingId: string, by: string, at: Date): Promise<void> {
    await tx.update(meetings).set({ conclusionsNoneAt: at, conclusionsNoneBy: by }).where(eq(meetings.id, meetingId));
  }

  /** The draft minutes uploaded for a council (the latest not deleted), or the one named. */
  async draftDocument(meetingId: string, documentId?: string | null) {
    const [row] = await this.db
      .select({ id: meetingDocuments.id, name: meetingDocuments.name })
      .from(meetingDocuments)
      .where(and(eq(meetingDocuments.meetingId, meetingId), eq(meetingDocuments.kind, 'draft_minutes'), isNull(meetingDocuments.deletedAt), documentId ? eq(meetingDocuments.id, documentId) : undefined))
      .orderBy(desc(meetingDocuments.uploadedAt))
      .limit(1);
    return row ?? null;
  }

  /** People invited by name (the organiser's list and the units' named attendees). */
  async inviteeIds(meetingId: string): Promise<string[]> {
    const rows = await this.db.select({ id: meetingInvitees.userId }).from(meetingInvitees).where(eq(meetingInvitees.meetingId, meetingId));
    return rows.map((r) => r.id);
  }

  /** Replies that gave a reason for not coming (declined, or sent a substitute), people and units alike. */
  async absenceReplies(meetingId: string) {
    return this.db
      .select({ kind: meetingReplies.inviteeKind, id: meetingReplies.inviteeId, answer: meetingReplies.answer, reason: meetingReplies.reason, substituteId: meetingReplies.substituteId })
      .from(meetingReplies)
      .where(and(eq(meetingReplies.meetingId, meetingId), inArray(meetingReplies.answer, ['declined', 'substitute'])));
  }

  async unitNames(ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows = await this.db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, ids));
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  async setSecretary(tx: Tx, meetingId: string, secretaryId: string | null): Promise<void> {
    await tx.update(meetings).set({ secretaryId }).where(eq(meetings.id, meetingId));
  }

  async userName(id: string, tx: Db | Tx = this.db): Promise<string> {
    const [row] = await tx.select({ name: users.name }).from(users).where(eq(users.id, id));
    return row?.name ?? '';
  }
}
