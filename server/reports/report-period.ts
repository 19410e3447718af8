/** Quarters in Hà Nội time (UTC+7, no daylight saving) and the report's deadline (R5.1). Pure. */
const pad = (n: number) => String(n).padStart(2, '0');
const vnMidnight = (year: number, month: number) => new Date(`${year}-${pad(month)}-01T00:00:00+07:00`);

/** The quarter as the period [from, to). */
export function quarterPeriod(year: number, quarter: number): { from: Date; to: Date } {
  const first = (quarter - 1) * 3 + 1;
  return { from: vnMidnight(year, first), to: quarter === 4 ? vnMidnight(year + 1, 1) : vnMidnight(year, first + 3) };
}

/**
 * "trước ngày 01 tháng cuối quý" (M Art. 13.5): the report is due before 00:00 of the 1st of the quarter's last
 * month (1 March for Q1, 1 June, 1 September, 1 December). Returned as that instant and its civil date.
 */
export function quarterDeadline(year: number, quarter: number): { at: Date; date: string } {
  const month = quarter * 3;
  return { at: vnMidnight(year, month), date: `${year}-${pad(month)}-01` };
}

/** The quarter an instant falls in, in Hà Nội. */
export function quarterOf(at: Date): { year: number; quarter: number } {
  const local = new Date(at.getTime() + 7 * 3_600_000);
  return { year: local.getUTCFullYear(), quarter: Math.floor(local.getUTCMonth() / 3) + 1 };
}

export const romanQuarter = (q: number) => ['I', 'II', 'III', 'IV'][q - 1] ?? String(q);
