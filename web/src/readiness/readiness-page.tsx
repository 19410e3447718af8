/**
 * `/meetings/:id/readiness` — the readiness board (R2.6, M8.2): for those who may manage the meeting, its organiser,
 * the chair and the chair's technician. One row per invited endpoint and the chair's side: technicians with their
 * contact, the latest technical check with its figures and the criteria it failed, and the status; refreshed every
 * 5 s. A meeting that cannot go ahead is postponed from here (D24.3): the meeting edit with new times and a reason,
 * after which everyone is told by the invitation notices.
 */
import { useEffect, useState } from 'react';
import type { ReadinessBoard, ReadinessRow, ReadinessStatus, ReadinessThresholds } from '../../../shared/api';
import { readinessApi } from './api-readiness';
import { ErrorMessage, toShownError, type ShownError } from '../components/error-message';
import { DateTimeField } from '../components/date-time-field';
import { dateTimeLocalToIso, formatDateTime, toDateTimeLocalValue } from '../format';
import { t, type MessageKey } from '../i18n';
import { criterionText } from './readiness-format';
import { Link } from '../router';
import { useLoad } from '../use-load';

const REFRESH_MS = 5_000;
const statusClass: Record<ReadinessStatus, string> = { passed: 'status status-open', failed: 'status error-text', not_checked: 'status muted' };

export function ReadinessPage({ id }: { id: string }) {
  const { data, error, reload } = useLoad(() => readinessApi.board(id), id);
  const [board, setBoard] = useState<ReadinessBoard | undefined>(undefined);
  useEffect(() => data && setBoard(data), [data]);
  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);

  return (
    <main className="page">
      <p>
        <Link to={`/meetings/${id}/manage`}>{t('readiness.back')}</Link>
      </p>
      <h1>{t('readiness.title')}</h1>
      {!board && <ErrorMessage error={error} />}
      {!board && !error && <p className="muted">{t('common.loading')}</p>}
      {board && <Board board={board} />}
      {board && postponable(board.meeting) && <Postpone meetingId={id} onDone={reload} />}
    </main>
  );
}

function Board({ board }: { board: ReadinessBoard }) {
  const { meeting, window, summary, thresholds } = board;
  return (
    <>
      <section className="card meeting-summary" data-testid="readiness-summary">
        <dl>
          <dt>{t('check.meeting')}</dt>
          <dd>{meeting.title}</dd>
          <dt>{t('readiness.time')}</dt>
          <dd>{formatDateTime(meeting.startsAt)}</dd>
          <dt>{t('check.checkAt')}</dt>
          <dd>{formatDateTime(meeting.checkAt)}</dd>
          <dt>{t('readiness.windowLabel')}</dt>
          <dd>
            {t('readiness.window', { from: formatDateTime(window.opensAt), to: formatDateTime(window.closesAt) })}
            {!window.open && <span className="badge">{t('readiness.windowClosed')}</span>}
          </dd>
        </dl>
        <p className="strong" data-testid="readiness-counts">
          {t('readiness.summary', { total: summary.total, passed: summary.passed, failed: summary.failed, notChecked: summary.notChecked })}
        </p>
        <p className="small muted">{t('readiness.thresholds', { min: thresholds.minBitrateKbps, loss: thresholds.maxLossPercent, rtt: thresholds.maxRttMs })}</p>
        <p className="small muted">{t('readiness.refreshing')}</p>
      </section>
      <table className="list" data-testid="readiness-board">
        <thead>
          <tr>
            <th>{t('readiness.colEndpoint')}</th>
            <th>{t('readiness.colTechnicians')}</th>
            <th>{t('readiness.colStatus')}</th>
            <th>{t('readiness.colFigures')}</th>
            <th>{t('readiness.colChecked')}</th>
          </tr>
        </thead>
        <tbody>
          {board.rows.map((row) => (
            <Row key={row.endpoint?.id ?? 'chair'} row={row} thresholds={thresholds} />
          ))}
        </tbody>
      </table>
    </>
  );
}

