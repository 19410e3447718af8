/**
 * Delivery of the outbox (R2.4, M8.1b) when SMTP_URL is set: a background worker sends `pending` rows with
 * nodemailer, marks them `sent`, or retries with a growing delay (5 s, 10 s, 20 s, 40 s) up to 5 attempts and then
 * marks them `failed` with the error. The time of the next attempt is kept on the row (`next_attempt_at`), so a
 * restart neither forgets nor hastens it. Logs name the row and the error, never a body, an address list or an
 * attachment. A meeting password is filled into the mail only here (mail-secret.ts) and dropped once sent.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { SecretBox } from '../secrets/secret-box';
import { fillMailSecret } from './mail-secret';
import type { MailRepository, MailRow } from './mail.repository';

export const MAX_ATTEMPTS = 5;
const BASE_DELAY_MS = 5_000;

export interface MailSenderOptions {
  smtpUrl: string;
  from: string;
  /** How often the outbox is looked at. */
  pollMs?: number;
  /** Rows per look. */
  batch?: number;
}

export class MailSender {
  private readonly transport: Transporter;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly repo: MailRepository,
    private readonly options: MailSenderOptions,
    private readonly log: { warn(obj: object, msg: string): void; info?(obj: object, msg: string): void },
    /** Opens the secret a mail carries (the meeting password), only to send it. */
    private readonly secrets: SecretBox,
  ) {
    this.transport = nodemailer.createTransport(options.smtpUrl);
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.options.pollMs ?? 2_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
    this.transport.close();
  }

  /** One pass over the due rows (also callable from tests). */
  tick(now = Date.now()): Promise<void> {
    if (this.running) return this.running;
    this.running = this.deliverDue(now)
      .catch((err: Error) => this.log.warn({ err: err.message }, 'outbox delivery pass failed'))
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async deliverDue(now: number): Promise<void> {
    for (const row of await this.repo.due(new Date(now), MAX_ATTEMPTS, this.options.batch ?? 50)) await this.deliver(row, now);
  }

  private async deliver(row: MailRow, now: number): Promise<void> {
    const attempts = row.attempts + 1;
    try {
      const { text, html } = fillMailSecret(this.secrets, row);
      await this.transport.sendMail({
        from: this.options.from,
        to: row.to,
        subject: row.subject,
        text,
        html: html || undefined,
        attachments: row.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: Buffer.from(a.contentBase64, 'base64') })),
      });
      await this.repo.markSent(row.id, attempts, new Date());
    } catch (err) {
      const message = (err as Error).message?.slice(0, 500) || 'send failed';
      const final = attempts >= MAX_ATTEMPTS;
      await this.repo.markAttemptFailed(row.id, attempts, message, final ? null : new Date(now + BASE_DELAY_MS * 2 ** (attempts - 1)));
      this.log.warn({ mailId: row.id, attempts, final, err: message }, 'mail delivery failed');
    }
  }
}
