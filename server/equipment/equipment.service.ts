/**
 * Equipment of the endpoints (issue 17 point 4; R5.3): the asset register (D13.1), the maintenance log (D13.3,
 * M10.1), the checklist before and after each meeting (M10.3, D15.1, D15.3, D16.1, D16.3; the operators are told
 * at once when one finds an item not ok) and the yearly
 * evaluation of the system's efficiency (D13.4, D22.2) computed from those records and the meetings held.
 * Authorization first in every command (equipment.policy.ts); every change is one transaction with its audit entry.
 */
import type { z } from 'zod';
import {
  checklistItems,
  maintenanceKinds,
  type ChecklistItemId,
  type ChecklistPhase,
  type ChecklistView,
  type DeviceView,
  type EquipmentEndpointView,
  type EvaluationView,
  type MaintenanceKind,
  type MaintenanceView,
  type MeetingChecklistsView,
  type checklistBody,
  type deviceBody,
  type evaluationPdfBody,
  type maintenanceBody,
  type updateDeviceBody,
  type updateMaintenanceBody,
} from '../../shared/api';
import type { AuditService } from '../audit/audit.service';
import type { NotificationService } from '../notifications/notification.service';
import type { Db } from '../db/client';
import { AppError } from '../errors';
import type { Actor } from '../organisation/organisation.policy';
import type { UnitRepository } from '../organisation/unit.repository';
import { renderAdminDocument } from '../pdf/admin-document';
import { equipmentPolicy, type EndpointRelation } from './equipment.policy';
import type { ChecklistRow, DeviceRow, EquipmentEndpointRow, EquipmentRepository, MaintenanceRow } from './equipment.repository';
import { evaluationDocument, type EvaluationIssuer } from './evaluation-document';

export const presentDevice = (d: DeviceRow): DeviceView => ({
  id: d.id,
  endpointId: d.endpointId,
  kind: d.kind,
  name: d.name,
  model: d.model,
  serialNumber: d.serialNumber,
  inServiceOn: d.inServiceOn,
  warrantyUntil: d.warrantyUntil,
  status: d.status,
  notes: d.notes,
  updatedAt: d.updatedAt.toISOString(),
});

export const presentMaintenance = (m: MaintenanceRow): MaintenanceView => ({
  id: m.id,
  endpointId: m.endpointId,
  device: m.deviceId ? { id: m.deviceId, name: m.deviceName ?? '' } : null,
  doneOn: m.doneOn,
  kind: m.kind,
  description: m.description,
  doneBy: m.doneBy,
  cost: m.cost,
  nextDueOn: m.nextDueOn,
  recordedBy: { id: m.recordedBy, name: m.recordedByName },
  createdAt: m.createdAt.toISOString(),
});

export const presentChecklist = (c: ChecklistRow): ChecklistView => ({
  id: c.id,
  meetingId: c.meetingId,
  endpointId: c.endpointId,
  phase: c.phase,
  items: c.items as ChecklistView['items'],
  note: c.note,
  notOk: c.items.filter((i) => !i.ok).length,
  filledBy: { id: c.filledBy, name: c.filledByName },
  filledAt: c.filledAt.toISOString(),
});

export interface EquipmentServiceDeps {
  /** The issuing unit's header for the evaluation PDF (its name, parent body, place). */
  issuerOf: (unitId: string) => Promise<{ unit: string; parentBody?: string; place: string }>;
}

export class EquipmentService {
  constructor(
    private readonly db: Db,
    private readonly repo: EquipmentRepository,
    private readonly units: UnitRepository,
    private readonly audit: AuditService,
    private readonly notifications: NotificationService,
    private readonly deps: EquipmentServiceDeps,
  ) {}

  // ------------------------------------------------------------------------------------ register and log

