/** How tasks and their notices read (R4.2): states, deadlines `dd/MM/yyyy`, assignees, the bell's sentences. */
import type { NotificationView, TaskState, TaskView } from '../../../shared/api';
import { t } from '../i18n';

/** `2027-01-05` → `05/01/2027`. */
export const formatDeadline = (date: string) => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;

export const taskStateLabel = (state: TaskState) => t(`tasks.state.${state}`);

export const assigneeLabel = (a: TaskView['assignee']) => (a.kind === 'person' ? [a.person.title, a.person.name].filter(Boolean).join(' ') : a.unit.name);

const taskKinds = ['conclusions_notice_issued', 'task_reminder', 'task_overdue', 'task_reported'] as const;

export function taskNoticeText(n: NotificationView): string | null {
  if (!(taskKinds as readonly string[]).includes(n.kind)) return null;
  const d = n.data as { title?: string; description?: string; deadline?: string; tasks?: number; assignee?: string; office?: boolean; done?: boolean; by?: string };
  const title = d.title ?? '';
  switch (n.kind) {
    case 'conclusions_notice_issued':
      return d.tasks ? t('tasks.notice.conclusionsIssuedTasks', { title, tasks: d.tasks }) : t('tasks.notice.conclusionsIssued', { title });
    case 'task_reminder':
      return t('tasks.notice.reminder', { description: d.description ?? '', deadline: formatDeadline(d.deadline ?? '') });
    case 'task_overdue':
      return d.office
        ? t('tasks.notice.overdueOffice', { description: d.description ?? '', assignee: d.assignee ?? '', deadline: formatDeadline(d.deadline ?? '') })
        : t('tasks.notice.overdue', { description: d.description ?? '', deadline: formatDeadline(d.deadline ?? '') });
    default:
      return t(d.done ? 'tasks.notice.done' : 'tasks.notice.reported', { by: d.by ?? '', description: d.description ?? '' });
  }
}

export function taskNoticeLink(n: NotificationView): string | null {
  const d = n.data as { meetingId?: string; tasks?: number; office?: boolean };
  if (n.kind === 'task_reminder' || (n.kind === 'task_overdue' && !d.office)) return '/tasks';
  if (n.kind === 'conclusions_notice_issued') return d.tasks ? '/tasks' : d.meetingId ? `/api/meetings/${d.meetingId}/conclusions-notice.pdf` : null;
  if (n.kind === 'task_overdue' || n.kind === 'task_reported') return d.meetingId ? `/tasks/board?meetingId=${d.meetingId}` : null;
  return null;
}
