/**
 * `npm run backup [-- --out <file.tar.gz>] [--without-recordings]` and `npm run restore -- <file.tar.gz>`, in the
 * same environment as `npm start` (DATA_DIR, DATABASE_URL, DATABASE_SCHEMA, SECRETS_KEY). PostgreSQL is backed up
 * while GiaoBan runs; the embedded PGlite only while it is stopped. A restore needs an empty database and DATA_DIR.
 * Exit code 0 when done (restore: rows as the manifest counted them and the audit chain intact), 1 when a restored
 * copy does not match, 2 on a refusal or a configuration error.
 */
import { ConfigError, loadConfig } from '../config';
import { backup, BackupRefused, restore } from './backup';

const [command, ...args] = process.argv.slice(2);
const option = (name: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};

try {
  const config = loadConfig();
  if (command === 'backup') {
    const { file, manifest } = await backup(config, { out: option('--out'), withoutRecordings: args.includes('--without-recordings') });
    const rows = Object.values(manifest.rows).reduce((a, b) => a + b, 0);
    process.stdout.write(`backup written: ${file}\n${manifest.database}, ${Object.keys(manifest.rows).length} tables, ${rows} rows, ${manifest.files.length} files\n`);
  } else if (command === 'restore' && args[0]) {
    const result = await restore(config, args[0]);
    const differing = Object.entries(result.manifest.rows).filter(([table, n]) => result.rows[table] !== n);
    const rows = Object.values(result.rows).reduce((a, b) => a + b, 0);
    process.stdout.write(`restored ${args[0]} (made ${result.manifest.createdAt}): ${rows} rows, ${result.manifest.files.length} files\n`);
    for (const [table, n] of differing) process.stdout.write(`MISMATCH ${table}: ${result.rows[table] ?? 'missing'} rows, the backup had ${n}\n`);
    process.stdout.write(result.audit.ok ? `audit trail intact: ${result.audit.checked} entries checked\n` : `audit trail BROKEN after ${result.audit.checked} entries (run npm run audit:verify)\n`);
    if (differing.length || !result.audit.ok) process.exitCode = 1;
  } else {
    throw new ConfigError('usage: backup-cli backup [--out <file.tar.gz>] [--without-recordings] | restore <file.tar.gz>');
  }
} catch (err) {
  process.stderr.write(`${err instanceof ConfigError || err instanceof BackupRefused ? err.message : (err as Error).stack}\n`);
  process.exitCode = 2;
}