  async list(actor: Actor): Promise<EquipmentEndpointView[]> {
    if (!equipmentPolicy.seeAny(actor)) throw new AppError('forbidden');
    const [rows, tree, assigned] = await Promise.all([this.repo.endpoints(), this.units.tree(), this.repo.assignedEndpointIds(actor.id)]);
    const visible = rows.filter((e) => equipmentPolicy.read(actor, rel(e, assigned), tree));
    const ids = visible.map((e) => e.id);
    const [devices, maintenance] = await Promise.all([this.repo.devices(ids), this.repo.maintenance(ids)]);
    return visible.map((e) => ({
      endpoint: { id: e.id, name: e.name, kind: e.kind, unitId: e.unitId, unit: e.unitName, location: e.location, status: e.status },
      devices: devices.filter((d) => d.endpointId === e.id).map(presentDevice),
      maintenance: maintenance.filter((m) => m.endpointId === e.id).map(presentMaintenance),
      canEdit: equipmentPolicy.edit(actor, rel(e, assigned), tree),
    }));
  }

  async addDevice(actor: Actor, endpointId: string, input: z.output<typeof deviceBody>, ip = ''): Promise<DeviceView> {
    const ep = await this.editable(actor, endpointId);
    const row = await this.db.transaction(async (tx) => {
      const created = await this.repo.insertDevice(tx, { endpointId: ep.id, ...input });
      await this.audit.record({ actorId: actor.id, action: 'equipment.device_added', targetType: 'endpoint', targetId: ep.id, data: { deviceId: created.id, kind: created.kind, name: created.name, serialNumber: created.serialNumber }, ip }, tx);
      return created;
    });
    return presentDevice(row);
  }

  async updateDevice(actor: Actor, id: string, input: z.output<typeof updateDeviceBody>, ip = ''): Promise<DeviceView> {
    const before = await this.repo.device(id);
    if (!before) throw new AppError('device_not_found');
    await this.editable(actor, before.endpointId);
    const merged = { inServiceOn: input.inServiceOn !== undefined ? input.inServiceOn : before.inServiceOn, warrantyUntil: input.warrantyUntil !== undefined ? input.warrantyUntil : before.warrantyUntil };
    if (merged.inServiceOn && merged.warrantyUntil && merged.warrantyUntil < merged.inServiceOn) {
      throw new AppError('validation_failed', { warrantyUntil: 'the warranty ends before the device was put in service' });
    }
    const row = await this.db.transaction(async (tx) => {
      const updated = await this.repo.updateDevice(tx, id, input);
      const changed = Object.keys(input).filter((k) => (input as Record<string, unknown>)[k] !== undefined);
      await this.audit.record({ actorId: actor.id, action: 'equipment.device_changed', targetType: 'endpoint', targetId: before.endpointId, data: { deviceId: id, changed, status: updated.status }, ip }, tx);
      return updated;
    });
    return presentDevice(row);
  }

  async deleteDevice(actor: Actor, id: string, ip = ''): Promise<void> {
    const before = await this.repo.device(id);
    if (!before) throw new AppError('device_not_found');
    await this.editable(actor, before.endpointId);
    await this.db.transaction(async (tx) => {
      await this.repo.deleteDevice(tx, id);
      await this.audit.record({ actorId: actor.id, action: 'equipment.device_deleted', targetType: 'endpoint', targetId: before.endpointId, data: { deviceId: id, kind: before.kind, name: before.name, serialNumber: before.serialNumber }, ip }, tx);
    });
  }

  async addMaintenance(actor: Actor, endpointId: string, input: z.output<typeof maintenanceBody>, ip = ''): Promise<MaintenanceView> {
    const ep = await this.editable(actor, endpointId);
    await this.checkDevice(ep.id, input.deviceId);
    const id = await this.db.transaction(async (tx) => {
      const created = await this.repo.insertMaintenance(tx, { endpointId: ep.id, ...input, recordedBy: actor.id });
      await this.audit.record({ actorId: actor.id, action: 'equipment.maintenance_recorded', targetType: 'endpoint', targetId: ep.id, data: { entryId: created, kind: input.kind, doneOn: input.doneOn, cost: input.cost }, ip }, tx);
      return created;
    });
    return this.maintenanceView(id);
  }

