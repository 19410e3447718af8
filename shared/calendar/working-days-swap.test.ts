import { describe, expect, it } from 'vitest';
import { isWorkingDay, workingDaysNotice } from './working-days';

const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;

describe(`working-day swaps of the yearly announcement (${zone})`, () => {
  it('a Saturday made a working day counts; an ordinary Saturday does not', () => {
    // Saturday 5/12/2026
    expect(isWorkingDay('2026-12-05', new Set())).toBe(false);
    expect(isWorkingDay('2026-12-05', new Set(), new Set(['2026-12-05']))).toBe(true);
    // A holiday stays a holiday even if listed as a working weekend day
    expect(isWorkingDay('2026-12-05', new Set(['2026-12-05']), new Set(['2026-12-05']))).toBe(false);
    // A weekday is a working day unless a holiday
    expect(isWorkingDay('2026-12-03', new Set(), new Set())).toBe(true);
  });

  it('D7.3 the notice gains the swapped Saturday and loses the day off it bridges', () => {
    // Sent Thursday 3/12/2026 09:00 Hà Nội for Tuesday 8/12 08:00: Thu, Fri, Mon = 3
    const sent = new Date('2026-12-03T02:00:00Z');
    const meeting = new Date('2026-12-08T01:00:00Z');
    expect(workingDaysNotice(sent, meeting, new Set())).toBe(3);
    // Monday 7/12 made a day off, Saturday 5/12 worked instead: still 3
    expect(workingDaysNotice(sent, meeting, new Set(['2026-12-07']), new Set(['2026-12-05']))).toBe(3);
    // Without the swap the day off costs one day
    expect(workingDaysNotice(sent, meeting, new Set(['2026-12-07']))).toBe(2);
  });

  it('the swapped Saturday is the Vietnamese civil date, whatever the machine’s zone', () => {
    // Sent Saturday 5/12 00:30 in Hà Nội (17:30Z Friday): Saturday counts when it is worked
    const sent = new Date('2026-12-04T17:30:00Z');
    const meeting = new Date('2026-12-08T01:00:00Z');
    expect(workingDaysNotice(sent, meeting, new Set())).toBe(1); // only Monday
    expect(workingDaysNotice(sent, meeting, new Set(), new Set(['2026-12-05']))).toBe(2);
    // Sent Friday 23:30 Hà Nội (16:30Z): Friday, the worked Saturday and Monday
    expect(workingDaysNotice(new Date('2026-12-04T16:30:00Z'), meeting, new Set(), new Set(['2026-12-05']))).toBe(3);
  });
});
