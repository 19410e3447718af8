import { z } from 'zod';

/**
 * The outbox (R2.4, M8.1b): every mail the system wrote. With SMTP configured a worker sends `pending` rows (up to 5
 * attempts, then `failed` with the error); without it they stay `kept` and are read here.
 *
 * A mail's body may hold a meeting password (the invitation is the official e-mail), so bodies are shown only to
 * operators and to the organisers of the meeting's host unit subtree, and never logged.
 */
export type MailStatus = 'pending' | 'sent' | 'failed' | 'kept';

// GET /api/mail/outbox?meetingId= → { mails: MailView[] } (newest first, at most 500; operator: all; organiser: mails of
//   meetings hosted in their unit subtree; others forbidden) | forbidden | meeting_not_found
export const outboxQuery = z.object({ meetingId: z.string().uuid().optional() });
export type OutboxQuery = z.input<typeof outboxQuery>;

export interface MailView {
  id: number;
  meetingId: string | null;
  kind: string;
  to: string;
  subject: string;
  status: MailStatus;
  attempts: number;
  error: string | null;
  attachments: { filename: string; contentType: string; size: number }[];
  createdAt: string; // ISO 8601, UTC
  sentAt: string | null;
}

// GET /api/mail/outbox/:id → { mail: MailDetailView } | forbidden | mail_not_found
export interface MailDetailView extends MailView {
  text: string;
  html: string;
}
