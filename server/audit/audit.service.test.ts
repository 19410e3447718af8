import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditEntryView } from '../../shared/api';
import { Keyring } from '../secrets/keyring';
import { SecretBox } from '../secrets/secret-box';
import { AuditAnchorFile } from './audit-anchor';
import { GENESIS_HASH, entryHash } from './audit.hash';
import type { AuditRepository, AuditRow } from './audit.repository';
import { AuditService, auditCsv } from './audit.service';

/** A chain of `n` well-formed rows, as the repository would store them. */
function chain(n: number): AuditRow[] {
  const rows: AuditRow[] = [];
  let prev = GENESIS_HASH;
  for (let id = 1; id <= n; id++) {
    const fields = { at: new Date(Date.UTC(2026, 11, 1, 1, 0, id)), actorId: null, action: 'unit.created', targetType: 'unit', targetId: `u${id}`, data: { n: id }, ip: '' };
    const hash = entryHash(prev, fields);
    rows.push({ id, ...fields, prevHash: prev, hash });
    prev = hash;
  }
  return rows;
}

/** The verifier reads pages of rows in id order; this fake serves them from an array, 1000 at a time like the real one. */
function serviceOver(rows: AuditRow[]) {
  const repo = { page: async (afterId: number, size: number) => rows.filter((r) => r.id > afterId).slice(0, size) } as unknown as AuditRepository;
  return new AuditService(repo);
}

describe('AuditService.verify (R1.5)', () => {
  it('R1.5 an intact chain verifies, across pages', async () => {
    expect(await serviceOver([]).verify()).toEqual({ ok: true, checked: 0, head: null });
    const rows = chain(2500);
    expect(await serviceOver(rows).verify()).toEqual({ ok: true, checked: 2500, head: { id: 2500, hash: rows[2499]!.hash } });
  });

  it('R1.5 a changed field is a hash mismatch at that entry', async () => {
    const rows = chain(5);
    rows[2] = { ...rows[2]!, data: { n: 99 } };
    expect(await serviceOver(rows).verify()).toEqual({ ok: false, checked: 2, firstBroken: { id: 3, reason: 'hash_mismatch' }, head: { id: 2, hash: rows[1]!.hash } });
  });

  it('R1.5 a removed entry breaks the link of the one after it', async () => {
    const rows = chain(5).filter((r) => r.id !== 2);
    expect(await serviceOver(rows).verify()).toMatchObject({ ok: false, checked: 1, firstBroken: { id: 3, reason: 'chain_broken' } });
  });

  it('R1.5 a changed entry whose own hash was recomputed still breaks the next link', async () => {
    const rows = chain(5);
    const forged = { ...rows[1]!, action: 'unit.deleted' };
    rows[1] = { ...forged, hash: entryHash(forged.prevHash, forged) };
    expect(await serviceOver(rows).verify()).toMatchObject({ ok: false, checked: 2, firstBroken: { id: 3, reason: 'chain_broken' } });
  });

  it('R1.5 a trail cut at its end links up by itself; a head noted earlier (the anchor) shows the cut', async () => {
    const rows = chain(10);
    const anchor = { id: 8, hash: rows[7]!.hash };
    expect(await serviceOver(rows).verify(anchor)).toMatchObject({ ok: true, checked: 10 });
    const cut = rows.slice(0, 6);
    expect(await serviceOver(cut).verify()).toMatchObject({ ok: true, checked: 6 });
    expect(await serviceOver(cut).verify(anchor)).toEqual({ ok: false, checked: 6, firstBroken: { id: 8, reason: 'anchor_missing' }, head: { id: 6, hash: rows[5]!.hash }, anchors: [{ ...anchor, source: 'given' }] });
  });

  it('R1.5 a trail rewritten from some entry on with every hash recomputed fails its anchor', async () => {
    const rows = chain(6);
    const anchor = { id: 5, hash: rows[4]!.hash };
    let prev = rows[2]!.hash;
    for (const i of [3, 4, 5]) {
      const forged = { ...rows[i]!, action: 'unit.deleted', prevHash: prev };
      rows[i] = { ...forged, hash: entryHash(prev, forged) };
      prev = rows[i]!.hash;
    }
    expect(await serviceOver(rows).verify()).toMatchObject({ ok: true });
    expect(await serviceOver(rows).verify(anchor)).toMatchObject({ ok: false, firstBroken: { id: 5, reason: 'anchor_missing' } });
  });
});

