/**
 * `/meetings/:id/conclusions` — the chair's office after the meeting (R4.1, R4.2; D10.4–5, D12.4–5): the conclusions
 * (recorded at the end of the meeting, or added and corrected here), the tasks each assigns to a person or a unit with
 * a deadline, the conclusions notice drafted (number, opening, signature for the chair, recipients), previewed as the
 * PDF and issued once to those concerned. After the issue everything here is read only; the board follows up.
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { ConclusionsResponse, ConclusionView, PersonRef, UnitView } from '../../../shared/api';
import { api } from '../api';
import { ErrorMessage, toShownError, type ShownError } from '../components/error-message';
import { sortPeople } from '../../../shared/people-order';
import { formatDateTime } from '../format';
import { t } from '../i18n';
import { organisationApi } from '../organisation/api-organisation';
import { Link } from '../router';
import { TaskStateBadge } from '../tasks/my-tasks-page';
import { tasksApi } from '../tasks/api-tasks';
import { assigneeLabel, formatDeadline } from '../tasks/task-format';
import { useLoad } from '../use-load';
import { conclusionsApi } from './api-conclusions';

/** Runs a change, shows its refusal, reloads the page's data after it. */
function useAction(reload: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const run = async (action: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      await action();
      reload();
      return true;
    } catch (caught) {
      setError(toShownError(caught));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}

export function ConclusionsPage({ id }: { id: string }) {
  const { data, error, reload } = useLoad(() => conclusionsApi.get(id), id);
  const { data: people } = useLoad(() => api.directory().then(sortPeople), 'directory');
  const { data: units } = useLoad(() => organisationApi.units(), 'units');
  if (error) return <main className="page"><ErrorMessage error={error} /></main>;
  if (!data) return <main className="page"><p className="muted">{t('common.loading')}</p></main>;
  const ended = data.meeting.status === 'ended';
  const issued = Boolean(data.notice?.issuedAt);
  const editable = ended && !issued;
  return (
    <main className="page">
      <p>
        <Link to={`/meetings/${id}/manage`}>{t('manage.back')}</Link>
      </p>
      <h1>{t('conclusions.title')}</h1>
      <p className="strong">{data.meeting.title}</p>
      <p className="small muted">
        {formatDateTime(data.meeting.startsAt)}
        {data.meeting.chair && <> — {t('conclusions.chair', { chair: [data.meeting.chair.title, data.meeting.chair.name].filter(Boolean).join(' ') })}</>}
      </p>
      {!ended && <p className="notice">{t('conclusions.afterMeeting')}</p>}
      {issued && (
        <p className="notice" data-testid="notice-issued">
          {t('conclusions.issued', { at: formatDateTime(data.notice!.issuedAt!), by: data.notice!.issuedBy?.name ?? '' })}{' '}
          <Link to={`/tasks/board?meetingId=${id}`}>{t('conclusions.board')}</Link>
        </p>
      )}
      <h2>{t('conclusions.list')}</h2>
      {data.conclusions.length === 0 && <p className="muted">{t('conclusions.none')}</p>}
      <ol className="conclusions">
        {data.conclusions.map((c) => (
          <Conclusion key={c.id} meetingId={id} conclusion={c} editable={editable} people={people ?? []} units={units ?? []} reload={reload} />
        ))}
      </ol>
      {editable && <AddConclusion meetingId={id} reload={reload} />}
      {ended && <NoticeForm data={data} meetingId={id} editable={editable} reload={reload} />}
    </main>
  );
}

function Conclusion(props: { meetingId: string; conclusion: ConclusionView; editable: boolean; people: PersonRef[]; units: UnitView[]; reload(): void }) {
  const { meetingId, conclusion: c, editable } = props;
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(c.text);
  const { busy, error, run } = useAction(props.reload);
  return (
    <li data-testid="conclusion" data-conclusion-id={c.id}>
      {editing ? (
        <form onSubmit={(e) => (e.preventDefault(), void run(() => conclusionsApi.edit(meetingId, c.id, text)).then((ok) => ok && setEditing(false)))}>
          <textarea rows={3} value={text} onChange={(e) => setText(e.target.value)} required maxLength={5000} />
          <div className="actions">
            <button type="button" className="secondary" onClick={() => setEditing(false)}>
              {t('common.cancel')}
            </button>
            <button type="submit" disabled={busy}>
              {t('conclusions.save')}
            </button>
          </div>
        </form>
      ) : (
        <p className="pre-wrap" data-testid="conclusion-text">
          {c.text}
        </p>
      )}
      {editable && !editing && (
        <div className="actions" style={{ justifyContent: 'flex-start' }}>
          <button type="button" className="secondary" onClick={() => setEditing(true)}>
            {t('conclusions.edit')}
          </button>
          <button type="button" className="danger" disabled={busy} onClick={() => window.confirm(t('conclusions.removeConfirm')) && void run(() => conclusionsApi.remove(meetingId, c.id))}>
            {t('conclusions.remove')}
          </button>
        </div>
      )}
      <ul className="tasks">
        {c.tasks.map((task) => (
          <li key={task.id} data-testid="conclusion-task" data-task-id={task.id}>
            <span className="strong">{assigneeLabel(task.assignee)}</span>: {task.description} — {t('tasks.deadline', { deadline: formatDeadline(task.deadline) })} <TaskStateBadge state={task.state} />
            {editable && (
              <button type="button" className="link-button small" disabled={busy} onClick={() => void run(() => tasksApi.remove(task.id))}>
                {t('conclusions.removeTask')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {editable && <AddTask meetingId={meetingId} conclusionId={c.id} people={props.people} units={props.units} reload={props.reload} />}
      <ErrorMessage error={error} />
    </li>
  );
}

function AddConclusion({ meetingId, reload }: { meetingId: string; reload(): void }) {
  const [text, setText] = useState('');
  const { busy, error, run } = useAction(reload);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(() => conclusionsApi.add(meetingId, text)).then((ok) => ok && setText(''));
  };
  return (
    <form className="card" onSubmit={submit} data-testid="conclusion-add">
      <label>
        {t('conclusions.add')}
        <textarea rows={3} value={text} onChange={(e) => setText(e.target.value)} required maxLength={5000} data-testid="conclusion-add-text" />
      </label>
      <div className="actions">
        <button type="submit" disabled={busy || !text.trim()} data-testid="conclusion-add-submit">
          {t('conclusions.addSubmit')}
        </button>
      </div>
      <ErrorMessage error={error} />
    </form>
  );
}

function AddTask(props: { meetingId: string; conclusionId: string; people: PersonRef[]; units: UnitView[]; reload(): void }) {
  const [open, setOpen] = useState(false);
  const [description, setDescription] = useState('');
  const [kind, setKind] = useState<'person' | 'unit'>('person');
  const [assignee, setAssignee] = useState('');
  const [deadline, setDeadline] = useState('');
  const { busy, error, run } = useAction(props.reload);
  if (!open)
    return (
      <button type="button" className="secondary" onClick={() => setOpen(true)} data-testid="task-add-open">
        {t('conclusions.addTask')}
      </button>
    );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body = { description, deadline, ...(kind === 'person' ? { assigneeUserId: assignee } : { assigneeUnitId: assignee }) };
    void run(() => tasksApi.create(props.meetingId, props.conclusionId, body)).then((ok) => {
      if (!ok) return;
      setDescription('');
      setAssignee('');
      setDeadline('');
      setOpen(false);
    });
  };
  return (
    <form className="card" onSubmit={submit} data-testid="task-add">
      <label>
        {t('conclusions.taskDescription')}
        <textarea rows={2} value={description} onChange={(e) => setDescription(e.target.value)} required maxLength={2000} data-testid="task-add-description" />
      </label>
      <fieldset>
        <legend>{t('conclusions.taskAssignee')}</legend>
        <label className="check">
          <input type="radio" checked={kind === 'person'} onChange={() => (setKind('person'), setAssignee(''))} data-testid="task-add-kind-person" />
          <span>{t('conclusions.assignPerson')}</span>
        </label>
        <label className="check">
          <input type="radio" checked={kind === 'unit'} onChange={() => (setKind('unit'), setAssignee(''))} data-testid="task-add-kind-unit" />
          <span>{t('conclusions.assignUnit')}</span>
        </label>
        <select value={assignee} onChange={(e) => setAssignee(e.target.value)} required data-testid="task-add-assignee">
          <option value="">{t('conclusions.choose')}</option>
          {kind === 'person'
            ? props.people.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name} — {[p.title, p.unit].filter(Boolean).join(', ')}
                </option>
              ))
            : [...props.units].sort((a, b) => a.name.localeCompare(b.name, 'vi')).map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
        </select>
      </fieldset>
      <label>
        {t('conclusions.taskDeadline')}
        <input type="date" value={deadline} onChange={(e) => setDeadline(e.target.value)} required data-testid="task-add-deadline" />
      </label>
      <p className="small muted">{t('conclusions.deadlineHint')}</p>
      <div className="actions">
        <button type="button" className="secondary" onClick={() => setOpen(false)}>
          {t('common.cancel')}
        </button>
        <button type="submit" disabled={busy} data-testid="task-add-submit">
          {t('conclusions.addTaskSubmit')}
        </button>
      </div>
      <ErrorMessage error={error} />
    </form>
  );
}

function NoticeForm({ data, meetingId, editable, reload }: { data: ConclusionsResponse; meetingId: string; editable: boolean; reload(): void }) {
  const start = data.notice ?? data.proposed;
  const [number, setNumber] = useState(start.number);
  const [opening, setOpening] = useState(start.opening);
  const [authority, setAuthority] = useState(start.signerAuthority);
  const [title, setTitle] = useState(start.signerTitle);
  const [name, setName] = useState(start.signerName);
  const [recipients, setRecipients] = useState(start.recipients.join('\n'));
  const [issuedResult, setIssuedResult] = useState<{ mails: number; notified: number; signed: boolean } | null>(null);
  const [signatureCode, setSignatureCode] = useState('');
  const { busy, error, run } = useAction(reload);
  useEffect(() => {
    if (data.notice) setRecipients(data.notice.recipients.join('\n'));
  }, [data.notice]);
  const save = (e: FormEvent) => {
    e.preventDefault();
    void run(() =>
      conclusionsApi.saveNotice(meetingId, {
        number,
        opening,
        signerAuthority: authority,
        signerTitle: title,
        signerName: name,
        recipients: recipients.split('\n').map((l) => l.trim()).filter(Boolean),
        ...(data.notice ? { version: data.notice.version } : {}),
      }),
    );
  };
  const issue = () => {
    if (!window.confirm(t('conclusions.issueConfirm'))) return;
    void run(async () => setIssuedResult(await conclusionsApi.issue(meetingId, signatureCode.trim() || undefined)));
  };
  return (
    <form className="card" onSubmit={save} data-testid="notice-form">
      <h2>{t('conclusions.notice')}</h2>
      <p className="small muted">{t('conclusions.noticeIntro')}</p>
      <fieldset disabled={!editable || busy}>
        <label>
          {t('conclusions.number')}
          <input value={number} onChange={(e) => setNumber(e.target.value)} maxLength={60} placeholder="25/TB-VP" data-testid="notice-number" />
        </label>
        <label>
          {t('conclusions.opening')}
          <textarea rows={4} value={opening} onChange={(e) => setOpening(e.target.value)} required maxLength={5000} data-testid="notice-opening" />
        </label>
        <label>
          {t('conclusions.authority')}
          <input value={authority} onChange={(e) => setAuthority(e.target.value)} maxLength={120} data-testid="notice-authority" />
        </label>
        <label>
          {t('conclusions.signerTitle')}
          <input value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={200} data-testid="notice-signer-title" />
        </label>
        <label>
          {t('conclusions.signerName')}
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} data-testid="notice-signer-name" />
        </label>
        <label>
          {t('conclusions.recipients')}
          <textarea rows={5} value={recipients} onChange={(e) => setRecipients(e.target.value)} data-testid="notice-recipients" />
        </label>
      </fieldset>
      <div className="actions">
        {data.notice && (
          <a href={conclusionsApi.pdfPath(meetingId)} target="_blank" rel="noreferrer" data-testid="notice-pdf">
            {issued(data) ? t('conclusions.pdf') : t('conclusions.preview')}
          </a>
        )}
        {editable && (
          <button type="submit" className="secondary" disabled={busy} data-testid="notice-save">
            {t('conclusions.saveDraft')}
          </button>
        )}
        {editable && data.notice && (
          <label>
            {t('conclusions.signatureCode')}
            <input inputMode="numeric" autoComplete="one-time-code" pattern="\d{6}" maxLength={6} value={signatureCode} onChange={(e) => setSignatureCode(e.target.value)} data-testid="notice-signature-code" />
          </label>
        )}
        {editable && data.notice && (
          <button type="button" disabled={busy || data.conclusions.length === 0} onClick={issue} data-testid="notice-issue">
            {t('conclusions.issue')}
          </button>
        )}
      </div>
      {data.notice && !issued(data) && <p className="small muted">{t('conclusions.savedAt', { at: formatDateTime(data.notice.updatedAt) })}</p>}
      {issuedResult && (
        <p className="notice" role="status" data-testid="notice-issued-result">
          {t('conclusions.issuedResult', { mails: issuedResult.mails, notified: issuedResult.notified })}
          {issuedResult.signed && ` ${t('conclusions.issuedSigned')}`}
        </p>
      )}
      <ErrorMessage error={error} />
    </form>
  );
}

const issued = (data: ConclusionsResponse) => Boolean(data.notice?.issuedAt);
