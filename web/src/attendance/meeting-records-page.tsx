/**
 * `/meetings/:id/records` — a meeting's records, for those who may see them (`canSeeRecords`: the operator, the
 * host unit's organisers and secretaries, the chair): the attendance list computed from the meeting log (R4.3),
 * downloadable as CSV and XLSX, and the recordings (R3.6) with their conversion status, a player for the ready
 * ones and the reason for a failure.
 */
import { MeetingOutcomeCard } from '../reports/meeting-outcome-card';
import { useEffect, useState } from 'react';
import type { AttendanceLineView, RecordingView } from '../../../shared/api';
import { meetingAccessApi } from '../meetings/api-meeting-access';
import { recordsApi } from './api-records';
import { ErrorMessage } from '../components/error-message';
import { MeetingFacts } from '../meetings/meeting-facts';
import { formatDateTime } from '../format';
import { t, type MessageKey } from '../i18n';
import { formatDuration } from './records-format';
import { Link } from '../router';
import { useLoad } from '../use-load';
import { SignablesOf } from '../signatures/SignPanel';
import { signaturesApi } from '../signatures/api-signatures';
import { toShownError, type ShownError } from '../components/error-message';
import { RoomPeople } from './room-people';

/** While a recording is being converted, the list is asked for again this often. */
const REFRESH_MS = 5_000;

export function MeetingRecordsPage({ id }: { id: string }) {
  const { data: meeting, error } = useLoad(() => meetingAccessApi.get(id), id);
  return (
    <main className="page">
      <p>
        <Link to="/">{t('records.back')}</Link>
      </p>
      <h1>{t('records.title')}</h1>
      <ErrorMessage error={error} />
      {!meeting && !error && <p className="muted">{t('common.loading')}</p>}
      {meeting && !meeting.canSeeRecords && <ErrorMessage error="forbidden" />}
      {meeting?.canSeeRecords && (
        <>
          <MeetingFacts meeting={meeting} testId="records-summary" />
          <Attendance meetingId={meeting.id} />
          <RoomPeople meetingId={meeting.id} />
          <AttendanceConfirmation meetingId={meeting.id} ended={meeting.status === 'ended'} />
          {meeting.canManage && meeting.status === 'ended' && <MeetingOutcomeCard meetingId={meeting.id} />}
          <Recordings meetingId={meeting.id} />
        </>
      )}
    </main>
  );
}


// ------------------------------------------------------------------ attendance confirmed and signed (R4.3, M9.3)

function AttendanceConfirmation({ meetingId, ended }: { meetingId: string; ended: boolean }) {
  const [generation, setGeneration] = useState(0);
  const [error, setError] = useState<ShownError | null>(null);
  const confirm = async () => {
    setError(null);
    try {
      await signaturesApi.confirmAttendance(meetingId);
      setGeneration((g) => g + 1);
    } catch (err) {
      setError(toShownError(err));
    }
  };
  return (
    <section className="card" data-testid="attendance-confirmation">
      <h2>{t('attendanceConfirm.title')}</h2>
      <p className="small muted">{t('attendanceConfirm.intro')}</p>
      {ended ? (
        <button type="button" onClick={() => void confirm()} data-testid="attendance-confirm">
          {t('attendanceConfirm.confirm')}
        </button>
      ) : (
        <p className="muted">{t('attendance_not_ended')}</p>
      )}
      <ErrorMessage error={error} />
      <SignablesOf kind="attendance" subjectId={meetingId} reloadKey={String(generation)} />
    </section>
  );
}

// ------------------------------------------------------------------------------------------ attendance (R4.3)

function Attendance({ meetingId }: { meetingId: string }) {
  const { data, error, reload } = useLoad(() => recordsApi.attendance(meetingId), meetingId);
  const lines = data?.lines;
  return (
    <section className="card" data-testid="attendance">
      <h2>{t('records.attendanceTitle')}</h2>
      <p className="small muted">{t('records.attendanceIntro')}</p>
      <div className="actions">
        <a className="button-link" href={recordsApi.attendanceFileUrl(meetingId, 'csv')} download data-testid="attendance-csv">
          {t('records.downloadCsv')}
        </a>
        <a className="button-link" href={recordsApi.attendanceFileUrl(meetingId, 'xlsx')} download data-testid="attendance-xlsx">
          {t('records.downloadXlsx')}
        </a>
        <button type="button" className="secondary small" onClick={reload} data-testid="attendance-reload">
          {t('records.refresh')}
        </button>
      </div>
      <ErrorMessage error={error} />
      {!data && !error && <p className="muted">{t('common.loading')}</p>}
      {lines && lines.length === 0 && (
        <p className="muted" data-testid="attendance-empty">
          {t('records.attendanceEmpty')}
        </p>
      )}
      {lines && lines.length > 0 && <AttendanceTable lines={lines} />}
    </section>
  );
}

function departure(line: AttendanceLineView): { key: MessageKey; className: string } | null {
  if (line.removed && !line.leftEarly) return { key: 'records.removed', className: 'warning-text' };
  if (!line.leftEarly) return null;
  if (line.connectionLost) return { key: 'records.connectionLost', className: 'warning-text' };
  return line.leftWithConsent ? { key: 'records.leftEarlyWithConsent', className: '' } : { key: 'records.leftEarlyWithoutConsent', className: 'error-text' };
}

