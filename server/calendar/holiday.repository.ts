import { and, asc, eq, gte, lte } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { holidayOverrides } from '../db/schema';

export type HolidayOverrideRow = typeof holidayOverrides.$inferSelect;

export class HolidayRepository {
  constructor(private readonly db: Db) {}

  /** Overrides from `from` to `to`, both civil dates, inclusive. */
  async between(from: string, to: string): Promise<HolidayOverrideRow[]> {
    return this.db
      .select()
      .from(holidayOverrides)
      .where(and(gte(holidayOverrides.date, from), lte(holidayOverrides.date, to)))
      .orderBy(asc(holidayOverrides.date));
  }

  async find(date: string, tx: Db | Tx = this.db): Promise<HolidayOverrideRow | undefined> {
    const [row] = await tx.select().from(holidayOverrides).where(eq(holidayOverrides.date, date));
    return row;
  }

  async upsert(tx: Tx, row: { date: string; kind: HolidayOverrideRow['kind']; name: string; updatedBy: string }): Promise<HolidayOverrideRow> {
    const [saved] = await tx
      .insert(holidayOverrides)
      .values({ ...row, updatedAt: new Date() })
      .onConflictDoUpdate({ target: holidayOverrides.date, set: { kind: row.kind, name: row.name, updatedBy: row.updatedBy, updatedAt: new Date() } })
      .returning();
    return saved!;
  }

  async remove(tx: Tx, date: string): Promise<boolean> {
    const rows = await tx.delete(holidayOverrides).where(eq(holidayOverrides.date, date)).returning({ date: holidayOverrides.date });
    return rows.length > 0;
  }
}
