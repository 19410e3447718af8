/** Tasks of the conclusions (R4.2, D12.5): assigning, "my tasks", reports with documents, the follow-up board. */
import type { z } from 'zod';
import type { TaskBoardResponse, TaskDetailView, TaskReportFileView, TaskReportView, TaskView } from '../../../shared/api';
import type { taskBody } from '../../../shared/api';
import { request, uploadFile } from '../api';

const task = (id: string) => `/api/tasks/${encodeURIComponent(id)}`;
const boardQuery = (meetingId?: string) => (meetingId ? `?meetingId=${encodeURIComponent(meetingId)}` : '');

export const tasksApi = {
  create: (meetingId: string, conclusionId: string, body: z.input<typeof taskBody>) =>
    request<{ task: TaskView }>('POST', `/api/meetings/${encodeURIComponent(meetingId)}/conclusions/${encodeURIComponent(conclusionId)}/tasks`, body).then((r) => r.task),
  remove: (taskId: string) => request<void>('DELETE', task(taskId)),
  mine: () => request<{ tasks: TaskDetailView[] }>('GET', '/api/tasks/mine').then((r) => r.tasks),
  report: (taskId: string, body: { text: string; done: boolean }) => request<{ report: TaskReportView }>('POST', `${task(taskId)}/reports`, body).then((r) => r.report),
  /** A document attached to one's report (its type judged by its content on the server). */
  attach: (taskId: string, reportId: string, file: File) =>
    uploadFile<{ file: TaskReportFileView }>(`${task(taskId)}/reports/${encodeURIComponent(reportId)}/files?name=${encodeURIComponent(file.name)}`, file).then((r) => r.file),
  filePath: (taskId: string, reportId: string, fileId: string) => `${task(taskId)}/reports/${encodeURIComponent(reportId)}/files/${encodeURIComponent(fileId)}`,
  board: (meetingId?: string) => request<TaskBoardResponse>('GET', `/api/tasks/board${boardQuery(meetingId)}`),
  boardXlsxPath: (meetingId?: string) => `/api/tasks/board.xlsx${boardQuery(meetingId)}`,
};
