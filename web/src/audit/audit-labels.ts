/** How audit entries read on the audit page (R1.5): actions and targets in the user's language, details in short. */
import type { AuditEntryView } from '../../../shared/api';
import { hasMessage, t } from '../i18n';

/** `unit.created` → `Tạo đơn vị`; an action this client does not know yet is shown by its id. */
export function auditActionLabel(action: string): string {
  const key = `auditAction.${action}`;
  return hasMessage(key) ? t(key) : action;
}

/** `unit` → `Đơn vị`; unknown types as they are. */
export function auditTargetTypeLabel(targetType: string): string {
  const key = `auditTarget.${targetType}`;
  return hasMessage(key) ? t(key) : targetType;
}

/** The target as a reader names it: its current name, else the name kept in the entry, else its id. */
export function auditTargetName(entry: Pick<AuditEntryView, 'targetName' | 'targetId' | 'data'>): string {
  const kept = ['name', 'title', 'email'].map((k) => entry.data[k]).find((v): v is string => typeof v === 'string' && v !== '');
  return entry.targetName || kept || entry.targetId;
}

/** `{code: "STC", after: {name: "Sở Tài chính"}}` → `code: STC · after: {"name":"Sở Tài chính"}`. */
export function auditDetails(data: Record<string, unknown>): string {
  return Object.entries(data)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' · ');
}
