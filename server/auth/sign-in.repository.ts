import { desc, eq } from 'drizzle-orm';
import type { SignInOutcome } from '../../shared/api';
import type { Db, Tx } from '../db/client';
import { signIns } from '../db/schema';

export type SignInRow = typeof signIns.$inferSelect;

/** The sign-in log (R1.3): every attempt, successful or not. */
export class SignInRepository {
  constructor(private readonly db: Db) {}

  async record(row: { userId: string | null; email: string; ip: string; userAgent: string; outcome: SignInOutcome; at: Date }, tx: Db | Tx = this.db): Promise<void> {
    await tx.insert(signIns).values(row);
  }

  /** An account's attempts, newest first. */
  async listFor(userId: string, limit: number): Promise<SignInRow[]> {
    return this.db.select().from(signIns).where(eq(signIns.userId, userId)).orderBy(desc(signIns.at), desc(signIns.id)).limit(limit);
  }
}
