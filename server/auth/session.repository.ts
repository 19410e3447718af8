import { and, desc, eq, getTableColumns, gt, isNull, ne, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { sessions, units, users } from '../db/schema';

export type SessionRow = typeof sessions.$inferSelect;

export class SessionRepository {
  constructor(private readonly db: Db) {}

  async create(
    row: { userId: string; tokenHash: string; csrfToken: string; expiresAt: Date; ip: string; userAgent: string; pendingSecondFactor: boolean },
    tx: Db | Tx = this.db,
  ): Promise<SessionRow> {
    const [created] = await tx.insert(sessions).values(row).returning();
    return created!;
  }

  /** The live session for a token hash, with its user (and unit name); a disabled account has none. */
  async findLive(tokenHash: string, now: Date) {
    const [row] = await this.db
      .select({ session: sessions, user: { ...getTableColumns(users), unitName: units.name } })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .innerJoin(units, eq(units.id, users.unitId))
      .where(and(eq(sessions.tokenHash, tokenHash), isNull(sessions.revokedAt), gt(sessions.expiresAt, now), isNull(users.disabledAt)));
    return row;
  }

  async findLiveById(id: string, now: Date, tx: Db | Tx = this.db): Promise<SessionRow | undefined> {
    const [row] = await tx.select().from(sessions).where(and(eq(sessions.id, id), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)));
    return row;
  }

  /** An account's live sessions, newest first. */
  async listLive(userId: string, now: Date): Promise<SessionRow[]> {
    return this.db
      .select()
      .from(sessions)
      .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)))
      .orderBy(desc(sessions.createdAt));
  }

  async touch(id: string, now: Date): Promise<void> {
    await this.db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id));
  }

  /** Revokes one session if it is still live; true when it was. */
  async revoke(id: string, now: Date, tx: Db | Tx = this.db): Promise<boolean> {
    const rows = await tx.update(sessions).set({ revokedAt: now }).where(and(eq(sessions.id, id), isNull(sessions.revokedAt))).returning({ id: sessions.id });
    return rows.length > 0;
  }

  /** Revokes every live session of an account but `keepId`; returns the ids revoked. */
  async revokeAllOf(userId: string, now: Date, keepId: string | null, tx: Db | Tx = this.db): Promise<string[]> {
    const rows = await tx
      .update(sessions)
      .set({ revokedAt: now })
      .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now), keepId ? ne(sessions.id, keepId) : sql`true`))
      .returning({ id: sessions.id });
    return rows.map((r) => r.id);
  }
}
