/** The bell's words for the quarterly report's notices. */
import type { NotificationView } from '../../../shared/api';
import { t } from '../i18n';

const quarterOf = (n: NotificationView) => ({ quarter: String(n.data.quarter ?? ''), year: String(n.data.year ?? '') });

export function reportNoticeText(n: NotificationView): string | null {
  if (n.kind === 'report.reminder') return t(n.data.late ? 'reports.notice.late' : 'reports.notice.reminder', quarterOf(n));
  if (n.kind === 'report.to_sign') return t('reports.notice.toSign', quarterOf(n));
  if (n.kind === 'report.submitted') return t('reports.notice.submitted', { ...quarterOf(n), unit: String(n.data.unit ?? '') });
  return null;
}

export function reportNoticeLink(n: NotificationView): string | null {
  if (n.kind === 'report.to_sign') return `/reports/sign/${String(n.data.signableId ?? '')}`;
  if (n.kind === 'report.reminder' || n.kind === 'report.submitted') return `/reports?year=${String(n.data.year ?? '')}&quarter=${String(n.data.quarter ?? '')}`;
  return null;
}
