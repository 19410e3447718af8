import { describe, expect, it } from 'vitest';
import { FailureWindow } from './failure-window';

describe('R1.3 wrong meeting passwords per account', () => {
  it('after max failures within the window, waits until the oldest leaves it; other accounts are not held back', () => {
    const w = new FailureWindow(3, 60_000);
    for (const t of [0, 10_000, 20_000]) {
      expect(w.waitFor('a', t)).toBeNull();
      w.fail('a', t);
    }
    expect(w.waitFor('a', 30_000)).toBe(30); // the first failure leaves the window at 60 s
    expect(w.waitFor('b', 30_000)).toBeNull();
    expect(w.waitFor('a', 60_000)).toBeNull();
    w.fail('a', 60_000);
    expect(w.waitFor('a', 61_000)).toBe(9); // failures at 10, 20 and 60 s: the one at 10 s leaves at 70 s
  });
});
