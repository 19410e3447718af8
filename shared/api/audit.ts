import { z } from 'zod';

export interface AuditEntryView {
  id: number;
  at: string;
  actor: { id: string; name: string } | null;
  action: string;
  targetType: string;
  targetId: string;
  /** The target's current name (unit, person, meeting title), '' when it no longer exists or has none. */
  targetName: string;
  data: Record<string, unknown>;
  ip: string;
}

/**
 * Actions the server records today (others may appear as domains grow; the web shows unknown ones by id).
 * Joins and leaves are not here: they are the meeting log (meeting_events).
 */
export const auditActions = [
  'system.operator_created',
  'unit.created',
  'unit.updated',
  'unit.deleted',
  'unit.imported',
  'user.created',
  'user.updated',
  'meeting.created',
  'meeting.access_revoked',
  'meeting.ended',
  'meeting.presence_replaced',
  'meeting.admitted',
  'meeting.refused',
  'meeting.muted',
  'meeting.participant_removed',
  'meeting.incident_reported',
  'meeting.recording_started',
  'meeting.recording_stopped',
  'endpoint.created',
  'endpoint.updated',
  'endpoint.status_changed',
  'endpoint.deleted',
  'endpoint.technician_changed',
  'endpoint.account_created',
  'endpoint.account_password_reset',
  'audit.exported',
  'security.annex_exported',
  'feedback.sent',
  'feedback.answered',
  'incident.raised',
  'incident.updated',
  'incident.resolved',
  'meeting.outcome_set',
  'report.drafted',
  'report.changed',
  'report.sent_for_signing',
  'report.reopened',
  'report.submitted',
  'report.exported',
  'report.consolidated',
  'report.reminded',
  'recording.opened',
  'meeting.updated',
  'meeting.approved',
  'meeting.rejected',
  'meeting.cancelled',
  'meeting.invitations_sent',
  'meeting.reply',
  'meeting.substitute_decided',
  'meeting.replies_reminded',
  'meeting.technical_check',
  'mail.retried',
  'document.uploaded',
  'document.opened',
  'document.deleted',
  'holiday.set',
  'holiday.reset',
  'calendar_feed.created',
  'calendar_feed.revoked',
  'attendance.exported',
  'auth.signed_in',
  'auth.sign_in_failed',
  'auth.signed_out',
  'auth.password_changed',
  'auth.second_factor_enabled',
  'auth.second_factor_disabled',
  'auth.sessions_revoked',
  'auth.password_reset_requested',
  'auth.password_reset',
  'auth.recovery_codes_generated',
  'auth.recovery_code_used',
  'user.password_reset',
  'user.second_factor_reset',
  'user.sign_in_link_issued',
  'user.sign_in_link_used',
  'organisation.settings_updated',
  'meeting.conclusions_recorded',
  'meeting.no_conclusions',
  'minutes.secretary_designated',
  'minutes.draft_chosen',
  'minutes.entry_added',
  'minutes.entry_changed',
  'minutes.entry_deleted',
  'minutes.exported',
  'minutes.submitted_for_signing',
  'vote.opened',
  'vote.cast',
  'vote.closed',
  'console.alarm_acknowledged',
  'equipment.device_added',
  'equipment.device_changed',
  'equipment.device_deleted',
  'equipment.maintenance_recorded',
  'equipment.maintenance_changed',
  'equipment.maintenance_deleted',
  'equipment.checklist_filled',
  'equipment.evaluation_exported',
] as const;

// GET /api/audit?action=&actorId=&targetId=&from=&to=&q=&limit= (operator) → { entries: AuditEntryView[] }
// GET /api/audit/export.csv?… (operator) → text/csv
// GET /api/audit/verify?anchor=<id>:<hash> (operator) → AuditVerification
/**
 * A chain's head noted earlier (printed by `npm run audit:verify`, shown on the audit page, written to the server's
 * log at start): the chain must still hold that entry with that hash. A chain cut at its end, or rewritten from
 * some entry onwards with every hash recomputed, links up by itself; only a head kept elsewhere shows it.
 */
export const auditAnchor = z
  .string()
  .regex(/^\d+:[0-9a-f]{64}$/, 'expected <entry id>:<64 hex digits>')
  .transform((v) => ({ id: Number(v.split(':')[0]), hash: v.split(':')[1]! }));
export type AuditAnchor = z.output<typeof auditAnchor>;
export const auditVerifyQuery = z.object({ anchor: auditAnchor.optional() });
export const auditQuery = z.object({
  action: z.string().max(64).optional(),
  actorId: z.string().uuid().optional(),
  targetId: z.string().max(64).optional(),
  from: z.string().datetime({ offset: true }).optional(),
  to: z.string().datetime({ offset: true }).optional(),
  /** Free text, matched with and without diacritics against action, target and data. */
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(200),
});
export type AuditQuery = z.input<typeof auditQuery>;

export interface AuditVerification {
  ok: boolean;
  checked: number;
  /**
   * The first entry whose hash or link to its predecessor does not match, the anchor the chain lost, or an anchor
   * file whose signature does not hold (`anchor_invalid`: edited without the secrets key).
   */
  firstBroken?: { id: number; reason: 'hash_mismatch' | 'chain_broken' | 'anchor_missing' | 'anchor_invalid' };
  /** The anchors checked: one given (`?anchor=`, `--anchor`), and the one the server keeps outside the database. */
  anchors?: { id: number; hash: string; source: 'given' | 'stored' }[];
  /** The last entry checked: note it (`<id>:<hash>`) to check later that the chain was not cut after it. */
  head: { id: number; hash: string } | null;
}
