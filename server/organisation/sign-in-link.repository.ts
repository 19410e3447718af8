/** SQL of one-time sign-in links (R1.3): only the token's sha256 is stored. */
import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import { chunks } from '../db/batch';
import type { Db, Tx } from '../db/client';
import { sessions, signInLinks, users } from '../db/schema';

export type SignInLinkRow = typeof signInLinks.$inferSelect;

export class SignInLinkRepository {
  constructor(private readonly db: Db) {}

  async insertMany(tx: Tx, rows: (typeof signInLinks.$inferInsert)[]): Promise<void> {
    for (const c of chunks(rows)) await tx.insert(signInLinks).values(c);
  }

  async findByHash(tokenHash: string): Promise<SignInLinkRow | undefined> {
    const [row] = await this.db.select().from(signInLinks).where(eq(signInLinks.tokenHash, tokenHash));
    return row;
  }

  /** When the account's last reset link was made, or null. */
  async lastResetAt(tx: Tx, userId: string): Promise<Date | null> {
    const [row] = await tx
      .select({ at: signInLinks.createdAt })
      .from(signInLinks)
      .where(and(eq(signInLinks.userId, userId), eq(signInLinks.purpose, 'reset')))
      .orderBy(desc(signInLinks.createdAt))
      .limit(1);
    return row?.at ?? null;
  }

  /** Uses the link if it is still unused and unexpired at `at`: false when another request used it first. */
  async use(tx: Tx, id: string, at: Date): Promise<boolean> {
    const rows = await tx
      .update(signInLinks)
      .set({ usedAt: at })
      .where(and(eq(signInLinks.id, id), isNull(signInLinks.usedAt), gt(signInLinks.expiresAt, at)))
      .returning({ id: signInLinks.id });
    return rows.length === 1;
  }

  /** Every unused link of the account stops working (a new one was issued, or one was used). */
  async expireUnused(tx: Tx, userId: string, at: Date): Promise<void> {
    await tx
      .update(signInLinks)
      .set({ expiresAt: at })
      .where(and(eq(signInLinks.userId, userId), isNull(signInLinks.usedAt), gt(signInLinks.expiresAt, at)));
  }

  /** The account's new password, set through a link: it may sign in at once, with a clean failure count. */
  async setPassword(tx: Tx, userId: string, passwordHash: string, at: Date): Promise<void> {
    await tx.update(users).set({ passwordHash, mustChangePassword: false, failedSignIns: 0, lockedUntil: null }).where(eq(users.id, userId));
    // sessions opened with an earlier password end: whoever knew it is out (a link re-issued to recover an account)
    await tx.update(sessions).set({ revokedAt: at }).where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)));
  }
}
