import { describe, expect, it } from 'vitest';
import { checkTimeOf, checkWindow, failingCriteria, insideWindow, MAX_LOSS_PERCENT, MAX_RTT_MS, MIN_BITRATE_KBPS, passes, type MeetingTimes } from './readiness-rules';

const good = { camera: true, microphone: true, bitrateKbps: 800, lossPercent: 0.5, rttMs: 40 };

describe('readiness rules: thresholds (R2.6)', () => {
  it('R2.6 a check with working devices, 300 kbps or more, at most 5 % loss and 400 ms RTT passes', () => {
    expect(failingCriteria(good)).toEqual([]);
    expect(passes({ ...good, bitrateKbps: MIN_BITRATE_KBPS, lossPercent: MAX_LOSS_PERCENT, rttMs: MAX_RTT_MS })).toBe(true);
  });

  it('R2.6 each failing criterion is named, in a fixed order', () => {
    expect(failingCriteria({ ...good, camera: false })).toEqual(['camera']);
    expect(failingCriteria({ ...good, microphone: false })).toEqual(['microphone']);
    expect(failingCriteria({ ...good, bitrateKbps: 299.9 })).toEqual(['bitrate']);
    expect(failingCriteria({ ...good, lossPercent: 5.1 })).toEqual(['loss']);
    expect(failingCriteria({ ...good, rttMs: 401 })).toEqual(['rtt']);
    expect(failingCriteria({ camera: false, microphone: false, bitrateKbps: 0, lossPercent: 50, rttMs: 2000 })).toEqual(['camera', 'microphone', 'bitrate', 'loss', 'rtt']);
    expect(passes({ ...good, rttMs: 401 })).toBe(false);
  });

  it('R2.6 a figure that is not a number fails its criterion', () => {
    expect(failingCriteria({ ...good, bitrateKbps: Number.NaN, lossPercent: Number.NaN, rttMs: Number.NaN })).toEqual(['bitrate', 'loss', 'rtt']);
  });
});

describe('readiness rules: the check window (D19.3)', () => {
  const startsAt = new Date('2027-01-05T01:00:00Z'); // 08:00 in Hà Nội
  const endsAt = new Date('2027-01-05T04:00:00Z');
  const meeting = (over: Partial<MeetingTimes> = {}): MeetingTimes => ({ startsAt, endsAt, checkAt: null, status: 'scheduled', cancelledAt: null, ...over });
  const at = (iso: string) => new Date(iso);

  it('D19.3 without a set system-check time, the check is 1 hour before the opening', () => {
    expect(checkTimeOf(meeting()).toISOString()).toBe('2027-01-05T00:00:00.000Z');
    expect(checkTimeOf(meeting({ checkAt: at('2027-01-04T08:00:00Z') })).toISOString()).toBe('2027-01-04T08:00:00.000Z');
  });

  it('R2.6 checks are accepted from 24 hours before the system-check time until the end', () => {
    const m = meeting({ checkAt: at('2027-01-04T08:00:00Z') });
    expect(checkWindow(m, at('2027-01-03T07:59:59Z')).open).toBe(false);
    expect(checkWindow(m, at('2027-01-03T08:00:00Z')).open).toBe(true);
    expect(checkWindow(m, at('2027-01-05T04:00:00Z')).open).toBe(true);
    expect(checkWindow(m, at('2027-01-05T04:00:01Z')).open).toBe(false);
    expect(checkWindow(m, at('2027-01-04T00:00:00Z')).opensAt.toISOString()).toBe('2027-01-03T08:00:00.000Z');
  });

  it('R2.6 a meeting still open after its planned end keeps the window; cancelled or ended ones close it', () => {
    expect(checkWindow(meeting({ status: 'open' }), at('2027-01-05T05:00:00Z')).open).toBe(true);
    expect(checkWindow(meeting({ status: 'ended' }), at('2027-01-05T02:00:00Z')).open).toBe(false);
    expect(checkWindow(meeting({ status: 'cancelled' }), at('2027-01-05T00:30:00Z')).open).toBe(false);
    expect(checkWindow(meeting({ cancelledAt: at('2027-01-04T00:00:00Z') }), at('2027-01-05T00:30:00Z')).open).toBe(false);
  });

  it('R2.6 a check made before a postponement moved the window is no longer inside it', () => {
    const postponed = meeting({ startsAt: at('2027-01-12T01:00:00Z'), endsAt: at('2027-01-12T04:00:00Z') });
    expect(insideWindow(meeting(), at('2027-01-04T10:00:00Z'))).toBe(true);
    expect(insideWindow(postponed, at('2027-01-04T10:00:00Z'))).toBe(false);
  });
});
