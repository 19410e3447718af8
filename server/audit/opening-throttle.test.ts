import { describe, expect, it } from 'vitest';
import { OpeningThrottle } from './opening-throttle';

describe('R6.4 openings of a recording or document recorded in the audit trail', () => {
  it('repeats from the start within 5 s are one opening; later ones are new', () => {
    const t = new OpeningThrottle();
    expect(t.isOpening('s:f', true, 0)).toBe(true);
    expect(t.isOpening('s:f', true, 4_000)).toBe(false);
    expect(t.isOpening('s:f', true, 8_000)).toBe(false); // still probing: the window moved on with the repeat
    expect(t.isOpening('s:f', true, 14_000)).toBe(true);
    expect(t.isOpening('other:f', true, 14_001)).toBe(true);
  });
  it('a seek is an opening only when the session has not opened the file in the last 10 minutes', () => {
    const t = new OpeningThrottle();
    expect(t.isOpening('s:f', false, 0)).toBe(true);
    expect(t.isOpening('s:f', false, 9 * 60_000)).toBe(false);
    expect(t.isOpening('s:f', false, 21 * 60_000)).toBe(true);
  });
});
