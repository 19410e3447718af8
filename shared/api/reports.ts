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
