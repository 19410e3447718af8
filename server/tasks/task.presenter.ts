/** What leaves the server about a task (never a row): its assignee by name, its state at the time of asking. */
import type { TaskDetailView, TaskReportView, TaskView } from '../../shared/api';
import type { TaskLine, TaskReportFileRow, TaskReportRow } from './task.repository';
import { taskState } from './task-rules';

/** `Giám đốc Sở Tài chính Nguyễn Văn An`, or the unit's name. */
export const assigneeName = (l: Pick<TaskLine, 'personName' | 'personTitle' | 'unitName'>) =>
  l.personName !== null ? [l.personTitle, l.personName].filter(Boolean).join(' ') : (l.unitName ?? '');

export function presentTask(l: TaskLine, now: Date): TaskView {
  const t = l.task;
  return {
    id: t.id,
    meetingId: t.meetingId,
    conclusionId: t.conclusionId,
    description: t.description,
    assignee:
      t.assigneeUserId !== null
        ? { kind: 'person', person: { id: t.assigneeUserId, name: l.personName ?? '', title: l.personTitle ?? '', unit: l.personUnitName ?? '' } }
        : { kind: 'unit', unit: { id: t.assigneeUnitId!, name: l.unitName ?? '' } },
    deadline: t.deadline,
    state: taskState(t, now),
    doneAt: t.doneAt?.toISOString() ?? null,
    remindedAt: t.remindedAt?.toISOString() ?? null,
    escalatedAt: t.escalatedAt?.toISOString() ?? null,
  };
}

export type ReportLine = { report: TaskReportRow; name: string | null; title: string | null; unitName: string | null };

export function presentReport(r: ReportLine, files: TaskReportFileRow[]): TaskReportView {
  return {
    id: r.report.id,
    text: r.report.text,
    done: r.report.done,
    reportedBy: r.name !== null ? { id: r.report.reportedBy, name: r.name, title: r.title ?? '', unit: r.unitName ?? '' } : null,
    reportedAt: r.report.reportedAt.toISOString(),
    files: files.filter((f) => f.reportId === r.report.id).map((f) => ({ id: f.id, name: f.name, mediaType: f.mediaType, size: f.size })),
  };
}

export function presentTaskDetail(l: TaskLine, now: Date, reports: ReportLine[], files: TaskReportFileRow[], canReport: boolean): TaskDetailView {
  return {
    ...presentTask(l, now),
    meeting: { id: l.task.meetingId, title: l.meetingTitle, startsAt: l.meetingStartsAt.toISOString() },
    conclusion: l.conclusion,
    reports: reports.filter((r) => r.report.taskId === l.task.id).map((r) => presentReport(r, files)),
    canReport,
  };
}
