/**
 * `/` — "where is my meeting?": today's meetings first, then the next ones, each as a card with its state, a
 * countdown and one clear button (answer the invitation, check the equipment, enter — enabled when the room opens
 * at the system-check time, D19.3); then the meetings that are over. The operator of an empty system sees the
 * first steps (onboarding/) above it.
 */
import { useMemo } from 'react';
import type { MeetingView, MyTechnicalCheck } from '../../../shared/api';
import { api } from '../api';
import { ErrorMessage } from '../components/error-message';
import { ApprovalBadge } from './meeting-facts';
import { formatTimeRange } from '../format';
import { t } from '../i18n';
import { SetupChecklist } from '../onboarding/setup-checklist';
import { MyChecks } from '../readiness/my-checks';
import { readinessApi } from '../readiness/api-readiness';
import { repliesApi } from '../replies/api-replies';
import { Link } from '../router';
import { useSession } from '../session';
import { useLoad } from '../use-load';
import { useNow } from '../use-now';
import { isToday, mayEnter, meetingPhase, timeLeft, timeOrDateTime, type MeetingPhase } from './meeting-timing';

/** The next meetings after today shown as cards; the rest are in the schedule. */
const UPCOMING_CARDS = 8;

const byStart = (a: MeetingView, b: MeetingView) => Date.parse(a.startsAt) - Date.parse(b.startsAt);

export function HomePage() {
  const { user } = useSession();
  const { data: meetings, error } = useLoad(api.listMeetings, 'meetings');
  const now = useNow(1000);

  const groups = useMemo(() => {
    if (!meetings) return null;
    const start = Date.now();
    const current = (m: MeetingView) => m.status !== 'ended' && m.status !== 'cancelled';
    const today = meetings.filter((m) => isToday(m, start)).sort(byStart);
    const upcoming = meetings.filter((m) => !isToday(m, start) && current(m) && Date.parse(m.startsAt) > start).sort(byStart);
    const shown = new Set([...today, ...upcoming.slice(0, UPCOMING_CARDS)].map((m) => m.id));
    const rest = meetings.filter((m) => !shown.has(m.id)).sort((a, b) => byStart(b, a));
    return { today, upcoming: upcoming.slice(0, UPCOMING_CARDS), more: upcoming.length - UPCOMING_CARDS, rest };
  }, [meetings]);

  // What each card's button needs beyond the meeting: the invitations still to answer, the checks still to run.
  // (not asked where the viewer manages the meeting or chairs it: their list is every invitee's, and not theirs to answer)
  const answerable = useMemo(
    () => (groups ? [...groups.today, ...groups.upcoming].filter((m) => m.status === 'scheduled' && m.approval.status === 'approved' && !m.visitor && !m.canManage && m.chair.id !== user?.id) : []),
    [groups, user?.id],
  );
  const { data: toAnswer } = useLoad(
    () =>
      Promise.all(
        answerable.map((m) =>
          repliesApi.list(m.id).then(
            (r) => (!r.closed && r.replies.some((x) => x.mayAnswer && x.answer === null) ? m.id : null),
            () => null,
          ),
        ),
      ).then((ids) => new Set(ids.filter((id): id is string => id !== null))),
    answerable.map((m) => m.id).join(','),
  );
  const checksRun = user?.role === 'technician' || user?.role === 'endpoint';
  const { data: checks } = useLoad(() => (checksRun ? readinessApi.mine() : Promise.resolve([])), `checks:${checksRun}`);

  const card = (m: MeetingView) => <MeetingCard key={m.id} meeting={m} now={now} needsAnswer={toAnswer?.has(m.id) ?? false} check={checks?.find((c) => c.meeting.id === m.id && c.status !== 'passed')} />;

  return (
    <main className="page home">
      <h1>{user?.role === 'operator' ? t('home.titleOperator') : t('home.title')}</h1>
      {user?.role === 'operator' && <SetupChecklist />}
      {checksRun && <MyChecks />}
      <ErrorMessage error={error} />
      {meetings && <PendingApprovals meetings={meetings} />}
      {!meetings && !error && <p className="muted">{t('common.loading')}</p>}
      {meetings && meetings.length === 0 && <p className="muted">{t('home.empty')}</p>}
      {groups && meetings && meetings.length > 0 && (
        <>
          <section aria-labelledby="home-today" data-testid="home-today">
            <h2 id="home-today">{t('home.today')}</h2>
            {groups.today.length === 0 ? <p className="muted">{t('home.todayNone')}</p> : <div className="meeting-cards">{groups.today.map(card)}</div>}
          </section>
          {groups.upcoming.length > 0 && (
            <section aria-labelledby="home-upcoming" data-testid="home-upcoming">
              <h2 id="home-upcoming">{t('home.upcoming')}</h2>
              <div className="meeting-cards">{groups.upcoming.map(card)}</div>
              {groups.more > 0 && (
                <p className="small">
                  <Link to="/schedule">{t('home.moreUpcoming', { count: groups.more })}</Link>
                </p>
              )}
            </section>
          )}
          {groups.rest.length > 0 && <OtherMeetings meetings={groups.rest} />}
        </>
      )}
    </main>
  );
}

