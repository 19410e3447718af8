import type { MailDetailView, MailView } from '../../shared/api';
import type { MailRow } from './mail.repository';

/** A mail without its body (lists). Attachments by name, type and size only. */
export const presentMail = (m: MailRow): MailView => ({
  id: m.id,
  meetingId: m.meetingId,
  kind: m.kind,
  to: m.to,
  subject: m.subject,
  status: m.status,
  attempts: m.attempts,
  error: m.error,
  attachments: m.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, size: Math.floor((a.contentBase64.length * 3) / 4) })),
  createdAt: m.createdAt.toISOString(),
  sentAt: m.sentAt?.toISOString() ?? null,
});

/** A mail with its body: may hold a meeting password (outbox.service.ts decides who sees it). */
export const presentMailDetail = (m: MailRow): MailDetailView => ({ ...presentMail(m), text: m.text, html: m.html });
