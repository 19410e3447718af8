import { describe, expect, it } from 'vitest';
import { JoinGate } from './join-gate';

describe('join gate', () => {
  it('lets through at most its concurrency at a time, in arrival order, and passes results and errors on', async () => {
    const gate = new JoinGate(2);
    let inside = 0;
    let most = 0;
    const order: number[] = [];
    const work = (i: number) =>
      gate.run(async () => {
        inside += 1;
        most = Math.max(most, inside);
        order.push(i);
        await new Promise((r) => setTimeout(r, 5));
        inside -= 1;
        if (i === 3) throw new Error('refused');
        return i;
      });
    const results = await Promise.allSettled([0, 1, 2, 3, 4, 5].map(work));
    expect(most).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : 'refused'))).toEqual([0, 1, 2, 'refused', 4, 5]);
    expect(gate.queued).toBe(0);
  });
});
