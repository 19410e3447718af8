/**
 * Where a meeting stands for someone who wants to attend it, at a given instant: the room opens at the system-check
 * time (D19.3; `MeetingView.opensAt`, the server's rule for entry) or when the office opened it early, and the
 * words of a countdown to the next moment that matters.
 */
import type { MeetingView } from '../../../shared/api';
import { vnDate } from '../../../shared/calendar/working-days';
import { formatDateTime } from '../format';
import { t } from '../i18n';

export type MeetingPhase =
  /** cancelled, or the office refused the booking */
  | 'cancelled'
  | 'rejected'
  /** waiting for the office's approval (D21.1) */
  | 'pending'
  /** before the room opens */
  | 'waiting'
  /** the room is open, the meeting has not started */
  | 'open'
  /** between its start and its end */
  | 'running'
  /** past its end without having been ended, or ended */
  | 'over'
  | 'ended';

type Timed = Pick<MeetingView, 'status' | 'approval' | 'startsAt' | 'endsAt' | 'opensAt'>;

export function meetingPhase(m: Timed, now: number): MeetingPhase {
  if (m.status === 'cancelled') return 'cancelled';
  if (m.status === 'ended') return 'ended';
  if (m.approval.status === 'rejected') return 'rejected';
  if (m.approval.status === 'pending') return 'pending';
  if (now >= Date.parse(m.endsAt)) return 'over';
  if (now >= Date.parse(m.startsAt)) return 'running';
  if (m.status === 'open' || now >= Date.parse(m.opensAt)) return 'open';
  return 'waiting';
}

/** The room may be entered now (the server's rule: approved, not ended or cancelled, open or past its opening). */
export const mayEnter = (phase: MeetingPhase) => phase === 'open' || phase === 'running' || phase === 'over';

/** Today's meeting: it starts on today's date in Vietnam, or is running now. */
export function isToday(m: Timed, now: number): boolean {
  return vnDate(Date.parse(m.startsAt)) === vnDate(now) || (Date.parse(m.startsAt) <= now && now < Date.parse(m.endsAt));
}

/** `2 ngày 3 giờ`, `1 giờ 05 phút`, `4 phút 09 giây`: two units at most, seconds only under an hour. */
export function timeLeft(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  const [days, hours, minutes, seconds] = [Math.floor(s / 86_400), Math.floor((s % 86_400) / 3600), Math.floor((s % 3600) / 60), s % 60];
  const pad = (n: number) => String(n).padStart(2, '0');
  if (days > 0) return t('timeLeft.daysHours', { days, hours });
  if (hours > 0) return t('timeLeft.hoursMinutes', { hours, minutes: pad(minutes) });
  return t('timeLeft.minutesSeconds', { minutes, seconds: pad(seconds) });
}

/** `07:00` for a time today (Vietnam), `11/12/2026 07:00` for another day. */
export function timeOrDateTime(iso: string, now: number): string {
  const full = formatDateTime(iso);
  return vnDate(Date.parse(iso)) === vnDate(now) ? full.slice(11) : full;
}