  async updateMaintenance(actor: Actor, id: string, input: z.output<typeof updateMaintenanceBody>, ip = ''): Promise<MaintenanceView> {
    const before = await this.repo.maintenanceEntry(id);
    if (!before) throw new AppError('maintenance_not_found');
    await this.editable(actor, before.endpointId);
    if (input.deviceId) await this.checkDevice(before.endpointId, input.deviceId);
    const doneOn = input.doneOn ?? before.doneOn;
    const nextDueOn = input.nextDueOn !== undefined ? input.nextDueOn : before.nextDueOn;
    if (nextDueOn && nextDueOn <= doneOn) throw new AppError('validation_failed', { nextDueOn: 'the next due date must come after the work' });
    await this.db.transaction(async (tx) => {
      await this.repo.updateMaintenance(tx, id, input);
      const changed = Object.keys(input).filter((k) => (input as Record<string, unknown>)[k] !== undefined);
      await this.audit.record({ actorId: actor.id, action: 'equipment.maintenance_changed', targetType: 'endpoint', targetId: before.endpointId, data: { entryId: id, changed }, ip }, tx);
    });
    return this.maintenanceView(id);
  }

  async deleteMaintenance(actor: Actor, id: string, ip = ''): Promise<void> {
    const before = await this.repo.maintenanceEntry(id);
    if (!before) throw new AppError('maintenance_not_found');
    await this.editable(actor, before.endpointId);
    await this.db.transaction(async (tx) => {
      await this.repo.deleteMaintenance(tx, id);
      await this.audit.record({ actorId: actor.id, action: 'equipment.maintenance_deleted', targetType: 'endpoint', targetId: before.endpointId, data: { entryId: id, kind: before.kind, doneOn: before.doneOn, cost: before.cost }, ip }, tx);
    });
  }

  // ------------------------------------------------------------------------------------ checklists

  async meetingChecklists(actor: Actor, meetingId: string): Promise<MeetingChecklistsView> {
    if (!equipmentPolicy.seeAny(actor)) throw new AppError('forbidden');
    const meeting = await this.repo.meeting(meetingId);
    if (!meeting) throw new AppError('meeting_not_found');
    const [endpointIds, tree, assigned, checklists] = await Promise.all([this.repo.meetingEndpointIds(meetingId), this.units.tree(), this.repo.assignedEndpointIds(actor.id), this.repo.checklists(meetingId)]);
    const rows = (await this.repo.endpoints(endpointIds)).filter((e) => equipmentPolicy.read(actor, rel(e, assigned), tree));
    if (rows.length === 0 && actor.role !== 'operator') throw new AppError('forbidden');
    const of = (endpointId: string, phase: ChecklistPhase) => {
      const c = checklists.find((x) => x.endpointId === endpointId && x.phase === phase);
      return c ? presentChecklist(c) : null;
    };
    return {
      meeting: { id: meeting.id, title: meeting.title, slug: meeting.slug, startsAt: meeting.startsAt.toISOString(), endsAt: meeting.endsAt.toISOString(), status: meeting.status },
      endpoints: rows.map((e) => ({
        endpoint: { id: e.id, name: e.name, unit: e.unitName },
        mayFill: meeting.status !== 'cancelled' && equipmentPolicy.fillChecklist(actor, rel(e, assigned)),
        before: of(e.id, 'before'),
        after: of(e.id, 'after'),
      })),
    };
  }

