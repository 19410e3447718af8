/**
 * Dates as Vietnamese administrative documents write them (Decree 30/2020, Appendix I): `ngày 05 tháng 01 năm 2027`
 * (a day below 10 and the months 1 and 2 take a leading zero), times `08:00` in Asia/Ho_Chi_Minh, weekdays `Thứ Hai`
 * … `Chủ nhật`. Computed by offset (UTC+7, no daylight saving), so the answer never depends on the machine's zone.
 */
const VN_OFFSET_MS = 7 * 3_600_000;
const WEEKDAYS = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'] as const;

const local = (instant: Date) => new Date(instant.getTime() + VN_OFFSET_MS);
const pad = (n: number) => String(n).padStart(2, '0');

/** `ngày 05 tháng 01 năm 2027` */
export function vnLongDate(instant: Date): string {
  const d = local(instant);
  const month = d.getUTCMonth() + 1;
  return `ngày ${pad(d.getUTCDate())} tháng ${month <= 2 ? pad(month) : month} năm ${d.getUTCFullYear()}`;
}

/** `08:00` */
export const vnTime = (instant: Date): string => {
  const d = local(instant);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
};

/** `Thứ Hai` */
export const vnWeekday = (instant: Date): string => WEEKDAYS[local(instant).getUTCDay()]!;

/** `07/12/2026` */
export const vnShortDate = (instant: Date): string => {
  const d = local(instant);
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
};

/** `08:00, Thứ Hai, ngày 07 tháng 12 năm 2026` */
export const vnDateTime = (instant: Date): string => `${vnTime(instant)}, ${vnWeekday(instant)}, ${vnLongDate(instant)}`;
