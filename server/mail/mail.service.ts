/**
 * Outgoing e-mail (R2.4, M8.1b). Other domains `enqueue` inside the transaction of the change the mail announces,
 * so a change and its mail exist together or not at all. With SMTP configured the rows are `pending` until the
 * sender delivers them; without it (the embedded default) they are `kept` in the outbox, shown in the UI.
 */
import type { Db, Tx } from '../db/client';
import type { SecretBox } from '../secrets/secret-box';
import { sealMailSecret, type MailSecret } from './mail-secret';
import type { MailDelivery } from '../../shared/api';
import type { MailRepository, NewMail } from './mail.repository';

export type OutgoingMail = Omit<NewMail, 'sealedSecret'> & {
  /** A value the mail carries that the outbox must not keep readable (the meeting password): its text has `slot`. */
  secret?: MailSecret;
};

export class MailService {
  constructor(
    private readonly repo: MailRepository,
    private readonly options: { smtpConfigured: boolean },
    private readonly secrets: SecretBox,
  ) {}

  /** Whether a mail server is configured (SMTP_URL): without one every mail is kept in the outbox, none is sent. */
  get serverConfigured(): boolean {
    return this.options.smtpConfigured;
  }

  /** A meeting's mails by where they are: sent, waiting (first attempt to come), retrying after a failure, failed, kept. */
  async deliveryOf(meetingId: string, tx?: Db | Tx): Promise<MailDelivery> {
    return this.repo.deliveryOf(meetingId, tx);
  }

  async enqueue(tx: Db | Tx, mails: OutgoingMail[]): Promise<void> {
    const status = this.options.smtpConfigured ? ('pending' as const) : ('kept' as const);
    await this.repo.insertMany(
      mails.map(({ secret, ...m }) => ({ ...m, status, sealedSecret: secret ? sealMailSecret(this.secrets, m.meetingId, secret) : null })),
      tx,
    );
  }
}
