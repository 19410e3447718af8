/**
 * `npm run backup` and `npm run restore` (issue 17, point 8; M11.2): a server with people, a meeting and a document
 * is backed up; the archive restored into an empty database and DATA_DIR has every row and file, and its audit
 * chain verifies. Refused: backing up the embedded database while the server has it open, restoring over data.
 * Runs on PGlite, and on PostgreSQL when DATABASE_URL is set (restored into a fresh database).
 */
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/client';
import { meetingDocuments, meetings, users } from '../db/schema';
import { projectRoot as repoRoot } from '../paths';
import { createUser, startTestServer, type TestServer } from './support';

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'server/backup/backup-cli.ts', ...args], { cwd: repoRoot, env: { ...process.env, ...env }, timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? -1) : 0, stdout, stderr });
    });
  });
}

const pgUrl = process.env.DATABASE_URL;
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

async function adminQuery(text: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  await client.query(text);
  await client.end();
}

describe('backup and restore (M11.2)', () => {
  it('a backup restored into an empty database finds every row and file, and the audit chain verifies', async () => {
    const source: TestServer = await startTestServer({}, { pgliteOnDisk: true });
    cleanups.push(() => source.close());
    const chair = await createUser(source, 'Phạm Văn Lưu', 'UBND tỉnh');
    const created = await source.operator.post('/api/meetings', {
      title: 'Họp giao ban trước khi sao lưu',
      startsAt: '2026-12-20T08:00:00+07:00',
      endsAt: '2026-12-20T10:00:00+07:00',
      chairId: chair.id,
      notStateSecret: true,
      emergency: true,
      slug: `sao-luu-${randomBytes(3).toString('hex')}`,
      password: 'mat-khau-1',
    });
    expect(created.status).toBe(201);
    const meetingId = created.body.meeting.id as string;
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(2048), Buffer.from('\n%%EOF\n')]);
    const uploaded = await fetch(`${source.url}/api/meetings/${meetingId}/documents?name=${encodeURIComponent('Báo cáo.pdf')}&kind=document`, {
      method: 'POST',
      headers: { 'content-type': 'application/pdf', cookie: source.operator.cookie!, 'x-csrf-token': source.operator.csrf! },
      body: pdf,
    });
    expect(uploaded.status).toBe(201);
    const sha = createHash('sha256').update(pdf).digest('hex');
    const env = { DATA_DIR: source.dataDir, DATABASE_SCHEMA: source.schema ?? '', LOG_LEVEL: 'warn' };
    const archive = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'giaoban-archive-')), 'giaoban.tar.gz');

    if (!pgUrl) {
      // the embedded database cannot be copied under a running server
      const refused = await runCli(['backup', '--out', archive], env);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/has the embedded database open: stop it/);
      expect(fs.existsSync(archive)).toBe(false);
    }
    await source.app.close();
    const made = await runCli(['backup', '--out', archive], env);
    expect(made, made.stderr).toMatchObject({ code: 0 });
    expect(made.stdout).toContain(`backup written: ${archive}`);
    expect(fs.statSync(archive).mode & 0o077).toBe(0);

    // an empty place to restore into: a new DATA_DIR, and for PostgreSQL a new database
    const target = fs.mkdtempSync(path.join(os.tmpdir(), 'giaoban-restored-'));
    cleanups.push(async () => fs.rmSync(target, { recursive: true, force: true }));
    let targetUrl: string | undefined;
    if (pgUrl) {
      const name = `gb_restore_${randomBytes(4).toString('hex')}`;
      await adminQuery(`CREATE DATABASE ${name}`);
      cleanups.push(() => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      const url = new URL(pgUrl);
      url.pathname = `/${name}`;
      targetUrl = url.toString();
    }
    const targetEnv = { ...env, DATA_DIR: target, ...(targetUrl ? { DATABASE_URL: targetUrl } : {}) };
    const restored = await runCli(['restore', archive], targetEnv);
    expect(restored, restored.stderr).toMatchObject({ code: 0 });
    expect(restored.stdout).not.toContain('MISMATCH');
    expect(restored.stdout).toMatch(/audit trail intact: [1-9]\d* entries checked/);

    // the rows and the document's bytes are there
    const database = await openDatabase({ url: targetUrl, pgliteDir: path.join(target, 'db'), schemaName: source.schema });
    try {
      expect((await database.db.select().from(meetings).where(eq(meetings.id, meetingId))).map((m) => m.title)).toEqual(['Họp giao ban trước khi sao lưu']);
      expect((await database.db.select().from(users).where(eq(users.id, chair.id))).map((u) => u.name)).toEqual(['Phạm Văn Lưu']);
      const [doc] = await database.db.select().from(meetingDocuments).where(eq(meetingDocuments.meetingId, meetingId));
      expect(doc?.sha256).toBe(sha);
    } finally {
      await database.close();
    }
    expect(createHash('sha256').update(fs.readFileSync(path.join(target, 'documents', sha))).digest('hex')).toBe(sha);

    // a second restore over what is now there is refused and changes nothing
    const again = await runCli(['restore', archive], targetEnv);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/restore into an empty/);
    expect(await runCli(['restore', path.join(target, 'documents', sha)], { ...targetEnv, DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'giaoban-empty-')) })).toMatchObject({ code: 2 });
  }, 240_000);
});
