/**
 * `/:slug` — entering a meeting: its details (or the refusal), the meeting password, the device check, then the
 * room. The meeting password stays in this component's memory only (it is sent again on every `join`).
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { ErrorId } from '../../../shared/errors';
import type { MeetingView } from '../../../shared/api';
import { api } from '../api';
import { takeEarlyMeeting } from '../early';
import { ErrorMessage, toShownError, type ShownError } from '../components/error-message';
import { DocumentsPanel } from '../documents/documents-panel';
import { ApprovalBadge, MeetingAgenda, meetingTypeLabel } from './meeting-facts';
import { formatDateTime, formatTimeRange } from '../format';
import { t } from '../i18n';
import { DeviceCheck } from '../live/device-check';
import { InvitationReply } from '../replies/invitation-reply';
import { defaultDeviceChoice, type DeviceChoice } from '../live/local-media';
import { MeetingRoom } from '../live/meeting-room';
import { rememberedEntry } from '../live/re-entry';
import { Link } from '../router';
import { useLoad } from '../use-load';
import { useSession } from '../session';
import { useNow, useReached } from '../use-now';
import { meetingPhase, timeLeft } from './meeting-timing';

type Step =
  | { name: 'password' }
  /** `lobby`: the server said this person waits in the lobby after joining (R3.1). */
  | { name: 'devices'; password: string; lobby: boolean }
  /** `reentry`: the tab was in this meeting before a reload; the server's entry grant stands in for the password. */
  | { name: 'room'; password: string; devices: DeviceChoice; attempt: number; reentry?: boolean };

function firstStep(slug: string): Step {
  const devices = rememberedEntry(slug);
  return devices ? { name: 'room', password: '', devices, attempt: 0, reentry: true } : { name: 'password' };
}

export function MeetingPage({ slug }: { slug: string }) {
  const { data: meeting, error, reload } = useLoad(() => takeEarlyMeeting(slug) ?? api.meetingBySlug(slug), slug);
  const [step, setStep] = useState<Step>(() => firstStep(slug));
  // re-rendered when the room opens, not every second (the room below must not re-render with a clock)
  const opened = useReached(meeting?.opensAt);
  const waiting = meeting !== undefined && !opened && meetingPhase(meeting, Date.now()) === 'waiting';
  // While waiting, look again now and then: the office may open the room early, or move the meeting.
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(reload, 30_000);
    return () => clearInterval(timer);
  }, [waiting, reload]);
  const reentry = step.name === 'room' && step.reentry === true;
  // A re-entry the server no longer recognises (grant gone): ask for the password as on first entry.
  const onRefused = useCallback(
    (errorId: ErrorId) => {
      if (!reentry || errorId !== 'meeting_password_wrong') return false;
      setStep({ name: 'password' });
      return true;
    },
    [reentry],
  );

  if (step.name === 'room') {
    return (
      <MeetingRoom
        key={step.attempt}
        slug={slug}
        password={step.password}
        devices={step.devices}
        speakingSeconds={meeting?.speakingSeconds}
        onRejoin={() => setStep({ ...step, attempt: step.attempt + 1 })}
        onRefused={onRefused}
      />
    );
  }

  return (
    <main className="page narrow">
      {error && (
        <div className="card">
          <ErrorMessage error={error} />
          <Link to="/">{t('common.home')}</Link>
        </div>
      )}
      {!meeting && !error && <p className="muted">{t('common.loading')}</p>}
      {meeting && <MeetingSummary meeting={meeting} />}
      {meeting && waiting && step.name === 'password' && <WaitingRoom meeting={meeting} />}
      {/* a visitor (not part of the meeting, may knock) has no invitation to answer and no documents to read */}
      {meeting && !meeting.visitor && step.name === 'password' && <InvitationReply meeting={meeting} />}
      {meeting && !meeting.visitor && step.name === 'password' && <DocumentsPanel meeting={meeting} />}
      {meeting?.status === 'ended' && (
        <div className="card">
          <ErrorMessage error="meeting_ended" />
        </div>
      )}
      {meeting && <MeetingStateNotice meeting={meeting} />}
      {meeting && !waiting && meeting.status !== 'ended' && meeting.status !== 'cancelled' && meeting.approval.status === 'approved' && step.name === 'password' && (
        <PasswordForm slug={slug} onAccepted={(password, lobby) => setStep({ name: 'devices', password, lobby })} />
      )}
      {meeting && step.name === 'devices' && step.lobby && (
        <p className="notice" data-testid="lobby-notice">
          {t('meeting.lobbyNotice')}
        </p>
      )}
      {meeting && step.name === 'devices' && (
        <DeviceCheck
          initial={defaultDeviceChoice}
          onJoin={(devices) => setStep({ name: 'room', password: step.password, devices, attempt: 0 })}
        />
      )}
    </main>
  );
}

