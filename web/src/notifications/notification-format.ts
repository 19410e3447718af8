/**
 * The words and the destination of a notice in the bell. Each domain that writes notices says which are its own
 * (text and link, or null); the bell asks them in turn.
 */
import type { NotificationView } from '../../../shared/api';
import { approvalNoticeLink, approvalNoticeText } from '../meetings/approval-format';
import { technicianNoticeLink, technicianNoticeText } from '../endpoints/endpoint-format';
import { feedbackNoticeLink, feedbackNoticeText } from '../feedback/feedback-format';
import { t } from '../i18n';
import { invitationNoticeLink, invitationNoticeText } from '../invitations/invitation-format';
import { readinessNoticeLink, readinessNoticeText } from '../readiness/readiness-format';
import { replyNoticeLink, replyNoticeText } from '../replies/reply-format';
import { substituteReportNoticeLink, substituteReportNoticeText } from '../substitute-reports/substitute-report-format';
import { taskNoticeLink, taskNoticeText } from '../tasks/task-format';
import { reportNoticeLink, reportNoticeText } from '../reports/report-format';

const texts = [invitationNoticeText, replyNoticeText, readinessNoticeText, approvalNoticeText, technicianNoticeText, feedbackNoticeText, taskNoticeText, substituteReportNoticeText, reportNoticeText];
const links = [invitationNoticeLink, replyNoticeLink, readinessNoticeLink, approvalNoticeLink, technicianNoticeLink, feedbackNoticeLink, taskNoticeLink, substituteReportNoticeLink, reportNoticeLink];

/** The sentence a notice shows, in the current language. */
export function notificationText(n: NotificationView): string {
  for (const text of texts) {
    const shown = text(n);
    if (shown) return shown;
  }
  return t('notifications.unknown', { kind: n.kind });
}

/** Where a notice leads when opened. */
export function notificationLink(n: NotificationView): string | null {
  for (const link of links) {
    const to = link(n);
    if (to) return to;
  }
  return null;
}
