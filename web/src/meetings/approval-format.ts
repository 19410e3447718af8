/** In-app notices of the office's approval of bookings (D21.1): `meeting.approval_requested`, `meeting.approved`, `meeting.rejected`. */
import type { NotificationView } from '../../../shared/api';
import { formatDateTime } from '../format';
import { t } from '../i18n';

interface ApprovalNoticeData {
  meetingId: string;
  title: string;
  startsAt: string;
  byName: string;
  reason?: string;
}
const kinds = ['meeting.approval_requested', 'meeting.approved', 'meeting.rejected'] as const;
type ApprovalNotice = NotificationView & { kind: (typeof kinds)[number]; data: ApprovalNoticeData & Record<string, unknown> };

export const isApprovalNotice = (n: NotificationView): n is ApprovalNotice => (kinds as readonly string[]).includes(n.kind);

/** The sentence of an approval notice, or null when the notice is of another kind. */
export function approvalNoticeText(n: NotificationView): string | null {
  if (!isApprovalNotice(n)) return null;
  const params = { title: n.data.title, at: formatDateTime(n.data.startsAt), by: n.data.byName, reason: n.data.reason ?? '' };
  if (n.kind === 'meeting.approval_requested') return t('notifications.approvalRequested', params);
  if (n.kind === 'meeting.approved') return t('notifications.approved', params);
  return t('notifications.rejected', params);
}

/** The manage page of the booking, where the office decides and the organiser sees the decision. */
export const approvalNoticeLink = (n: NotificationView): string | null => (isApprovalNotice(n) ? `/meetings/${n.data.meetingId}/manage` : null);
