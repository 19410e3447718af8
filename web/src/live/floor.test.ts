import { describe, expect, it } from 'vitest';
import { clampGrantSeconds, floorTiming, formatCountdown } from './floor';

describe('R3.5 the speaking time shown to everyone', () => {
  const floor = { endsAt: '2027-01-05T08:05:00.000Z', warnAt: '2027-01-05T08:04:30.000Z' };
  const at = (iso: string) => Date.parse(iso);

  it('counts down to the end and warns in the last 30 s', () => {
    expect(floorTiming(floor, at('2027-01-05T08:00:00Z'), 0)).toEqual({ secondsLeft: 300, warning: false });
    expect(floorTiming(floor, at('2027-01-05T08:04:29.500Z'), 0)).toEqual({ secondsLeft: 31, warning: false });
    expect(floorTiming(floor, at('2027-01-05T08:04:30Z'), 0)).toEqual({ secondsLeft: 30, warning: true });
    expect(floorTiming(floor, at('2027-01-05T08:06:00Z'), 0)).toEqual({ secondsLeft: 0, warning: true });
  });

  it('corrects for a client clock that runs ahead of the server', () => {
    // This clock is 2 minutes ahead: the server's 08:00 is our 08:02.
    expect(floorTiming(floor, at('2027-01-05T08:02:00Z'), 120_000).secondsLeft).toBe(300);
  });

  it('formats m:ss and keeps grants within the server’s limits', () => {
    expect(formatCountdown(300)).toBe('5:00');
    expect(formatCountdown(9.2)).toBe('0:10');
    expect(formatCountdown(-3)).toBe('0:00');
    expect(clampGrantSeconds(5)).toBe(10);
    expect(clampGrantSeconds(99_999)).toBe(3600);
  });
});
