import { count, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { meetings, units, users } from '../db/schema';
import { UnitTree } from './unit-tree';

export type UnitRow = typeof units.$inferSelect;

export class UnitRepository {
  constructor(private readonly db: Db) {}

  async all(): Promise<UnitRow[]> {
    return this.db.select().from(units);
  }

  async tree(): Promise<UnitTree<UnitRow>> {
    return new UnitTree(await this.all());
  }

  /**
   * Whether `unitId` is `ancestorId` or lies under it: one recursive query up the (shallow) tree instead of loading
   * the whole tree, for checks on every entry into a meeting.
   */
  async isWithin(unitId: string, ancestorId: string): Promise<boolean> {
    if (unitId === ancestorId) return true;
    const result = (await this.db.execute(sql`
      WITH RECURSIVE up(id, parent_id, depth) AS (
        SELECT id, parent_id, 0 FROM units WHERE id = ${unitId}
        UNION ALL
        SELECT u.id, u.parent_id, up.depth + 1 FROM units u JOIN up ON u.id = up.parent_id WHERE up.depth < 64
      )
      SELECT 1 AS hit FROM up WHERE id = ${ancestorId} LIMIT 1`)) as unknown as { rows: unknown[] };
    return result.rows.length > 0;
  }

  /** People and meetings per unit: what keeps a unit from being deleted. */
  async usage(tx: Db | Tx = this.db): Promise<Map<string, { people: number; meetings: number }>> {
    const people = await tx.select({ unitId: users.unitId, n: count() }).from(users).groupBy(users.unitId);
    const held = await tx.select({ unitId: meetings.hostUnitId, n: count() }).from(meetings).groupBy(meetings.hostUnitId);
    const out = new Map<string, { people: number; meetings: number }>();
    for (const p of people) out.set(p.unitId, { people: Number(p.n), meetings: 0 });
    for (const m of held) out.set(m.unitId, { people: out.get(m.unitId)?.people ?? 0, meetings: Number(m.n) });
    return out;
  }

  async findById(id: string, tx: Db | Tx = this.db): Promise<UnitRow | undefined> {
    const [row] = await tx.select().from(units).where(eq(units.id, id));
    return row;
  }

  async findByCodes(codes: string[], tx: Db | Tx = this.db): Promise<UnitRow[]> {
    if (codes.length === 0) return [];
    return tx.select().from(units).where(inArray(units.code, codes));
  }

  async insert(row: typeof units.$inferInsert, tx: Db | Tx = this.db): Promise<UnitRow> {
    const [created] = await tx.insert(units).values(row).returning();
    return created!;
  }

  async update(id: string, patch: Partial<typeof units.$inferInsert>, tx: Db | Tx = this.db): Promise<UnitRow | undefined> {
    if (Object.values(patch).every((v) => v === undefined)) return (await tx.select().from(units).where(eq(units.id, id)))[0]; // no empty UPDATE
    const [row] = await tx.update(units).set(patch).where(eq(units.id, id)).returning();
    return row;
  }

  async delete(id: string, tx: Db | Tx = this.db): Promise<void> {
    await tx.delete(units).where(eq(units.id, id));
  }

  async hasChildren(id: string, tx: Db | Tx = this.db): Promise<boolean> {
    const rows = await tx.select({ id: units.id }).from(units).where(eq(units.parentId, id)).limit(1);
    return rows.length > 0;
  }

  /** Lock the units table for a multi-row change (CSV import), so codes checked stay free until commit. */
  async lockForImport(tx: Tx): Promise<void> {
    await tx.execute(sql`LOCK TABLE units IN SHARE ROW EXCLUSIVE MODE`);
  }
}
