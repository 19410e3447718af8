/** The statistics page's periods (issue 17 point 2): presets over civil days in Asia/Ho_Chi_Minh. Pure. */
import { addDays } from '../../../shared/calendar/working-days';

export const periodPresets = ['quarter', 'year', 'last12'] as const;
export type PeriodPreset = (typeof periodPresets)[number];

const pad = (n: number) => String(n).padStart(2, '0');
/** The last day of a month (1–12). */
const monthEnd = (year: number, month: number) => addDays(month === 12 ? `${year + 1}-01-01` : `${year}-${pad(month + 1)}-01`, -1);

/** `today` is `YYYY-MM-DD` in Vietnam. Both ends included. */
export function presetPeriod(preset: PeriodPreset, today: string): { from: string; to: string } {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  if (preset === 'year') return { from: `${year}-01-01`, to: `${year}-12-31` };
  if (preset === 'quarter') {
    const first = month - ((month - 1) % 3);
    return { from: `${year}-${pad(first)}-01`, to: monthEnd(year, first + 2) };
  }
  // the last 12 months: this month and the 11 before it, whole months, up to today
  const back = month - 11;
  const [fy, fm] = back >= 1 ? [year, back] : [year - 1, back + 12];
  return { from: `${fy}-${pad(fm)}-01`, to: today };
}
