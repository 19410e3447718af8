/**
 * The booking rules of R2.3 and R2.4, as pure functions of the instants involved, so they answer the same on a
 * server in any time zone: dates are Vietnamese civil dates (shared/calendar).
 */
import type { BookingRuleBreach, DayOffWarning, InvitationNoticeBreach } from '../../shared/api/meetings';
import {
  addDays,
  BOOKING_LEAD_DAYS,
  calendarDaysNotice,
  holidaysBetween,
  INVITATION_WORKING_DAYS,
  isWeekendDay,
  vnDate,
  weekday,
  workingDaysNotice,
  type Holiday,
} from '../../shared/calendar/working-days';

export { BOOKING_LEAD_DAYS, INVITATION_WORKING_DAYS };

/** D19.2: a booking made at `now` for a meeting starting at `startsAt`. */
export function bookingLeadBreach(now: Date, startsAt: Date): BookingRuleBreach | null {
  const actual = calendarDaysNotice(now, startsAt);
  return actual >= BOOKING_LEAD_DAYS ? null : { rule: 'booking_lead_time', requirement: 'R2.3', article: 'D19.2', required: BOOKING_LEAD_DAYS, actual };
}

/** D7.3: invitations sent at `now` for a meeting starting at `startsAt`; weekends and public holidays do not count. */
export function invitationNoticeBreach(now: Date, startsAt: Date, holidays = holidaysBetween(now, startsAt), workingWeekendDays: ReadonlySet<string> = new Set()): InvitationNoticeBreach | null {
  const actual = workingDaysNotice(now, startsAt, holidays, workingWeekendDays);
  return actual >= INVITATION_WORKING_DAYS ? null : { rule: 'invitation_notice', requirement: 'R2.4', article: 'D7.3', required: INVITATION_WORKING_DAYS, actual };
}

/**
 * The days off a meeting from `startsAt` to `endsAt` falls on (Vietnamese civil dates): a public holiday of the
 * operator's list, named, or a Saturday or Sunday not made a working day. Not a refusal — an emergency may need a
 * Sunday — but the organiser is warned, with the holiday named.
 */
export function dayOffWarnings(startsAt: Date, endsAt: Date, holidays: readonly Holiday[], workingWeekendDays: ReadonlySet<string> = new Set()): DayOffWarning[] {
  const last = vnDate(new Date(Math.max(startsAt.getTime(), endsAt.getTime() - 1)));
  const named = new Map(holidays.map((h) => [h.date, h.name]));
  const warnings: DayOffWarning[] = [];
  for (let date = vnDate(startsAt); date <= last; date = addDays(date, 1)) {
    const holiday = named.get(date);
    if (holiday !== undefined) warnings.push({ rule: 'day_off', date, name: holiday, weekday: weekday(date) });
    else if (isWeekendDay(date) && !workingWeekendDays.has(date)) warnings.push({ rule: 'day_off', date, name: '', weekday: weekday(date) });
  }
  return warnings;
}

/** D19.3: the system check is at least 1 hour before the opening. */
export const CHECK_LEAD_MINUTES = 60;

/** The default system-check time (D19.3): exactly the required lead before the opening. */
export const defaultCheckAt = (startsAt: Date) => new Date(startsAt.getTime() - CHECK_LEAD_MINUTES * 60_000);

/**
 * When the meeting room opens: at the system check (D19.3), the meeting's own check time or the default one. Before
 * it nobody enters (a meeting opened and ended hours early is no meeting); only an operator opens it earlier.
 */
export const roomOpensAt = (m: { startsAt: Date; checkAt: Date | null }) => m.checkAt ?? defaultCheckAt(m.startsAt);

/** D19.3: a system check at `checkAt` for a meeting opening at `startsAt`; `actual` in whole minutes before. */
export function checkTimeBreach(checkAt: Date, startsAt: Date): BookingRuleBreach | null {
  const actual = Math.floor((startsAt.getTime() - checkAt.getTime()) / 60_000);
  return actual >= CHECK_LEAD_MINUTES ? null : { rule: 'check_time', requirement: 'R2.4', article: 'D19.3', required: CHECK_LEAD_MINUTES, actual };
}

export interface Booking {
  startsAt: Date;
  endsAt: Date;
  endpointIds: readonly string[];
}

/** Endpoints of `candidate` already booked by an overlapping meeting: a room cannot be in two meetings at once (R2.3). */
export function doubleBookedEndpoints(candidate: Booking, others: readonly Booking[]): string[] {
  const taken = new Set<string>();
  for (const o of others) if (overlaps(candidate, o)) for (const id of o.endpointIds) if (candidate.endpointIds.includes(id)) taken.add(id);
  return [...taken];
}

/**
 * The most endpoints connected at any one moment of `candidate`, counting it and the overlapping meetings (R2.3:
 * the media capacity must not be double-booked). Only moments where a meeting starts can raise the count.
 */
export function peakEndpoints(candidate: Booking, others: readonly Booking[]): number {
  const all = [candidate, ...others.filter((o) => overlaps(candidate, o))];
  let peak = 0;
  for (const moment of all.map((b) => Math.max(b.startsAt.getTime(), candidate.startsAt.getTime()))) {
    const count = all.filter((b) => b.startsAt.getTime() <= moment && moment < b.endsAt.getTime()).reduce((n, b) => n + b.endpointIds.length, 0);
    peak = Math.max(peak, count);
  }
  return peak;
}

const overlaps = (a: Booking, b: Booking) => a.startsAt < b.endsAt && b.startsAt < a.endsAt;
