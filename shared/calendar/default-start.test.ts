import { describe, expect, it } from 'vitest';
import { defaultMeetingStart, vnIsoDateTime } from './working-days';

const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const start = (now: string, holidays: string[] = [], swaps: string[] = []) => vnIsoDateTime(defaultMeetingStart(new Date(now), new Set(holidays), new Set(swaps)));

describe(`the default start of a new booking (${zone})`, () => {
  it('a working morning leaving 3 working days of invitation notice (D7.3), never 23:00', () => {
    // Monday 7/12/2026 21:30 in Hà Nội (the old default gave Wednesday 23:00): Mon, Tue, Wed → Thursday 08:00
    expect(start('2026-12-07T14:30:00Z')).toBe('2026-12-10T08:00:00.000+07:00');
    // Thursday 10/12 09:00: Thu, Fri, Mon → Tuesday 15/12
    expect(start('2026-12-10T02:00:00Z')).toBe('2026-12-15T08:00:00.000+07:00');
    // Saturday 12/12: Mon, Tue, Wed → Thursday 17/12
    expect(start('2026-12-12T03:00:00Z')).toBe('2026-12-17T08:00:00.000+07:00');
  });

  it('skips public holidays and counts a swapped Saturday', () => {
    // Wednesday 29/4/2026: 30/4 and 1/5 are holidays; Wed, Mon 4/5, Tue 5/5 → Wednesday 6/5
    expect(start('2026-04-29T02:00:00Z', ['2026-04-30', '2026-05-01'])).toBe('2026-05-06T08:00:00.000+07:00');
    // Thursday 3/12/2026 with Saturday 5/12 worked: Thu, Fri, Sat → Monday 7/12
    expect(start('2026-12-03T02:00:00Z', [], ['2026-12-05'])).toBe('2026-12-07T08:00:00.000+07:00');
  });
});
