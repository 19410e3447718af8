/**
 * The audit trail (R1.5, R6.3): every action that matters leaves an entry naming who did what to what, in the same
 * transaction as the action; the chain of hashes exposes any row changed or removed behind the database's back,
 * whether the operator asks from the audit page or runs `npm run audit:verify`.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntryView, AuditVerification } from '../../shared/api';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import { entryHash } from '../audit/audit.hash';
import { openDatabase, type Db } from '../db/client';
import { auditLog } from '../db/schema';
import { TestSocket, createUser, startTestServer, type TestServer } from './support';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

let server: TestServer;
let operatorId: string;
let organiser: Awaited<ReturnType<typeof createUser>>;
let delegate: Awaited<ReturnType<typeof createUser>>;

beforeAll(async () => {
  server = await startTestServer();
  operatorId = (await server.operator.get('/api/auth/me')).body.user.id;
  organiser = await createUser(server, 'Phạm Thị Hoa', 'Văn phòng UBND tỉnh', { role: 'organiser' });
  delegate = await createUser(server, 'Trần Văn Năm', 'Sở Tài chính');
});
afterAll(() => server?.close());

async function entries(query: Record<string, string> = {}): Promise<AuditEntryView[]> {
  const res = await server.operator.get(`/api/audit?${new URLSearchParams(query)}`);
  expect(res.status).toBe(200);
  return res.body.entries;
}

const latestId = async () => (await entries({ limit: '1' }))[0]!.id;

async function verify(): Promise<AuditVerification> {
  const res = await server.operator.get('/api/audit/verify');
  expect(res.status).toBe(200);
  return res.body;
}

/** Once the anchor the server keeps outside the database has caught up with the chain's head (a moment after a commit). */
async function anchoredVerify(): Promise<AuditVerification> {
  let result = await verify();
  for (let i = 0; i < 50 && result.anchors?.find((a) => a.source === 'stored')?.id !== result.head?.id; i++) {
    await new Promise((r) => setTimeout(r, 100));
    result = await verify();
  }
  expect(result.anchors?.find((a) => a.source === 'stored')?.id, 'the stored anchor reaches the head').toBe(result.head?.id);
  return result;
}

/** The one entry with this action on this target. */
async function entryFor(action: string, targetId: string): Promise<AuditEntryView> {
  const found = (await entries({ targetId })).filter((e) => e.action === action);
  expect(found, `${action} on ${targetId}`).toHaveLength(1);
  return found[0]!;
}

async function newUnit(name: string) {
  const code = `U${Math.random().toString(36).slice(2, 8).toUpperCase()}`;
  const res = await server.operator.post('/api/units', { code, name });
  expect(res.status).toBe(201);
  return res.body.unit as { id: string; code: string; name: string };
}

/** The database's own refusal (drizzle wraps the driver's error; the trigger's message is in either). */
async function refusedByDatabase(statement: Promise<unknown>): Promise<string> {
  const err = (await statement.then(
    () => null,
    (e: unknown) => e,
  )) as (Error & { cause?: Error }) | null;
  expect(err, 'the statement should have been refused').not.toBeNull();
  return `${err!.message} ${err!.cause?.message ?? ''}`;
}

/**
 * Run `fn` as someone with rights on the database who switches the append-only trigger off (not through the
 * application). The trigger is switched back on afterwards.
 */
