/**
 * A secret a mail must carry — the meeting password of an invitation (R2.4) — kept out of the stored mail (R6.1):
 * the text and HTML hold a slot (`[[mat-khau-<random>]]`) where it goes, and the value is kept sealed beside them
 * (`mail_outbox.sealed_secret`) until the mail is handed to the mail server, then cleared. Reading the outbox shows
 * the slot masked, never the value; a mail kept (no mail server) or failed keeps it sealed until it is sent.
 */
import { randomBytes } from 'node:crypto';
import type { SecretBox } from '../secrets/secret-box';
import type { MailRow } from './mail.repository';

export interface MailSecret {
  /** Where the value goes in the mail's text and HTML. */
  slot: string;
  value: string;
}

/** A new slot, unguessable so that no text typed into a meeting (a title…) can ask for the value. */
export const newSecretSlot = (): string => `[[mat-khau-${randomBytes(8).toString('hex')}]]`;
const SLOT = /\[\[mat-khau-[0-9a-f]{16}\]\]/g;
/** What the outbox shows in the value's place. */
export const MASKED_SECRET = '•••••• (chỉ có trong thư đã gửi, không lưu lại)';

/** Sealed for the outbox row of one meeting's mail (bound to the meeting: a value moved to another mail does not open). */
const context = (meetingId: string | null | undefined) => `mail_outbox.secret:${meetingId ?? ''}`;

export const sealMailSecret = (box: SecretBox, meetingId: string | null | undefined, secret: MailSecret): string => box.seal(JSON.stringify(secret), context(meetingId));

/** Sealed again under the current key (a rotation of the secrets key). */
export const resealMailSecret = (box: SecretBox, row: Pick<MailRow, 'meetingId' | 'sealedSecret'>): string => box.reseal(row.sealedSecret!, context(row.meetingId));

/** The mail as it is sent: the slot filled with the value. */
export function fillMailSecret(box: SecretBox, row: Pick<MailRow, 'meetingId' | 'sealedSecret' | 'text' | 'html'>): { text: string; html: string } {
  if (!row.sealedSecret) return { text: row.text, html: row.html };
  const { slot, value } = JSON.parse(box.open(row.sealedSecret, context(row.meetingId))) as MailSecret;
  const escaped = value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return { text: row.text.split(slot).join(value), html: row.html.split(slot).join(escaped) };
}

/** The mail as the outbox shows it: any slot masked. */
export const maskMailSecret = (text: string): string => text.replace(SLOT, MASKED_SECRET);
