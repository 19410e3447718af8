import { and, count, desc, eq, inArray, isNotNull, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { MailDelivery } from '../../shared/api';
import { chunks } from '../db/batch';
import type { Db, Tx } from '../db/client';
import { mailOutbox, meetings } from '../db/schema';

export type MailRow = typeof mailOutbox.$inferSelect;
export type NewMail = Omit<typeof mailOutbox.$inferInsert, 'id' | 'status' | 'attempts' | 'error' | 'nextAttemptAt' | 'createdAt' | 'sentAt'>;

/** How many rows the outbox page lists. */
const LIST_LIMIT = 500;

export class MailRepository {
  constructor(private readonly db: Db) {}

  /**
   * In chunks of 100: each invitation carries its PDF and .ics inline, so a meeting of thousands would otherwise be
   * one statement of hundreds of megabytes (and past the parameter limit).
   */
  async insertMany(rows: (NewMail & { status: MailRow['status'] })[], tx: Db | Tx = this.db): Promise<void> {
    for (const c of chunks(rows, 100)) await tx.insert(mailOutbox).values(c);
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

  /** Mails still carrying a sealed secret (rotation of the secrets key). */
  withSealedSecrets(tx: Db | Tx = this.db): Promise<{ id: number; meetingId: string | null; sealedSecret: string | null }[]> {
    return tx.select({ id: mailOutbox.id, meetingId: mailOutbox.meetingId, sealedSecret: mailOutbox.sealedSecret }).from(mailOutbox).where(isNotNull(mailOutbox.sealedSecret));
  }

  async deliveryOf(meetingId: string, tx: Db | Tx = this.db): Promise<MailDelivery> {
    const rows = await tx
      .select({ status: mailOutbox.status, retrying: sql<boolean>`${mailOutbox.status} = 'pending' and ${mailOutbox.attempts} > 0`, n: count() })
      .from(mailOutbox)
      .where(eq(mailOutbox.meetingId, meetingId))
      .groupBy(mailOutbox.status, sql`${mailOutbox.status} = 'pending' and ${mailOutbox.attempts} > 0`);
    const out: MailDelivery = { sent: 0, waiting: 0, retrying: 0, failed: 0, kept: 0 };
    for (const r of rows) {
      const n = Number(r.n);
      if (r.status === 'pending') out[r.retrying ? 'retrying' : 'waiting'] += n;
      else out[r.status] += n;
    }
    return out;
  }

  async setSealedSecret(id: number, sealedSecret: string, tx: Db | Tx = this.db): Promise<void> {
    await tx.update(mailOutbox).set({ sealedSecret }).where(eq(mailOutbox.id, id));
  }

  async byId(id: number): Promise<MailRow | null> {
    const [row] = await this.db.select().from(mailOutbox).where(eq(mailOutbox.id, id));
    return row ?? null;
  }

  /** Rows due for delivery at `now` (not waiting out a retry delay) with attempts left, oldest first. */
  due(now: Date, maxAttempts: number, limit: number): Promise<MailRow[]> {
    return this.db
      .select()
      .from(mailOutbox)
      .where(and(eq(mailOutbox.status, 'pending'), lt(mailOutbox.attempts, maxAttempts), or(isNull(mailOutbox.nextAttemptAt), lte(mailOutbox.nextAttemptAt, now))))
      .orderBy(mailOutbox.createdAt, mailOutbox.id)
      .limit(limit);
  }

  /** A failed or kept mail back to `pending` with its attempts counted afresh; undefined when it was neither. */
  async requeue(tx: Tx, id: number): Promise<MailRow | undefined> {
    const [row] = await tx
      .update(mailOutbox)
      .set({ status: 'pending', attempts: 0, error: null, nextAttemptAt: null })
      .where(and(eq(mailOutbox.id, id), inArray(mailOutbox.status, ['failed', 'kept'])))
      .returning();
    return row;
  }

  async markSent(id: number, attempts: number, at: Date): Promise<void> {
    // sent: the secret it carried is nobody's to keep any longer
    await this.db.update(mailOutbox).set({ status: 'sent', attempts, sentAt: at, error: null, nextAttemptAt: null, sealedSecret: null }).where(eq(mailOutbox.id, id));
  }

  /** A failed attempt: still `pending`, tried again from `retryAt`, or `failed` for good (`retryAt` null). */
  async markAttemptFailed(id: number, attempts: number, error: string, retryAt: Date | null): Promise<void> {
    await this.db
      .update(mailOutbox)
      .set({ attempts, error, nextAttemptAt: retryAt, ...(retryAt ? {} : { status: 'failed' as const }) })
      .where(eq(mailOutbox.id, id));
  }
}
