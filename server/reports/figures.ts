/**
 * The figures of the quarterly report's row 1 (R5.1, R5.2) and of ad-hoc statistics over any period and set of
 * units (M13.5), counted in SQL aggregates so they hold for 100,000 meetings, on PGlite and PostgreSQL alike.
 *
 * - Only meetings actually held count: status `ended`, ended within [from, to).
 * - Participants: who actually joined (the `joined` events of the meeting log), distinct per meeting — a person
 *   once however often they entered; a meeting room (a join as, or operating, an endpoint of kind `room`) counts
 *   the people its technician entered for it (`meeting_room_people`), at least 1 when none were entered.
 * - A unit's hosted row: the meetings it organised (host unit), internal ones included, with all their
 *   participants. Its guest row: the meetings other units hosted in which the unit took part (one of its people or
 *   rooms joined), with the unit's own participants in them.
 * - Met / shortfalls: the judgment rule of `outcome.ts`.
 * - Months (Asia/Ho_Chi_Minh, by the end of the meeting): the meetings hosted by, or attended by, the units asked
 *   (all meetings when no units are given), with all their participants; every month of the period is listed.
 */
import { sql, type SQL } from 'drizzle-orm';
import { shortfallCauses, type ShortfallCause } from '../../shared/causes';
import type { Db } from '../db/client';
import { shortfallCauseSql } from './outcome';

export interface FigureQuery {
  from: Date;
  to: Date;
  unitIds?: string[];
}

export interface FigureRow {
  meetings: number;
  participants: number;
  met: number;
  shortfalls: Record<ShortfallCause, number>;
}

export interface UnitFigures {
  unitId: string;
  hosted: FigureRow;
  guest: FigureRow;
}

export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

export const emptyRow = (): FigureRow => ({ meetings: 0, participants: 0, met: 0, shortfalls: Object.fromEntries(shortfallCauses.map((c) => [c, 0])) as Record<ShortfallCause, number> });

type Raw = Record<string, unknown>;
const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
const rowsOf = async (db: Db, q: SQL): Promise<Raw[]> => ((await db.execute(q)) as unknown as { rows: Raw[] }).rows;

/** Columns of a FigureRow aggregated over `src` (with columns participants, cause). */
const aggregates = (prefix: string, participants: string) =>
  sql.raw(
    [
      `count(*)::int AS ${prefix}meetings`,
      `coalesce(sum(${participants}), 0)::bigint AS ${prefix}participants`,
      `count(*) FILTER (WHERE cause IS NULL)::int AS ${prefix}met`,
      ...shortfallCauses.map((c) => `count(*) FILTER (WHERE cause = '${c}')::int AS ${prefix}${c}`),
    ].join(', '),
  );

const rowFrom = (r: Raw, prefix = ''): FigureRow => ({
  meetings: num(r[`${prefix}meetings`]),
  participants: num(r[`${prefix}participants`]),
  met: num(r[`${prefix}met`]),
  shortfalls: Object.fromEntries(shortfallCauses.map((c) => [c, num(r[`${prefix}${c}`])])) as Record<ShortfallCause, number>,
});

/**
 * The held meetings of the period with their judgment, and every participant entity with its unit and weight. The
 * joins of each meeting are looked up by meeting (`meeting_events_meeting_idx`), one small grouping per meeting.
 */
