/**
 * The rules of the technical check (R2.6, D19.3), pure: the thresholds a check must meet, which criteria it fails,
 * and when checks are accepted for a meeting. Functions of instants only, so they answer the same in any time zone.
 */
import type { ReadinessCriterion, ReadinessThresholds } from '../../shared/api';

/** Below this sent bitrate a 640x360 camera with sound is not carried well. */
export const MIN_BITRATE_KBPS = 300;
export const MAX_LOSS_PERCENT = 5;
export const MAX_RTT_MS = 400;
export const THRESHOLDS: ReadinessThresholds = { minBitrateKbps: MIN_BITRATE_KBPS, maxLossPercent: MAX_LOSS_PERCENT, maxRttMs: MAX_RTT_MS };

/** The system check is at least 1 hour before the opening (D19.3): the default when a meeting has no time set. */
export const DEFAULT_CHECK_LEAD_MS = 3_600_000;
/** Checks are accepted from this long before the system-check time. */
export const WINDOW_BEFORE_CHECK_MS = 24 * 3_600_000;

export interface CheckFigures {
  camera: boolean;
  microphone: boolean;
  bitrateKbps: number;
  lossPercent: number;
  rttMs: number;
}

/** The criteria a check fails, in a fixed order; an empty list means it passed. */
export function failingCriteria(f: CheckFigures): ReadinessCriterion[] {
  const failing: ReadinessCriterion[] = [];
  if (!f.camera) failing.push('camera');
  if (!f.microphone) failing.push('microphone');
  if (!(f.bitrateKbps >= MIN_BITRATE_KBPS)) failing.push('bitrate');
  if (!(f.lossPercent <= MAX_LOSS_PERCENT)) failing.push('loss');
  if (!(f.rttMs <= MAX_RTT_MS)) failing.push('rtt');
  return failing;
}

export const passes = (f: CheckFigures) => failingCriteria(f).length === 0;

export interface MeetingTimes {
  startsAt: Date;
  endsAt: Date;
  checkAt: Date | null;
  status: string;
  cancelledAt: Date | null;
}

/** The system-check time: the one set on the meeting, else 1 hour before the opening (older meetings). */
export const checkTimeOf = (m: Pick<MeetingTimes, 'startsAt' | 'checkAt'>) => m.checkAt ?? new Date(m.startsAt.getTime() - DEFAULT_CHECK_LEAD_MS);

/**
 * When checks are accepted: from 24 h before the system-check time until the meeting ends. A meeting still open
 * after its planned end keeps its window until it is ended; a cancelled or ended meeting takes no more checks.
 */
export function checkWindow(m: MeetingTimes, now: Date): { opensAt: Date; closesAt: Date; open: boolean } {
  const opensAt = new Date(checkTimeOf(m).getTime() - WINDOW_BEFORE_CHECK_MS);
  const closesAt = m.endsAt;
  const finished = m.status === 'ended' || m.status === 'cancelled' || m.cancelledAt !== null;
  const open = !finished && now >= opensAt && (now <= closesAt || m.status === 'open');
  return { opensAt, closesAt, open };
}

/** Whether a check made at `at` counts for the meeting's current window (a postponement can leave it before). */
export function insideWindow(m: MeetingTimes, at: Date): boolean {
  const { opensAt, closesAt } = checkWindow(m, at);
  return at >= opensAt && (at <= closesAt || m.status === 'open' || m.status === 'ended');
}
