/**
 * Re-sealing every secret at rest under the current key (`npm run secrets:rotate`, rotate-cli.ts): TOTP secrets,
 * meeting passwords waiting in the mail outbox, and the audit anchor's signature, in one transaction for the database, so that a failure half-way changes nothing
 * there (values name the key they were sealed with, so old and new keys are both read meanwhile).
 */
import type { Db } from '../db/client';
import type { UserRepository } from '../organisation/user.repository';
import type { AuditAnchorFile } from '../audit/audit-anchor';
import { resealMailSecret } from '../mail/mail-secret';
import type { MailRepository } from '../mail/mail.repository';
import type { SignaturesRepository } from '../signatures/signatures.repository';
import type { SecretBox } from './secret-box';

export interface ResealResult {
  /** TOTP secrets (confirmed or being enrolled) sealed again. */
  totpSecrets: number;
  /** Meeting passwords of mails not sent yet, sealed again. */
  mailSecrets: number;
  /** Private keys of the local certification authority and of signers' certificates, sealed again. */
  signingKeys: number;
  /** The audit anchor signed again with the new key; false when there is none, or it did not verify. */
  anchor: boolean;
}

export async function resealAll(db: Db, deps: { users: UserRepository; mail: MailRepository; anchor: AuditAnchorFile; signatures: SignaturesRepository }, box: SecretBox): Promise<ResealResult> {
  let totpSecrets = 0;
  let mailSecrets = 0;
  let signingKeys = 0;
  await db.transaction(async (tx) => {
    for (const u of await deps.users.withTotpSecrets(tx)) {
      const context = `users.totp:${u.id}`;
      const patch: { totpSecret?: string; totpPendingSecret?: string } = {};
      if (u.totpSecret && !box.sealedWithCurrent(u.totpSecret)) patch.totpSecret = box.reseal(u.totpSecret, context);
      if (u.totpPendingSecret && !box.sealedWithCurrent(u.totpPendingSecret)) patch.totpPendingSecret = box.reseal(u.totpPendingSecret, context);
      if (Object.keys(patch).length === 0) continue;
      await deps.users.update(u.id, patch, tx);
      totpSecrets += Object.keys(patch).length;
    }
    for (const m of await deps.mail.withSealedSecrets(tx)) {
      if (box.sealedWithCurrent(m.sealedSecret!)) continue;
      await deps.mail.setSealedSecret(m.id, resealMailSecret(box, m), tx);
      mailSecrets += 1;
    }
    for (const k of await deps.signatures.sealedKeys(tx)) {
      if (box.sealedWithCurrent(k.sealedKey)) continue;
      await deps.signatures.setSealedKey(k, box.reseal(k.sealedKey, k.context), tx);
      signingKeys += 1;
    }
  });
  const stored = deps.anchor.read();
  if (stored.state === 'valid') deps.anchor.write(stored.anchor);
  return { totpSecrets, mailSecrets, signingKeys, anchor: stored.state === 'valid' };
}

