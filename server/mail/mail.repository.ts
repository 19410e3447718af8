import { and, desc, eq, inArray, lt, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { mailOutbox, meetings } from '../db/schema';

export type MailRow = typeof mailOutbox.$inferSelect;
export type NewMail = Omit<typeof mailOutbox.$inferInsert, 'id' | 'status' | 'attempts' | 'error' | 'createdAt' | 'sentAt'>;

/** How many rows the outbox page lists. */
const LIST_LIMIT = 500;

export class MailRepository {
  constructor(private readonly db: Db) {}

  async insertMany(rows: (NewMail & { status: MailRow['status'] })[], tx: Db | Tx = this.db): Promise<void> {
    if (rows.length) await tx.insert(mailOutbox).values(rows);
  }

  /** Newest first: all (no filter), one meeting's, or those of meetings hosted by `hostUnitIds`. */
  async list(filter: { meetingId?: string; hostUnitIds?: string[] }): Promise<MailRow[]> {
    const where: SQL[] = [];
    if (filter.meetingId) where.push(eq(mailOutbox.meetingId, filter.meetingId));
    if (filter.hostUnitIds) {
      if (!filter.hostUnitIds.length) return [];
      const hosted = this.db.select({ id: meetings.id }).from(meetings).where(inArray(meetings.hostUnitId, filter.hostUnitIds));
      where.push(inArray(mailOutbox.meetingId, hosted));
    }
    return this.db
      .select()
      .from(mailOutbox)
      .where(where.length ? and(...where) : undefined)
      .orderBy(desc(mailOutbox.createdAt), desc(mailOutbox.id))
      .limit(LIST_LIMIT);
  }

  async byId(id: number): Promise<MailRow | null> {
    const [row] = await this.db.select().from(mailOutbox).where(eq(mailOutbox.id, id));
    return row ?? null;
  }

  /** Rows waiting for delivery with attempts left, oldest first. */
  pending(maxAttempts: number, limit: number): Promise<MailRow[]> {
    return this.db
      .select()
      .from(mailOutbox)
      .where(and(eq(mailOutbox.status, 'pending'), lt(mailOutbox.attempts, maxAttempts)))
      .orderBy(mailOutbox.createdAt, mailOutbox.id)
      .limit(limit);
  }

  async markSent(id: number, attempts: number, at: Date): Promise<void> {
    await this.db.update(mailOutbox).set({ status: 'sent', attempts, sentAt: at, error: null }).where(eq(mailOutbox.id, id));
  }

  /** A failed attempt: still `pending` (retried later) or `failed` for good. */
  async markAttemptFailed(id: number, attempts: number, error: string, final: boolean): Promise<void> {
    await this.db
      .update(mailOutbox)
      .set({ attempts, error, ...(final ? { status: 'failed' as const } : {}) })
      .where(eq(mailOutbox.id, id));
  }
}
