/** The bell's words for incident notices (R3.10, R5.4). */
import type { NotificationView } from '../../../shared/api';
import { shortfallCauses, type ShortfallCause } from '../../../shared/causes';
import { t } from '../i18n';

const kinds = new Set(['incident.raised', 'incident.assigned', 'incident.resolved']);

/** A cause's label (`cause.<id>`), or the id itself for one this client does not know. */
export function causeLabel(cause: string): string {
  return (shortfallCauses as readonly string[]).includes(cause) ? t(`cause.${cause as ShortfallCause}`) : cause;
}

export function incidentNoticeText(n: NotificationView): string | null {
  if (!kinds.has(n.kind)) return null;
  const where = String(n.data.endpoint ?? '') || String(n.data.unit ?? '');
  const params = { where, cause: causeLabel(String(n.data.cause ?? '')), detail: String(n.data.detail ?? '') };
  if (n.kind === 'incident.raised') return t('incidents.notice.raised', params);
  if (n.kind === 'incident.assigned') return t('incidents.notice.assigned', params);
  return t('incidents.notice.resolved', params);
}

export function incidentNoticeLink(n: NotificationView): string | null {
  return kinds.has(n.kind) && typeof n.data.incidentId === 'string' ? `/incidents?id=${encodeURIComponent(n.data.incidentId)}` : null;
}