  async fillChecklist(actor: Actor, meetingId: string, endpointId: string, phase: ChecklistPhase, input: z.output<typeof checklistBody>, ip = ''): Promise<ChecklistView> {
    const meeting = await this.repo.meeting(meetingId);
    if (!meeting) throw new AppError('meeting_not_found');
    const ep = await this.repo.endpoint(endpointId);
    if (!ep) throw new AppError('endpoint_not_found');
    const assigned = await this.repo.assignedEndpointIds(actor.id);
    if (!equipmentPolicy.fillChecklist(actor, rel(ep, assigned))) throw new AppError('checklist_not_technician');
    if (!(await this.repo.meetingEndpointIds(meetingId)).includes(endpointId)) throw new AppError('checklist_endpoint_not_in_meeting');
    if (meeting.status === 'cancelled') throw new AppError('checklist_meeting_cancelled');
    const expected: readonly ChecklistItemId[] = checklistItems[phase];
    const given = input.items.map((i) => i.item);
    const fields: Record<string, string> = {};
    const missing = expected.filter((i) => !given.includes(i));
    const extra = given.filter((i, n) => !expected.includes(i) || given.indexOf(i) !== n);
    if (missing.length) fields.items = `not answered: ${missing.join(', ')}`;
    if (extra.length) fields['items.extra'] = `not of this phase or answered twice: ${[...new Set(extra)].join(', ')}`;
    if (missing.length || extra.length) throw new AppError('checklist_items_invalid', fields);
    // kept in the list's order, whatever order they came in
    const items = expected.map((id) => input.items.find((i) => i.item === id)!).map((i) => ({ item: i.item, ok: i.ok, note: i.note }));
    await this.db.transaction(async (tx) => {
      const saved = await this.repo.upsertChecklist(tx, { meetingId, endpointId, phase, items, note: input.note, filledBy: actor.id });
      const notOk = items.filter((i) => !i.ok).map((i) => i.item);
      await this.audit.record({ actorId: actor.id, action: 'equipment.checklist_filled', targetType: 'meeting', targetId: meetingId, data: { checklistId: saved.id, endpointId, phase, notOk, replaced: saved.replaced }, ip }, tx);
      // shown to the operator at once when something is not ok (M10.3, D14.2)
      if (notOk.length) {
        const data = { meetingId, meetingTitle: meeting.title, endpointId, endpoint: ep.name, phase, notOk: notOk.length };
        await this.notifications.notify(tx, (await this.repo.operatorIds(tx)).filter((o) => o !== actor.id).map((userId) => ({ userId, kind: 'equipment.checklist_not_ok', data })));
      }
    });
    const row = (await this.repo.checklists(meetingId)).find((c) => c.endpointId === endpointId && c.phase === phase)!;
    return presentChecklist(row);
  }

  // ------------------------------------------------------------------------------------ the yearly evaluation

