/**
 * ISO 8601 weeks (Monday first; week 1 holds the year's first Thursday) over Vietnamese civil dates, as used by
 * the weekly schedule (`2026-W49` = Monday 30/11/2026 to Sunday 06/12/2026). Pure: no machine time zone involved.
 */
import { addDays, vnDate, weekday } from '../../shared/calendar/working-days';
import { isoWeekPattern } from '../../shared/api/schedule';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Monday of ISO week 1 of `year`: the Monday on or before 4 January. */
function mondayOfWeekOne(year: number): string {
  const jan4 = `${pad(year, 4)}-01-04`;
  return addDays(jan4, -((weekday(jan4) + 6) % 7));
}

/** 52 or 53. */
export function weeksInYear(year: number): number {
  const days = (Date.parse(`${mondayOfWeekOne(year + 1)}T00:00:00Z`) - Date.parse(`${mondayOfWeekOne(year)}T00:00:00Z`)) / 86_400_000;
  return days / 7;
}

export interface IsoWeek {
  year: number;
  week: number;
  /** `2026-W49` */
  label: string;
  monday: string;
  sunday: string;
}

export function isoWeek(year: number, week: number): IsoWeek {
  const monday = addDays(mondayOfWeekOne(year), (week - 1) * 7);
  return { year, week, label: `${year}-W${pad(week)}`, monday, sunday: addDays(monday, 6) };
}

/** `2026-W49` → the week, or null when it is not a week of that year. */
export function parseIsoWeek(text: string): IsoWeek | null {
  const m = isoWeekPattern.exec(text);
  if (!m) return null;
  const year = +m[1]!;
  const week = +m[2]!;
  if (week < 1 || week > weeksInYear(year)) return null;
  return isoWeek(year, week);
}

/** The ISO week a civil date falls in. */
export function isoWeekOfDate(date: string): IsoWeek {
  const monday = addDays(date, -((weekday(date) + 6) % 7));
  const thursday = addDays(monday, 3);
  const year = +thursday.slice(0, 4);
  const week = Math.round((Date.parse(`${monday}T00:00:00Z`) - Date.parse(`${mondayOfWeekOne(year)}T00:00:00Z`)) / (7 * 86_400_000)) + 1;
  return isoWeek(year, week);
}

/** The week of an instant in Vietnam. */
export const isoWeekOfInstant = (instant: Date) => isoWeekOfDate(vnDate(instant));

/** The instants a week spans in Vietnam: Monday 00:00 (UTC+7) to the next Monday 00:00. */
export function weekSpan(week: IsoWeek): { from: Date; to: Date } {
  const from = new Date(Date.parse(`${week.monday}T00:00:00+07:00`));
  return { from, to: new Date(from.getTime() + 7 * 86_400_000) };
}

export const previousWeek = (w: IsoWeek) => isoWeekOfDate(addDays(w.monday, -7));
export const nextWeek = (w: IsoWeek) => isoWeekOfDate(addDays(w.monday, 7));