function common(q: FigureQuery): SQL {
  return sql`
    held AS MATERIALIZED (
      SELECT m.id, m.host_unit_id, m.ended_at, ${shortfallCauseSql('m')} AS cause
      FROM meetings m
      WHERE m.status = 'ended' AND m.ended_at >= ${q.from.toISOString()}::timestamptz AND m.ended_at < ${q.to.toISOString()}::timestamptz
        ${concerning(q.unitIds)}
    ),
    rooms AS MATERIALIZED (SELECT id, id::text AS key, unit_id FROM endpoints WHERE kind = 'room'),
    -- per meeting (a lateral subquery: an index lookup of each held meeting, small groupings), who joined: a
    -- person, or a room for whoever joined as or operating it
    entities AS (
      SELECT h.id AS meeting_id, x.user_id, x.room_id
      FROM held h CROSS JOIN LATERAL (
        SELECT DISTINCT CASE WHEN r.id IS NULL THEN e.user_id END AS user_id, r.id AS room_id
        FROM meeting_events e LEFT JOIN rooms r ON r.key = (e.data->>'endpointId')
        WHERE e.meeting_id = h.id AND e.type = 'joined' AND e.user_id IS NOT NULL
      ) x
    ),
    weighed AS MATERIALIZED (
      SELECT x.meeting_id, coalesce(r.unit_id, u.unit_id) AS unit_id,
        CASE WHEN x.room_id IS NULL THEN 1 ELSE greatest(1, coalesce(jsonb_array_length(rp.people), 0)) END AS weight
      FROM entities x
      LEFT JOIN users u ON u.id = x.user_id
      LEFT JOIN rooms r ON r.id = x.room_id
      LEFT JOIN meeting_room_people rp ON x.room_id IS NOT NULL AND rp.meeting_id = x.meeting_id AND rp.endpoint_id = x.room_id
    ),
    per_meeting AS (SELECT meeting_id, sum(weight) AS participants FROM weighed GROUP BY meeting_id),
    per_unit AS (SELECT meeting_id, unit_id, sum(weight) AS participants FROM weighed GROUP BY meeting_id, unit_id)`;
}

const unitFilter = (column: string, unitIds: string[] | undefined): SQL =>
  unitIds ? sql`${sql.raw(column)} IN (${sql.join(unitIds.map((u) => sql`${u}::uuid`), sql`, `)})` : sql`TRUE`;

/**
 * With units asked, only the meetings that concern them: hosted by one, or joined by one of their people or rooms
 * (a superset of what their rows count; the final filters decide). A unit's draft then reads its own meetings, not
 * the whole period's. Every entity's unit is its room's or its person's, so no meeting a row counts is left out.
 */
const concerning = (unitIds: string[] | undefined): SQL =>
  unitIds
    ? sql`AND (${unitFilter('m.host_unit_id', unitIds)} OR EXISTS (
        SELECT 1 FROM meeting_events je LEFT JOIN users ju ON ju.id = je.user_id
        WHERE je.meeting_id = m.id AND je.type = 'joined' AND je.user_id IS NOT NULL
          AND (${unitFilter('ju.unit_id', unitIds)}
            OR (je.data->>'endpointId') IN (SELECT ce.id::text FROM endpoints ce WHERE ce.kind = 'room' AND ${unitFilter('ce.unit_id', unitIds)}))))`
    : sql``;