  async evaluation(actor: Actor, year: number, unitId: string | null): Promise<EvaluationView> {
    const tree = await this.units.tree();
    const scopeUnit = unitId ?? (actor.role === 'operator' ? null : actor.unitId);
    if (scopeUnit && !tree.get(scopeUnit)) throw new AppError('unit_not_found');
    if (!equipmentPolicy.evaluate(actor, scopeUnit, tree)) throw new AppError('forbidden');
    const within = scopeUnit ? tree.subtree(scopeUnit) : null;
    const rows = (await this.repo.endpoints()).filter((e) => !within || within.has(e.unitId));
    const ids = rows.map((e) => e.id);
    const [figures, meetingsHeld, notOkItems, byKind, devices] = await Promise.all([
      this.repo.yearFigures(ids, year),
      this.repo.meetingsHeld(ids, year),
      this.repo.notOkItems(ids, year),
      this.repo.maintenanceByKind(ids, year),
      this.repo.devices(ids),
    ]);
    const hours = (s: number) => Math.round(s / 360) / 10;
    const lines = rows.map((e) => {
      const f = figures.get(e.id)!;
      const own = devices.filter((d) => d.endpointId === e.id);
      return {
        endpoint: { id: e.id, name: e.name, unit: e.unitName },
        meetingsHeld: f.meetingsHeld,
        hoursOfUse: hours(f.seconds),
        checklists: f.checklists,
        itemsNotOk: f.itemsNotOk,
        maintenance: f.maintenance,
        cost: f.cost,
        devices: own.filter((d) => d.status !== 'retired').length,
        devicesBroken: own.filter((d) => d.status === 'broken').length,
      };
    });
    const sum = (pick: (f: ReturnType<typeof figures.get> & object) => number) => [...figures.values()].reduce((a, f) => a + pick(f), 0);
    const maintenanceByKind = Object.fromEntries(maintenanceKinds.map((k) => [k, byKind.find((b) => b.kind === k)?.n ?? 0])) as Record<MaintenanceKind, number>;
    return {
      year,
      unit: scopeUnit ? { id: scopeUnit, name: tree.get(scopeUnit)!.name } : null,
      totals: {
        endpoints: rows.length,
        meetingsHeld,
        hoursOfUse: hours(sum((f) => f.seconds)),
        checklists: sum((f) => f.checklists),
        checklistsExpected: 2 * sum((f) => f.meetingsHeld),
        itemsChecked: sum((f) => f.itemsChecked),
        itemsNotOk: sum((f) => f.itemsNotOk),
        maintenance: sum((f) => f.maintenance),
        maintenanceByKind,
        cost: sum((f) => f.cost),
        devices: devices.filter((d) => d.status !== 'retired').length,
        devicesBroken: devices.filter((d) => d.status === 'broken').length,
        devicesRetired: devices.filter((d) => d.status === 'retired').length,
      },
      notOkItems: notOkItems.map((n) => ({ item: n.item as ChecklistItemId, count: n.count })),
      endpoints: lines,
    };
  }

  async evaluationPdf(actor: Actor, input: z.output<typeof evaluationPdfBody>, ip = ''): Promise<{ pdf: Buffer; filename: string }> {
    const view = await this.evaluation(actor, input.year, input.unitId ?? null);
    const header = await this.deps.issuerOf(view.unit?.id ?? actor.unitId);
    const issuer: EvaluationIssuer = { ...header, signer: { name: actor.name, title: actor.title || 'Người lập' } };
    const pdf = await renderAdminDocument(evaluationDocument(view, { assessment: input.assessment, proposals: input.proposals, addressee: input.addressee }, issuer, new Date()));
    await this.audit.record({ actorId: actor.id, action: 'equipment.evaluation_exported', targetType: view.unit ? 'unit' : undefined, targetId: view.unit?.id, data: { year: input.year, meetingsHeld: view.totals.meetingsHeld }, ip });
    return { pdf, filename: `danh-gia-hieu-qua-he-thong-${input.year}.pdf` };
  }

  // ------------------------------------------------------------------------------------ helpers

  private async editable(actor: Actor, endpointId: string): Promise<EquipmentEndpointRow> {
    const ep = await this.repo.endpoint(endpointId);
    if (!ep) throw new AppError('endpoint_not_found');
    const [tree, assigned] = await Promise.all([this.units.tree(), this.repo.assignedEndpointIds(actor.id)]);
    if (!equipmentPolicy.edit(actor, rel(ep, assigned), tree)) throw new AppError('forbidden');
    return ep;
  }

  private async checkDevice(endpointId: string, deviceId: string | null | undefined): Promise<void> {
    if (!deviceId) return;
    const device = await this.repo.device(deviceId);
    if (!device || device.endpointId !== endpointId) throw new AppError('maintenance_device_invalid');
  }

  private async maintenanceView(id: string): Promise<MaintenanceView> {
    const row = await this.repo.maintenanceEntry(id);
    if (!row) throw new AppError('maintenance_not_found');
    return presentMaintenance(row);
  }
}

const rel = (e: EquipmentEndpointRow, assigned: Set<string>): EndpointRelation => ({ unitId: e.unitId, assigned: assigned.has(e.id) });
