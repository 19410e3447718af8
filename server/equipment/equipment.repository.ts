/** Equipment rows (R5.3): devices, maintenance entries, checklists, and the figures of the yearly evaluation. The only SQL of the domain. */
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { ChecklistPhase } from '../../shared/api';
import type { Db, Tx } from '../db/client';
import { endpointTechnicians, endpoints, equipmentChecklists, equipmentDevices, equipmentMaintenance, meetingEndpoints, meetings, units, users } from '../db/schema';

export type DeviceRow = typeof equipmentDevices.$inferSelect;
export type MaintenanceRow = typeof equipmentMaintenance.$inferSelect & { deviceName: string | null; recordedByName: string };
export type ChecklistRow = typeof equipmentChecklists.$inferSelect & { filledByName: string };
export type EquipmentEndpointRow = Pick<typeof endpoints.$inferSelect, 'id' | 'name' | 'kind' | 'unitId' | 'location' | 'status'> & { unitName: string };

/** Per-endpoint figures of a year (the evaluation, D13.4). */
export interface EndpointYearFigures {
  meetingsHeld: number;
  seconds: number;
  checklists: number;
  itemsChecked: number;
  itemsNotOk: number;
  maintenance: number;
  cost: number;
}

const TZ = 'Asia/Ho_Chi_Minh';

export class EquipmentRepository {
  constructor(private readonly db: Db) {}

  // ----------------------------------------------------------------------------------- endpoints

  async endpoints(ids?: string[], tx: Db | Tx = this.db): Promise<EquipmentEndpointRow[]> {
    if (ids && ids.length === 0) return [];
    return tx
      .select({ id: endpoints.id, name: endpoints.name, kind: endpoints.kind, unitId: endpoints.unitId, location: endpoints.location, status: endpoints.status, unitName: units.name })
      .from(endpoints)
      .innerJoin(units, eq(units.id, endpoints.unitId))
      .where(ids ? inArray(endpoints.id, ids) : undefined)
      .orderBy(asc(units.name), asc(endpoints.name));
  }

  async endpoint(id: string, tx: Db | Tx = this.db): Promise<EquipmentEndpointRow | undefined> {
    const [row] = await this.endpoints([id], tx);
    return row;
  }

  /** The endpoints a person is currently assigned to as technician. */
  async assignedEndpointIds(userId: string, tx: Db | Tx = this.db): Promise<Set<string>> {
    const rows = await tx
      .select({ id: endpointTechnicians.endpointId })
      .from(endpointTechnicians)
      .where(and(eq(endpointTechnicians.userId, userId), isNull(endpointTechnicians.endedAt)));
    return new Set(rows.map((r) => r.id));
  }

  // ----------------------------------------------------------------------------------- devices

  async devices(endpointIds: string[]): Promise<DeviceRow[]> {
    if (endpointIds.length === 0) return [];
    return this.db.select().from(equipmentDevices).where(inArray(equipmentDevices.endpointId, endpointIds)).orderBy(asc(equipmentDevices.kind), asc(equipmentDevices.name), asc(equipmentDevices.createdAt));
  }

  async device(id: string, tx: Db | Tx = this.db): Promise<DeviceRow | undefined> {
    const [row] = await tx.select().from(equipmentDevices).where(eq(equipmentDevices.id, id));
    return row;
  }

  async insertDevice(tx: Tx, row: typeof equipmentDevices.$inferInsert): Promise<DeviceRow> {
    const [created] = await tx.insert(equipmentDevices).values(row).returning();
    return created!;
  }

  async updateDevice(tx: Tx, id: string, patch: Partial<typeof equipmentDevices.$inferInsert>): Promise<DeviceRow> {
    const [row] = await tx
      .update(equipmentDevices)
      .set({ ...patch, updatedAt: new Date() })
      .where(eq(equipmentDevices.id, id))
      .returning();
    return row!;
  }

  async deleteDevice(tx: Tx, id: string): Promise<void> {
    await tx.delete(equipmentDevices).where(eq(equipmentDevices.id, id));
  }

  // ----------------------------------------------------------------------------------- maintenance

  async maintenance(endpointIds: string[], where?: { id: string }, tx: Db | Tx = this.db): Promise<MaintenanceRow[]> {
    if (endpointIds.length === 0 && !where) return [];
    const rows = await tx
      .select({ row: equipmentMaintenance, deviceName: equipmentDevices.name, recordedByName: users.name })
      .from(equipmentMaintenance)
      .leftJoin(equipmentDevices, eq(equipmentDevices.id, equipmentMaintenance.deviceId))
      .innerJoin(users, eq(users.id, equipmentMaintenance.recordedBy))
      .where(where ? eq(equipmentMaintenance.id, where.id) : inArray(equipmentMaintenance.endpointId, endpointIds))
      .orderBy(desc(equipmentMaintenance.doneOn), desc(equipmentMaintenance.createdAt));
    return rows.map((r) => ({ ...r.row, deviceName: r.deviceName, recordedByName: r.recordedByName }));
  }

