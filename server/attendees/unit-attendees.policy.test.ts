import { describe, expect, it } from 'vitest';
import { outside, unitAttendeesPolicy } from './unit-attendees.policy';

const unit = '11111111-1111-1111-1111-111111111111';
const other = '22222222-2222-2222-2222-222222222222';

describe('unitAttendeesPolicy', () => {
  it('lets the unit’s own organisers and the operator name attendees, nobody else', () => {
    expect(unitAttendeesPolicy.mayName({ role: 'organiser', unitId: unit }, unit)).toBe(true);
    expect(unitAttendeesPolicy.mayName({ role: 'operator', unitId: other }, unit)).toBe(true);
    expect(unitAttendeesPolicy.mayName({ role: 'organiser', unitId: other }, unit)).toBe(false);
    for (const role of ['secretary', 'delegate', 'technician', 'guest', 'endpoint'] as const) expect(unitAttendeesPolicy.mayName({ role, unitId: unit }, unit)).toBe(false);
  });

  it('is open while the meeting is scheduled or under way, not once ended, cancelled or rejected', () => {
    expect(unitAttendeesPolicy.isOpen({ status: 'scheduled', approval: 'pending' })).toBe(true);
    expect(unitAttendeesPolicy.isOpen({ status: 'open', approval: 'approved' })).toBe(true);
    expect(unitAttendeesPolicy.isOpen({ status: 'ended', approval: 'approved' })).toBe(false);
    expect(unitAttendeesPolicy.isOpen({ status: 'cancelled', approval: 'approved' })).toBe(false);
    expect(unitAttendeesPolicy.isOpen({ status: 'scheduled', approval: 'rejected' })).toBe(false);
  });

  it('names the chosen ids outside the unit', () => {
    expect(outside(['a', 'b', 'c'], new Set(['a', 'c']))).toEqual(['b']);
    expect(outside([], new Set())).toEqual([]);
  });
});
