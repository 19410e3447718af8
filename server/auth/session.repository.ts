import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../db/client';
import { sessions, users } from '../db/schema';

export class SessionRepository {
  constructor(private readonly db: Db) {}

  async create(row: { userId: string; tokenHash: string; csrfToken: string; expiresAt: Date }) {
    const [created] = await this.db.insert(sessions).values(row).returning();
    return created!;
  }

  /** The live session for a token hash, with its user. */
  async findLive(tokenHash: string, now: Date) {
    const [row] = await this.db
      .select({ session: sessions, user: users })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(and(eq(sessions.tokenHash, tokenHash), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)));
    return row;
  }

  async revoke(id: string, now: Date) {
    await this.db.update(sessions).set({ revokedAt: now }).where(eq(sessions.id, id));
  }
}