  async maintenanceEntry(id: string, tx: Db | Tx = this.db): Promise<MaintenanceRow | undefined> {
    const [row] = await this.maintenance([], { id }, tx);
    return row;
  }

  async insertMaintenance(tx: Tx, row: typeof equipmentMaintenance.$inferInsert): Promise<string> {
    const [created] = await tx.insert(equipmentMaintenance).values(row).returning({ id: equipmentMaintenance.id });
    return created!.id;
  }

  async updateMaintenance(tx: Tx, id: string, patch: Partial<typeof equipmentMaintenance.$inferInsert>): Promise<void> {
    await tx.update(equipmentMaintenance).set(patch).where(eq(equipmentMaintenance.id, id));
  }

  async deleteMaintenance(tx: Tx, id: string): Promise<void> {
    await tx.delete(equipmentMaintenance).where(eq(equipmentMaintenance.id, id));
  }

  // ----------------------------------------------------------------------------------- checklists

  async meeting(id: string, tx: Db | Tx = this.db) {
    const [row] = await tx
      .select({ id: meetings.id, title: meetings.title, slug: meetings.slug, startsAt: meetings.startsAt, endsAt: meetings.endsAt, status: meetings.status })
      .from(meetings)
      .where(eq(meetings.id, id));
    return row;
  }

  async meetingEndpointIds(meetingId: string, tx: Db | Tx = this.db): Promise<string[]> {
    const rows = await tx.select({ id: meetingEndpoints.endpointId }).from(meetingEndpoints).where(eq(meetingEndpoints.meetingId, meetingId));
    return rows.map((r) => r.id);
  }

  async checklists(meetingId: string, tx: Db | Tx = this.db): Promise<ChecklistRow[]> {
    const rows = await tx
      .select({ row: equipmentChecklists, filledByName: users.name })
      .from(equipmentChecklists)
      .innerJoin(users, eq(users.id, equipmentChecklists.filledBy))
      .where(eq(equipmentChecklists.meetingId, meetingId));
    return rows.map((r) => ({ ...r.row, filledByName: r.filledByName }));
  }

  /** One checklist per (meeting, endpoint, phase): filling again replaces the answers. */
  async upsertChecklist(
    tx: Tx,
    row: { meetingId: string; endpointId: string; phase: ChecklistPhase; items: { item: string; ok: boolean; note: string }[]; note: string; filledBy: string },
  ): Promise<{ id: string; replaced: boolean }> {
    const [existing] = await tx
      .select({ id: equipmentChecklists.id })
      .from(equipmentChecklists)
      .where(and(eq(equipmentChecklists.meetingId, row.meetingId), eq(equipmentChecklists.endpointId, row.endpointId), eq(equipmentChecklists.phase, row.phase)));
    const [saved] = await tx
      .insert(equipmentChecklists)
      .values({ ...row, filledAt: new Date() })
      .onConflictDoUpdate({
        target: [equipmentChecklists.meetingId, equipmentChecklists.endpointId, equipmentChecklists.phase],
        set: { items: row.items, note: row.note, filledBy: row.filledBy, filledAt: new Date() },
      })
      .returning({ id: equipmentChecklists.id });
    return { id: saved!.id, replaced: Boolean(existing) };
  }

  /** The active operators, told when a checklist finds something not ok. */
  async operatorIds(tx: Db | Tx = this.db): Promise<string[]> {
    const rows = await tx.select({ id: users.id }).from(users).where(and(eq(users.role, 'operator'), isNull(users.disabledAt)));
    return rows.map((r) => r.id);
  }

  // ----------------------------------------------------------------------------------- the yearly evaluation