function AttendanceTable({ lines }: { lines: AttendanceLineView[] }) {
  return (
    <table className="list" data-testid="attendance-list">
      <thead>
        <tr>
          <th>{t('records.colPerson')}</th>
          <th>{t('records.colEndpoint')}</th>
          <th>{t('records.colFirstJoin')}</th>
          <th>{t('records.colLastLeave')}</th>
          <th>{t('records.colPresent')}</th>
          <th>{t('records.colDeparture')}</th>
          <th>{t('records.colSpeaking')}</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((line) => {
          const left = departure(line);
          return (
            <tr
              key={line.userId}
              data-testid="attendance-item"
              data-user-id={line.userId}
              data-present-ms={line.presentMs}
              data-left-early={line.leftEarly}
              data-consent={line.leftWithConsent === null ? '' : String(line.leftWithConsent)}
              data-connection-lost={line.connectionLost}
              data-removed={line.removed}
            >
              <td data-label={t('records.colPerson')}>
                {line.title && <span className="muted">{line.title} </span>}
                <span className="strong">{line.name}</span>
                <div className="small muted">
                  {line.unit} · {t(`records.role.${line.role}`)}
                </div>
              </td>
              <td data-label={t('records.colEndpoint')} data-testid="attendance-endpoint">
                {line.endpoint ?? <span className="muted">{t('records.ownDevice')}</span>}
              </td>
              <td data-label={t('records.colFirstJoin')} className="nowrap">
                {formatDateTime(line.firstJoin)}
              </td>
              <td data-label={t('records.colLastLeave')} className="nowrap">
                {line.lastLeave ? formatDateTime(line.lastLeave) : <span className="muted">{t('records.stillPresent')}</span>}
              </td>
              <td data-label={t('records.colPresent')} className="nowrap" data-testid="attendance-present">
                {formatDuration(line.presentMs)}
                {line.entries > 1 && <div className="small muted">{t('records.entries', { count: line.entries })}</div>}
              </td>
              <td data-label={t('records.colDeparture')} data-testid="attendance-departure">
                {left && <span className={left.className}>{t(left.key)}</span>}
                {line.removed && line.leftEarly && <div className="small warning-text">{t('records.removed')}</div>}
              </td>
              <td data-label={t('records.colSpeaking')} className="nowrap">
                {line.speakingTurns > 0 ? t('records.speaking', { turns: line.speakingTurns, time: formatDuration(line.speakingMs) }) : ''}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

// ------------------------------------------------------------------------------------------ recordings (R3.6)

function Recordings({ meetingId }: { meetingId: string }) {
  const { data: recordings, error, reload } = useLoad(() => recordsApi.recordings(meetingId), meetingId);
  const [playing, setPlaying] = useState<string | null>(null);
  const busy = recordings?.some((r) => r.status === 'pending' || r.status === 'converting') ?? false;

  useEffect(() => {
    if (!busy) return;
    const timer = setTimeout(reload, REFRESH_MS);
    return () => clearTimeout(timer);
  }, [busy, recordings, reload]);

  return (
    <section className="card" data-testid="recordings">
      <h2>{t('records.recordingsTitle')}</h2>
      <p className="small muted">{t('records.recordingsIntro')}</p>
      <ErrorMessage error={error} />
      {!recordings && !error && <p className="muted">{t('common.loading')}</p>}
      {recordings && recordings.length === 0 && (
        <p className="muted" data-testid="recordings-empty">
          {t('records.recordingsEmpty')}
        </p>
      )}
      {recordings && recordings.length > 0 && (
        <ul className="recording-list">
          {recordings.map((r) => (
            <RecordingItem key={r.id} recording={r} playing={playing === r.id} onPlay={() => setPlaying(playing === r.id ? null : r.id)} />
          ))}
        </ul>
      )}
    </section>
  );
}

function RecordingItem({ recording: r, playing, onPlay }: { recording: RecordingView; playing: boolean; onPlay(): void }) {
  return (
    <li className="recording" data-testid="recording-item" data-recording-id={r.id} data-status={r.status}>
      <div className="recording-head">
        <span className="strong">{r.label}</span>
        <span className={`status recording-status-${r.status}`} data-testid="recording-status">
          {t(`records.status.${r.status}`)}
        </span>
        {r.durationMs !== null && <span className="muted">{formatDuration(r.durationMs)}</span>}
        <span className="small muted">{formatDateTime(r.createdAt)}</span>
      </div>
      {r.status === 'failed' && (
        <p className="error" role="alert" data-testid="recording-error">
          {t('records.failed', { attempts: r.attempts })} {r.error}
        </p>
      )}
      {r.status === 'pending' && r.error && (
        <p className="small warning-text" data-testid="recording-retrying">
          {t('records.retrying', { attempts: r.attempts })} {r.error}
        </p>
      )}
      {r.status === 'ready' && r.fileUrl && (
        <div className="actions">
          <button type="button" className="secondary small" onClick={onPlay} data-testid="recording-play">
            {playing ? t('records.hide') : t('records.play')}
          </button>
          <a className="button-link" href={r.fileUrl} download data-testid="recording-download">
            {t('records.download')}
          </a>
        </div>
      )}
      {playing && r.fileUrl && (
        // eslint-disable-next-line jsx-a11y/media-has-caption -- a meeting recording has no caption track
        <video className="recording-player" src={r.fileUrl} controls autoPlay preload="metadata" data-testid="recording-player" />
      )}
    </li>
  );
}
