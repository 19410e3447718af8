import type { MailDetailView, MailView } from '../../shared/api';
import { maskMailSecret } from './mail-secret';
import type { MailRow } from './mail.repository';

/** Whether a mail can be sent again: it failed, or was kept before a mail server was configured. */
export const retryable = (m: Pick<MailRow, 'status'>, smtpConfigured: boolean) => smtpConfigured && (m.status === 'failed' || m.status === 'kept');

/** A mail without its body (lists). Attachments by name, type and size only. */
export const presentMail = (m: MailRow, smtpConfigured: boolean): MailView => ({
  id: m.id,
  meetingId: m.meetingId,
  kind: m.kind,
  to: m.to,
  subject: m.subject,
  status: m.status,
  attempts: m.attempts,
  error: m.error,
  nextAttemptAt: m.status === 'pending' ? (m.nextAttemptAt?.toISOString() ?? null) : null,
  canRetry: retryable(m, smtpConfigured),
  attachments: m.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, size: Math.floor((a.contentBase64.length * 3) / 4) })),
  createdAt: m.createdAt.toISOString(),
  sentAt: m.sentAt?.toISOString() ?? null,
});

/** A mail with its body; a meeting password it carries is masked (never kept readable, never shown back). */
export const presentMailDetail = (m: MailRow, smtpConfigured: boolean): MailDetailView => ({ ...presentMail(m, smtpConfigured), text: maskMailSecret(m.text), html: maskMailSecret(m.html) });
