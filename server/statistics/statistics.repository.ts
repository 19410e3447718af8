/** What the statistics read besides the report's figures: the unit tree. The only SQL of the domain. */
import type { Db } from '../db/client';
import { units } from '../db/schema';
import { UnitTree } from '../organisation/unit-tree';

export class StatisticsRepository {
  constructor(private readonly db: Db) {}

  async unitTree(): Promise<UnitTree<{ id: string; parentId: string | null; name: string }>> {
    return new UnitTree(await this.db.select({ id: units.id, parentId: units.parentId, name: units.name }).from(units));
  }
}
