/** The bell's sentences and links for the notices of replies to invitations (R2.5, D8.3). */
import type { ReplyNoticeData } from '../../../shared/api';
import { replyNoticeKinds, type NotificationView, type ReplyNoticeKind } from '../../../shared/api/notifications';
import { formatDateTime } from '../format';
import { t, type MessageKey } from '../i18n';

const isReplyNotice = (n: NotificationView): n is NotificationView & { kind: ReplyNoticeKind; data: ReplyNoticeData & Record<string, unknown> } =>
  (replyNoticeKinds as readonly string[]).includes(n.kind);

/** The sentence, or null when the notice is not about a reply. */
export function replyNoticeText(n: NotificationView): string | null {
  if (!isReplyNotice(n)) return null;
  const d = n.data;
  const params = {
    title: d.meetingTitle,
    time: formatDateTime(d.startsAt),
    invitee: d.invitee ?? '',
    substitute: d.substitute ?? '',
    reason: d.reason ?? '',
    by: d.byName ?? '',
    answer: d.answer ? t(`replies.answer.${d.answer}` as MessageKey) : '',
  };
  switch (n.kind) {
    case 'reply_answered':
      if (d.answer === 'substitute') return t('replies.notice.proposed', params);
      return t(d.reason ? 'replies.notice.answeredWithReason' : 'replies.notice.answered', params);
    case 'reply_substitute_decided':
      return t(d.decision === 'approve' ? 'replies.notice.approved' : 'replies.notice.refused', params);
    case 'reply_substitute_approved':
      return t('replies.notice.youSubstitute', params);
    case 'reply_substitute_withdrawn':
      return t('replies.notice.withdrawn', params);
    case 'reply_reminder':
      return t(d.invitee ? 'replies.notice.reminderUnit' : 'replies.notice.reminder', params);
  }
}

/** The compiled list for answers (organisers, the chair); the meeting's page (its reply widget) for the rest. */
export function replyNoticeLink(n: NotificationView): string | null {
  if (!isReplyNotice(n)) return null;
  return n.kind === 'reply_answered' ? `/meetings/${n.data.meetingId}/replies` : `/${n.data.slug}`;
}
