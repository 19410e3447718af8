import { describe, expect, it } from 'vitest';
import { isoWeekOfDate, isoWeekOfInstant, nextWeek, parseIsoWeek, previousWeek, weekSpan, weeksInYear } from './iso-week';

const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;

describe(`M12.2 ISO weeks of the weekly schedule (${zone})`, () => {
  it('2026-W49 runs from Monday 30/11/2026 to Sunday 06/12/2026', () => {
    expect(parseIsoWeek('2026-W49')).toMatchObject({ monday: '2026-11-30', sunday: '2026-12-06', label: '2026-W49' });
  });
  it('week 1 holds the first Thursday; years have 52 or 53 weeks', () => {
    expect(parseIsoWeek('2026-W01')?.monday).toBe('2025-12-29');
    expect(isoWeekOfDate('2027-01-01').label).toBe('2026-W53');
    expect(weeksInYear(2026)).toBe(53);
    expect(weeksInYear(2027)).toBe(52);
    expect(parseIsoWeek('2027-W53')).toBeNull();
    expect(parseIsoWeek('2026-W00')).toBeNull();
    expect(parseIsoWeek('2026-49')).toBeNull();
    expect(nextWeek(parseIsoWeek('2026-W53')!).label).toBe('2027-W01');
    expect(previousWeek(parseIsoWeek('2027-W01')!).label).toBe('2026-W53');
  });
  it('a week starts at Monday 00:00 in Hà Nội: 23:30 UTC on Sunday is already Monday', () => {
    expect(isoWeekOfInstant(new Date('2026-11-29T23:30:00Z')).label).toBe('2026-W49');
    expect(isoWeekOfInstant(new Date('2026-11-29T16:59:00Z')).label).toBe('2026-W48');
    const { from, to } = weekSpan(parseIsoWeek('2026-W49')!);
    expect(from.toISOString()).toBe('2026-11-29T17:00:00.000Z');
    expect(to.toISOString()).toBe('2026-12-06T17:00:00.000Z');
  });
});
