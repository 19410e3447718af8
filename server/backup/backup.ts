/**
 * Backup and restore (issue 17, point 8; M11.2): one archive (`.tar.gz`) holding the database — `pg_dump`'s custom
 * format for PostgreSQL, PGlite's own data-directory dump for the embedded database — and the files under DATA_DIR
 * the database points to (documents, recordings), the audit anchor and the secrets key file when the key lives
 * there, with a manifest counting every table's rows. A restore goes only into an empty database and data
 * directory, in one transaction for PostgreSQL (nothing half-restored), then counts the rows again against the
 * manifest and walks the audit chain.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Config } from '../config';
import { openDatabase, pgliteHolder, type Db } from '../db/client';
import { AUDIT_ANCHOR_FILE, AuditAnchorFile } from '../audit/audit-anchor';
import { AuditRepository } from '../audit/audit.repository';
import { AuditService } from '../audit/audit.service';
import { SECRETS_KEY_FILE, loadKeyring } from '../secrets/keyring';
import { SecretBox } from '../secrets/secret-box';

const run = promisify(execFile);

export const BACKUP_FORMAT = 'giaoban-backup/1';
const PG_DUMP = 'database.pgdump';
const PGLITE_DUMP = 'database.pglite.tar.gz';
/** Folders of DATA_DIR the database refers to. */
const DATA_FOLDERS = ['documents', 'recordings'] as const;

const manifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  createdAt: z.string(),
  database: z.enum(['pglite', 'postgres']),
  /** The PostgreSQL schema the tables were in (DATABASE_SCHEMA), null for the default. */
  schema: z.string().nullable(),
  migration: z.string(),
  rows: z.record(z.string(), z.number().int().nonnegative()),
  files: z.array(z.string()),
});
export type BackupManifest = z.infer<typeof manifestSchema>;

/** A refusal the command line prints as is (exit code 2). */
export class BackupRefused extends Error {}

export type BackupConfig = Pick<Config, 'DATABASE_URL' | 'DATABASE_SCHEMA' | 'SECRETS_KEY' | 'SECRETS_KEY_PREVIOUS' | 'dataDir'>;

const pgliteDir = (config: BackupConfig) => path.join(config.dataDir, 'db');

/** Rows of a raw query, the same on PGlite and node-postgres. */
async function query<T>(db: Db, statement: SQL): Promise<T[]> {
  return ((await db.execute(statement)) as unknown as { rows: T[] }).rows;
}

