import { describe, expect, it } from 'vitest';
import { isToday, mayEnter, meetingPhase, timeLeft, timeOrDateTime } from './meeting-timing';

const approved = { status: 'approved' as const, reason: '', by: null, at: null };
// Thursday 10/12/2026 08:00–10:00 in Hà Nội, the room opening at 07:00 (the system check)
const m = { status: 'scheduled' as const, approval: approved, startsAt: '2026-12-10T01:00:00Z', endsAt: '2026-12-10T03:00:00Z', opensAt: '2026-12-10T00:00:00Z' };
const at = (iso: string) => Date.parse(iso);

describe('where a meeting stands for whoever would attend', () => {
  it('waits for the check time, then opens; starts, runs, and is over', () => {
    expect(meetingPhase(m, at('2026-12-09T23:59:59Z'))).toBe('waiting');
    expect(mayEnter(meetingPhase(m, at('2026-12-09T23:59:59Z')))).toBe(false);
    expect(meetingPhase(m, at('2026-12-10T00:00:00Z'))).toBe('open');
    expect(mayEnter('open')).toBe(true);
    expect(meetingPhase(m, at('2026-12-10T01:30:00Z'))).toBe('running');
    expect(meetingPhase(m, at('2026-12-10T03:00:00Z'))).toBe('over');
    // opened early by the office
    expect(meetingPhase({ ...m, status: 'open' }, at('2026-12-09T20:00:00Z'))).toBe('open');
  });

  it('the state of the booking comes first', () => {
    expect(meetingPhase({ ...m, approval: { ...approved, status: 'pending' } }, at('2026-12-10T01:30:00Z'))).toBe('pending');
    expect(meetingPhase({ ...m, approval: { ...approved, status: 'rejected' } }, at('2026-12-10T01:30:00Z'))).toBe('rejected');
    expect(meetingPhase({ ...m, status: 'cancelled' }, at('2026-12-10T01:30:00Z'))).toBe('cancelled');
    expect(meetingPhase({ ...m, status: 'ended' }, at('2026-12-10T01:30:00Z'))).toBe('ended');
  });

  it('today is the Vietnamese date, whatever the machine’s zone', () => {
    expect(isToday(m, at('2026-12-09T17:00:00Z'))).toBe(true); // 00:00 on the 10th in Hà Nội
    expect(isToday(m, at('2026-12-09T16:59:00Z'))).toBe(false);
  });

  it('counts down in words, two units at most', () => {
    expect(timeLeft(2 * 86_400_000 + 3 * 3_600_000 + 59_000)).toBe('2 ngày 3 giờ');
    expect(timeLeft(3_600_000 + 5 * 60_000)).toBe('1 giờ 05 phút');
    expect(timeLeft(4 * 60_000 + 9_000)).toBe('4 phút 09 giây');
    expect(timeLeft(-5)).toBe('0 phút 00 giây');
  });
});

describe('the time a room opens, said briefly', () => {
  it('the clock today, the date on another day', () => {
    expect(timeOrDateTime('2026-12-10T00:00:00Z', Date.parse('2026-12-09T20:00:00Z'))).toBe('07:00');
    expect(timeOrDateTime('2026-12-10T00:00:00Z', Date.parse('2026-12-09T10:00:00Z'))).toBe('10/12/2026 07:00');
  });
});
