/** The bell's words for feedback notices (R5.5). */
import type { NotificationView } from '../../../shared/api';
import { t } from '../i18n';

const isFeedbackNotice = (n: NotificationView) => n.kind === 'feedback.received' || n.kind === 'feedback.answered';

export function feedbackNoticeText(n: NotificationView): string | null {
  if (!isFeedbackNotice(n)) return null;
  const subject = String(n.data.subject ?? '');
  return n.kind === 'feedback.received' ? t('feedback.notice.received', { unit: String(n.data.unit ?? ''), subject }) : t('feedback.notice.answered', { subject });
}

export function feedbackNoticeLink(n: NotificationView): string | null {
  return isFeedbackNotice(n) ? '/feedback' : null;
}
