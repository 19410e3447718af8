/**
 * Whether a held meeting met requirements (R5.2, the quarterly report's "Tỷ lệ đạt yêu cầu" and its notes), the one
 * rule every figure reads:
 * - the judgment recorded on the meeting (by the chair at the end, or the operator / the organisers after) wins;
 * - a meeting nobody judged met requirements, unless an incident was recorded in it (a `meeting_events` row of
 *   type `incident`): then it fell short, cause `other`.
 * When the incident register lands, this is the place that reads it (the incident's cause instead of `other`).
 */
import { eq, sql, type SQL } from 'drizzle-orm';
import type { MeetingOutcomeInput } from '../../shared/api/reports';
import type { Tx } from '../db/client';
import { meetings } from '../db/schema';
import type { ShortfallCause } from '../../shared/causes';

/**
 * SQL for the cause a meeting fell short of (a `ShortfallCause`), NULL when it met requirements. `m` is the alias
 * of a `meetings` row in the surrounding query.
 */
export function shortfallCauseSql(m: string): SQL {
  const alias = sql.raw(m);
  return sql`CASE
    WHEN ${alias}.outcome = 'met' THEN NULL
    WHEN ${alias}.outcome = 'fell_short' THEN coalesce(${alias}.outcome_cause, 'other')
    WHEN EXISTS (SELECT 1 FROM meeting_events ie WHERE ie.meeting_id = ${alias}.id AND ie.type = 'incident') THEN 'other'
    ELSE NULL END`;
}

/** The same rule for one meeting already read (tests, the meeting's page). */
export function shortfallCauseOf(m: { outcome: 'met' | 'fell_short' | null; outcomeCause: ShortfallCause | null }, incidents: number): ShortfallCause | null {
  if (m.outcome === 'met') return null;
  if (m.outcome === 'fell_short') return m.outcomeCause ?? 'other';
  return incidents > 0 ? 'other' : null;
}

/** Store a judgment on the meeting (in the caller's transaction): the chair at the end, the operator after. */
export async function writeOutcome(tx: Tx, meetingId: string, by: string, input: MeetingOutcomeInput, at = new Date()): Promise<void> {
  await tx
    .update(meetings)
    .set({ outcome: input.met ? 'met' : 'fell_short', outcomeCause: input.met ? null : (input.cause ?? 'other'), outcomeNote: input.note ?? '', outcomeBy: by, outcomeAt: at })
    .where(eq(meetings.id, meetingId));
}
