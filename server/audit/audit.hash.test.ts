import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, canonicalJson, entryHash, type HashedFields } from './audit.hash';

const entry: HashedFields = {
  at: new Date('2026-12-01T01:00:00.123Z'),
  actorId: '6f1c1b8e-3c1a-4d7e-9b57-2f0b8b1f9a10',
  action: 'unit.created',
  targetType: 'unit',
  targetId: '0b7d2c4e-8d3f-4a55-b6a2-5a1f0e9c7d21',
  data: { code: 'STC', name: 'Sở Tài chính', parentId: null },
  ip: '127.0.0.1',
};

describe('canonicalJson', () => {
  it('sorts object keys at every level, so that jsonb’s own key order does not change the hash', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: 'x' } })).toBe('{"a":{"c":"x","d":[{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson({ name: 'Đắk Nông', code: 'DN' })).toBe(canonicalJson({ code: 'DN', name: 'Đắk Nông' }));
  });

  it('keeps array order, drops undefined fields as JSON does, and writes null, numbers and text as JSON', () => {
    expect(canonicalJson([3, 1, 2])).toBe('[3,1,2]');
    expect(canonicalJson({ a: undefined, b: null })).toBe('{"b":null}');
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson({ n: 1.5, s: 'a"b', t: true })).toBe('{"n":1.5,"s":"a\\"b","t":true}');
  });

  it('agrees with JSON.stringify on what a JSON round trip (the database) gives back', () => {
    const data = { after: { name: 'Văn phòng UBND tỉnh', parentId: null }, count: 3, codes: ['A', 'B'] };
    const roundTrip = JSON.parse(JSON.stringify(data)) as unknown;
    expect(canonicalJson(roundTrip)).toBe(canonicalJson(data));
    expect(JSON.parse(canonicalJson(data))).toEqual(data);
  });
});

describe('entryHash', () => {
  it('is sha256 over the previous hash, a newline and the canonical entry', () => {
    const body = canonicalJson({ ...entry, at: entry.at.toISOString() });
    const expected = createHash('sha256').update(`${GENESIS_HASH}\n${body}`).digest('hex');
    expect(entryHash(GENESIS_HASH, entry)).toBe(expected);
    expect(entryHash(GENESIS_HASH, entry)).toMatch(/^[0-9a-f]{64}$/);
    expect(GENESIS_HASH).toBe('0'.repeat(64));
  });

  it('is the same for the same entry, whatever the order of the data’s keys', () => {
    const reordered = { ...entry, data: { parentId: null, name: 'Sở Tài chính', code: 'STC' } };
    expect(entryHash(GENESIS_HASH, reordered)).toBe(entryHash(GENESIS_HASH, entry));
  });

  it.each<[string, Partial<HashedFields>]>([
    ['time', { at: new Date('2026-12-01T01:00:00.124Z') }],
    ['actor', { actorId: null }],
    ['action', { action: 'unit.deleted' }],
    ['target type', { targetType: 'user' }],
    ['target id', { targetId: '0b7d2c4e-8d3f-4a55-b6a2-5a1f0e9c7d22' }],
    ['data', { data: { code: 'STC', name: 'Sở Tài Chính', parentId: null } }],
    ['ip', { ip: '10.0.0.1' }],
  ])('changes when the %s changes', (_field, change) => {
    expect(entryHash(GENESIS_HASH, { ...entry, ...change })).not.toBe(entryHash(GENESIS_HASH, entry));
  });

  it('chains: the same entry after a different predecessor has a different hash', () => {
    const first = entryHash(GENESIS_HASH, entry);
    const second = entryHash(first, { ...entry, action: 'unit.updated' });
    expect(entryHash(GENESIS_HASH, { ...entry, action: 'unit.updated' })).not.toBe(second);
    expect(entryHash(first, { ...entry, action: 'unit.updated' })).toBe(second);
  });

  it('cannot be fooled by moving text between fields', () => {
    const a = entryHash(GENESIS_HASH, { ...entry, targetType: 'unit', targetId: 'x' });
    const b = entryHash(GENESIS_HASH, { ...entry, targetType: 'unitx', targetId: '' });
    expect(a).not.toBe(b);
  });
});
