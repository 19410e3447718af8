/**
 * Opens the database: PGlite under DATA_DIR/db by default, PostgreSQL when DATABASE_URL is set. Both run the same
 * checked-in SQL migrations and are used through the same Drizzle API (`Db`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { migrationsDir } from '../paths';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

const migrationsFolder = migrationsDir;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL URL; unset → PGlite. */
  url?: string;
  /** PGlite data directory; `memory://` for an in-memory database. */
  pgliteDir: string;
  /** PostgreSQL schema to use instead of `public` (tests isolate themselves with one each). */
  schemaName?: string;
}

/** The pid file beside an on-disk PGlite directory while a process has it open. */
export const pglitePidFile = (dir: string) => `${path.resolve(dir)}.pid`;

/** The process that has the PGlite directory open, if one is alive. */
export function pgliteHolder(dir: string): number | null {
  try {
    const pid = Number(fs.readFileSync(pglitePidFile(dir), 'utf8').trim());
    if (!Number.isInteger(pid) || pid <= 0) return null;
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

function claimPglite(dir: string): void {
  const holder = pgliteHolder(dir);
  if (holder !== null && holder !== process.pid) throw new Error(`the embedded database ${dir} is open in process ${holder}: stop that process first`);
  fs.mkdirSync(path.dirname(path.resolve(dir)), { recursive: true });
  fs.writeFileSync(pglitePidFile(dir), String(process.pid));
}

function releasePglite(dir: string): void {
  if (pgliteHolder(dir) === process.pid) fs.rmSync(pglitePidFile(dir), { force: true });
}

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  if (opts.url) {
    const { default: pg } = await import('pg');
    const { drizzle } = await import('drizzle-orm/node-postgres');
    const { migrate } = await import('drizzle-orm/node-postgres/migrator');
    const schemaName = opts.schemaName;
    if (schemaName) {
      const admin = new pg.Client({ connectionString: opts.url });
      await admin.connect();
      await admin.query(`CREATE SCHEMA IF NOT EXISTS "${schemaName}"`);
      await admin.end();
    }
    const pool = new pg.Pool({
      connectionString: opts.url,
      max: 10,
      ...(schemaName ? { options: `-c search_path="${schemaName}"` } : {}),
    });
    const db = drizzle(pool, { schema }) as unknown as Db;
    await migrate(db as never, { migrationsFolder, migrationsSchema: schemaName ?? 'drizzle' });
    return { db, kind: 'postgres', close: () => pool.end() };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  const onDisk = !opts.pgliteDir.startsWith('memory://');
  // PGlite is embedded: one process at a time. The pid file tells another (a second server, `npm run backup`).
  if (onDisk) claimPglite(opts.pgliteDir);
  // Postgres's 128 MB of shared buffers live inside PGlite's WebAssembly memory, resident for the process's life;
  // 32 MB holds a ministry's working set and keeps the idle server near 300 MB (issue 18.7). The other start
  // parameters are PGlite's own defaults, which `startParams` replaces rather than extends.
  const pgliteOptions = { startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB', '-c', 'wal_buffers=1MB'] };
  // A first start runs initdb inside the same instance, whose buffers (~500 MB) it keeps for its life: create the
  // cluster with a throwaway instance and open it again, so the server idles at the size of a later start.
  if (onDisk && !fs.existsSync(path.join(opts.pgliteDir, 'PG_VERSION'))) {
    const init = new PGlite(opts.pgliteDir, pgliteOptions);
    await init.waitReady;
    await init.close();
  }
  const client = new PGlite(opts.pgliteDir, pgliteOptions);
  const db = drizzle(client, { schema }) as unknown as Db;
  try {
    await migrate(db as never, { migrationsFolder });
  } catch (err) {
    await client.close().catch(() => undefined);
    if (onDisk) releasePglite(opts.pgliteDir);
    throw err;
  }
  return {
    db,
    kind: 'pglite',
    close: async () => {
      await client.close();
      if (onDisk) releasePglite(opts.pgliteDir);
    },
  };
}
