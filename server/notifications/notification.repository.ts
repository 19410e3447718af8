import { chunks } from '../db/batch';
import { and, count, desc, eq, isNull } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { notifications } from '../db/schema';

export type NotificationRow = typeof notifications.$inferSelect;

export class NotificationRepository {
  constructor(private readonly db: Db) {}

  async insertMany(rows: (typeof notifications.$inferInsert)[], tx: Db | Tx = this.db): Promise<void> {
    // in chunks: a meeting of thousands tells thousands at once, past one statement's parameter limit
    for (const c of chunks(rows)) await tx.insert(notifications).values(c);
  }

  async listFor(userId: string, limit: number): Promise<NotificationRow[]> {
    return this.db.select().from(notifications).where(eq(notifications.userId, userId)).orderBy(desc(notifications.createdAt), desc(notifications.id)).limit(limit);
  }

  async unreadCount(userId: string): Promise<number> {
    const [row] = await this.db
      .select({ n: count() })
      .from(notifications)
      .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
    return Number(row?.n ?? 0);
  }

  /** Whether the notice exists and belongs to `userId` (reading it twice is fine). */
  async markRead(id: number, userId: string): Promise<boolean> {
    const [row] = await this.db.select({ readAt: notifications.readAt }).from(notifications).where(and(eq(notifications.id, id), eq(notifications.userId, userId)));
    if (!row) return false;
    if (!row.readAt) await this.db.update(notifications).set({ readAt: new Date() }).where(and(eq(notifications.id, id), eq(notifications.userId, userId)));
    return true;
  }

  async markAllRead(userId: string): Promise<void> {
    await this.db.update(notifications).set({ readAt: new Date() }).where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  }
}
