/** What the statistics read besides the report's figures: the unit tree. The only SQL of the domain. */
import { and, eq, inArray, or, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { unitReports, units, type ReportEnteredLine } from '../db/schema';
import { UnitTree } from '../organisation/unit-tree';

export class StatisticsRepository {
  constructor(private readonly db: Db) {}

  async unitTree(): Promise<UnitTree<{ id: string; parentId: string | null; name: string }>> {
    return new UnitTree(await this.db.select({ id: units.id, parentId: units.parentId, name: units.name }).from(units));
  }

  /** Rows 2 and 3 of the submitted quarterly reports of these units (all: null) and quarters. */
  async submittedLines(unitIds: string[] | null, quarters: { year: number; quarter: number }[]): Promise<{ otherInternal: ReportEnteredLine; otherExternal: ReportEnteredLine; rented: (ReportEnteredLine & { provider: string })[] }[]> {
    if (!quarters.length || unitIds?.length === 0) return [];
    const where: SQL[] = [eq(unitReports.state, 'submitted'), or(...quarters.map((q) => and(eq(unitReports.year, q.year), eq(unitReports.quarter, q.quarter))))!];
    if (unitIds) where.push(inArray(unitReports.unitId, unitIds));
    return this.db.select({ otherInternal: unitReports.otherInternal, otherExternal: unitReports.otherExternal, rented: unitReports.rented }).from(unitReports).where(and(...where));
  }
}
