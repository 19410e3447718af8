/**
 * Delivery of the outbox (R2.4, M8.1b) when SMTP_URL is set: a background worker sends `pending` rows with
 * nodemailer, marks them `sent`, or retries with a growing delay (5 s, 10 s, 20 s, 40 s) up to 5 attempts and then
 * marks them `failed` with the error. The delay between attempts is kept in memory (the table has no column for
 * it): after a restart a pending row is tried at once. Logs name the row and the error, never a body, an address
 * list or an attachment (invitations hold the meeting password).
 */
import nodemailer, { type Transporter } from 'nodemailer';
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
  /** id → earliest time of the next attempt. */
  private readonly notBefore = new Map<number, number>();

  constructor(
    private readonly repo: MailRepository,
    private readonly options: MailSenderOptions,
    private readonly log: { warn(obj: object, msg: string): void; info?(obj: object, msg: string): void },
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
    const rows = await this.repo.pending(MAX_ATTEMPTS, this.options.batch ?? 50);
    for (const row of rows) {
      if ((this.notBefore.get(row.id) ?? 0) > now) continue;
      await this.deliver(row);
    }
  }

  private async deliver(row: MailRow): Promise<void> {
    const attempts = row.attempts + 1;
    try {
      await this.transport.sendMail({
        from: this.options.from,
        to: row.to,
        subject: row.subject,
        text: row.text,
        html: row.html || undefined,
        attachments: row.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: Buffer.from(a.contentBase64, 'base64') })),
      });
      this.notBefore.delete(row.id);
      await this.repo.markSent(row.id, attempts, new Date());
    } catch (err) {
      const message = (err as Error).message?.slice(0, 500) || 'send failed';
      const final = attempts >= MAX_ATTEMPTS;
      if (final) this.notBefore.delete(row.id);
      else this.notBefore.set(row.id, Date.now() + BASE_DELAY_MS * 2 ** (attempts - 1));
      await this.repo.markAttemptFailed(row.id, attempts, message, final);
      this.log.warn({ mailId: row.id, attempts, final, err: message }, 'mail delivery failed');
    }
  }
}
