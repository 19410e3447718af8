/** The bell's sentences about substitutes' reports (R4.4). */
import type { NotificationView } from '../../../shared/api';
import { t } from '../i18n';

export function substituteReportNoticeText(n: NotificationView): string | null {
  const d = n.data as { title?: string; substitute?: string; head?: string };
  if (n.kind === 'substitute_report_submitted') return t('substituteReports.notice.submitted', { substitute: d.substitute ?? '', title: d.title ?? '' });
  if (n.kind === 'substitute_report_read') return t('substituteReports.notice.read', { head: d.head ?? '', title: d.title ?? '' });
  return null;
}

export const substituteReportNoticeLink = (n: NotificationView): string | null =>
  n.kind === 'substitute_report_submitted' || n.kind === 'substitute_report_read' ? '/substitute-reports' : null;
