import { describe, expect, it } from 'vitest';
import { isWorkingDay } from '../../shared/calendar/working-days';
import { followUpDue, reminderDay, taskState } from './task-rules';

// 2027-01-01 (Friday) is a holiday; 2027-01-02/03 a weekend
const holidays = new Set(['2027-01-01']);
const working = (d: string) => isWorkingDay(d, holidays);
const at = (iso: string) => new Date(iso);

describe('R4.2 task follow-up in working days', () => {
  it('the reminder is due two working days before the deadline, skipping weekends and holidays', () => {
    // deadline Tuesday 5 Jan 2027: Monday 4 is one, Thursday 31 Dec two (1 Jan a holiday, 2–3 a weekend)
    expect(reminderDay('2027-01-05', working)).toBe('2026-12-31');
    expect(reminderDay('2027-01-08', working)).toBe('2027-01-06');
  });

  it('a task is overdue from the day after its deadline in Vietnamese time, and done wins', () => {
    const task = { deadline: '2027-01-05', doneAt: null };
    expect(taskState(task, at('2027-01-05T16:59:00Z'))).toBe('in_progress'); // 23:59 in Hà Nội
    expect(taskState(task, at('2027-01-05T17:00:00Z'))).toBe('overdue'); // 00:00 on the 6th
    expect(taskState({ ...task, doneAt: at('2027-01-07T00:00:00Z') }, at('2027-01-09T00:00:00Z'))).toBe('done');
  });

  it('the follow-up job reminds once before, escalates once after, and leaves done tasks alone', () => {
    const task = { deadline: '2027-01-05', doneAt: null, remindedAt: null, escalatedAt: null };
    expect(followUpDue(task, at('2026-12-30T03:00:00Z'), working)).toBeNull();
    expect(followUpDue(task, at('2026-12-31T01:00:00Z'), working)).toBe('remind');
    expect(followUpDue({ ...task, remindedAt: at('2026-12-31T01:00:00Z') }, at('2027-01-04T01:00:00Z'), working)).toBeNull();
    expect(followUpDue(task, at('2027-01-06T01:00:00Z'), working)).toBe('escalate');
    expect(followUpDue({ ...task, escalatedAt: at('2027-01-06T01:00:00Z') }, at('2027-01-07T01:00:00Z'), working)).toBeNull();
    expect(followUpDue({ ...task, doneAt: at('2027-01-04T01:00:00Z') }, at('2027-01-07T01:00:00Z'), working)).toBeNull();
  });
});
