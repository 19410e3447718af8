/**
 * Working days in Vietnam (Labour Code 2019, Art. 112): Monday to Friday, less public holidays. Dates here are
 * civil dates in Asia/Ho_Chi_Minh (UTC+7, no daylight saving) written `YYYY-MM-DD`, computed by offset so the
 * answer never depends on the machine's own time zone.
 */
import { lunarToSolar } from './lunar';

export interface Holiday {
  date: string;
  name: string;
}

const VN_OFFSET_MS = 7 * 3_600_000;

/** The Vietnamese civil date of an instant. */
export function vnDate(instant: Date | number): string {
  return new Date(new Date(instant).getTime() + VN_OFFSET_MS).toISOString().slice(0, 10);
}

/** An instant as ISO 8601 in Vietnamese time with its offset: `2026-12-01T01:00:00.000Z` → `2026-12-01T08:00:00.000+07:00`. */
export function vnIsoDateTime(instant: Date | number | string): string {
  return new Date(new Date(instant).getTime() + VN_OFFSET_MS).toISOString().replace('Z', '+07:00');
}

const dayMs = 86_400_000;
const toDayNumber = (date: string) => Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) / dayMs;
const fromDayNumber = (n: number) => new Date(n * dayMs).toISOString().slice(0, 10);

export function addDays(date: string, days: number): string {
  return fromDayNumber(toDayNumber(date) + days);
}

/** 0 = Sunday … 6 = Saturday. */
export const weekday = (date: string) => new Date(toDayNumber(date) * dayMs).getUTCDay();
const isWeekend = (date: string) => weekday(date) === 0 || weekday(date) === 6;
/** Saturday or Sunday. */
export const isWeekendDay = isWeekend;
const noDates: ReadonlySet<string> = new Set();

/**
 * The default list of public holidays for a year, before the government's yearly announcement adjusts it (the
 * operator edits the list): 1 January; Tết, the lunar new year's eve and lunar 1–4 January; Hùng Kings' day
 * (lunar 10 March); 30 April; 1 May; National Day 2 September with 1 September. A holiday that falls on a weekend
 * is made up on the next working day (Art. 112.3).
 */
export function defaultHolidays(year: number): Holiday[] {
  const tet = lunarToSolar(1, 1, year);
  const fixed: Holiday[] = [
    { date: `${year}-01-01`, name: 'Tết Dương lịch' },
    { date: addDays(tet, -1), name: 'Tết Nguyên đán (30 Tết)' },
    { date: tet, name: 'Tết Nguyên đán (mùng 1)' },
    { date: addDays(tet, 1), name: 'Tết Nguyên đán (mùng 2)' },
    { date: addDays(tet, 2), name: 'Tết Nguyên đán (mùng 3)' },
    { date: addDays(tet, 3), name: 'Tết Nguyên đán (mùng 4)' },
    { date: lunarToSolar(10, 3, year), name: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)' },
    { date: `${year}-04-30`, name: 'Ngày Chiến thắng' },
    { date: `${year}-05-01`, name: 'Ngày Quốc tế Lao động' },
    { date: `${year}-09-01`, name: 'Quốc khánh (ngày liền kề)' },
    { date: `${year}-09-02`, name: 'Quốc khánh' },
  ];
  const taken = new Set(fixed.map((h) => h.date));
  const makeUp: Holiday[] = [];
  for (const h of fixed) {
    if (!isWeekend(h.date)) continue;
    let d = addDays(h.date, 1);
    while (isWeekend(d) || taken.has(d)) d = addDays(d, 1);
    taken.add(d);
    makeUp.push({ date: d, name: `Nghỉ bù ${h.name}` });
  }
  return [...fixed, ...makeUp].sort((a, b) => a.date.localeCompare(b.date));
}

/** The default public holidays of every year from the instant `from` to the instant `to`, as dates. */
export function holidaysBetween(from: Date, to: Date): Set<string> {
  const set = new Set<string>();
  for (let y = +vnDate(from).slice(0, 4); y <= +vnDate(to).slice(0, 4); y++) for (const h of defaultHolidays(y)) set.add(h.date);
  return set;
}

/**
 * Monday to Friday unless a holiday; a weekend day is a working day only when the year's announcement makes it
 * one (a swap: `workingWeekendDays`, e.g. a Saturday worked to bridge a holiday).
 */
export function isWorkingDay(date: string, holidays: ReadonlySet<string>, workingWeekendDays: ReadonlySet<string> = noDates): boolean {
  if (holidays.has(date)) return false;
  return !isWeekend(date) || workingWeekendDays.has(date);
}

/**
 * How many working days notice an invitation sent at `sentAt` gives for a meeting starting at `startsAt` (D7.3):
 * the working days from the day of sending up to, and not including, the meeting day.
 */
export function workingDaysNotice(sentAt: Date, startsAt: Date, holidays: ReadonlySet<string>, workingWeekendDays: ReadonlySet<string> = noDates): number {
  const meetingDay = vnDate(startsAt);
  let count = 0;
  for (let d = vnDate(sentAt); d < meetingDay; d = addDays(d, 1)) if (isWorkingDay(d, holidays, workingWeekendDays)) count += 1;
  return count;
}

/** Whole calendar days between the booking and the meeting day (D19.2: registered at least 2 days before). */
export function calendarDaysNotice(bookedAt: Date, startsAt: Date): number {
  return toDayNumber(vnDate(startsAt)) - toDayNumber(vnDate(bookedAt));
}

/** D19.2: the system is registered at least 2 days before the meeting, except emergencies. */
export const BOOKING_LEAD_DAYS = 2;
/** D7.3: invitations go out at least 3 working days before, except urgent meetings. */
export const INVITATION_WORKING_DAYS = 3;

/**
 * The start a booking form offers by default: a working morning (08:00 Vietnamese time) on the first working day
 * that leaves the booking lead (D19.2) and the invitation notice (D7.3) if the invitations go out at `now` — so a
 * new meeting starts out free of refusals and warnings, never at 23:00 nor on a holiday.
 */
export function defaultMeetingStart(now: Date, holidays: ReadonlySet<string>, workingWeekendDays: ReadonlySet<string> = noDates, hour = 8): Date {
  const at = (date: string) => new Date(`${date}T${String(hour).padStart(2, '0')}:00:00+07:00`);
  let date = addDays(vnDate(now), 1);
  // a year of days off in a row does not exist; the bound only keeps a broken list from looping forever
  for (let i = 0; i < 366; i++, date = addDays(date, 1)) {
    if (!isWorkingDay(date, holidays, workingWeekendDays)) continue;
    const start = at(date);
    if (calendarDaysNotice(now, start) >= BOOKING_LEAD_DAYS && workingDaysNotice(now, start, holidays, workingWeekendDays) >= INVITATION_WORKING_DAYS) return start;
  }
  return at(addDays(vnDate(now), BOOKING_LEAD_DAYS));
}