async function behindTheTriggersBack(db: Db, fn: () => Promise<void>): Promise<void> {
  await db.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER USER`);
  try {
    await fn();
  } finally {
    await db.execute(sql`ALTER TABLE audit_log ENABLE TRIGGER USER`);
  }
}

/** The rows of the chain, to put back after a test removed them behind the triggers' back. */
const allRows = (db: Db) => db.select().from(auditLog).orderBy(auditLog.id);
async function putBack(db: Db, rows: (typeof auditLog.$inferSelect)[]): Promise<void> {
  for (const r of rows) {
    await db.execute(sql`INSERT INTO audit_log (id, at, actor_id, action, target_type, target_id, data, ip, prev_hash, hash)
      VALUES (${r.id}, ${r.at.toISOString()}::timestamptz, ${r.actorId}::uuid, ${r.action}, ${r.targetType}, ${r.targetId},
              ${JSON.stringify(r.data)}::jsonb, ${r.ip}, ${r.prevHash}, ${r.hash}) ON CONFLICT (id) DO NOTHING`);
  }
}

const rowById = async (db: Db, id: number) => (await db.select().from(auditLog).where(eq(auditLog.id, id)))[0]!;

describe('audit trail (R1.5, R6.3)', () => {
  it('R1.5 the audit trail records who created, changed and deleted units, people and meetings, and who ended a meeting', async () => {
    const unit = await newUnit('Sở Khoa học và Công nghệ');
    expect(await entryFor('unit.created', unit.id)).toMatchObject({
      actor: { id: operatorId, name: 'Quản trị hệ thống' },
      targetType: 'unit',
      targetName: 'Sở Khoa học và Công nghệ',
      data: { code: unit.code, name: 'Sở Khoa học và Công nghệ' },
      ip: '127.0.0.1',
    });

    expect((await server.operator.request('PATCH', `/api/units/${unit.id}`, { name: 'Sở Khoa học, Công nghệ' })).status).toBe(200);
    expect(await entryFor('unit.updated', unit.id)).toMatchObject({
      actor: { id: operatorId },
      targetType: 'unit',
      targetName: 'Sở Khoa học, Công nghệ',
      data: { before: { name: 'Sở Khoa học và Công nghệ' }, after: { name: 'Sở Khoa học, Công nghệ' } },
    });

    const person = await createUser(server, 'Võ Minh Tâm', 'Sở Khoa học, Công nghệ');
    expect(await entryFor('user.created', person.id)).toMatchObject({ actor: { id: operatorId }, targetType: 'user', targetName: 'Võ Minh Tâm', data: { email: person.email, role: 'delegate', unitId: unit.id } });
    expect((await server.operator.request('PATCH', `/api/users/${person.id}`, { title: 'Phó Giám đốc' })).status).toBe(200);
    expect(await entryFor('user.updated', person.id)).toMatchObject({ actor: { id: operatorId }, targetType: 'user', data: { title: 'Phó Giám đốc' } });
    // an organiser's own actions carry the organiser's name
    const secretary = await organiser.client.post('/api/users', { name: 'Đỗ Thu Hà', unitId: organiser.unitId, email: `ha.${Date.now()}@example.vn`, role: 'secretary' });
    expect(secretary.status).toBe(201);
    expect(await entryFor('user.created', secretary.body.user.id)).toMatchObject({ actor: { id: organiser.id, name: 'Phạm Thị Hoa' }, data: { role: 'secretary' } });

    const slug = `kiem-toan-${Math.random().toString(36).slice(2, 8)}`;
    const created = await server.operator.post('/api/meetings', {
      title: 'Giao ban kinh tế - xã hội tháng 12',
      startsAt: '2026-12-01T08:00:00+07:00',
      endsAt: '2026-12-01T11:30:00+07:00',
      chairId: organiser.id,
      notStateSecret: true,
      emergency: true,
      inviteeIds: [delegate.id],
      slug,
      password: 'mat-khau-hop',
    });
    expect(created.status).toBe(201);
    const meetingId = created.body.meeting.id as string;
    const meetingCreated = await entryFor('meeting.created', meetingId);
    expect(meetingCreated).toMatchObject({ actor: { id: operatorId }, targetType: 'meeting', targetName: 'Giao ban kinh tế - xã hội tháng 12', data: { slug, invitees: 1 } });
    expect(JSON.stringify(meetingCreated)).not.toContain('mat-khau-hop');

    const chair = await TestSocket.open(server, organiser.client);
    try {
      chair.send({ type: 'join', v: PROTOCOL_VERSION, slug, password: 'mat-khau-hop' });
      await chair.next('joined');
      chair.send({ type: 'end_meeting', noConclusions: true });
      expect((await chair.next('closed')).reason).toBe('meeting_ended');
    } finally {
      chair.close();
    }
    await expect.poll(async () => (await entries({ targetId: meetingId, action: 'meeting.ended' })).length).toBe(1);
    expect((await entries({ targetId: meetingId, action: 'meeting.ended' }))[0]).toMatchObject({ actor: { id: organiser.id, name: 'Phạm Thị Hoa' }, targetType: 'meeting' });

    const empty = await newUnit('Ban Quản lý dự án tạm');
    expect((await server.operator.request('DELETE', `/api/units/${empty.id}`)).status).toBe(204);
    // the unit is gone; its entry keeps its name in the data
    expect(await entryFor('unit.deleted', empty.id)).toMatchObject({ actor: { id: operatorId }, targetType: 'unit', targetName: '', data: { code: empty.code, name: 'Ban Quản lý dự án tạm' } });
    expect((await entries({ targetId: unit.id })).map((e) => e.action)).toEqual(['unit.updated', 'unit.created']);
    expect((await verify()).ok).toBe(true);
  });

  it('R1.5 a refused action leaves no audit entry: the entry belongs to the action’s transaction', async () => {
    const unit = await newUnit('Sở Văn hóa, Thể thao và Du lịch');
    await createUser(server, 'Hoàng Văn Lợi', 'Sở Văn hóa, Thể thao và Du lịch');
    const before = await latestId();
    expect((await organiser.client.post('/api/units', { code: 'KHONG', name: 'Không được tạo' })).body.error.id).toBe('forbidden');
    expect((await delegate.client.request('PATCH', `/api/units/${unit.id}`, { name: 'Đổi tên trái phép' })).body.error.id).toBe('forbidden');
    expect((await server.operator.post('/api/units', { code: unit.code, name: 'Trùng mã' })).body.error.id).toBe('unit_code_taken');
    expect((await server.operator.request('DELETE', `/api/units/${unit.id}`)).body.error.id).toBe('unit_not_empty');
    const csv = await fetch(`${server.url}/api/units/import`, {
      method: 'POST',
      headers: { cookie: server.operator.cookie!, 'x-csrf-token': server.operator.csrf!, 'content-type': 'text/csv' },
      body: 'code,name,parent_code\nHOPLE1,Sở Hợp lệ,\nSAI MA!,Sở Sai,\n',
    });
    expect(((await csv.json()) as { error: { id: string } }).error.id).toBe('csv_invalid');
    expect(await latestId()).toBe(before);
  });

  it('R1.5 only operators read, export and verify the audit trail', async () => {
    for (const client of [organiser.client, delegate.client]) {
      for (const url of ['/api/audit', '/api/audit/export.csv', '/api/audit/verify']) {
        const res = await client.get(url);
        expect(res.status, url).toBe(403);
        expect(res.body.error.id, url).toBe('forbidden');
      }
    }
    // a refused export is not recorded as an export
    expect(await entries({ action: 'audit.exported', actorId: organiser.id })).toEqual([]);
  });

  it('R1.5 operators search by action, person, target, time and text with or without diacritics, and export what they found', async () => {
    const unit = await newUnit('Sở Nông nghiệp tỉnh Đắk Nông');
    for (const q of ['dak nong', 'Đắk Nông', 'ĐẮK NÔNG', 'DAK NONG', 'nông nghiệp']) {
      expect((await entries({ q })).map((e) => e.targetId), q).toContain(unit.id);
    }
    expect((await entries({ q: 'dak lak' })).map((e) => e.targetId)).not.toContain(unit.id);
    // the actor's name is searched too
    expect((await entries({ q: 'pham thi hoa' })).some((e) => e.actor?.id === organiser.id)).toBe(true);
    expect((await entries({ action: 'unit.created', targetId: unit.id })).map((e) => e.targetId)).toEqual([unit.id]);
    const byOrganiser = await entries({ actorId: organiser.id });
    expect(byOrganiser.length).toBeGreaterThan(0);
    expect(byOrganiser.every((e) => e.actor?.id === organiser.id)).toBe(true);
    expect(await entries({ actorId: delegate.id, targetId: unit.id })).toEqual([]);
    // a day in Vietnam time runs from 00:00 to 23:59:59.999 +07:00
    const at = new Date((await entryFor('unit.created', unit.id)).at);
    const day = new Date(at.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
    expect(await entries({ targetId: unit.id, from: `${day}T00:00:00+07:00`, to: `${day}T23:59:59.999+07:00` })).toHaveLength(1);
    expect(await entries({ targetId: unit.id, from: new Date(at.getTime() + 60_000).toISOString() })).toEqual([]);
    expect(await entries({ targetId: unit.id, to: new Date(at.getTime() - 60_000).toISOString() })).toEqual([]);
    expect((await server.operator.get('/api/audit?from=yesterday')).body.error.fields).toHaveProperty('from');

    const res = await fetch(`${server.url}/api/audit/export.csv?${new URLSearchParams({ q: 'dak nong', action: 'unit.created' })}`, { headers: { cookie: server.operator.cookie! } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toContain('attachment');
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('id,at,actor_id,actor_name,action,target_type,target_id,target_name,ip,data');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(1).every((l) => l.includes(',unit.created,unit,'))).toBe(true);
    expect(lines.some((l) => l.includes(unit.id) && l.includes('Sở Nông nghiệp tỉnh Đắk Nông'))).toBe(true);
    // the export itself is recorded, with its filters
    expect((await entries({ action: 'audit.exported', limit: '1' }))[0]).toMatchObject({ actor: { id: operatorId }, data: { count: lines.length - 1, query: { q: 'dak nong', action: 'unit.created' } } });
  });

  it('R1.5 the database refuses to change or remove an audit row', async () => {
    const unit = await newUnit('Sở Nội vụ');
    const target = await entryFor('unit.created', unit.id);
    const db = server.app.database.db;
    expect(await refusedByDatabase(db.execute(sql`UPDATE audit_log SET action = 'unit.deleted' WHERE id = ${target.id}`))).toMatch(/append-only/);
    expect(await refusedByDatabase(db.execute(sql`DELETE FROM audit_log WHERE id = ${target.id}`))).toMatch(/append-only/);
    expect(await entryFor('unit.created', unit.id)).toEqual(target);
    expect((await verify()).ok).toBe(true);
  });

  it('R1.5 an audit row altered directly in the database is detected by the verifier', async () => {
    const unit = await newUnit('Sở Tư pháp');
    await newUnit('Sở Ngoại vụ'); // an entry after the one altered
    const target = await entryFor('unit.created', unit.id);
    // the anchor kept outside follows the head after each commit: wait for it, or it may still name the row altered
    expect(await anchoredVerify()).toMatchObject({ ok: true });
    const db = server.app.database.db;
    const original = await rowById(db, target.id);

    await behindTheTriggersBack(db, async () => {
      await db.execute(sql`UPDATE audit_log SET data = jsonb_set(data, '{name}', '"Sở Tư pháp (đã sửa)"') WHERE id = ${target.id}`);
      expect(await verify()).toMatchObject({ ok: false, firstBroken: { id: target.id, reason: 'hash_mismatch' } });
      expect((await verify()).checked).toBeLessThan(target.id);

      // Whoever also recomputes the altered row's own hash breaks the link of the next entry instead.
      const forged = await rowById(db, target.id);
      await db.execute(sql`UPDATE audit_log SET hash = ${entryHash(forged.prevHash, forged)} WHERE id = ${target.id}`);
      const next = await db.select({ id: auditLog.id }).from(auditLog).where(sql`${auditLog.id} > ${target.id}`).orderBy(auditLog.id).limit(1);
      expect(await verify()).toMatchObject({ ok: false, firstBroken: { id: next[0]!.id, reason: 'chain_broken' } });

      // Put back as it was, the chain is whole again: the verifier judges the content, not a flag.
      await db.execute(sql`UPDATE audit_log SET data = ${JSON.stringify(original.data)}::jsonb, hash = ${original.hash} WHERE id = ${target.id}`);
      expect(await verify()).toMatchObject({ ok: true });
    });
  });

  it('R1.5 an audit row deleted directly in the database is detected by the verifier', async () => {
    const a = await newUnit('Sở Y tế');
    const b = await newUnit('Sở Giáo dục và Đào tạo');
    const c = await newUnit('Sở Giao thông vận tải');
    const [ea, eb, ec] = [await entryFor('unit.created', a.id), await entryFor('unit.created', b.id), await entryFor('unit.created', c.id)];
    expect(ea.id < eb.id && eb.id < ec.id).toBe(true);
    expect(await anchoredVerify()).toMatchObject({ ok: true });
    const db = server.app.database.db;
    const removed = await rowById(db, eb.id);

    await behindTheTriggersBack(db, async () => {
      await db.execute(sql`DELETE FROM audit_log WHERE id = ${eb.id}`);
      expect((await entries({ targetId: b.id })).map((e) => e.action)).toEqual([]);
      const result = await verify();
      expect(result).toMatchObject({ ok: false, firstBroken: { reason: 'chain_broken' } });
      // the first entry after the hole names it
      const afterHole = await db.select({ id: auditLog.id }).from(auditLog).where(sql`${auditLog.id} > ${ea.id}`).orderBy(auditLog.id).limit(1);
      expect(result.firstBroken!.id).toBe(afterHole[0]!.id);

      await db.execute(sql`INSERT INTO audit_log (id, at, actor_id, action, target_type, target_id, data, ip, prev_hash, hash)
        VALUES (${removed.id}, ${removed.at.toISOString()}::timestamptz, ${removed.actorId}::uuid, ${removed.action}, ${removed.targetType}, ${removed.targetId},
                ${JSON.stringify(removed.data)}::jsonb, ${removed.ip}, ${removed.prevHash}, ${removed.hash})`);
      expect(await verify()).toMatchObject({ ok: true });
    });
  });

  it('R1.5 a trail cut at its end is found with a head noted before it (the anchor)', async () => {
    await newUnit('Sở Văn hóa, Thể thao và Du lịch');
    const noted = (await verify()).head!;
    await newUnit('Ban Dân tộc'); // entries after the noted head
    await anchoredVerify();
    const anchored = async (anchor: string) => (await server.operator.get(`/api/audit/verify?anchor=${anchor}`)).body as AuditVerification;
    expect(await anchored(`${noted.id}:${noted.hash}`)).toMatchObject({ ok: true });
    expect((await server.operator.get('/api/audit/verify?anchor=12:not-a-hash')).body.error.id).toBe('validation_failed');
    const db = server.app.database.db;
    const cut = await db.select().from(auditLog).where(sql`${auditLog.id} >= ${noted.id}`).orderBy(auditLog.id);

    await behindTheTriggersBack(db, async () => {
      // The noted entry and everything after it removed: what is left still links up; only an anchor tells — the
      // one noted, and the one the server keeps outside the database.
      await db.execute(sql`DELETE FROM audit_log WHERE id >= ${noted.id}`);
      expect(await verify()).toMatchObject({ ok: false, firstBroken: { reason: 'anchor_missing' } });
      expect(await anchored(`${noted.id}:${noted.hash}`)).toMatchObject({ ok: false, firstBroken: { id: noted.id, reason: 'anchor_missing' } });
      for (const r of cut) {
        await db.execute(sql`INSERT INTO audit_log (id, at, actor_id, action, target_type, target_id, data, ip, prev_hash, hash)
          VALUES (${r.id}, ${r.at.toISOString()}::timestamptz, ${r.actorId}::uuid, ${r.action}, ${r.targetType}, ${r.targetId},
                  ${JSON.stringify(r.data)}::jsonb, ${r.ip}, ${r.prevHash}, ${r.hash})`);
      }
      expect(await anchored(`${noted.id}:${noted.hash}`)).toMatchObject({ ok: true });
    });
  });

  it('R1.5 TRUNCATE is refused like UPDATE and DELETE; a table emptied behind the triggers’ back fails the anchor kept outside it', async () => {
    await newUnit('Sở Khoa học và Công nghệ');
    const db = server.app.database.db;
    await expect(db.execute(sql`TRUNCATE audit_log`)).rejects.toThrow();
    await expect(db.execute(sql`DELETE FROM audit_log`)).rejects.toThrow();
    // the anchor follows the chain's head outside the database, signed, without anyone noting it
    const before = await anchoredVerify();
    expect(before).toMatchObject({ ok: true, anchors: [expect.objectContaining({ source: 'stored' })] });
    const stored = before.anchors![0]!;

    const rows = await allRows(db);
    await behindTheTriggersBack(db, async () => {
      await db.execute(sql`TRUNCATE audit_log`);
      expect(await verify()).toMatchObject({ ok: false, checked: 0, firstBroken: { id: stored.id, reason: 'anchor_missing' } });
      await putBack(db, rows);
    });
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('R1.5 entries appended concurrently all join one unbroken chain', async () => {
    const before = await verify();
    const units = await Promise.all(
      Array.from({ length: 20 }, (_, i) => server.operator.post('/api/units', { code: `SS${i}-${Math.random().toString(36).slice(2, 6).toUpperCase()}`, name: `Phòng song song ${i + 1}` })),
    );
    expect(units.map((r) => r.status)).toEqual(Array(20).fill(201));
    const direct = await Promise.all(Array.from({ length: 20 }, (_, i) => server.app.audit.record({ actorId: operatorId, action: 'test.concurrent', targetType: 'test', targetId: String(i), data: { i } })));
    expect(new Set(direct.map((r) => r.prevHash)).size).toBe(20);
    const after = await verify();
    expect(after).toMatchObject({ ok: true, checked: before.checked + 40 });
    for (const r of units) expect(await entryFor('unit.created', r.body.unit.id)).toMatchObject({ actor: { id: operatorId } });
  });
});

/** Runs `npm run audit:verify` as a separate process; resolves with its exit code and output. */
function runVerifyCli(env: Record<string, string>, args: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'server/audit/verify-cli.ts', ...args], { cwd: repoRoot, env: { ...process.env, ...env }, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? -1) : 0, stdout, stderr });
    });
  });
}

describe('npm run audit:verify (R1.5)', () => {
  it('R1.5 the verify command reports an intact chain, and the first broken entry after a row is altered in the database', async () => {
    // PGlite is single-process: the server keeps its database on disk and is stopped before the command opens it.
    const cli = await startTestServer({}, { pgliteOnDisk: true });
    try {
      const unit = (await cli.operator.post('/api/units', { code: 'STNMT', name: 'Sở Tài nguyên và Môi trường' })).body.unit as { id: string };
      const target = (await cli.operator.get(`/api/audit?targetId=${unit.id}`)).body.entries[0] as AuditEntryView;
      const checked = ((await cli.operator.get('/api/audit/verify')).body as AuditVerification).checked;
      await cli.app.close();

      const env = { DATA_DIR: cli.dataDir, DATABASE_SCHEMA: cli.schema ?? '', LOG_LEVEL: 'warn' };
      const intact = await runVerifyCli(env);
      expect(intact, intact.stderr).toMatchObject({ code: 0 });
      expect(intact.stdout).toMatch(new RegExp(`audit trail intact: ${checked} entries checked, stored anchor \\d+ present`));
      const head = /head: (\d+:[0-9a-f]{64})/.exec(intact.stdout)?.[1];
      expect(head).toBeDefined();
      expect((await runVerifyCli(env, ['--anchor', head!])).stdout).toContain(`anchor ${head!.split(':')[0]} present`);
      expect(await runVerifyCli(env, ['--anchor', 'yesterday'])).toMatchObject({ code: 2 });

      const database = await openDatabase({ url: process.env.DATABASE_URL, pgliteDir: path.join(cli.dataDir, 'db'), schemaName: cli.schema });
      try {
        await behindTheTriggersBack(database.db, async () => {
          await database.db.execute(sql`UPDATE audit_log SET actor_id = NULL WHERE id = ${target.id}`);
        });
      } finally {
        await database.close();
      }
      const broken = await runVerifyCli(env);
      expect(broken, broken.stderr).toMatchObject({ code: 1 });
      expect(broken.stdout).toContain(`audit trail BROKEN at entry ${target.id} (hash_mismatch)`);

      // The whole table emptied behind the triggers' back: the anchor file the server left in DATA_DIR tells.
      const reopened = await openDatabase({ url: process.env.DATABASE_URL, pgliteDir: path.join(cli.dataDir, 'db'), schemaName: cli.schema });
      try {
        await expect(reopened.db.execute(sql`TRUNCATE audit_log`)).rejects.toThrow();
        await behindTheTriggersBack(reopened.db, async () => {
          await reopened.db.execute(sql`TRUNCATE audit_log`);
        });
      } finally {
        await reopened.close();
      }
      const emptied = await runVerifyCli(env);
      expect(emptied, emptied.stderr).toMatchObject({ code: 1 });
      expect(emptied.stdout).toMatch(/audit trail BROKEN: anchor entry \d+ is missing/);
    } finally {
      await cli.close();
    }
  }, 90_000);
});