function Row({ row, thresholds }: { row: ReadinessRow; thresholds: ReadinessThresholds }) {
  const latest = row.latest;
  return (
    <tr data-testid="readiness-row" data-endpoint={row.endpoint?.id ?? 'chair'} data-status={row.status}>
      <td>
        {row.endpoint ? row.endpoint.name : t('check.chairSide')}
        {row.endpoint && <div className="small muted">{row.endpoint.unit}</div>}
      </td>
      <td>
        {row.technicians.length === 0 && <span className="muted">{t('readiness.noTechnician')}</span>}
        {row.technicians.map((tech) => (
          <div key={tech.id}>
            {tech.name}
            {tech.contact && <div className="small muted">{tech.contact}</div>}
          </div>
        ))}
      </td>
      <td>
        <span className={statusClass[row.status]} data-testid="readiness-status">
          {t(`readiness.status.${row.status}` as MessageKey)}
        </span>
        {latest && !latest.passed && latest.inWindow && (
          <div className="small error-text" data-testid="readiness-failing">
            {latest.failing.map((c) => criterionText(c, thresholds)).join('; ')}
          </div>
        )}
      </td>
      <td data-testid="readiness-figures">
        {latest && (
          <>
            <span data-testid="readiness-bitrate" data-value={latest.bitrateKbps}>
              {t('readiness.figures', { bitrate: latest.bitrateKbps, loss: latest.lossPercent, rtt: latest.rttMs })}
            </span>
            <div className="small muted">
              {t('check.camera')}: {latest.camera ? t('check.ok') : t('check.notOk')} · {t('check.microphone')}: {latest.microphone ? t('check.ok') : t('check.notOk')}
              {latest.jitterMs !== null && ` · jitter ${latest.jitterMs} ms`}
            </div>
            {latest.note && <div className="small">{latest.note}</div>}
          </>
        )}
      </td>
      <td>
        {latest && (
          <>
            {formatDateTime(latest.at)}
            <div className="small muted">{latest.by.name}</div>
            {!latest.inWindow && <div className="small warning-text">{t('readiness.outsideWindow')}</div>}
          </>
        )}
      </td>
    </tr>
  );
}

/**
 * Only a meeting still to be held may be postponed: not one open, ended or cancelled (the server refuses those too,
 * `meeting_not_editable`), nor one whose planned end has passed.
 */
function postponable(meeting: ReadinessBoard['meeting']): boolean {
  return meeting.status === 'scheduled' && Date.parse(meeting.endsAt) > Date.now();
}

/** Postpone (R2.6, M8.2, D24.3): the meeting edit with new times and the reason, named by the version read. */
function Postpone({ meetingId, onDone }: { meetingId: string; onDone(): void }) {
  const [open, setOpen] = useState(false);
  const [startsAt, setStartsAt] = useState('');
  const [endsAt, setEndsAt] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const begin = async () => {
    setError(null);
    setDone(null);
    try {
      const meeting = await readinessApi.meeting(meetingId);
      setStartsAt(toDateTimeLocalValue(new Date(meeting.startsAt)));
      setEndsAt(toDateTimeLocalValue(new Date(meeting.endsAt)));
      setOpen(true);
    } catch (err) {
      setError(toShownError(err));
    }
  };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const start = dateTimeLocalToIso(startsAt);
    const end = dateTimeLocalToIso(endsAt);
    if (!start || !end || reason.trim().length < 3) return setError('validation_failed');
    setBusy(true);
    setError(null);
    try {
      // the version and the system-check lead are read fresh: an edit names what it was made from
      const meeting = await readinessApi.meeting(meetingId);
      const lead = meeting.checkAt ? new Date(meeting.startsAt).getTime() - new Date(meeting.checkAt).getTime() : null;
      const result = await readinessApi.postpone(meetingId, {
        version: meeting.version,
        startsAt: start,
        endsAt: end,
        ...(lead !== null ? { checkAt: new Date(new Date(start).getTime() - lead).toISOString() } : {}),
        reason: reason.trim(),
      });
      setDone(formatDateTime(result.meeting.startsAt));
      setOpen(false);
      setReason('');
      onDone();
    } catch (err) {
      setError(toShownError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" data-testid="postpone">
      <h2>{t('readiness.postponeTitle')}</h2>
      <p className="small muted">{t('readiness.postponeIntro')}</p>
      <ErrorMessage error={error} />
      {done && (
        <p className="notice" role="status" data-testid="postpone-done">
          {t('readiness.postponeDone', { time: done })}
        </p>
      )}
      {!open && (
        <button type="button" className="secondary" onClick={() => void begin()} data-testid="postpone-open">
          {t('readiness.postponeOpen')}
        </button>
      )}
      {open && (
        <form onSubmit={(e) => void submit(e)}>
          <div className="row">
            <DateTimeField label={t('readiness.postponeStart')} value={startsAt} onChange={setStartsAt} testId="postpone-start" />
            <DateTimeField label={t('readiness.postponeEnd')} value={endsAt} onChange={setEndsAt} testId="postpone-end" />
          </div>
          <label>
            {t('readiness.postponeReason')}
            <textarea value={reason} minLength={3} maxLength={500} onChange={(e) => setReason(e.target.value)} required data-testid="postpone-reason" />
          </label>
          <div className="actions">
            <button type="submit" className="primary" disabled={busy} data-testid="postpone-submit">
              {t('readiness.postponeSubmit')}
            </button>
            <button type="button" className="secondary" onClick={() => setOpen(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
