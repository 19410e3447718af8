/** Units (R1.1): the tree the operator manages, by hand or imported from CSV. */
import type { z } from 'zod';
import { createUnitBody, unitCsvRow, updateUnitBody, type UnitView } from '../../shared/api';
import type { AuditService } from '../audit/audit.service';
import type { Db, Tx } from '../db/client';
import { AppError, fieldsOf } from '../errors';
import { parseCsv } from '../http/csv';
import { organisationPolicy, type Actor } from './organisation.policy';
import type { UnitRepository, UnitRow } from './unit.repository';
import { UnitTree } from './unit-tree';

const isUniqueViolation = (err: unknown) => {
  const e = err as { code?: string; cause?: { code?: string } };
  return e.code === '23505' || e.cause?.code === '23505';
};

export class UnitService {
  constructor(
    private readonly db: Db,
    private readonly units: UnitRepository,
    private readonly audit: AuditService,
  ) {}

  /** Every signed-in person may read the tree: forms and rosters name units. */
  async list(): Promise<UnitView[]> {
    const [tree, usage] = await Promise.all([this.units.tree(), this.units.usage()]);
    return tree.ordered().map((u) => ({ id: u.id, parentId: u.parentId, code: u.code, name: u.name, ...(usage.get(u.id) ?? { people: 0, meetings: 0 }) }));
  }

  async create(actor: Actor, input: z.output<typeof createUnitBody>, ip = ''): Promise<UnitRow> {
    if (!organisationPolicy.manageUnits(actor)) throw new AppError('forbidden');
    return this.db.transaction(async (tx) => {
      if (input.parentId && !(await this.units.findById(input.parentId, tx))) throw new AppError('unit_not_found', { parentId: input.parentId });
      const unit = await this.units.insert(input, tx).catch((err) => {
        throw isUniqueViolation(err) ? new AppError('unit_code_taken', { code: input.code }) : err;
      });
      await this.audit.record({ actorId: actor.id, action: 'unit.created', targetType: 'unit', targetId: unit.id, data: { code: unit.code, name: unit.name, parentId: unit.parentId }, ip }, tx);
      return unit;
    });
  }

  async update(actor: Actor, id: string, patch: z.output<typeof updateUnitBody>, ip = ''): Promise<UnitRow> {
    if (!organisationPolicy.manageUnits(actor)) throw new AppError('forbidden');
    return this.db.transaction(async (tx) => {
      const before = await this.units.findById(id, tx);
      if (!before) throw new AppError('unit_not_found');
      if (patch.parentId !== undefined) {
        if (patch.parentId && !(await this.units.findById(patch.parentId, tx))) throw new AppError('unit_not_found', { parentId: patch.parentId });
        const tree = new UnitTree(await tx.query.units.findMany());
        if (patch.parentId === id || tree.wouldCycle(id, patch.parentId)) throw new AppError('unit_cycle', { parentId: 'would contain itself' });
      }
      const unit = await this.units.update(id, patch, tx).catch((err) => {
        throw isUniqueViolation(err) ? new AppError('unit_code_taken', { code: patch.code ?? '' }) : err;
      });
      await this.audit.record({ actorId: actor.id, action: 'unit.updated', targetType: 'unit', targetId: id, data: { before: { code: before.code, name: before.name, parentId: before.parentId }, after: patch }, ip }, tx);
      return unit!;
    });
  }

  /** A unit that still has people, meetings, endpoints, sub-units or incidents in the register is kept, with the reason. */
  async delete(actor: Actor, id: string, ip = ''): Promise<void> {
    if (!organisationPolicy.manageUnits(actor)) throw new AppError('forbidden');
    await this.db.transaction(async (tx) => {
      const unit = await this.units.findById(id, tx);
      if (!unit) throw new AppError('unit_not_found');
      // in the transaction: PGlite has one connection, a query outside it would wait for it forever
      const usage = (await this.units.usage(tx)).get(id) ?? { people: 0, meetings: 0 };
      const children = await this.units.hasChildren(id, tx);
      const endpoints = await tx.query.endpoints.findMany({ where: (e, { eq }) => eq(e.unitId, id), limit: 1 });
      const incidents = await tx.query.incidents.findMany({ where: (i, { eq }) => eq(i.unitId, id), limit: 1 });
      if (usage.people || usage.meetings || children || endpoints.length || incidents.length) {
        throw new AppError('unit_not_empty', {
          ...(usage.people ? { people: String(usage.people) } : {}),
          ...(usage.meetings ? { meetings: String(usage.meetings) } : {}),
          ...(children ? { children: 'has sub-units' } : {}),
          ...(endpoints.length ? { endpoints: 'has endpoints' } : {}),
          ...(incidents.length ? { incidents: 'has incidents in the register' } : {}),
        });
      }
      await this.units.delete(id, tx);
      await this.audit.record({ actorId: actor.id, action: 'unit.deleted', targetType: 'unit', targetId: id, data: { code: unit.code, name: unit.name }, ip }, tx);
    });
  }

