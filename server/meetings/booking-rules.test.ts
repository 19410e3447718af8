import { describe, expect, it } from 'vitest';
import { defaultHolidays } from '../../shared/calendar/working-days';
import { bookingLeadBreach, checkTimeBreach, dayOffWarnings, defaultCheckAt, doubleBookedEndpoints, invitationNoticeBreach, peakEndpoints } from './booking-rules';

// Instants are written with their Vietnamese offset; the unit tests run under Asia/Ho_Chi_Minh and UTC.
const at = (s: string) => new Date(s);

describe('R2.3 booking at least 2 days ahead (D19.2)', () => {
  it('counts Vietnamese calendar days, not 48 hours nor the server zone', () => {
    // Monday 23:30 in Hà Nội is still Monday 16:30 UTC; the meeting on Wednesday 07:30 is 2 days ahead.
    expect(bookingLeadBreach(at('2026-12-07T23:30:00+07:00'), at('2026-12-09T07:30:00+07:00'))).toBeNull();
    // Tuesday 00:30 in Hà Nội (Monday 17:30 UTC): only 1 day ahead.
    expect(bookingLeadBreach(at('2026-12-08T00:30:00+07:00'), at('2026-12-09T07:30:00+07:00'))).toMatchObject({ article: 'D19.2', required: 2, actual: 1 });
  });
  it('refuses a meeting on the same day', () => {
    expect(bookingLeadBreach(at('2026-12-07T08:00:00+07:00'), at('2026-12-07T14:00:00+07:00'))).toMatchObject({ rule: 'booking_lead_time', requirement: 'R2.3', actual: 0 });
  });
});

describe('R2.4 invitations 3 working days before (D7.3)', () => {
  it('skips the weekend', () => {
    // Thursday → Monday: Thursday and Friday count, the weekend does not.
    expect(invitationNoticeBreach(at('2026-12-03T09:00:00+07:00'), at('2026-12-07T08:00:00+07:00'))).toMatchObject({ required: 3, actual: 2 });
    // Wednesday → Monday: three working days.
    expect(invitationNoticeBreach(at('2026-12-02T09:00:00+07:00'), at('2026-12-07T08:00:00+07:00'))).toBeNull();
  });
  it('skips a weekend and a public holiday together (1 January 2027 is a Friday)', () => {
    // Wednesday 30 Dec → Tuesday 5 Jan: 30, 31 Dec and 4 Jan count; 1 Jan and the weekend do not.
    expect(invitationNoticeBreach(at('2026-12-30T09:00:00+07:00'), at('2027-01-05T08:00:00+07:00'))).toBeNull();
    expect(invitationNoticeBreach(at('2026-12-31T09:00:00+07:00'), at('2027-01-05T08:00:00+07:00'))).toMatchObject({ actual: 2 });
  });
  it('uses the Vietnamese date of sending late in the evening', () => {
    // Wednesday 2 Dec 23:30 in Hà Nội is 16:30 UTC the same day; sent then, Wednesday still counts.
    expect(invitationNoticeBreach(at('2026-12-02T23:30:00+07:00'), at('2026-12-07T08:00:00+07:00'))).toBeNull();
    // Thursday 00:30 in Hà Nội is Wednesday 17:30 UTC: Wednesday no longer counts.
    expect(invitationNoticeBreach(at('2026-12-03T00:30:00+07:00'), at('2026-12-07T08:00:00+07:00'))).toMatchObject({ actual: 2 });
  });
});

describe('R2.3 rooms and media capacity are not double-booked', () => {
  const b = (from: string, to: string, endpointIds: string[]) => ({ startsAt: at(`2026-12-10T${from}:00+07:00`), endsAt: at(`2026-12-10T${to}:00+07:00`), endpointIds });
  it('finds an endpoint booked by an overlapping meeting, not by one that ends as this starts', () => {
    expect(doubleBookedEndpoints(b('08:00', '10:00', ['r1', 'r2']), [b('09:00', '11:00', ['r2', 'r3']), b('06:00', '08:00', ['r1'])])).toEqual(['r2']);
  });
  it('counts the endpoints connected at the busiest moment', () => {
    const others = [b('07:00', '09:00', ['a', 'b']), b('09:30', '12:00', ['c', 'd', 'e']), b('10:00', '10:30', ['f'])];
    expect(peakEndpoints(b('08:00', '11:00', ['x']), others)).toBe(5); // 10:00–10:30: x, c, d, e, f
    expect(peakEndpoints(b('12:00', '13:00', ['x']), others)).toBe(1);
  });
});

