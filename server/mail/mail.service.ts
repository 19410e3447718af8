/**
 * Outgoing e-mail (R2.4, M8.1b). Other domains `enqueue` inside the transaction of the change the mail announces,
 * so a change and its mail exist together or not at all. With SMTP configured the rows are `pending` until the
 * sender delivers them; without it (the embedded default) they are `kept` in the outbox, shown in the UI.
 */
import type { Db, Tx } from '../db/client';
import type { MailRepository, NewMail } from './mail.repository';

export type OutgoingMail = NewMail;

export class MailService {
  constructor(
    private readonly repo: MailRepository,
    private readonly options: { smtpConfigured: boolean },
  ) {}

  async enqueue(tx: Db | Tx, mails: OutgoingMail[]): Promise<void> {
    const status = this.options.smtpConfigured ? ('pending' as const) : ('kept' as const);
    await this.repo.insertMany(
      mails.map((m) => ({ ...m, status })),
      tx,
    );
  }
}