  /**
   * CSV import, all or nothing: header `code,name,parent_code`; a parent is named by its code, either an existing
   * unit or a row of the same file. Every row and field at fault is reported and nothing is imported.
   */
  async importCsv(actor: Actor, text: string, ip = ''): Promise<{ created: number }> {
    if (!organisationPolicy.manageUnits(actor)) throw new AppError('forbidden');
    const table = parseCsv(text);
    const header = table[0]?.map((h) => h.trim().toLowerCase());
    if (!header || !['code', 'name'].every((h) => header.includes(h))) {
      throw new AppError('csv_invalid', { header: 'expected columns code,name,parent_code' });
    }
    const errors: Record<string, string> = {};
    const rows: { line: number; code: string; name: string; parentCode: string }[] = [];
    table.slice(1).forEach((cells, i) => {
      const line = i + 2; // 1-based, after the header
      const record = Object.fromEntries(header.map((h, j) => [h, cells[j] ?? '']));
      const parsed = unitCsvRow.safeParse(record);
      if (!parsed.success) {
        for (const [field, message] of Object.entries(fieldsOf(parsed.error.issues))) errors[`row ${line}: ${field}`] = message;
        return;
      }
      rows.push({ line, code: parsed.data.code, name: parsed.data.name, parentCode: parsed.data.parent_code });
    });
    if (rows.length === 0 && Object.keys(errors).length === 0) throw new AppError('csv_invalid', { rows: 'no rows' });

    return this.db.transaction(async (tx: Tx) => {
      await this.units.lockForImport(tx);
      const seen = new Map<string, number>();
      for (const r of rows) {
        if (seen.has(r.code)) errors[`row ${r.line}: code`] = `duplicate of row ${seen.get(r.code)}`;
        else seen.set(r.code, r.line);
      }
      const existing = new Map((await this.units.findByCodes([...new Set(rows.flatMap((r) => [r.code, r.parentCode]).filter(Boolean))], tx)).map((u) => [u.code, u]));
      for (const r of rows) {
        if (existing.has(r.code)) errors[`row ${r.line}: code`] = 'a unit with this code exists';
        if (r.parentCode && !existing.has(r.parentCode) && !seen.has(r.parentCode)) errors[`row ${r.line}: parent_code`] = `no unit ${r.parentCode}`;
      }
      // Insert parents before children; rows that never become insertable form a cycle.
      const ids = new Map([...existing].map(([code, u]) => [code, u.id]));
      let pending = rows.filter((r) => !existing.has(r.code));
      if (Object.keys(errors).length === 0) {
        while (pending.length) {
          const ready = pending.filter((r) => !r.parentCode || ids.has(r.parentCode));
          if (ready.length === 0) {
            for (const r of pending) errors[`row ${r.line}: parent_code`] = 'parents form a cycle';
            break;
          }
          for (const r of ready) {
            const unit = await this.units.insert({ code: r.code, name: r.name, parentId: r.parentCode ? ids.get(r.parentCode)! : null }, tx);
            ids.set(r.code, unit.id);
          }
          pending = pending.filter((r) => !ready.includes(r));
        }
      }
      if (Object.keys(errors).length) throw new AppError('csv_invalid', errors); // the transaction rolls back
      await this.audit.record({ actorId: actor.id, action: 'unit.imported', targetType: 'unit', data: { created: rows.length, codes: rows.map((r) => r.code) }, ip }, tx);
      return { created: rows.length };
    });
  }
}
