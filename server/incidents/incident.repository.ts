/** The incident register (R3.10, R5.4): the only SQL of the domain. */
import { and, desc, eq, gte, inArray, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { IncidentStatus } from '../../shared/api';
import { shortfallCauses, type ShortfallCause } from '../../shared/causes';
import type { Db, Tx } from '../db/client';
import { endpoints, endpointTechnicians, incidents, meetings, units, users } from '../db/schema';

export type IncidentRow = typeof incidents.$inferSelect;
export type IncidentListed = IncidentRow & {
  unitName: string;
  endpointName: string | null;
  meetingTitle: string | null;
  meetingSlug: string | null;
  handlerName: string | null;
  resolvedByName: string | null;
  reporterName: string;
};

/** Whose incidents a list holds: all, a unit's subtree, or a unit's and those of the endpoints a technician operates. */
export type IncidentScope = { all: true } | { unitRoot: string } | { unitId: string; technicianId: string };

export interface IncidentFilter {
  id?: string;
  status?: IncidentStatus;
  unitId?: string;
  endpointId?: string;
  cause?: ShortfallCause;
  from?: Date;
  to?: Date;
}

/** What the quarterly report's notes need (R5.2): incidents raised in [from, to). */
export interface IncidentFigures {
  total: number;
  byCause: Record<ShortfallCause, number>;
  /** Most incidents first; `endpointId` null for incidents at no endpoint (or one deleted since). */
  byEndpoint: { endpointId: string | null; endpointName: string | null; count: number }[];
  /** Of the incidents resolved (whenever), minutes from raised to resolved; null when none is resolved. */
  timeToResolve: { resolved: number; medianMinutes: number | null; meanMinutes: number | null };
}

const handler = alias(users, 'handler');
const resolver = alias(users, 'resolver');
const reporter = alias(users, 'reporter');

const subtree = (root: string) =>
  sql`IN (WITH RECURSIVE down(id) AS (SELECT ${root}::uuid UNION ALL SELECT u.id FROM ${units} u JOIN down ON u.parent_id = down.id) SELECT id FROM down)`;

export class IncidentRepository {
  constructor(private readonly db: Db) {}

  async insert(tx: Tx, row: typeof incidents.$inferInsert): Promise<IncidentRow> {
    const [created] = await tx.insert(incidents).values(row).returning();
    return created!;
  }

  async find(id: string, tx: Db | Tx = this.db): Promise<IncidentRow | undefined> {
    const [row] = await tx.select().from(incidents).where(eq(incidents.id, id));
    return row;
  }

  /** Apply `patch` only if the row is still at `version` and not resolved; the version moves on. */
  async updateVersioned(tx: Tx, id: string, version: number, patch: Partial<typeof incidents.$inferInsert>): Promise<IncidentRow | undefined> {
    const [row] = await tx
      .update(incidents)
      .set({ ...patch, version: sql`${incidents.version} + 1` })
      .where(and(eq(incidents.id, id), eq(incidents.version, version), sql`${incidents.status} <> 'resolved'`))
      .returning();
    return row;
  }

  /** Newest first, at most 500. */
  async list(scope: IncidentScope, filter: IncidentFilter = {}): Promise<IncidentListed[]> {
    const where: (SQL | undefined)[] = [];
    if ('unitRoot' in scope) where.push(sql`${incidents.unitId} ${subtree(scope.unitRoot)}`);
    else if ('technicianId' in scope) {
      where.push(
        or(
          eq(incidents.unitId, scope.unitId),
          sql`${incidents.endpointId} IN (SELECT ${endpointTechnicians.endpointId} FROM ${endpointTechnicians} WHERE ${endpointTechnicians.userId} = ${scope.technicianId} AND ${endpointTechnicians.endedAt} IS NULL)`,
        ),
      );
    }
    if (filter.id) where.push(eq(incidents.id, filter.id));
    if (filter.status) where.push(eq(incidents.status, filter.status));
    if (filter.unitId) where.push(eq(incidents.unitId, filter.unitId));
    if (filter.endpointId) where.push(eq(incidents.endpointId, filter.endpointId));
    if (filter.cause) where.push(eq(incidents.cause, filter.cause));
    if (filter.from) where.push(gte(incidents.createdAt, filter.from));
    if (filter.to) where.push(lte(incidents.createdAt, filter.to));
    const rows = await this.db
      .select({
        row: incidents,
        unitName: units.name,
        endpointName: endpoints.name,
        meetingTitle: meetings.title,
        meetingSlug: meetings.slug,
        handlerName: handler.name,
        resolvedByName: resolver.name,
        reporterName: reporter.name,
      })
      .from(incidents)
      .innerJoin(units, eq(units.id, incidents.unitId))
      .innerJoin(reporter, eq(reporter.id, incidents.reportedBy))
      .leftJoin(endpoints, eq(endpoints.id, incidents.endpointId))
      .leftJoin(meetings, eq(meetings.id, incidents.meetingId))
      .leftJoin(handler, eq(handler.id, incidents.handlerId))
      .leftJoin(resolver, eq(resolver.id, incidents.resolvedBy))
      .where(where.length ? and(...where) : undefined)
      .orderBy(desc(incidents.createdAt), desc(incidents.id))
      .limit(500);
    return rows.map(({ row, ...names }) => ({ ...row, ...names }));
  }

  async endpoint(id: string, tx: Db | Tx = this.db): Promise<{ id: string; unitId: string; name: string; kind: 'room' | 'individual' } | undefined> {
    const [row] = await tx.select({ id: endpoints.id, unitId: endpoints.unitId, name: endpoints.name, kind: endpoints.kind }).from(endpoints).where(eq(endpoints.id, id));
    return row;
  }

  /** Whether `userId` is a technician currently assigned to the endpoint. */
  async operates(endpointId: string, userId: string, tx: Db | Tx = this.db): Promise<boolean> {
    const rows = await tx
      .select({ id: endpointTechnicians.id })
      .from(endpointTechnicians)
      .where(and(eq(endpointTechnicians.endpointId, endpointId), eq(endpointTechnicians.userId, userId), isNull(endpointTechnicians.endedAt)))
      .limit(1);
    return rows.length > 0;
  }

  async meetingExists(id: string, tx: Db | Tx = this.db): Promise<boolean> {
    return (await tx.select({ id: meetings.id }).from(meetings).where(eq(meetings.id, id))).length > 0;
  }

  async unit(id: string, tx: Db | Tx = this.db): Promise<{ id: string; name: string } | undefined> {
    const [row] = await tx.select({ id: units.id, name: units.name }).from(units).where(eq(units.id, id));
    return row;
  }

  /** Whether `unitId` is `root` or under it. */
  async inSubtree(root: string, unitId: string, tx: Db | Tx = this.db): Promise<boolean> {
    const rows = await tx.select({ id: units.id }).from(units).where(and(eq(units.id, unitId), sql`${units.id} ${subtree(root)}`));
    return rows.length > 0;
  }

  /** Who may be handed an incident: active technicians, organisers and operators. */
  async handlers(tx: Db | Tx = this.db): Promise<{ id: string; name: string; role: string; unitName: string }[]> {
    return tx
      .select({ id: users.id, name: users.name, role: users.role, unitName: units.name })
      .from(users)
      .innerJoin(units, eq(units.id, users.unitId))
      .where(and(inArray(users.role, ['technician', 'organiser', 'operator']), isNull(users.disabledAt)))
      .orderBy(users.name)
      .limit(2000);
  }

  async handler(id: string, tx: Db | Tx = this.db): Promise<{ id: string; name: string } | undefined> {
    const [row] = await tx
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(and(eq(users.id, id), inArray(users.role, ['technician', 'organiser', 'operator']), isNull(users.disabledAt)));
    return row;
  }

  async operatorIds(tx: Db | Tx): Promise<string[]> {
    const rows = await tx.select({ id: users.id }).from(users).where(and(eq(users.role, 'operator'), isNull(users.disabledAt)));
    return rows.map((r) => r.id);
  }

  /**
   * Figures for the quarterly report's notes (R5.2): the incidents raised in [from, to), of the given units only
   * when `unitIds` is given (the caller expands a unit to its subtree if it wants one), counted by cause and by
   * endpoint, and the time from raised to resolved of those resolved (median and mean, minutes).
   */
  async figures(input: { from: Date; to: Date; unitIds?: readonly string[] }, tx: Db | Tx = this.db): Promise<IncidentFigures> {
    const where = and(gte(incidents.createdAt, input.from), lt(incidents.createdAt, input.to), input.unitIds ? (input.unitIds.length ? inArray(incidents.unitId, [...input.unitIds]) : sql`false`) : undefined);
    const causes = await tx.select({ cause: incidents.cause, n: sql<number>`count(*)::int` }).from(incidents).where(where).groupBy(incidents.cause);
    const byEndpoint = await tx
      .select({ endpointId: incidents.endpointId, endpointName: endpoints.name, count: sql<number>`count(*)::int` })
      .from(incidents)
      .leftJoin(endpoints, eq(endpoints.id, incidents.endpointId))
      .where(where)
      .groupBy(incidents.endpointId, endpoints.name)
      .orderBy(sql`count(*) DESC`, endpoints.name);
    const minutes = sql`extract(epoch from (${incidents.resolvedAt} - ${incidents.createdAt})) / 60.0`;
    const [times] = await tx
      .select({
        resolved: sql<number>`count(*)::int`,
        median: sql<string | null>`percentile_cont(0.5) WITHIN GROUP (ORDER BY ${minutes})`,
        mean: sql<string | null>`avg(${minutes})`,
      })
      .from(incidents)
      .where(and(where, eq(incidents.status, 'resolved')));
    const byCause = Object.fromEntries(shortfallCauses.map((c) => [c, 0])) as Record<ShortfallCause, number>;
    for (const c of causes) byCause[c.cause] = Number(c.n);
    const round = (v: string | number | null | undefined) => (v === null || v === undefined ? null : Math.round(Number(v) * 10) / 10);
    return {
      total: Object.values(byCause).reduce((a, b) => a + b, 0),
      byCause,
      byEndpoint: byEndpoint.map((e) => ({ endpointId: e.endpointId, endpointName: e.endpointName, count: Number(e.count) })),
      timeToResolve: { resolved: Number(times?.resolved ?? 0), medianMinutes: round(times?.median), meanMinutes: round(times?.mean) },
    };
  }
}
