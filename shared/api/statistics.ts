/**
 * Statistics people look at (issue 17 point 2, M13.5): meetings per month, participants, the share that met
 * requirements, the causes of shortfalls, by unit — over any period and set of units the viewer may see.
 * GET /api/statistics?from=YYYY-MM-DD&to=YYYY-MM-DD&unitIds=a,b → StatisticsView (the operator: every unit; a unit's
 * office — an organiser — its unit and the units under it; nobody else).
 * GET /api/statistics/export?table=months|units|causes|systems&format=csv|xlsx&from&to&unitIds → the table as a file.
 * Dates are civil days in Asia/Ho_Chi_Minh, both included.
 */
import { z } from 'zod';
import type { ShortfallCause } from '../causes';

const civilDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'not a date');

/** At most this many days in one query (ten years): the months table stays readable, the query bounded. */
export const STATISTICS_MAX_DAYS = 3660;

export const statisticsQuery = z
  .object({
    from: civilDate,
    to: civilDate,
    /** Comma-separated unit ids; none: every unit the viewer may see. */
    unitIds: z
      .string()
      .max(40_000)
      .optional()
      .transform((s) => (s ? [...new Set(s.split(',').map((x) => x.trim()).filter(Boolean))] : undefined))
      .pipe(z.array(z.string().uuid()).max(1000).optional()),
  })
  .superRefine((q, ctx) => {
    if (q.from > q.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'before from' });
    else if ((Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 > STATISTICS_MAX_DAYS) ctx.addIssue({ code: 'custom', path: ['from'], message: 'period longer than ten years' });
  });
export type StatisticsQuery = z.output<typeof statisticsQuery>;

export const statisticsTables = ['months', 'units', 'causes', 'systems'] as const;
export type StatisticsTable = (typeof statisticsTables)[number];
export const statisticsExportQuery = z.object({ table: z.enum(statisticsTables), format: z.enum(['csv', 'xlsx']) });

export interface StatisticsRowView {
  meetings: number;
  participants: number;
  /** Meetings judged to have met requirements. */
  met: number;
  /** met / meetings, in percent with one decimal; null when there were no meetings. */
  metPercent: number | null;
  shortfalls: Record<ShortfallCause, number>;
}

export interface StatisticsView {
  from: string;
  to: string;
  /** The units counted (the chosen ones, or all the viewer may see), in the tree's order. */
  units: Array<{ id: string; name: string; hosted: StatisticsRowView; guest: StatisticsRowView }>;
  /** Meetings hosted by the units counted, month by month (every month of the period, empty ones too). */
  months: Array<{ month: string } & StatisticsRowView>;
  /** The whole period over the units counted (meetings hosted by them). */
  total: StatisticsRowView;
  /** Units the viewer may choose from, with their depth in the tree (for indenting). */
  choosable: Array<{ id: string; name: string; depth: number }>;
  /**
   * By system: the shared system (this one, the figures above) beside rows 2 and 3 of the quarterly reports the
   * units counted have submitted for the quarters lying wholly within the period (other systems the units run —
   * internal, with outside units — and rented services); null when no such submitted report exists.
   */
  bySystem: { reports: number; rows: Array<{ system: StatisticsSystem; meetings: number; participants: number; cost: number }> } | null;
}

export const statisticsSystems = ['shared', 'other_internal', 'other_external', 'rented'] as const;
export type StatisticsSystem = (typeof statisticsSystems)[number];