function MeetingSummary({ meeting }: { meeting: MeetingView }) {
  const { user } = useSession();
  return (
    <section className="card meeting-summary" data-testid="meeting-summary">
      <h1>{meeting.title}</h1>
      <dl>
        <dt>{t('meeting.time')}</dt>
        <dd>{formatTimeRange(meeting.startsAt, meeting.endsAt)}</dd>
        <dt>{t('meeting.chair')}</dt>
        <dd>
          {meeting.chair.name} <span className="muted">— {meeting.chair.unit}</span>
        </dd>
        <dt>{t('meeting.status')}</dt>
        <dd>
          <span className={`status status-${meeting.status}`}>{t(`status.${meeting.status}`)}</span>
          {meeting.approval.status !== 'approved' && (
            <>
              {' '}
              <ApprovalBadge meeting={meeting} />
            </>
          )}
        </dd>
        <dt>{t('meetingDetails.type')}</dt>
        <dd data-testid="meeting-type-label">{meetingTypeLabel(meeting)}</dd>
        {meeting.checkAt && (
          <>
            <dt>{t('meetingDetails.checkAt')}</dt>
            <dd>{formatDateTime(meeting.checkAt)}</dd>
          </>
        )}
        {meeting.backdropText && (
          <>
            <dt>{t('meetingDetails.backdrop')}</dt>
            <dd>{meeting.backdropText}</dd>
          </>
        )}
      </dl>
      <MeetingAgenda meeting={meeting} />
      {meeting.canManage && (
        <p className="small">
          <Link to={`/meetings/${meeting.id}/manage`} data-testid="meeting-manage-link">
            {t('manage.title')}
          </Link>
        </p>
      )}
      {(user?.role === 'technician' || user?.role === 'operator') && (
        <p className="small">
          <Link to={`/meetings/${meeting.id}/checklist`} data-testid="meeting-checklist-link">
            {t('checklist.link')}
          </Link>
        </p>
      )}
    </section>
  );
}

/** Why the meeting cannot be entered: cancelled, or not (yet) approved by the office (D21.1). */
function MeetingStateNotice({ meeting }: { meeting: MeetingView }) {
  if (meeting.status === 'cancelled')
    return (
      <div className="card error" role="alert" data-testid="meeting-cancelled-notice">
        {t('cancel.cancelled', { at: meeting.cancelledAt ? formatDateTime(meeting.cancelledAt) : '', reason: meeting.cancelReason })}
      </div>
    );
  if (meeting.status === 'ended') return null;
  if (meeting.approval.status === 'pending')
    return (
      <p className="card notice" data-testid="meeting-pending-notice">
        {t('approval.pendingNotice')}
      </p>
    );
  if (meeting.approval.status === 'rejected')
    return (
      <div className="card error" role="alert" data-testid="meeting-rejected-notice">
        {t('approval.rejectedNotice', { reason: meeting.approval.reason })}
      </div>
    );
  return null;
}

/**
 * Before the room opens (the system-check time, D19.3 — the server refuses entry before it): when it opens and
 * when the meeting starts, with a countdown; the password form takes its place when the room opens.
 */
function WaitingRoom({ meeting }: { meeting: MeetingView }) {
  const now = useNow(1000);
  return (
    <section className="card waiting-room" aria-labelledby="waiting-title" data-testid="meeting-waiting">
      <h2 id="waiting-title">{t('waiting.title')}</h2>
      <p className="countdown-big" data-testid="waiting-countdown" role="timer" aria-live="off">
        {timeLeft(Date.parse(meeting.opensAt) - now)}
      </p>
      <dl>
        <dt>{t('waiting.opensAt')}</dt>
        <dd data-testid="waiting-opens-at">{formatDateTime(meeting.opensAt)}</dd>
        <dt>{t('waiting.startsAt')}</dt>
        <dd data-testid="waiting-starts-at">{formatDateTime(meeting.startsAt)}</dd>
      </dl>
      <p className="small muted">{t('waiting.explain')}</p>
    </section>
  );
}

function PasswordForm({ slug, onAccepted }: { slug: string; onAccepted(password: string, lobby: boolean): void }) {
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { admission } = await api.meetingAccess(slug, password);
      onAccepted(password, admission === 'lobby');
    } catch (caught) {
      setError(toShownError(caught));
      setBusy(false);
    }
  };

  return (
    <form className="card" onSubmit={(e) => void submit(e)}>
      <h2>{t('meeting.passwordTitle')}</h2>
      <label>
        {t('meeting.password')}
        <input
          type="password"
          autoComplete="off"
          required
          maxLength={128}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          data-testid="meeting-password"
        />
      </label>
      <ErrorMessage error={error} />
      <button type="submit" disabled={busy} data-testid="meeting-password-submit">
        {t('meeting.passwordSubmit')}
      </button>
    </form>
  );
}
