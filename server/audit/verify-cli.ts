/**
 * `npm run audit:verify [-- --anchor <id>:<hash>]`: walks the audit chain in the configured database (the same
 * environment as `npm start`) and reports the first broken link, then the chain's head to note down. Given a head
 * noted earlier (`--anchor`), it also checks that the chain still holds it: a trail cut at its end is found only so.
 * Exit code 0 when intact, 1 when broken, 2 on a configuration error.
 */
import path from 'node:path';
import { auditAnchor } from '../../shared/api';
import { ConfigError, loadConfig } from '../config';
import { openDatabase } from '../db/client';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';

try {
  const args = process.argv.slice(2);
  const at = args.indexOf('--anchor');
  const parsedAnchor = at >= 0 ? auditAnchor.safeParse(args[at + 1] ?? '') : undefined;
  if (parsedAnchor && !parsedAnchor.success) throw new ConfigError('--anchor: expected <entry id>:<64 hex digits>, as printed by an earlier run');
  const config = loadConfig();
  const database = await openDatabase({ url: config.DATABASE_URL, pgliteDir: path.join(config.dataDir, 'db'), schemaName: process.env.DATABASE_SCHEMA });
  const result = await new AuditService(new AuditRepository(database.db)).verify(parsedAnchor?.data);
  await database.close();
  if (result.ok) {
    process.stdout.write(`audit trail intact: ${result.checked} entries checked${parsedAnchor ? `, anchor ${parsedAnchor.data.id} present` : ''}\n`);
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