describe('R1.5 the anchor kept outside the database', () => {
  const withAnchorFile = async (run: (file: AuditAnchorFile, dir: string, box: SecretBox) => Promise<void>) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'giaoban-anchor-'));
    const box = new SecretBox(Keyring.fromBase64(Keyring.generate()));
    try {
      await run(new AuditAnchorFile(dir, box), dir, box);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
  const serviceWith = (rows: AuditRow[], file: AuditAnchorFile) => {
    const repo = {
      page: async (afterId: number, size: number) => rows.filter((r) => r.id > afterId).slice(0, size),
      last: async () => (rows.length ? { id: rows.at(-1)!.id, hash: rows.at(-1)!.hash } : null),
      hashOf: async (id: number) => rows.find((r) => r.id === id)?.hash ?? null,
    } as unknown as AuditRepository;
    const errors: string[] = [];
    return { service: new AuditService(repo, { file, log: { info: () => undefined, error: (_o, msg) => errors.push(msg) } }), errors };
  };

  it('a chain removed whole, or cut at its end, fails the stored anchor without anyone noting a head', async () => {
    await withAnchorFile(async (file) => {
      const rows = chain(10);
      const { service } = serviceWith(rows, file);
      await service.startAnchoring();
      expect(file.read()).toMatchObject({ state: 'valid', anchor: { id: 10, hash: rows[9]!.hash } });
      expect(await service.verify()).toMatchObject({ ok: true, checked: 10, anchors: [{ id: 10, source: 'stored' }] });
      expect(await serviceWith([], file).service.verify()).toMatchObject({ ok: false, checked: 0, firstBroken: { id: 10, reason: 'anchor_missing' } });
      expect(await serviceWith(rows.slice(0, 7), file).service.verify()).toMatchObject({ ok: false, checked: 7, firstBroken: { id: 10, reason: 'anchor_missing' } });
    });
  });

  it('a server started on a cut chain says so in its log and leaves the anchor as the evidence', async () => {
    await withAnchorFile(async (file) => {
      const rows = chain(10);
      await serviceWith(rows, file).service.startAnchoring();
      const restarted = serviceWith(rows.slice(0, 4), file);
      await restarted.service.startAnchoring();
      expect(restarted.errors.join('\n')).toMatch(/lost its anchor/);
      expect(file.read()).toMatchObject({ state: 'valid', anchor: { id: 10 } });
    });
  });

  it('an anchor file edited without the secrets key does not verify, nor one signed with another key', async () => {
    await withAnchorFile(async (file, _dir) => {
      const rows = chain(10);
      await serviceWith(rows, file).service.startAnchoring();
      const stored = JSON.parse(fs.readFileSync(file.file, 'utf8'));
      fs.writeFileSync(file.file, JSON.stringify({ ...stored, id: 4, hash: rows[3]!.hash }));
      expect(file.read()).toMatchObject({ state: 'invalid', claimed: { id: 4 } });
      expect(await serviceWith(rows.slice(0, 4), file).service.verify()).toMatchObject({ ok: false, firstBroken: { id: 4, reason: 'anchor_invalid' } });
      new AuditAnchorFile(path.dirname(file.file), new SecretBox(Keyring.fromBase64(Keyring.generate()))).write({ id: 4, hash: rows[3]!.hash });
      expect(file.read().state).toBe('invalid');
    });
  });
});

describe('auditCsv', () => {
  const entry: AuditEntryView = {
    id: 7,
    at: '2026-12-01T01:00:00.000Z',
    actor: { id: 'a1', name: 'Nguyễn Văn An' },
    action: 'unit.created',
    targetType: 'unit',
    targetId: 'u1',
    targetName: '=HYPERLINK("http://x")',
    data: { name: 'Sở Tài chính, tỉnh "A"' },
    ip: '127.0.0.1',
  };

  it('starts with a BOM, a header, and one quoted line per entry', () => {
    const csv = auditCsv([entry]);
    expect(csv.startsWith('\uFEFFid,at,actor_id,actor_name,action,target_type,target_id,target_name,ip,data\r\n')).toBe(true);
    const line = csv.split('\r\n')[1]!;
    expect(line).toContain('7,2026-12-01T08:00:00.000+07:00,a1,Nguyễn Văn An,unit.created,unit,u1,');
    expect(line).toContain('"{""name"":""Sở Tài chính, tỉnh \\""A\\""""}"');
  });

  it('writes times in Vietnamese time with the offset, never in UTC, whatever the machine’s zone', () => {
    const late = { ...entry, at: '2026-12-31T20:30:00.000Z' };
    const line = auditCsv([late]).split('\r\n')[1]!;
    expect(line.split(',')[1]).toBe('2027-01-01T03:30:00.000+07:00');
    expect(Date.parse(line.split(',')[1]!)).toBe(Date.parse(late.at));
    expect(line).not.toContain('Z,');
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    expect(auditCsv([entry])).toContain(`"'=HYPERLINK(""http://x"")"`);
  });
});
