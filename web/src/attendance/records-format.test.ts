import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../i18n';
import { formatDuration } from './records-format';

describe('durations on the records page', () => {
  afterEach(() => setLocale('vi'));

  it('in words: hours and minutes, or minutes and seconds under an hour', () => {
    expect(formatDuration(0)).toBe('0 phút 00 giây');
    expect(formatDuration(5_400)).toBe('0 phút 05 giây');
    expect(formatDuration(125_000)).toBe('2 phút 05 giây');
    expect(formatDuration(4_140_000)).toBe('1 giờ 09 phút');
    expect(formatDuration(3_723_000)).toBe('1 giờ 02 phút');
  });

  it('in English', () => {
    setLocale('en');
    expect(formatDuration(4_140_000)).toBe('1 h 09 min');
    expect(formatDuration(125_000)).toBe('2 min 05 s');
  });
});
