import { desc, eq } from 'drizzle-orm';
import type { SignInOutcome } from '../../shared/api';
import type { Db, Tx } from '../db/client';
import { signInLockouts, signIns } from '../db/schema';
import type { LockoutState } from './auth.policy';

export type SignInRow = typeof signIns.$inferSelect;

/** The sign-in log (R1.3): every attempt, successful or not. */
export class SignInRepository {
  constructor(private readonly db: Db) {}

  async record(row: { userId: string | null; email: string; ip: string; userAgent: string; outcome: SignInOutcome; at: Date }, tx: Db | Tx = this.db): Promise<void> {
    await tx.insert(signIns).values(row);
  }

  /** The lockout of an e-mail that names no usable account; a fresh one when it has none. */
  async lockoutOf(email: string, tx: Db | Tx = this.db): Promise<LockoutState> {
    const [row] = await tx.select().from(signInLockouts).where(eq(signInLockouts.email, email));
    return row ? { failedSignIns: row.failedSignIns, lockedUntil: row.lockedUntil } : { failedSignIns: 0, lockedUntil: null };
  }

  async saveLockout(email: string, state: LockoutState, tx: Db | Tx = this.db): Promise<void> {
    const values = { failedSignIns: state.failedSignIns, lockedUntil: state.lockedUntil, updatedAt: new Date() };
    await tx.insert(signInLockouts).values({ email, ...values }).onConflictDoUpdate({ target: signInLockouts.email, set: values });
  }

  /** An account's attempts, newest first. */
  async listFor(userId: string, limit: number): Promise<SignInRow[]> {
    return this.db.select().from(signIns).where(eq(signIns.userId, userId)).orderBy(desc(signIns.at), desc(signIns.id)).limit(limit);
  }
}