const phaseLabel: Record<MeetingPhase, Parameters<typeof t>[0]> = {
  cancelled: 'status.cancelled',
  rejected: 'approval.rejected',
  pending: 'approval.pending',
  waiting: 'home.phase.waiting',
  open: 'home.phase.open',
  running: 'home.phase.running',
  over: 'home.phase.over',
  ended: 'status.ended',
};

/** One meeting: title, time, host, state, countdown, and the one thing to do now. */
function MeetingCard({ meeting: m, now, needsAnswer, check }: { meeting: MeetingView; now: number; needsAnswer: boolean; check?: MyTechnicalCheck }) {
  const phase = meetingPhase(m, now);
  return (
    <article className={`card meeting-card phase-${phase}`} data-testid="meeting-item" data-slug={m.slug} data-phase={phase} aria-labelledby={`meeting-${m.id}`}>
      <h3 id={`meeting-${m.id}`}>{m.title}</h3>
      <p className="meeting-card-time">
        <strong>{formatTimeRange(m.startsAt, m.endsAt)}</strong>
      </p>
      <p className="small muted">
        {m.hostUnit.name} · {t('home.chairedBy', { name: m.chair.name })}
      </p>
      <p className="meeting-card-state">
        <span className={`status phase phase-${phase}`} data-testid="meeting-phase">
          {t(phaseLabel[phase])}
        </span>{' '}
        <Countdown meeting={m} phase={phase} now={now} />
      </p>
      <div className="meeting-card-actions">
        <PrimaryAction meeting={m} phase={phase} needsAnswer={needsAnswer} check={check} />
        {m.canManage && (
          <Link to={`/meetings/${m.id}/manage`} className="small" data-testid="meeting-manage-link">
            {t('home.manage')}
          </Link>
        )}
      </div>
    </article>
  );
}

function Countdown({ meeting: m, phase, now }: { meeting: MeetingView; phase: MeetingPhase; now: number }) {
  const text =
    phase === 'waiting'
      ? t('home.countdown.opens', { left: timeLeft(Date.parse(m.opensAt) - now), at: timeOrDateTime(m.opensAt, now) })
      : phase === 'open'
        ? t('home.countdown.starts', { left: timeLeft(Date.parse(m.startsAt) - now) })
        : phase === 'running'
          ? t('home.countdown.ends', { left: timeLeft(Date.parse(m.endsAt) - now) })
          : phase === 'pending'
            ? t('home.countdown.pending')
            : '';
  if (!text) return null;
  return (
    <span className="small" data-testid="meeting-countdown" aria-live="off">
      {text}
    </span>
  );
}

/**
 * The one button: enter when the room is open; before that, the technical check for whoever runs one, or the
 * answer to the invitation; else the entry, shown disabled with the time it opens.
 */
