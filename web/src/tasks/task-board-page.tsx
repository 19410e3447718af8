/**
 * `/tasks/board[?meetingId=]` — the follow-up board of the chair's office (R4.2, D12.5: "kiểm tra, đôn đốc, nắm tình
 * hình và kết quả thực hiện ý kiến kết luận"): tasks counted per unit and per meeting (done, in progress, overdue),
 * the list of tasks, and the same as an XLSX workbook.
 */
import type { TaskCounts } from '../../../shared/api';
import { ErrorMessage } from '../components/error-message';
import { formatDateTime } from '../format';
import { t } from '../i18n';
import { Link, useLocation } from '../router';
import { useLoad } from '../use-load';
import { tasksApi } from './api-tasks';
import { TaskStateBadge } from './my-tasks-page';
import { formatDeadline } from './task-format';

function Counts({ c }: { c: TaskCounts }) {
  return (
    <>
      <td data-label={t('board.total')}>{c.total}</td>
      <td data-label={t('board.done')} data-testid="board-done">
        {c.done}
      </td>
      <td data-label={t('board.inProgress')} data-testid="board-in-progress">
        {c.inProgress}
      </td>
      <td data-label={t('board.overdue')} data-testid="board-overdue">
        {c.overdue}
      </td>
    </>
  );
}

const countHeaders = () => (
  <>
    <th>{t('board.total')}</th>
    <th>{t('board.done')}</th>
    <th>{t('board.inProgress')}</th>
    <th>{t('board.overdue')}</th>
  </>
);

export function TaskBoardPage() {
  const meetingId = useLocation().searchParams.get('meetingId') ?? undefined;
  const { data, error } = useLoad(() => tasksApi.board(meetingId), meetingId ?? 'all');
  return (
    <main className="page">
      <h1>{t('board.title')}</h1>
      <p className="muted">{t('board.intro')}</p>
      {meetingId && (
        <p>
          <Link to="/tasks/board">{t('board.allMeetings')}</Link>
        </p>
      )}
      <ErrorMessage error={error} />
      {!data && !error && <p className="muted">{t('common.loading')}</p>}
      {data && (
        <>
          <p>
            <a href={tasksApi.boardXlsxPath(meetingId)} data-testid="board-xlsx">
              {t('board.xlsx')}
            </a>
          </p>
          <h2>{t('board.byUnit')}</h2>
          <table className="list" data-testid="board-by-unit">
            <thead>
              <tr>
                <th>{t('board.unit')}</th>
                {countHeaders()}
              </tr>
            </thead>
            <tbody>
              {data.byUnit.map((u) => (
                <tr key={u.unit.id} data-testid="board-unit" data-unit-name={u.unit.name}>
                  <td>{u.unit.name}</td>
                  <Counts c={u} />
                </tr>
              ))}
              <tr className="strong" data-testid="board-totals">
                <td>{t('board.totals')}</td>
                <Counts c={data.totals} />
              </tr>
            </tbody>
          </table>
          <h2>{t('board.byMeeting')}</h2>
          <table className="list" data-testid="board-by-meeting">
            <thead>
              <tr>
                <th>{t('board.meeting')}</th>
                {countHeaders()}
              </tr>
            </thead>
            <tbody>
              {data.byMeeting.map((m) => (
                <tr key={m.meeting.id}>
                  <td>
                    <Link to={`/tasks/board?meetingId=${m.meeting.id}`}>{m.meeting.title}</Link>
                    <div className="small muted">{formatDateTime(m.meeting.startsAt)}</div>
                  </td>
                  <Counts c={m} />
                </tr>
              ))}
            </tbody>
          </table>
          <h2>{t('board.tasks')}</h2>
          <table className="list" data-testid="board-tasks">
            <thead>
              <tr>
                <th>{t('board.task')}</th>
                <th>{t('board.assignee')}</th>
                <th>{t('board.deadline')}</th>
                <th>{t('board.state')}</th>
              </tr>
            </thead>
            <tbody>
              {data.tasks.map((task) => (
                <tr key={task.id} data-testid="board-task" data-task-id={task.id}>
                  <td>
                    {task.description}
                    <div className="small muted">{task.meetingTitle}</div>
                  </td>
                  <td>
                    {task.assigneeName}
                    <div className="small muted">{task.unitName}</div>
                  </td>
                  <td>{formatDeadline(task.deadline)}</td>
                  <td>
                    <TaskStateBadge state={task.state} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </main>
  );
}
