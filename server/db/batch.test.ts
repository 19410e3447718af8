import { describe, expect, it } from 'vitest';
import { chunks, groupBy, inChunks } from './batch';

describe('batch', () => {
  it('cuts a list into chunks of at most the size, in order, none empty', () => {
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunks([], 2)).toEqual([]);
    expect(chunks(Array.from({ length: 4_001 }, (_, i) => i)).map((c) => c.length)).toEqual([2_000, 2_000, 1]);
  });

  it('runs a query per chunk, one after the other, and joins the rows', async () => {
    const seen: number[][] = [];
    let running = 0;
    const rows = await inChunks([1, 2, 3, 4, 5], async (c) => {
      running += 1;
      expect(running).toBe(1);
      seen.push(c);
      await new Promise((r) => setTimeout(r, 1));
      running -= 1;
      return c.map((x) => x * 10);
    }, 2);
    expect(seen).toEqual([[1, 2], [3, 4], [5]]);
    expect(rows).toEqual([10, 20, 30, 40, 50]);
    expect(await inChunks([], async () => [1])).toEqual([]);
  });

  it('groups rows by key keeping their order', () => {
    const g = groupBy([{ m: 'a', n: 1 }, { m: 'b', n: 2 }, { m: 'a', n: 3 }], (r) => r.m);
    expect(g.get('a')!.map((r) => r.n)).toEqual([1, 3]);
    expect(g.get('b')!.map((r) => r.n)).toEqual([2]);
  });
});
