/**
 * Whether a held meeting met requirements (R5.2, the quarterly report's "Tỷ lệ đạt yêu cầu" and its notes), the one
 * rule every figure reads:
 * - the judgment recorded on the meeting (by the chair at the end, or the operator / the organisers after) wins;
 * - a meeting nobody judged met requirements, unless an incident was recorded in it: then it fell short, for the
 *   cause of its first incident in the register (R5.4; `incidents.meeting_id`), or `other` for an incident only in
 *   the meeting log (a `meeting_events` row of type `incident`, as meetings held before the register have them).
 */
import { eq, sql, type SQL } from 'drizzle-orm';
import type { MeetingOutcomeInput } from '../../shared/api/reports';
import type { Tx } from '../db/client';
import { meetings } from '../db/schema';

/**
 * SQL for the cause a meeting fell short of (a `ShortfallCause`), NULL when it met requirements. `m` is the alias
 * of a `meetings` row in the surrounding query.
 */
export function shortfallCauseSql(m: string): SQL {
  const alias = sql.raw(m);
  return sql`CASE
    WHEN ${alias}.outcome = 'met' THEN NULL
    WHEN ${alias}.outcome = 'fell_short' THEN coalesce(${alias}.outcome_cause, 'other')
    ELSE coalesce(
      (SELECT ri.cause FROM incidents ri WHERE ri.meeting_id = ${alias}.id ORDER BY ri.created_at LIMIT 1),
      CASE WHEN EXISTS (SELECT 1 FROM meeting_events ie WHERE ie.meeting_id = ${alias}.id AND ie.type = 'incident') THEN 'other' END
    ) END`;
}

/** Store a judgment on the meeting (in the caller's transaction): the chair at the end, the operator after. */
export async function writeOutcome(tx: Tx, meetingId: string, by: string, input: MeetingOutcomeInput, at = new Date()): Promise<void> {
  await tx
    .update(meetings)
    .set({ outcome: input.met ? 'met' : 'fell_short', outcomeCause: input.met ? null : (input.cause ?? 'other'), outcomeNote: input.note ?? '', outcomeBy: by, outcomeAt: at })
    .where(eq(meetings.id, meetingId));
}
