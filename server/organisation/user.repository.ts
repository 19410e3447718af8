import { and, asc, eq, getTableColumns, inArray, isNotNull, isNull, lt, notInArray, or } from 'drizzle-orm';
import { chunks, inChunks } from '../db/batch';
import type { Db, Tx } from '../db/client';
import { units, users } from '../db/schema';

export type UserRow = typeof users.$inferSelect;
/** A user with their unit's name, as every presenter needs it. */
export type PersonRow = UserRow & { unitName: string };

export class UserRepository {
  constructor(private readonly db: Db) {}

  private selectPeople(tx: Db | Tx = this.db) {
    return tx
      .select({ ...getTableColumns(users), unitName: units.name })
      .from(users)
      .innerJoin(units, eq(units.id, users.unitId));
  }

  async count(): Promise<number> {
    const rows = await this.db.select({ id: users.id }).from(users).limit(1);
    return rows.length;
  }

  async findByEmail(email: string): Promise<PersonRow | undefined> {
    const [row] = await this.selectPeople().where(eq(users.email, email));
    return row;
  }

  async findById(id: string, tx: Db | Tx = this.db): Promise<PersonRow | undefined> {
    const [row] = await this.selectPeople(tx).where(eq(users.id, id));
    return row;
  }

  async findByIds(ids: string[]): Promise<PersonRow[]> {
    if (ids.length === 0) return [];
    return this.selectPeople().where(inArray(users.id, ids));
  }

  async list(unitIds?: string[]): Promise<PersonRow[]> {
    const q = this.selectPeople();
    return (unitIds ? q.where(inArray(users.unitId, unitIds.length ? unitIds : ['00000000-0000-0000-0000-000000000000'])) : q).orderBy(asc(users.name));
  }

  /** Enabled people of the organisation: no guests of one meeting, no room accounts (the directory). */
  async directory(): Promise<PersonRow[]> {
    return this.selectPeople().where(and(isNull(users.disabledAt), notInArray(users.role, ['guest', 'endpoint'])));
  }

  async insert(row: typeof users.$inferInsert, tx: Db | Tx = this.db): Promise<UserRow> {
    const [created] = await tx.insert(users).values(row).returning();
    return created!;
  }

  /** E-mails (lower-case) among these that already have an account. */
  async emailsTaken(emails: string[], tx: Db | Tx = this.db): Promise<Set<string>> {
    const rows = await inChunks(emails, (chunk) => tx.select({ email: users.email }).from(users).where(inArray(users.email, chunk)));
    return new Set(rows.map((r) => r.email.toLowerCase()));
  }

  /** Many accounts at once (an import), in chunks in the caller's transaction; ids with their e-mail. */
  async insertMany(tx: Tx, rows: (typeof users.$inferInsert)[]): Promise<{ id: string; email: string }[]> {
    const out: { id: string; email: string }[] = [];
    for (const c of chunks(rows, 1_000)) out.push(...(await tx.insert(users).values(c).returning({ id: users.id, email: users.email })));
    return out;
  }

  /**
   * Takes a TOTP time step for the account: true only if it is later than the last one taken, so that a code is
   * accepted once even when two requests bring it at the same moment (RFC 6238 §5.2).
   */
  async claimTotpStep(id: string, step: number, tx: Db | Tx = this.db): Promise<boolean> {
    const rows = await tx
      .update(users)
      .set({ totpLastStep: step })
      .where(and(eq(users.id, id), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
      .returning({ id: users.id });
    return rows.length === 1;
  }

  /** Accounts with a TOTP secret or one being enrolled (sealing and rotation). */
  async withTotpSecrets(tx: Db | Tx = this.db): Promise<{ id: string; totpSecret: string | null; totpPendingSecret: string | null }[]> {
    return tx
      .select({ id: users.id, totpSecret: users.totpSecret, totpPendingSecret: users.totpPendingSecret })
      .from(users)
      .where(or(isNotNull(users.totpSecret), isNotNull(users.totpPendingSecret)));
  }

  async update(id: string, patch: Partial<typeof users.$inferInsert>, tx: Db | Tx = this.db): Promise<void> {
    if (Object.values(patch).every((v) => v === undefined)) return; // nothing to set: no empty UPDATE
    await tx.update(users).set(patch).where(eq(users.id, id));
  }
}
