import { describe, expect, it } from 'vitest';
import { lunarToSolar } from './lunar';
import { addDays, calendarDaysNotice, defaultHolidays, isWorkingDay, vnDate, weekday, workingDaysNotice } from './working-days';

const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;

describe(`calendar (${zone})`, () => {
  it('lunar new year and Hùng Kings’ day fall on the published solar dates', () => {
    expect(lunarToSolar(1, 1, 2025)).toBe('2025-01-29');
    expect(lunarToSolar(1, 1, 2026)).toBe('2026-02-17');
    expect(lunarToSolar(1, 1, 2027)).toBe('2027-02-06');
    expect(lunarToSolar(10, 3, 2025)).toBe('2025-04-07');
    expect(lunarToSolar(10, 3, 2026)).toBe('2026-04-26');
    expect(lunarToSolar(15, 8, 2026)).toBe('2026-09-25'); // Tết Trung thu
  });

  it('dates are Vietnamese civil dates whatever the machine’s zone', () => {
    expect(vnDate(new Date('2026-11-23T17:30:00Z'))).toBe('2026-11-24'); // 00:30 in Hà Nội
    expect(vnDate(new Date('2026-11-23T16:59:00Z'))).toBe('2026-11-23');
    expect(weekday('2026-11-23')).toBe(1); // Thứ Hai
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('the default holidays of 2026 include Tết (5 days), Hùng Kings, 30/4, 1/5, 1–2/9 and make-up days', () => {
    const dates = defaultHolidays(2026).map((h) => h.date);
    expect(dates).toEqual(expect.arrayContaining(['2026-01-01', '2026-02-16', '2026-02-17', '2026-02-20', '2026-04-26', '2026-04-30', '2026-05-01', '2026-09-01', '2026-09-02']));
    // 26/4/2026 is a Sunday: made up on Monday 27/4
    expect(dates).toContain('2026-04-27');
  });

  it('D7.3 three working days notice across a weekend and a holiday', () => {
    const holidays = new Set(defaultHolidays(2026).map((h) => h.date));
    // Sent Thursday 27/8/2026 09:00 (Hà Nội) for Thursday 3/9 08:00: Thu, Fri, Mon 31/8 count; 1/9 and 2/9 are holidays
    expect(workingDaysNotice(new Date('2026-08-27T02:00:00Z'), new Date('2026-09-03T01:00:00Z'), holidays)).toBe(3);
    // Sent Friday 28/8 for 3/9: only Fri and Mon
    expect(workingDaysNotice(new Date('2026-08-28T02:00:00Z'), new Date('2026-09-03T01:00:00Z'), holidays)).toBe(2);
    // Sent Friday 23:30 Hà Nội time (16:30Z) still counts Friday
    expect(workingDaysNotice(new Date('2026-11-20T16:30:00Z'), new Date('2026-11-25T01:00:00Z'), holidays)).toBe(3);
    // …but 00:30 on Saturday (17:30Z Friday) is already the weekend
    expect(workingDaysNotice(new Date('2026-11-20T17:30:00Z'), new Date('2026-11-25T01:00:00Z'), holidays)).toBe(2);
    expect(isWorkingDay('2026-09-02', holidays)).toBe(false);
  });

  it('D19.2 calendar days before the meeting day', () => {
    expect(calendarDaysNotice(new Date('2026-11-23T10:00:00Z'), new Date('2026-11-25T01:00:00Z'))).toBe(2);
    expect(calendarDaysNotice(new Date('2026-11-23T17:30:00Z'), new Date('2026-11-25T01:00:00Z'))).toBe(1);
  });
});