function PrimaryAction({ meeting: m, phase, needsAnswer, check }: { meeting: MeetingView; phase: MeetingPhase; needsAnswer: boolean; check?: MyTechnicalCheck }) {
  if (phase === 'ended')
    return m.canSeeRecords ? (
      <Link to={`/meetings/${m.id}/records`} className="button-link" data-testid="meeting-records-link">
        {t('home.records')}
      </Link>
    ) : null;
  if (phase === 'cancelled' || phase === 'rejected' || phase === 'pending') return null;
  if (check && (phase === 'waiting' || phase === 'open'))
    return (
      <Link to={`/meetings/${m.id}/check`} className="button-link primary" data-testid="meeting-action" data-action="check">
        {t('home.action.check')}
      </Link>
    );
  if (needsAnswer && phase === 'waiting')
    return (
      <Link to={`/meetings/${m.id}/replies`} className="button-link primary" data-testid="meeting-action" data-action="answer">
        {t('home.action.answer')}
      </Link>
    );
  if (mayEnter(phase))
    return (
      <Link to={`/${m.slug}`} className="button-link primary" data-testid="meeting-action" data-action="join">
        {t('home.action.join')}
      </Link>
    );
  return (
    <button type="button" className="secondary" disabled data-testid="meeting-action" data-action="join-later">
      {t('home.action.joinAt', { at: timeOrDateTime(m.opensAt, Date.now()) })}
    </button>
  );
}

/** Meetings that are over, and bookings beyond the cards, as a compact table. */
function OtherMeetings({ meetings }: { meetings: MeetingView[] }) {
  return (
    <section aria-labelledby="home-other">
      <h2 id="home-other">{t('home.other')}</h2>
      <table className="list meetings" data-testid="meeting-list">
        <thead>
          <tr>
            <th>{t('home.colTitle')}</th>
            <th>{t('home.colTime')}</th>
            <th>{t('home.colStatus')}</th>
            <th>
              <span className="visually-hidden">{t('home.colActions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {meetings.map((meeting) => (
            <tr key={meeting.id} data-testid="meeting-item" data-slug={meeting.slug}>
              <td data-label={t('home.colTitle')} className="strong">
                <Link to={`/${meeting.slug}`}>{meeting.title}</Link>
              </td>
              <td data-label={t('home.colTime')}>{formatTimeRange(meeting.startsAt, meeting.endsAt)}</td>
              <td data-label={t('home.colStatus')}>
                <span className={`status status-${meeting.status}`}>{t(`status.${meeting.status}`)}</span>
                {meeting.approval.status !== 'approved' && meeting.status === 'scheduled' && <ApprovalBadge meeting={meeting} />}
              </td>
              <td data-label={t('home.colActions')}>
                {meeting.canManage && (
                  <Link to={`/meetings/${meeting.id}/manage`} data-testid="meeting-manage-link">
                    {t('home.manage')}
                  </Link>
                )}
                {meeting.canSeeRecords && meeting.status === 'ended' && (
                  <>
                    {meeting.canManage && ' · '}
                    <Link to={`/meetings/${meeting.id}/records`} data-testid="meeting-records-link">
                      {t('home.records')}
                    </Link>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The office's bookings waiting for its decision (D21.1), soonest first: shown to operators (`canApprove`). */
function PendingApprovals({ meetings }: { meetings: MeetingView[] }) {
  const pending = meetings.filter((m) => m.canApprove).sort(byStart);
  if (pending.length === 0) return null;
  return (
    <section className="card notice" data-testid="pending-approvals">
      <h2>{t('home.pendingTitle')}</h2>
      <ul>
        {pending.map((m) => (
          <li key={m.id} data-testid="pending-approval" data-slug={m.slug}>
            <Link to={`/meetings/${m.id}/manage`}>{m.title}</Link> <span className="muted small">— {formatTimeRange(m.startsAt, m.endsAt)} · {m.hostUnit.name}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
