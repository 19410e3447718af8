/** In-app notices of the invitations domain (R2.4, R2.6, M6.1): invited, a meeting changed, a reminder before it. */
import type { MeetingChangedNoticeData, MeetingInvitedNoticeData, MeetingReminderNoticeData, NotificationView } from '../../../shared/api';
import { formatDateTime } from '../format';
import { t } from '../i18n';

type Notice<K extends string, D> = NotificationView & { kind: K; data: D & Record<string, unknown> };
export const isMeetingInvited = (n: NotificationView): n is Notice<'meeting_invited', MeetingInvitedNoticeData> => n.kind === 'meeting_invited';
export const isMeetingChanged = (n: NotificationView): n is Notice<'meeting_changed', MeetingChangedNoticeData> => n.kind === 'meeting_changed';
export const isMeetingReminder = (n: NotificationView): n is Notice<'meeting_reminder', MeetingReminderNoticeData> => n.kind === 'meeting_reminder';

/** The notice's text, or null when it is not one of these kinds. */
export function invitationNoticeText(n: NotificationView): string | null {
  if (isMeetingInvited(n)) return t('notifications.meetingInvited', { title: n.data.title, time: formatDateTime(n.data.startsAt) });
  if (isMeetingChanged(n)) {
    const params = { title: n.data.title, time: formatDateTime(n.data.startsAt), reason: n.data.reason || '—' };
    if (n.data.change === 'cancelled') return t('notifications.meetingCancelled', params);
    if (n.data.change === 'postponed') return t('notifications.meetingPostponed', params);
    return t('notifications.meetingUpdated', params);
  }
  if (isMeetingReminder(n)) {
    if (n.data.reminder === 'check') return t('notifications.meetingCheckReminder', { title: n.data.title, time: formatDateTime(n.data.checkAt ?? n.data.startsAt) });
    return t('notifications.meetingEarlyReminder', { title: n.data.title, time: formatDateTime(n.data.startsAt) });
  }
  return null;
}

/** Opening the notice leads to the meeting's page. */
export const invitationNoticeLink = (n: NotificationView): string | null => (isMeetingInvited(n) || isMeetingChanged(n) || isMeetingReminder(n) ? `/${n.data.slug}` : null);