/** The months (YYYY-MM, local) that the period [from, to) touches. */
export function monthsOf(from: Date, to: Date): string[] {
  const local = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit' }).format(d).slice(0, 7);
  if (to <= from) return [];
  const last = local(new Date(to.getTime() - 1));
  const out: string[] = [];
  let [y, m] = local(from).split('-').map(Number) as [number, number];
  for (;;) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    out.push(key);
    if (key >= last || out.length > 1200) break;
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

/**
 * One statement for both answers (the CTEs computed once): rows of kind `u` (a unit: hosted columns `h_…`, guest
 * columns `g_…`) and of kind `m` (a month, in the `h_…` columns). Exported for EXPLAIN in benchmarks.
 */
export function figuresQuery(q: FigureQuery): SQL {
  const unitIds = q.unitIds;
  const selected = unitIds
    ? sql`SELECT h.id FROM held h WHERE ${unitFilter('h.host_unit_id', unitIds)}
          UNION SELECT pu.meeting_id FROM per_unit pu WHERE ${unitFilter('pu.unit_id', unitIds)}`
    : sql`SELECT h.id FROM held h`;
  const emptyGuest = sql.raw(['meetings', 'participants', 'met', ...shortfallCauses].map((c) => `NULL::bigint AS g_${c}`).join(', '));
  return sql`WITH ${common(q)},
    hosted AS (
      SELECT h.host_unit_id AS unit_id, h.cause, coalesce(pm.participants, 0) AS participants
      FROM held h LEFT JOIN per_meeting pm ON pm.meeting_id = h.id
      WHERE ${unitFilter('h.host_unit_id', unitIds)}
    ),
    guest AS (
      SELECT pu.unit_id, h.cause, pu.participants
      FROM per_unit pu JOIN held h ON h.id = pu.meeting_id
      WHERE pu.unit_id IS NOT NULL AND pu.unit_id <> h.host_unit_id AND ${unitFilter('pu.unit_id', unitIds)}
    ),
    hosted_agg AS (SELECT unit_id, ${aggregates('h_', 'participants')} FROM hosted GROUP BY unit_id),
    guest_agg AS (SELECT unit_id, ${aggregates('g_', 'participants')} FROM guest GROUP BY unit_id),
    chosen AS (${selected}),
    month_src AS (
      SELECT to_char(h.ended_at AT TIME ZONE ${TIME_ZONE}, 'YYYY-MM') AS month, h.cause, coalesce(pm.participants, 0) AS participants
      FROM held h JOIN chosen c ON c.id = h.id LEFT JOIN per_meeting pm ON pm.meeting_id = h.id
    ),
    month_agg AS (SELECT month, ${aggregates('h_', 'participants')} FROM month_src GROUP BY month)
    SELECT * FROM (
      SELECT 'u' AS kind, un.id::text AS key, un.name AS sort_name,
        ${sql.raw(['meetings', 'participants', 'met', ...shortfallCauses].map((c) => `hosted_agg.h_${c}`).join(', '))},
        ${sql.raw(['meetings', 'participants', 'met', ...shortfallCauses].map((c) => `guest_agg.g_${c}`).join(', '))}
      FROM units un
      LEFT JOIN hosted_agg ON hosted_agg.unit_id = un.id
      LEFT JOIN guest_agg ON guest_agg.unit_id = un.id
      WHERE ${unitFilter('un.id', unitIds)}
      UNION ALL
      SELECT 'm' AS kind, month AS key, month AS sort_name,
        ${sql.raw(['meetings', 'participants', 'met', ...shortfallCauses].map((c) => `h_${c}`).join(', '))},
        ${emptyGuest}
      FROM month_agg
    ) answer
    ORDER BY kind, sort_name, key`;
}

export async function meetingFigures(db: Db, q: FigureQuery): Promise<{ units: UnitFigures[]; months: Array<{ month: string } & FigureRow> }> {
  const unitIds = q.unitIds ? [...new Set(q.unitIds)] : undefined;
  const months = monthsOf(q.from, q.to);
  if (unitIds && unitIds.length === 0) return { units: [], months: months.map((month) => ({ month, ...emptyRow() })) };
  // the grouping of a quarter's joins fits in memory instead of spilling to disk
  const rows = await db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL work_mem = '64MB'`);
    return rowsOf(tx as unknown as Db, figuresQuery({ ...q, unitIds }));
  });
  const byMonth = new Map(rows.filter((r) => r.kind === 'm').map((r) => [String(r.key), rowFrom(r, 'h_')]));
  return {
    units: rows.filter((r) => r.kind === 'u').map((r) => ({ unitId: String(r.key), hosted: rowFrom(r, 'h_'), guest: rowFrom(r, 'g_') })),
    months: months.map((month) => ({ month, ...(byMonth.get(month) ?? emptyRow()) })),
  };
}

/** Row + row (totals over units, over months). */
export function addRows(a: FigureRow, b: FigureRow): FigureRow {
  return {
    meetings: a.meetings + b.meetings,
    participants: a.participants + b.participants,
    met: a.met + b.met,
    shortfalls: Object.fromEntries(shortfallCauses.map((c) => [c, a.shortfalls[c] + b.shortfalls[c]])) as Record<ShortfallCause, number>,
  };
}
