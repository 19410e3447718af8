import { describe, expect, it } from 'vitest';
import { formatDuration } from './records-format';

describe('durations on the records page', () => {
  it('minutes and seconds, hours when there are any', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(5_400)).toBe('0:05');
    expect(formatDuration(125_000)).toBe('2:05');
    expect(formatDuration(3_723_000)).toBe('1:02:03');
  });
});
