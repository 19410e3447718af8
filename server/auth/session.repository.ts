import { and, eq, getTableColumns, gt, isNull } from 'drizzle-orm';
import type { Db } from '../db/client';
import { sessions, units, users } from '../db/schema';

export class SessionRepository {
  constructor(private readonly db: Db) {}

  async create(row: { userId: string; tokenHash: string; csrfToken: string; expiresAt: Date }) {
    const [created] = await this.db.insert(sessions).values(row).returning();
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

  async revoke(id: string, now: Date) {
    await this.db.update(sessions).set({ revokedAt: now }).where(eq(sessions.id, id));
  }
}