describe('R2.4 system check at least 1 hour before the opening (D19.3)', () => {
  const opening = at('2026-12-10T08:00:00+07:00');
  it('accepts one hour or more before, refuses less, naming the article', () => {
    expect(checkTimeBreach(at('2026-12-10T07:00:00+07:00'), opening)).toBeNull();
    expect(checkTimeBreach(at('2026-12-09T16:00:00+07:00'), opening)).toBeNull();
    expect(checkTimeBreach(at('2026-12-10T07:30:00+07:00'), opening)).toMatchObject({ rule: 'check_time', article: 'D19.3', requirement: 'R2.4', required: 60, actual: 30 });
    expect(checkTimeBreach(at('2026-12-10T07:00:01+07:00'), opening)).toMatchObject({ actual: 59 });
    expect(checkTimeBreach(at('2026-12-10T08:30:00+07:00'), opening)?.actual).toBeLessThan(0);
  });
  it('defaults to one hour before', () => {
    expect(defaultCheckAt(opening).toISOString()).toBe('2026-12-10T00:00:00.000Z');
    expect(checkTimeBreach(defaultCheckAt(opening), opening)).toBeNull();
  });
});

describe('R2.4 the invitation notice counts the holidays it is given (operator-edited, D7.3)', () => {
  it('a working day made a holiday shortens the notice', () => {
    // Wednesday → Monday is three working days; with Thursday a holiday, two.
    expect(invitationNoticeBreach(at('2026-12-02T09:00:00+07:00'), at('2026-12-07T08:00:00+07:00'), new Set())).toBeNull();
    expect(invitationNoticeBreach(at('2026-12-02T09:00:00+07:00'), at('2026-12-07T08:00:00+07:00'), new Set(['2026-12-03']))).toMatchObject({ actual: 2 });
  });
});

describe('a meeting on a public holiday or a day off is warned of, the holiday named', () => {
  const holidays = defaultHolidays(2027);
  it('names the holiday of the Vietnamese day, whatever the server zone', () => {
    // 2 September 2027, 07:30 in Hà Nội is still 1 September in UTC
    expect(dayOffWarnings(at('2027-09-02T07:30:00+07:00'), at('2027-09-02T10:00:00+07:00'), holidays)).toEqual([{ rule: 'day_off', date: '2027-09-02', name: 'Quốc khánh', weekday: 4 }]);
    expect(dayOffWarnings(at('2027-04-30T08:00:00+07:00'), at('2027-04-30T09:00:00+07:00'), holidays)).toMatchObject([{ date: '2027-04-30', name: 'Ngày Chiến thắng' }]);
  });
  it('warns of a weekend day unless the yearly announcement made it a working day', () => {
    expect(dayOffWarnings(at('2026-12-13T08:00:00+07:00'), at('2026-12-13T11:00:00+07:00'), [])).toEqual([{ rule: 'day_off', date: '2026-12-13', name: '', weekday: 0 }]);
    expect(dayOffWarnings(at('2026-12-13T08:00:00+07:00'), at('2026-12-13T11:00:00+07:00'), [], new Set(['2026-12-13']))).toEqual([]);
  });
  it('says nothing for an ordinary working day, and names each day off a long meeting spans', () => {
    expect(dayOffWarnings(at('2026-12-09T08:00:00+07:00'), at('2026-12-09T17:00:00+07:00'), holidays)).toEqual([]);
    // Friday to Saturday: the Saturday only; ending at midnight does not reach Sunday
    expect(dayOffWarnings(at('2026-12-11T20:00:00+07:00'), at('2026-12-13T00:00:00+07:00'), []).map((w) => w.date)).toEqual(['2026-12-12']);
  });
});