  /**
   * The year's figures for each of these endpoints (the year in Hà Nội time): meetings held (ended) with the
   * endpoint and the time they ran (opening to end; never negative), checklists of those same meetings (so that the
   * share filled is of the meetings held) and their items not ok, maintenance entries done that year and their cost.
   */
  async yearFigures(endpointIds: string[], year: number): Promise<Map<string, EndpointYearFigures>> {
    const out = new Map<string, EndpointYearFigures>(endpointIds.map((id) => [id, { meetingsHeld: 0, seconds: 0, checklists: 0, itemsChecked: 0, itemsNotOk: 0, maintenance: 0, cost: 0 }]));
    if (endpointIds.length === 0) return out;
    const inYear = sql`extract(year from ${meetings.startsAt} at time zone ${TZ}) = ${year}`;
    const held = await this.db
      .select({
        endpointId: meetingEndpoints.endpointId,
        n: sql<number>`count(*)::int`,
        seconds: sql<number>`coalesce(sum(greatest(0, extract(epoch from (coalesce(${meetings.endedAt}, ${meetings.endsAt}) - ${meetings.startsAt})))), 0)::float8`,
      })
      .from(meetingEndpoints)
      .innerJoin(meetings, eq(meetings.id, meetingEndpoints.meetingId))
      .where(and(inArray(meetingEndpoints.endpointId, endpointIds), eq(meetings.status, 'ended'), inYear))
      .groupBy(meetingEndpoints.endpointId);
    for (const r of held) Object.assign(out.get(r.endpointId)!, { meetingsHeld: Number(r.n), seconds: Number(r.seconds) });

    const checked = await this.db
      .select({
        endpointId: equipmentChecklists.endpointId,
        n: sql<number>`count(*)::int`,
        items: sql<number>`coalesce(sum(jsonb_array_length(${equipmentChecklists.items})), 0)::int`,
        notOk: sql<number>`coalesce(sum((select count(*) from jsonb_array_elements(${equipmentChecklists.items}) e where (e->>'ok')::boolean = false)), 0)::int`,
      })
      .from(equipmentChecklists)
      .innerJoin(meetings, eq(meetings.id, equipmentChecklists.meetingId))
      .where(and(inArray(equipmentChecklists.endpointId, endpointIds), eq(meetings.status, 'ended'), inYear))
      .groupBy(equipmentChecklists.endpointId);
    for (const r of checked) Object.assign(out.get(r.endpointId)!, { checklists: Number(r.n), itemsChecked: Number(r.items), itemsNotOk: Number(r.notOk) });

    const maintained = await this.db
      .select({ endpointId: equipmentMaintenance.endpointId, n: sql<number>`count(*)::int`, cost: sql<number>`coalesce(sum(${equipmentMaintenance.cost}), 0)::float8` })
      .from(equipmentMaintenance)
      .where(and(inArray(equipmentMaintenance.endpointId, endpointIds), sql`extract(year from ${equipmentMaintenance.doneOn}) = ${year}`))
      .groupBy(equipmentMaintenance.endpointId);
    for (const r of maintained) Object.assign(out.get(r.endpointId)!, { maintenance: Number(r.n), cost: Number(r.cost) });
    return out;
  }

  /** Distinct meetings held in the year with any of these endpoints (a meeting with two of them counts once). */
  async meetingsHeld(endpointIds: string[], year: number): Promise<number> {
    if (endpointIds.length === 0) return 0;
    const [row] = await this.db
      .select({ n: sql<number>`count(distinct ${meetings.id})::int` })
      .from(meetingEndpoints)
      .innerJoin(meetings, eq(meetings.id, meetingEndpoints.meetingId))
      .where(and(inArray(meetingEndpoints.endpointId, endpointIds), eq(meetings.status, 'ended'), sql`extract(year from ${meetings.startsAt} at time zone ${TZ}) = ${year}`));
    return Number(row?.n ?? 0);
  }

  /** Items found not ok in the year's checklists, by item. */
  async notOkItems(endpointIds: string[], year: number): Promise<{ item: string; count: number }[]> {
    if (endpointIds.length === 0) return [];
    const result = await this.db.execute(sql`
      select e->>'item' as item, count(*)::int as n
      from ${equipmentChecklists} c
      join ${meetings} m on m.id = c.meeting_id
      cross join lateral jsonb_array_elements(c.items) e
      where c.endpoint_id in (${sql.join(endpointIds.map((id) => sql`${id}::uuid`), sql`, `)})
        and m.status = 'ended'
        and extract(year from m.starts_at at time zone ${TZ}) = ${year}
        and (e->>'ok')::boolean = false
      group by 1 order by 2 desc, 1`);
    const list = (result as unknown as { rows: { item: string; n: number }[] }).rows;
    return list.map((r) => ({ item: r.item, count: Number(r.n) }));
  }

  async maintenanceByKind(endpointIds: string[], year: number): Promise<{ kind: string; n: number }[]> {
    if (endpointIds.length === 0) return [];
    const rows = await this.db
      .select({ kind: equipmentMaintenance.kind, n: sql<number>`count(*)::int` })
      .from(equipmentMaintenance)
      .where(and(inArray(equipmentMaintenance.endpointId, endpointIds), sql`extract(year from ${equipmentMaintenance.doneOn}) = ${year}`))
      .groupBy(equipmentMaintenance.kind);
    return rows.map((r) => ({ kind: r.kind, n: Number(r.n) }));
  }
}
