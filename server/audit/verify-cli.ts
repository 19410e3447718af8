/**
 * `npm run audit:verify [-- --anchor <id>:<hash>]`: walks the audit chain in the configured database (the same
 * environment as `npm start`) and reports the first broken link, then the chain's head to note down. The chain must
 * still hold the anchor the server keeps in DATA_DIR/audit-anchor.json (its signature checked with the secrets key)
 * and, if given, a head noted earlier (`--anchor`): a trail removed whole or cut at its end is found only so.
 * Exit code 0 when intact, 1 when broken, 2 on a configuration error.
 */
import path from 'node:path';
import { auditAnchor } from '../../shared/api';
import { ConfigError, loadConfig } from '../config';
import { openDatabase } from '../db/client';
import { loadKeyring } from '../secrets/keyring';
import { SecretBox } from '../secrets/secret-box';
import { AuditAnchorFile } from './audit-anchor';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';

try {
  const args = process.argv.slice(2);
  const at = args.indexOf('--anchor');
  const parsedAnchor = at >= 0 ? auditAnchor.safeParse(args[at + 1] ?? '') : undefined;
  if (parsedAnchor && !parsedAnchor.success) throw new ConfigError('--anchor: expected <entry id>:<64 hex digits>, as printed by an earlier run');
  const config = loadConfig();
  const database = await openDatabase({ url: config.DATABASE_URL, pgliteDir: path.join(config.dataDir, 'db'), schemaName: process.env.DATABASE_SCHEMA });
  const anchorFile = new AuditAnchorFile(config.dataDir, new SecretBox(loadKeyring(config)));
  // only read here: a server's log would be the place to say a silent one wrote nothing
  const result = await new AuditService(new AuditRepository(database.db), { file: anchorFile, log: { info: () => undefined, error: () => undefined } }).verify(parsedAnchor?.data);
  await database.close();
  const anchors = (result.anchors ?? []).map((a) => `${a.source === 'given' ? 'anchor' : 'stored anchor'} ${a.id} present`);
  if (result.ok) {
    process.stdout.write(`audit trail intact: ${result.checked} entries checked${anchors.length ? `, ${anchors.join(', ')}` : ''}\n`);
    if (!result.anchors?.some((a) => a.source === 'stored')) process.stdout.write(`note: no stored anchor in ${anchorFile.file}\n`);
  } else if (result.firstBroken!.reason === 'anchor_invalid') {
    process.stdout.write(`audit trail BROKEN: the anchor file ${anchorFile.file} does not verify (edited without the secrets key); ${result.checked} entries are linked\n`);
    process.exitCode = 1;
  } else if (result.firstBroken!.reason === 'anchor_missing') {
    process.stdout.write(`audit trail BROKEN: anchor entry ${result.firstBroken!.id} is missing or changed (the trail was cut or rewritten); ${result.checked} entries are linked\n`);
    process.exitCode = 1;
  } else {
    process.stdout.write(`audit trail BROKEN at entry ${result.firstBroken!.id} (${result.firstBroken!.reason}); ${result.checked} entries before it are intact\n`);
    process.exitCode = 1;
  }
  if (result.head) process.stdout.write(`head: ${result.head.id}:${result.head.hash} (note it; check later with --anchor ${result.head.id}:${result.head.hash})\n`);
} catch (err) {
  process.stderr.write(`${err instanceof ConfigError ? err.message : (err as Error).stack}\n`);
  process.exitCode = 2;
}
