/**
 * The quarterly report (R5.1, R5.2; M13.5) and the judgment of each meeting it counts.
 *
 * PUT /api/meetings/:id/outcome {met, cause?, note?} (operator, or an organiser of the host unit; ended meetings)
 *   → {outcome}.
 * GET /api/reports/figures?from=&to=&unitIds= (ISO instants, period [from, to); unitIds comma-separated, absent: all
 *   units) → FiguresResponse (operator: any units; an organiser: their own unit).
 */
import { z } from 'zod';
import { shortfallCause, type ShortfallCause } from '../causes';

/** The chair's (or operator's) answer to "Cuộc họp có đạt yêu cầu không?": a cause is required when not met. */
export const meetingOutcomeBody = z
  .object({
    met: z.boolean(),
    cause: shortfallCause.optional(),
    note: z.string().trim().max(2000).default(''),
  })
  .refine((o) => o.met || o.cause !== undefined, { message: 'cause required when the meeting fell short', path: ['cause'] });
export type MeetingOutcomeInput = z.infer<typeof meetingOutcomeBody>;

export interface MeetingOutcomeView {
  outcome: 'met' | 'fell_short' | null;
  cause: ShortfallCause | null;
  note: string;
  by: { id: string; name: string } | null;
  at: string | null;
}

export const figuresQuery = z
  .object({
    from: z.coerce.date(),
    to: z.coerce.date(),
    unitIds: z
      .string()
      .optional()
      .transform((s) => (s === undefined || s === '' ? undefined : s.split(',').map((x) => x.trim())))
      .pipe(z.array(z.string().uuid()).max(5000).optional()),
  })
  .refine((q) => q.to > q.from, { message: 'to must be after from', path: ['to'] })
  .refine((q) => q.to.getTime() - q.from.getTime() <= 10 * 366 * 86_400_000, { message: 'at most ten years', path: ['to'] });

export interface FigureRowView {
  meetings: number;
  participants: number;
  met: number;
  shortfalls: Record<ShortfallCause, number>;
}
export interface FiguresResponse {
  units: { unitId: string; unitName: string; hosted: FigureRowView; guest: FigureRowView }[];
  months: ({ month: string } & FigureRowView)[];
}

// ── The quarterly report of a unit (R5.1, R5.2) ──────────────────────────────────────────────────────────────────
// GET  /api/reports/unit/:unitId/:year/:quarter → {report: UnitReportView} (the unit's organisers: drafted on the
//        first read; the operator: report_not_found until the unit drafted it)
// PUT  /api/reports/:id updateReportBody → {report} (the unit's organisers, while a draft)
// POST /api/reports/:id/send-for-signing → {report} (a PDF with the signer's block goes to the signatures domain)
// POST /api/reports/:id/reopen → {report} (back to a draft before it is submitted; the signing document is dropped)
// POST /api/reports/:id/submit → {report} (signed → submitted to the operator)
// GET  /api/reports/:id/export?format=docx|xlsx|pdf → the file (pdf: the signed one once signed)
// GET  /api/reports/quarter/:year/:quarter → QuarterStatusView (operator: who submitted, who is late)
// GET  /api/reports/consolidated/:year/:quarter → ConsolidatedReportView (operator)
// GET  /api/reports/consolidated/:year/:quarter/export?format=docx|xlsx|pdf (operator)
export const reportPeriodParams = z.object({
  year: z.coerce.number().int().min(2000).max(2100),
  quarter: z.coerce.number().int().min(1).max(4),
});
export const unitReportParams = reportPeriodParams.extend({ unitId: z.string().uuid() });
export const reportIdParams = z.object({ id: z.string().uuid() });
export const reportExportQuery = z.object({ format: z.enum(['docx', 'xlsx', 'pdf']) });

const count = (max: number) => z.number().int().min(0).max(max);
/** A line of rows 2 and 3 as the unit's office enters it. */
export const reportEnteredLine = z.object({
  meetings: count(1_000_000),
  participants: count(100_000_000),
  /** Share of the meetings that met requirements, 0–100; null when not given. */
  metPercent: z.number().min(0).max(100).nullable(),
  /** Kinh phí, VND (whole đồng). */
  cost: count(1_000_000_000_000),
  note: z.string().trim().max(500).default(''),
});
export const reportRentedLine = reportEnteredLine.extend({ provider: z.string().trim().min(1).max(200) });
export const updateReportBody = z.object({
  version: z.number().int().min(1),
  number: z.string().trim().max(60),
  signerId: z.string().uuid().nullable(),
  signerAuthority: z.string().trim().max(120).default(''),
  otherInternal: reportEnteredLine,
  otherExternal: reportEnteredLine,
  rented: z.array(reportRentedLine).max(20),
  proposals: z.string().trim().max(10_000),
  recipients: z.string().trim().max(2000).default(''),
});
export type ReportEnteredLineInput = z.infer<typeof reportEnteredLine>;
export type UpdateReportBody = z.input<typeof updateReportBody>;

export type UnitReportState = 'draft' | 'submitted_for_signing' | 'signed' | 'submitted';

/** One line of the appendix's table, as printed. */
export interface ReportTableLine {
  stt: string;
  content: string;
  /** Sub-line ("- Do đơn vị chủ trì …") or heading of a group (figures empty). */
  level: 'group' | 'line' | 'total';
  meetings: number | null;
  participants: number | null;
  metPercent: number | null;
  cost: number | null;
  note: string;
}

export interface UnitReportView {
  id: string;
  unit: { id: string; name: string; parentName: string | null };
  year: number;
  quarter: number;
  state: UnitReportState;
  /** The last day to submit is the day before this (ISO date, Hà Nội): "trước ngày 01 tháng cuối quý". */
  deadline: string;
  late: boolean;
  number: string;
  signer: { id: string; name: string; title: string } | null;
  signerAuthority: string;
  otherInternal: ReportEnteredLineInput;
  otherExternal: ReportEnteredLineInput;
  rented: (ReportEnteredLineInput & { provider: string })[];
  proposals: string;
  recipients: string;
  /** The table as it will be printed (row 1 from the system's records, frozen once sent for signing). */
  table: ReportTableLine[];
  /** When row 1 was counted. */
  figuresAt: string;
  signableId: string | null;
  version: number;
  submittedAt: string | null;
  canEdit: boolean;
  /** The unit's people who may sign (its leader first), for the office to pick. */
  signerCandidates: { id: string; name: string; title: string }[];
}

export interface QuarterStatusView {
  year: number;
  quarter: number;
  deadline: string;
  units: { unitId: string; unitName: string; state: UnitReportState | 'none'; reportId: string | null; submittedAt: string | null; late: boolean }[];
}

export interface ConsolidatedReportView {
  year: number;
  quarter: number;
  submitted: number;
  expected: number;
  table: ReportTableLine[];
  units: { unitId: string; unitName: string; table: ReportTableLine[] }[];
}
