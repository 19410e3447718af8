import { describe, expect, it } from 'vitest';
import { readClock } from './meeting-clock';

describe('the meeting clock', () => {
  const starts = '2026-12-01T01:00:00Z'; // 08:00 in Vietnam
  const ends = '2026-12-01T04:00:00Z';
  const at = (iso: string) => Date.parse(iso);

  it('before the planned start: nothing elapsed', () => {
    expect(readClock(starts, ends, at('2026-12-01T00:30:00Z'))).toEqual({ phase: 'before', elapsed: '00:00:00', overMinutes: 0 });
  });

  it('while it runs: hours, minutes and seconds since the planned start', () => {
    expect(readClock(starts, ends, at('2026-12-01T02:09:05Z'))).toEqual({ phase: 'running', elapsed: '01:09:05', overMinutes: 0 });
  });

  it('past the planned end: how many minutes over', () => {
    expect(readClock(starts, ends, at('2026-12-01T04:12:30Z'))).toEqual({ phase: 'over', elapsed: '03:12:30', overMinutes: 12 });
  });

  it('reads the server’s instants on our clock', () => {
    // our clock is 10 s ahead of the server's
    expect(readClock(starts, ends, at('2026-12-01T01:00:10Z'), 10_000).elapsed).toBe('00:00:00');
  });
});
