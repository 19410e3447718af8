/**
 * `npm run audit:verify`: walks the audit chain in the configured database (the same environment as `npm start`)
 * and reports the first broken link. Exit code 0 when intact, 1 when broken, 2 on a configuration error.
 */
import { ConfigError, loadConfig } from '../config';
import { openDatabase } from '../db/client';
import path from 'node:path';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';

try {
  const config = loadConfig();
  const database = await openDatabase({ url: config.DATABASE_URL, pgliteDir: path.join(config.dataDir, 'db'), schemaName: process.env.DATABASE_SCHEMA });
  const result = await new AuditService(new AuditRepository(database.db)).verify();
  await database.close();
  if (result.ok) {
    process.stdout.write(`audit trail intact: ${result.checked} entries checked\n`);
  } else {
    process.stdout.write(`audit trail BROKEN at entry ${result.firstBroken!.id} (${result.firstBroken!.reason}); ${result.checked} entries before it are intact\n`);
    process.exitCode = 1;
  }
} catch (err) {
  process.stderr.write(`${err instanceof ConfigError ? err.message : (err as Error).stack}\n`);
  process.exitCode = 2;
}
