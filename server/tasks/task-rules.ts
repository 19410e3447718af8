/**
 * The follow-up of a task in time (R4.2, D12.5), pure: deadlines are Vietnamese civil dates (`YYYY-MM-DD`, due by the
 * end of that day in Asia/Ho_Chi_Minh) and must be working days; the assignee is reminded from the start of the
 * working day `REMINDER_WORKING_DAYS` before the deadline; a task not done once its deadline has passed is overdue and
 * escalated to the chair's office.
 */
import type { TaskState } from '../../shared/api';
import { addDays, vnDate } from '../../shared/calendar/working-days';

/** Working days before the deadline on which the reminder goes out. */
export const REMINDER_WORKING_DAYS = 2;
/** How far back a reminder may reach: enough calendar days to hold two working days around Tết. */
export const REMINDER_LOOKAHEAD_DAYS = 21;

export type IsWorkingDay = (date: string) => boolean;

/** Past its deadline: the Vietnamese civil date of `now` is after the deadline's. */
export const isPastDeadline = (deadline: string, now: Date) => vnDate(now) > deadline;

export function taskState(task: { deadline: string; doneAt: Date | null }, now: Date): TaskState {
  if (task.doneAt) return 'done';
  return isPastDeadline(task.deadline, now) ? 'overdue' : 'in_progress';
}

/** The day the reminder is due: `REMINDER_WORKING_DAYS` working days before the deadline (the deadline's day when none fit). */
export function reminderDay(deadline: string, isWorkingDay: IsWorkingDay): string {
  let day = deadline;
  let counted = 0;
  for (let i = 0; i < REMINDER_LOOKAHEAD_DAYS && counted < REMINDER_WORKING_DAYS; i++) {
    day = addDays(day, -1);
    if (isWorkingDay(day)) counted += 1;
  }
  return counted === REMINDER_WORKING_DAYS ? day : deadline;
}

/** What the follow-up job owes a task not done at `now`: a reminder before its deadline, an escalation after it. */
export function followUpDue(
  task: { deadline: string; doneAt: Date | null; remindedAt: Date | null; escalatedAt: Date | null },
  now: Date,
  isWorkingDay: IsWorkingDay,
): 'remind' | 'escalate' | null {
  if (task.doneAt) return null;
  if (isPastDeadline(task.deadline, now)) return task.escalatedAt ? null : 'escalate';
  if (task.remindedAt) return null;
  return vnDate(now) >= reminderDay(task.deadline, isWorkingDay) ? 'remind' : null;
}
