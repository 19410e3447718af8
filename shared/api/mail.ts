import { z } from 'zod';

/**
 * The outbox (R2.4, M8.1b): every mail the system wrote. With SMTP configured a worker sends `pending` rows (up to 5
 * attempts, then `failed` with the error); without it they stay `kept` and are read here.
 *
 * A mail's body may hold a meeting password (the invitation is the official e-mail), so bodies are shown only to
 * operators and to the organisers of the meeting's host unit subtree, and never logged.
 */
export type MailStatus = 'pending' | 'sent' | 'failed' | 'kept';

/** A meeting's mails by where they are (issue 15.5): `waiting` for a first attempt, `retrying` after a failed one. */
export interface MailDelivery {
  sent: number;
  waiting: number;
  retrying: number;
  failed: number;
  kept: number;
}

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
  /** When a pending mail is tried again after a failed attempt (ISO 8601, UTC); null: at once or never. */
  nextAttemptAt: string | null;
  /** Whether it can be sent again now (failed, or kept before a mail server was configured; SMTP_URL set). */
  canRetry: boolean;
  attachments: { filename: string; contentType: string; size: number }[];
  createdAt: string; // ISO 8601, UTC
  sentAt: string | null;
}

// POST /api/mail/outbox/:id/retry (who may read the mail) → { mail: MailView } | forbidden | mail_not_found
//   | mail_not_retryable (409: not failed nor kept, or no mail server). Audited as `mail.retried`.

// GET /api/mail/outbox/:id → { mail: MailDetailView } | forbidden | mail_not_found
export interface MailDetailView extends MailView {
  text: string;
  html: string;
}
