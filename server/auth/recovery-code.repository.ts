/** SQL of the second factor's recovery codes (R1.3): only their sha256, each used once. */
import { and, count, eq, isNull } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { recoveryCodes } from '../db/schema';

export class RecoveryCodeRepository {
  constructor(private readonly db: Db) {}

  /** The account's codes become these (earlier ones, used or not, stop working). */
  async replace(tx: Tx, userId: string, codeHashes: string[]): Promise<void> {
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
    if (codeHashes.length) await tx.insert(recoveryCodes).values(codeHashes.map((codeHash) => ({ userId, codeHash })));
  }

  /** Spends a code of the account if it is unused: false when unknown, used, or spent by another request first. */
  async use(tx: Tx, userId: string, codeHash: string, at: Date): Promise<boolean> {
    const rows = await tx
      .update(recoveryCodes)
      .set({ usedAt: at })
      .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, codeHash), isNull(recoveryCodes.usedAt)))
      .returning({ id: recoveryCodes.id });
    return rows.length === 1;
  }

  async remaining(userId: string, tx: Db | Tx = this.db): Promise<number> {
    const [row] = await tx.select({ n: count() }).from(recoveryCodes).where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
    return Number(row?.n ?? 0);
  }
}
