import { t } from '../i18n';

/**
 * Durations on the records page, in words so that none is read as a time of day or as minutes for hours:
 * `1 giờ 09 phút` (the seconds do not matter past an hour), `2 phút 05 giây` under an hour.
 */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h > 0) return t('duration.hoursMinutes', { h, mm: String(m).padStart(2, '0') });
  return t('duration.minutesSeconds', { m, ss: String(s % 60).padStart(2, '0') });
}
