import { and, asc, eq, inArray, isNull, notInArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db, Tx } from '../db/client';
import { signables, unitReportReminders, unitReports, units, users, type ReportEnteredLine } from '../db/schema';

export type UnitReportRow = typeof unitReports.$inferSelect;
export type NewUnitReport = typeof unitReports.$inferInsert;

export const emptyEnteredLine = (): ReportEnteredLine => ({ meetings: 0, participants: 0, metPercent: null, cost: 0, note: '' });

export class ReportsRepository {
  constructor(private readonly db: Db) {}

  async find(unitId: string, year: number, quarter: number, tx: Db | Tx = this.db): Promise<UnitReportRow | undefined> {
    const [row] = await tx.select().from(unitReports).where(and(eq(unitReports.unitId, unitId), eq(unitReports.year, year), eq(unitReports.quarter, quarter)));
    return row;
  }

  async byId(id: string, tx: Db | Tx = this.db): Promise<UnitReportRow | undefined> {
    const [row] = await tx.select().from(unitReports).where(eq(unitReports.id, id));
    return row;
  }

  /** Insert the draft unless another request did it first; the row either way. */
  async insertDraft(row: NewUnitReport): Promise<UnitReportRow> {
    await this.db.insert(unitReports).values(row).onConflictDoNothing();
    return (await this.find(row.unitId, row.year, row.quarter))!;
  }

  /** Update when the version is the one read; false when someone changed it meanwhile. */
  async update(tx: Tx, id: string, version: number, set: Partial<NewUnitReport>): Promise<boolean> {
    const rows = await tx
      .update(unitReports)
      .set({ ...set, version: sql`${unitReports.version} + 1`, updatedAt: new Date() })
      .where(and(eq(unitReports.id, id), eq(unitReports.version, version)))
      .returning({ id: unitReports.id });
    return rows.length === 1;
  }

  async ofQuarter(year: number, quarter: number, tx: Db | Tx = this.db): Promise<UnitReportRow[]> {
    return tx.select().from(unitReports).where(and(eq(unitReports.year, year), eq(unitReports.quarter, quarter)));
  }

  /** The unit, its parent's name and its root's name (the place of the document). */
  async unit(unitId: string, tx: Db | Tx = this.db): Promise<{ id: string; name: string; parentName: string | null; rootName: string } | undefined> {
    const parent = alias(units, 'parent');
    const [row] = await tx
      .select({
        id: units.id,
        name: units.name,
        parentName: parent.name,
        rootName: sql<string>`(with recursive up(id, parent_id, name) as (select u.id, u.parent_id, u.name from ${units} u where u.id = ${unitId} union all select p.id, p.parent_id, p.name from ${units} p join up on p.id = up.parent_id) select name from up where parent_id is null limit 1)`,
      })
      .from(units)
      .leftJoin(parent, eq(parent.id, units.parentId))
      .where(eq(units.id, unitId));
    return row ? { ...row, rootName: row.rootName ?? row.name } : undefined;
  }

  /** The units that report: those directly under a root unit (the ministry's Cục, Vụ …; a province's Sở …). */
  async reportingUnits(tx: Db | Tx = this.db): Promise<{ id: string; name: string }[]> {
    const parent = alias(units, 'parent');
    return tx
      .select({ id: units.id, name: units.name })
      .from(units)
      .innerJoin(parent, eq(parent.id, units.parentId))
      .where(isNull(parent.parentId))
      .orderBy(asc(units.name));
  }

  /** Enabled people of the unit who may sign (not guests nor room accounts). */
  async signerCandidates(unitId: string, tx: Db | Tx = this.db): Promise<{ id: string; name: string; title: string; email: string }[]> {
    return tx
      .select({ id: users.id, name: users.name, title: users.title, email: users.email })
      .from(users)
      .where(and(eq(users.unitId, unitId), isNull(users.disabledAt), notInArray(users.role, ['guest', 'endpoint'])))
      .orderBy(asc(users.name));
  }

  async person(id: string, tx: Db | Tx = this.db): Promise<{ id: string; name: string; title: string; unitId: string; role: string; disabled: boolean } | undefined> {
    const [row] = await tx.select({ id: users.id, name: users.name, title: users.title, unitId: users.unitId, role: users.role, disabledAt: users.disabledAt }).from(users).where(eq(users.id, id));
    return row ? { id: row.id, name: row.name, title: row.title, unitId: row.unitId, role: row.role, disabled: row.disabledAt !== null } : undefined;
  }

  /** The organisers (the office) of these units, enabled, with their address. */
  async organisersOf(unitIds: string[], tx: Db | Tx = this.db): Promise<{ id: string; email: string; unitId: string }[]> {
    if (!unitIds.length) return [];
    return tx
      .select({ id: users.id, email: users.email, unitId: users.unitId })
      .from(users)
      .where(and(inArray(users.unitId, unitIds), eq(users.role, 'organiser'), isNull(users.disabledAt)));
  }

  async operators(tx: Db | Tx = this.db): Promise<{ id: string; name: string; title: string; unitId: string }[]> {
    return tx
      .select({ id: users.id, name: users.name, title: users.title, unitId: users.unitId })
      .from(users)
      .where(and(eq(users.role, 'operator'), isNull(users.disabledAt)))
      .orderBy(asc(users.createdAt));
  }

  async reminders(year: number, quarter: number, tx: Db | Tx = this.db) {
    return tx.select().from(unitReportReminders).where(and(eq(unitReportReminders.year, year), eq(unitReportReminders.quarter, quarter)));
  }

  async remember(tx: Tx, unitId: string, year: number, quarter: number, at: Date): Promise<void> {
    await tx
      .insert(unitReportReminders)
      .values({ unitId, year, quarter, lastSentAt: at })
      .onConflictDoUpdate({ target: [unitReportReminders.unitId, unitReportReminders.year, unitReportReminders.quarter], set: { lastSentAt: at, count: sql`${unitReportReminders.count} + 1` } });
  }

  /** The document sent for signing: its state and current bytes (with every signature so far). */
  async signable(id: string, tx: Db | Tx = this.db): Promise<{ state: 'signing' | 'signed'; pdf: Buffer } | undefined> {
    const [row] = await tx.select({ state: signables.state, pdfBase64: signables.pdfBase64 }).from(signables).where(eq(signables.id, id));
    return row ? { state: row.state, pdf: Buffer.from(row.pdfBase64, 'base64') } : undefined;
  }
}
