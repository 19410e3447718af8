/**
 * `npm run secrets:rotate`: a new secrets key (R6.1), with every secret at rest re-sealed under it and the audit
 * anchor signed again. Run it with the server stopped (PGlite is single-process), in the same environment as
 * `npm start`.
 * - Key in DATA_DIR/secrets.key (SECRETS_KEY unset): a new key is generated; the file keeps the old one as
 *   `previous` until everything is re-sealed, so a failure half-way leaves both readable; then it is dropped.
 * - Key in the configuration: set SECRETS_KEY to the new key and SECRETS_KEY_PREVIOUS to the old one, run this,
 *   then remove SECRETS_KEY_PREVIOUS.
 * Exit code 0 when done, 1 when something could not be re-sealed, 2 on a configuration error.
 */
import path from 'node:path';
import { AuditAnchorFile } from '../audit/audit-anchor';
import { ConfigError, loadConfig } from '../config';
import { openDatabase } from '../db/client';
import { MailRepository } from '../mail/mail.repository';
import { UserRepository } from '../organisation/user.repository';
import { Keyring, loadKeyring, readKeyFile, writeKeyFile } from './keyring';
import { SecretBox } from './secret-box';
import { resealAll } from './secrets.service';
import { SignaturesRepository } from '../signatures/signatures.repository';

try {
  const config = loadConfig();
  const inFile = !config.SECRETS_KEY;
  const before = loadKeyring(config); // creates the file on a first run
  if (inFile) {
    const stored = readKeyFile(config.dataDir);
    writeKeyFile(config.dataDir, { current: Keyring.generate(), previous: [stored.current, ...stored.previous] });
  } else if (config.SECRETS_KEY_PREVIOUS.length === 0) {
    process.stdout.write('SECRETS_KEY is set and SECRETS_KEY_PREVIOUS is empty: re-sealing whatever is not sealed with SECRETS_KEY yet\n');
  }
  const box = new SecretBox(loadKeyring(config));
  const database = await openDatabase({ url: config.DATABASE_URL, pgliteDir: path.join(config.dataDir, 'db'), schemaName: process.env.DATABASE_SCHEMA });
  try {
    const result = await resealAll(database.db, { users: new UserRepository(database.db), mail: new MailRepository(database.db), anchor: new AuditAnchorFile(config.dataDir, box), signatures: new SignaturesRepository(database.db) }, box);
    if (inFile) writeKeyFile(config.dataDir, { current: readKeyFile(config.dataDir).current, previous: [] });
    process.stdout.write(
      `secrets key rotated: ${before.current.id} → ${box.keyring.current.id}; ${result.totpSecrets} TOTP secrets re-sealed; ${result.mailSecrets} meeting passwords in the outbox re-sealed; audit anchor ${result.anchor ? 're-signed' : 'not present'}; ${result.signingKeys} signing keys re-sealed\n`,
    );
    if (!inFile) process.stdout.write('now remove SECRETS_KEY_PREVIOUS from the configuration\n');
  } finally {
    await database.close();
  }
} catch (err) {
  process.stderr.write(`${err instanceof ConfigError ? err.message : (err as Error).stack}\n`);
  process.exitCode = err instanceof ConfigError ? 2 : 1;
}
