/**
 * Tasks a meeting's conclusions assign, and their follow-up (R4.2, D12.5): each to a unit or a person with a
 * deadline (a working day); the assignee reports progress with documents and marks it done; reminders before the
 * deadline, escalation to the chair's office after it; the office's follow-up board and its XLSX.
 */
import { z } from 'zod';
import type { PersonRef } from './organisation';

/** `done`; `overdue`: not done and past its deadline; `in_progress`: neither. */
export const taskStates = ['in_progress', 'done', 'overdue'] as const;
export type TaskState = (typeof taskStates)[number];

export interface TaskReportFileView {
  id: string;
  name: string;
  mediaType: string;
  size: number;
}

export interface TaskReportView {
  id: string;
  text: string;
  done: boolean;
  reportedBy: PersonRef | null;
  reportedAt: string;
  files: TaskReportFileView[];
}

export interface TaskView {
  id: string;
  meetingId: string;
  conclusionId: string;
  description: string;
  assignee: { kind: 'person'; person: PersonRef } | { kind: 'unit'; unit: { id: string; name: string } };
  /** `YYYY-MM-DD`, Vietnamese civil date: due by the end of that day. */
  deadline: string;
  state: TaskState;
  doneAt: string | null;
  remindedAt: string | null;
  escalatedAt: string | null;
}

/** A task with its meeting and conclusion, as its assignee or the board sees it. */
export interface TaskDetailView extends TaskView {
  meeting: { id: string; title: string; startsAt: string };
  conclusion: string;
  reports: TaskReportView[];
  /** The actor may report on it (its assignee: the person, or an organiser of the unit). */
  canReport: boolean;
}

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'not a date');

// POST /api/meetings/:id/conclusions/:conclusionId/tasks → 201 { task }      PUT /api/tasks/:taskId (same body)
// DELETE /api/tasks/:taskId → 204 (drafts only: refused once the notice is issued)
export const taskBody = z
  .object({
    description: z.string().trim().min(1).max(2000),
    assigneeUserId: z.string().uuid().optional(),
    assigneeUnitId: z.string().uuid().optional(),
    deadline: isoDate,
  })
  .refine((b) => Boolean(b.assigneeUserId) !== Boolean(b.assigneeUnitId), { message: 'one assignee: a person or a unit', path: ['assigneeUserId'] });

// GET /api/tasks/mine → { tasks: TaskDetailView[] } (issued notices only, soonest deadline first)
// GET /api/tasks/:taskId → { task: TaskDetailView }
// POST /api/tasks/:taskId/reports { text, done } → 201 { report }
export const taskReportBody = z.object({ text: z.string().trim().min(1).max(5000), done: z.boolean().default(false) });
// POST /api/tasks/:taskId/reports/:reportId/files?name= (raw body, a document type) → 201 { file }
export const taskReportFileQuery = z.object({ name: z.string().trim().min(1).max(255) });
// GET /api/tasks/:taskId/reports/:reportId/files/:fileId → the file

/** Counts of one row of the board. */
export interface TaskCounts {
  total: number;
  done: number;
  inProgress: number;
  overdue: number;
}

// GET /api/tasks/board?meetingId= → TaskBoardResponse (the office: operators, organisers of the host units)
// GET /api/tasks/board.xlsx?meetingId= → the same as a workbook
export const taskBoardQuery = z.object({ meetingId: z.string().uuid().optional() });
export interface TaskBoardResponse {
  byUnit: ({ unit: { id: string; name: string } } & TaskCounts)[];
  byMeeting: ({ meeting: { id: string; title: string; startsAt: string } } & TaskCounts)[];
  totals: TaskCounts;
  tasks: (TaskView & { meetingTitle: string; unitName: string; assigneeName: string })[];
}