/** Rows of every table of the application's schema (not the migrations' own table). */
async function countRows(db: Db, schema: string | null): Promise<Record<string, number>> {
  const tables = await query<{ table_name: string }>(
    db,
    sql`SELECT table_name FROM information_schema.tables WHERE table_schema = ${schema ?? 'public'} AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const rows: Record<string, number> = {};
  for (const { table_name: name } of tables) {
    if (name === '__drizzle_migrations') continue;
    const [counted] = await query<{ n: string | number }>(db, sql`SELECT count(*) AS n FROM ${sql.identifier(name)}`);
    rows[name] = Number(counted!.n);
  }
  return rows;
}

async function lastMigration(db: Db, schema: string | null): Promise<string> {
  const table = sql`${sql.identifier(schema ?? 'drizzle')}.${sql.identifier('__drizzle_migrations')}`;
  const [last] = await query<{ hash: string; created_at: string | number }>(db, sql`SELECT hash, created_at FROM ${table} ORDER BY created_at DESC LIMIT 1`);
  return last ? `${last.created_at}:${last.hash}` : '';
}

function copyTree(from: string, to: string): string[] {
  if (!fs.existsSync(from)) return [];
  fs.cpSync(from, to, { recursive: true, errorOnExist: false, force: true });
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push(full);
    }
  };
  walk(to);
  return out;
}

export interface BackupOptions {
  /** The archive to write; default DATA_DIR/backups/giaoban-<time>.tar.gz. */
  out?: string;
  /** Leave the recordings out (they can be large). */
  withoutRecordings?: boolean;
}

/** Write a backup archive; returns its path and manifest. PGlite must not be open in a running server. */
export async function backup(config: BackupConfig, options: BackupOptions = {}): Promise<{ file: string; manifest: BackupManifest }> {
  const kind = config.DATABASE_URL ? 'postgres' : 'pglite';
  const schema = config.DATABASE_SCHEMA ?? null;
  if (kind === 'pglite') {
    if (!fs.existsSync(pgliteDir(config))) throw new BackupRefused(`no database in ${pgliteDir(config)}: nothing to back up`);
    const holder = pgliteHolder(pgliteDir(config));
    if (holder !== null) throw new BackupRefused(`GiaoBan (process ${holder}) has the embedded database open: stop it, back up, start it again (PostgreSQL is backed up while running)`);
  }
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'giaoban-backup-'));
  try {
    const database = await openDatabase({ url: config.DATABASE_URL, pgliteDir: pgliteDir(config), schemaName: schema ?? undefined });
    let rows: Record<string, number>;
    let migration: string;
    try {
      rows = await countRows(database.db, schema);
      migration = await lastMigration(database.db, schema);
      if (kind === 'pglite') {
        const client = (database.db as unknown as { $client: { dumpDataDir(c: 'gzip'): Promise<Blob> } }).$client;
        fs.writeFileSync(path.join(stage, PGLITE_DUMP), Buffer.from(await (await client.dumpDataDir('gzip')).arrayBuffer()));
      }
    } finally {
      await database.close();
    }
    if (kind === 'postgres') {
      const args = ['--format=custom', '--no-owner', '--no-privileges', `--file=${path.join(stage, PG_DUMP)}`, ...(schema ? [`--schema=${schema}`] : []), `--dbname=${config.DATABASE_URL}`];
      await run('pg_dump', args, { maxBuffer: 16 * 1024 * 1024 });
    }
    const files: string[] = [];
    for (const folder of DATA_FOLDERS) {
      if (folder === 'recordings' && options.withoutRecordings) continue;
      files.push(...copyTree(path.join(config.dataDir, folder), path.join(stage, 'data', folder)).map((f) => path.relative(path.join(stage, 'data'), f)));
    }
    for (const single of [AUDIT_ANCHOR_FILE, ...(config.SECRETS_KEY ? [] : [SECRETS_KEY_FILE])]) {
      const from = path.join(config.dataDir, single);
      if (!fs.existsSync(from)) continue;
      fs.mkdirSync(path.join(stage, 'data'), { recursive: true });
      fs.copyFileSync(from, path.join(stage, 'data', single));
      files.push(single);
    }
    const manifest: BackupManifest = { format: BACKUP_FORMAT, createdAt: new Date().toISOString(), database: kind, schema, migration, rows, files };
    fs.writeFileSync(path.join(stage, 'manifest.json'), JSON.stringify(manifest, null, 2));
    const file = path.resolve(options.out ?? path.join(config.dataDir, 'backups', `giaoban-${manifest.createdAt.replace(/[:.]/g, '-')}.tar.gz`));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const partial = `${file}.partial`;
    await run('tar', ['-czf', partial, '-C', stage, '.']);
    fs.renameSync(partial, file); // a backup that stopped half-way is never taken for a whole one
    fs.chmodSync(file, 0o600); // it holds the sealed secrets and, without SECRETS_KEY, the key that opens them
    return { file, manifest };
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

export interface RestoreResult {
  manifest: BackupManifest;
  rows: Record<string, number>;
  audit: { ok: boolean; checked: number };
}

/** Restore an archive into the configured, empty database and data directory, then check it against the manifest. */
export async function restore(config: BackupConfig, archive: string): Promise<RestoreResult> {
  if (!fs.existsSync(archive)) throw new BackupRefused(`no such backup: ${archive}`);
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'giaoban-restore-'));
  try {
    await run('tar', ['-xzf', archive, '-C', stage]).catch(() => {
      throw new BackupRefused(`${archive} is not a GiaoBan backup (not a readable .tar.gz)`);
    });
    const parsed = manifestSchema.safeParse(JSON.parse(fs.existsSync(path.join(stage, 'manifest.json')) ? fs.readFileSync(path.join(stage, 'manifest.json'), 'utf8') : 'null'));
    if (!parsed.success) throw new BackupRefused(`${archive} is not a GiaoBan backup of format ${BACKUP_FORMAT} (its manifest is missing or wrong)`);
    const manifest = parsed.data;
    const kind = config.DATABASE_URL ? 'postgres' : 'pglite';
    if (manifest.database !== kind) throw new BackupRefused(`the backup is of a ${manifest.database} database; this configuration uses ${kind}`);
    const schema = config.DATABASE_SCHEMA ?? null;
    if (manifest.schema !== schema) throw new BackupRefused(`the backup's tables are in schema ${manifest.schema ?? 'public'}; set DATABASE_SCHEMA=${manifest.schema ?? ''} to restore it`);
    await refuseUnlessEmpty(config, schema);
    const keyFile = path.join(config.dataDir, SECRETS_KEY_FILE);
    const backedKey = path.join(stage, 'data', SECRETS_KEY_FILE);
    if (fs.existsSync(backedKey) && fs.existsSync(keyFile) && !fs.readFileSync(backedKey).equals(fs.readFileSync(keyFile))) {
      throw new BackupRefused(`${keyFile} holds another secrets key than the backup's: the restored secrets would not open (move it away first)`);
    }

    if (kind === 'postgres') {
      // one transaction: a restore that fails leaves the database as empty as it was
      await run('pg_restore', ['--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', `--dbname=${config.DATABASE_URL}`, path.join(stage, PG_DUMP)], { maxBuffer: 16 * 1024 * 1024 }).catch((err: Error & { stderr?: string }) => {
        throw new BackupRefused(`pg_restore failed, nothing restored: ${(err.stderr ?? err.message).trim().split('\n').slice(-3).join(' ')}`);
      });
    } else {
      const { PGlite } = await import('@electric-sql/pglite');
      const dir = pgliteDir(config);
      try {
        const client = new PGlite(dir, { loadDataDir: new Blob([fs.readFileSync(path.join(stage, PGLITE_DUMP))]) });
        await client.query('SELECT 1');
        await client.close();
      } catch (err) {
        fs.rmSync(dir, { recursive: true, force: true });
        throw new BackupRefused(`the embedded database could not be restored, nothing kept: ${(err as Error).message}`);
      }
    }
    fs.mkdirSync(config.dataDir, { recursive: true });
    if (fs.existsSync(path.join(stage, 'data'))) fs.cpSync(path.join(stage, 'data'), config.dataDir, { recursive: true, force: false, errorOnExist: false });
    if (fs.existsSync(keyFile)) fs.chmodSync(keyFile, 0o600);

    const database = await openDatabase({ url: config.DATABASE_URL, pgliteDir: pgliteDir(config), schemaName: schema ?? undefined });
    try {
      const rows = await countRows(database.db, schema);
      const anchor = new AuditAnchorFile(config.dataDir, new SecretBox(loadKeyring(config)));
      const verified = await new AuditService(new AuditRepository(database.db), { file: anchor, log: { info: () => undefined, error: () => undefined } }).verify();
      return { manifest, rows, audit: { ok: verified.ok, checked: verified.checked } };
    } finally {
      await database.close();
    }
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

async function refuseUnlessEmpty(config: BackupConfig, schema: string | null): Promise<void> {
  if (config.DATABASE_URL) {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: config.DATABASE_URL });
    await client.connect();
    try {
      const found = await client.query<{ n: string }>(`SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = ANY($1)`, [schema ? [schema] : ['public', 'drizzle']]);
      if (Number(found.rows[0]!.n) > 0) throw new BackupRefused(`the database already has tables in ${schema ?? 'public/drizzle'}: restore into an empty one`);
    } finally {
      await client.end();
    }
  } else if (fs.existsSync(pgliteDir(config)) && fs.readdirSync(pgliteDir(config)).length > 0) {
    throw new BackupRefused(`${pgliteDir(config)} already holds a database: restore into an empty DATA_DIR`);
  }
  for (const folder of DATA_FOLDERS) {
    const dir = path.join(config.dataDir, folder);
    if (fs.existsSync(dir) && fs.readdirSync(dir).some((f) => f !== 'tmp')) throw new BackupRefused(`${dir} is not empty: restore into an empty DATA_DIR`);
  }
}
