/** Rows of the readiness domain → API views. */
import type { ReadinessStatus, TechnicalCheckView } from '../../shared/api';
import { failingCriteria, insideWindow, type MeetingTimes } from './readiness-rules';
import type { TechnicalCheckWithPerson } from './readiness.repository';

export function presentCheck(c: TechnicalCheckWithPerson, meeting: MeetingTimes): TechnicalCheckView {
  return {
    id: c.id,
    meetingId: c.meetingId,
    endpointId: c.endpointId,
    at: c.at.toISOString(),
    by: { id: c.userId, name: c.byName, title: c.byTitle, unit: c.byUnit },
    camera: c.camera,
    microphone: c.microphone,
    bitrateKbps: c.bitrateKbps,
    lossPercent: c.lossPercent,
    rttMs: c.rttMs,
    jitterMs: c.jitterMs,
    note: c.note,
    passed: c.passed,
    failing: failingCriteria(c),
    inWindow: insideWindow(meeting, c.at),
  };
}

/** A side's status comes from its latest check inside the current window. */
export function statusOf(checks: TechnicalCheckView[]): ReadinessStatus {
  const latest = checks.find((c) => c.inWindow);
  return latest ? (latest.passed ? 'passed' : 'failed') : 'not_checked';
}
