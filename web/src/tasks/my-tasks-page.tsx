/**
 * `/tasks` — "Nhiệm vụ của tôi" (R4.2, D12.5): the tasks of issued conclusions notices assigned to me or to the unit
 * I am an organiser of, soonest deadline first; for each, the conclusion it comes from, its reports, and a form to
 * report progress with a document or to report it done.
 */
import { useState, type FormEvent } from 'react';
import type { TaskDetailView } from '../../../shared/api';
import { ErrorMessage, toShownError, type ShownError } from '../components/error-message';
import { formatDateTime } from '../format';
import { t } from '../i18n';
import { useLoad } from '../use-load';
import { Link } from '../router';
import { tasksApi } from './api-tasks';
import { assigneeLabel, formatDeadline, taskStateLabel } from './task-format';

export function MyTasksPage() {
  const { data, error, reload } = useLoad(() => tasksApi.mine(), 'my-tasks');
  return (
    <main className="page">
      <h1>{t('tasks.mine')}</h1>
      <p className="muted">{t('tasks.mineIntro')}</p>
      <p>
        <Link to="/substitute-reports" data-testid="substitute-reports-link">
          {t('nav.substituteReports')}
        </Link>
      </p>
      <ErrorMessage error={error} />
      {!data && !error && <p className="muted">{t('common.loading')}</p>}
      {data?.length === 0 && <p className="muted">{t('tasks.none')}</p>}
      {data?.map((task) => <TaskCard key={task.id} task={task} onReported={reload} />)}
    </main>
  );
}

export function TaskStateBadge({ state }: { state: TaskDetailView['state'] }) {
  return (
    <span className={`badge ${state === 'in_progress' ? '' : state}`} data-testid="task-state" data-state={state}>
      {taskStateLabel(state)}
    </span>
  );
}

function TaskCard({ task, onReported }: { task: TaskDetailView; onReported(): void }) {
  return (
    <section className="card" data-testid="task" data-task-id={task.id}>
      <h3>
        {task.description} <TaskStateBadge state={task.state} />
      </h3>
      <p className="small">
        {t('tasks.deadline', { deadline: formatDeadline(task.deadline) })} — {t('tasks.assignee', { assignee: assigneeLabel(task.assignee) })}
      </p>
      <p className="small muted">{t('tasks.fromMeeting', { title: task.meeting.title, at: formatDateTime(task.meeting.startsAt), conclusion: task.conclusion })}</p>
      <TaskReports task={task} />
      {task.canReport && task.state !== 'done' && <ReportForm task={task} onReported={onReported} />}
    </section>
  );
}

export function TaskReports({ task }: { task: TaskDetailView }) {
  if (!task.reports.length) return <p className="small muted">{t('tasks.noReports')}</p>;
  return (
    <ul className="task-reports" data-testid="task-reports">
      {task.reports.map((r) => (
        <li key={r.id} data-testid="task-report">
          <span className="small muted">
            {formatDateTime(r.reportedAt)} — {r.reportedBy?.name}
            {r.done && <span className="badge done">{t('tasks.reportedDone')}</span>}
          </span>
          <div className="pre-wrap">{r.text}</div>
          {r.files.map((f) => (
            <div key={f.id}>
              <a href={tasksApi.filePath(task.id, r.id, f.id)} target="_blank" rel="noreferrer" data-testid="task-report-file">
                {f.name}
              </a>
            </div>
          ))}
        </li>
      ))}
    </ul>
  );
}

function ReportForm({ task, onReported }: { task: TaskDetailView; onReported(): void }) {
  const [text, setText] = useState('');
  const [done, setDone] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const report = await tasksApi.report(task.id, { text, done });
      if (file) await tasksApi.attach(task.id, report.id, file);
      setText('');
      setFile(null);
      onReported();
    } catch (caught) {
      setError(toShownError(caught));
      onReported();
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} data-testid="task-report-form">
      <label>
        {t('tasks.reportText')}
        <textarea rows={3} value={text} onChange={(e) => setText(e.target.value)} required maxLength={5000} data-testid="task-report-text" />
      </label>
      <label>
        {t('tasks.reportFile')}
        <input type="file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} data-testid="task-report-file-input" />
      </label>
      <label className="check">
        <input type="checkbox" checked={done} onChange={(e) => setDone(e.target.checked)} data-testid="task-report-done" />
        <span>{t('tasks.reportDone')}</span>
      </label>
      <div className="actions">
        <button type="submit" disabled={busy || !text.trim()} data-testid="task-report-send">
          {t('tasks.reportSend')}
        </button>
      </div>
      <ErrorMessage error={error} />
    </form>
  );
}
