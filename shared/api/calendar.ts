import { z } from 'zod';

/**
 * The operator's list of public holidays (VIETNAMESE-CONVENTIONS "Working days and public holidays"): the default
 * list of each year (shared/calendar/working-days.ts `defaultHolidays`) adjusted by the government's yearly
 * announcement — extra days off, and days (a default holiday, or a weekend day of a swap) made working days.
 */
export type HolidayKind = 'day_off' | 'working_day';

export interface HolidayView {
  date: string; // YYYY-MM-DD, Vietnamese civil date
  name: string;
  /** `day_off`: nobody works; `working_day`: a default holiday or a weekend day made a working day. */
  kind: HolidayKind;
  /** `default` when from the default list unchanged, `override` when the operator set it. */
  source: 'default' | 'override';
  /** The default list has a holiday on that date (whatever the override says). */
  isDefault: boolean;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
}

// GET /api/holidays?year=2027 (anyone signed in) → { year, holidays: HolidayView[] } sorted by date
export const holidaysQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100) });

export const holidayDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'not a date');
export const holidayParams = z.object({ date: holidayDate });

// PUT    /api/holidays/:date { kind, name } (operator) → { holiday: HolidayView }
// DELETE /api/holidays/:date (operator) → 204 | holiday_override_not_found
export const putHolidayBody = z.object({
  kind: z.enum(['day_off', 'working_day']),
  name: z.string().trim().max(200).default(''),
});
export type PutHolidayBody = z.input<typeof putHolidayBody>;
