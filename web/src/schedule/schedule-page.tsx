/**
 * `/schedule` — the weekly meeting schedule (R2.4, M8.1a, M12.2): Monday to Sunday in Vietnamese time, previous and
 * next week, the whole organisation or one unit, the PDF of the week, and a calendar subscription (iCal) whose
 * address is shown once.
 */
import { useState } from 'react';
import type { CreateFeedResponse, ScheduleMeetingView, ScheduleView } from '../../../shared/api';
import { organisationApi } from '../organisation/api-organisation';
import { scheduleApi } from './api-schedule';
import { CopyButton } from '../components/copy-button';
import { ErrorMessage, toShownError, type ShownError } from '../components/error-message';
import { meetingTypeLabel } from '../meetings/meeting-facts';
import { formatDateTime } from '../format';
import { t, type MessageKey } from '../i18n';
import { navigate, useLocation } from '../router';
import { useLoad } from '../use-load';

/** `30/11/2026` from `2026-11-30`. */
export const civilDate = (date: string) => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
/** `08:00` in Hà Nội. */
const time = (iso: string) => formatDateTime(iso).slice(11);

function schedulePath(week: string | undefined, unitId: string | undefined) {
  const q = new URLSearchParams();
  if (week) q.set('week', week);
  if (unitId) q.set('unitId', unitId);
  const s = q.toString();
  return `/schedule${s ? `?${s}` : ''}`;
}

export function SchedulePage() {
  const { searchParams } = useLocation();
  const week = searchParams.get('week') ?? undefined;
  const unitId = searchParams.get('unitId') ?? undefined;
  const { data: schedule, error } = useLoad(() => scheduleApi.week(week, unitId), `${week}|${unitId}`);
  const { data: units } = useLoad(() => organisationApi.units().catch(() => []), 'units');

  return (
    <main className="page" data-testid="schedule-page">
      <h1>{t('schedule.title')}</h1>
      <div className="card schedule-controls">
        <label>
          {t('schedule.unit')}
          <select value={unitId ?? ''} onChange={(e) => navigate(schedulePath(schedule?.week ?? week, e.target.value || undefined))} data-testid="schedule-unit">
            <option value="">{t('schedule.allUnits')}</option>
            {(units ?? []).map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </label>
        {schedule && (
          <p className="schedule-week">
            <button type="button" className="secondary small" onClick={() => navigate(schedulePath(schedule.previousWeek, unitId))} data-testid="schedule-previous">
              ‹ {t('schedule.previous')}
            </button>{' '}
            <strong data-testid="schedule-week">{t('schedule.weekLabel', { week: String(+schedule.week.slice(6)), from: civilDate(schedule.from), to: civilDate(schedule.to) })}</strong>{' '}
            <button type="button" className="secondary small" onClick={() => navigate(schedulePath(schedule.nextWeek, unitId))} data-testid="schedule-next">
              {t('schedule.next')} ›
            </button>{' '}
            <a href={scheduleApi.pdfUrl(schedule.week, unitId)} target="_blank" rel="noreferrer" data-testid="schedule-pdf">
              {t('schedule.pdf')}
            </a>
          </p>
        )}
      </div>
      <ErrorMessage error={error} />
      {!schedule && !error && <p className="muted">{t('common.loading')}</p>}
      {schedule && <Week schedule={schedule} />}
      <Feeds unitId={unitId} />
    </main>
  );
}

function Week({ schedule }: { schedule: ScheduleView }) {
  return (
    <div className="schedule-days" data-testid="schedule-days">
      {schedule.days.map((day) => (
        <section key={day.date} className="card schedule-day" data-testid="schedule-day" data-date={day.date}>
          <h2>
            {t(`schedule.weekday.${day.weekday}` as MessageKey)}, {civilDate(day.date)}
            {day.holiday && <span className="badge">{day.holiday}</span>}
          </h2>
          {day.meetings.length === 0 ? (
            <p className="muted small">{t('schedule.noMeetings')}</p>
          ) : (
            <table className="list">
              <thead>
                <tr>
                  <th>{t('schedule.time')}</th>
                  <th>{t('schedule.content')}</th>
                  <th>{t('schedule.chair')}</th>
                  <th>{t('schedule.places')}</th>
                </tr>
              </thead>
              <tbody>
                {day.meetings.map((m) => (
                  <MeetingRow key={m.id} meeting={m} />
                ))}
              </tbody>
            </table>
          )}
        </section>
      ))}
    </div>
  );
}

function MeetingRow({ meeting: m }: { meeting: ScheduleMeetingView }) {
  return (
    <tr data-testid="schedule-meeting">
      <td>
        {time(m.startsAt)} – {time(m.endsAt)}
      </td>
      <td>
        <strong>{m.title}</strong>
        {m.pending && (
          <span className="badge" data-testid="schedule-pending">
            {t('schedule.pending')}
          </span>
        )}
        <div className="muted small">
          {meetingTypeLabel(m)} · {t('schedule.host')}: {m.hostUnit.name}
        </div>
        {m.units.length > 0 && <div className="small">{t('schedule.units')}: {m.units.join('; ')}</div>}
      </td>
      <td>
        {[m.chair.title, m.chair.name].filter(Boolean).join(' ')}
      </td>
      <td>{m.endpoints.length ? m.endpoints.map((e) => e.name).join('; ') : <span className="muted">{t('schedule.online')}</span>}</td>
    </tr>
  );
}

function Feeds({ unitId }: { unitId: string | undefined }) {
  const { data: feeds, error, reload } = useLoad(() => scheduleApi.feeds(), 'feeds');
  const [created, setCreated] = useState<CreateFeedResponse | null>(null);
  const [actionError, setActionError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);

  const create = async () => {
    setBusy(true);
    setActionError(null);
    try {
      setCreated(await scheduleApi.createFeed(unitId));
      reload();
    } catch (caught) {
      setActionError(toShownError(caught));
    } finally {
      setBusy(false);
    }
  };
  const revoke = async (id: string) => {
    setActionError(null);
    try {
      await scheduleApi.revokeFeed(id);
      if (created?.feed.id === id) setCreated(null);
      reload();
    } catch (caught) {
      setActionError(toShownError(caught));
    }
  };

  return (
    <section className="card" data-testid="schedule-feeds">
      <h2>{t('schedule.feedsTitle')}</h2>
      <p className="muted small">{t('schedule.feedsIntro')}</p>
      <button type="button" onClick={() => void create()} disabled={busy} data-testid="schedule-subscribe">
        {t('schedule.subscribe')}
      </button>
      <ErrorMessage error={error ?? actionError} />
      {created && (
        <div className="notice" data-testid="schedule-feed-created">
          <p>{t('schedule.feedOnce')}</p>
          <input type="text" readOnly value={created.url} onFocus={(e) => e.target.select()} data-testid="schedule-feed-url" style={{ width: '100%' }} />{' '}
          <CopyButton text={created.url} testId="schedule-feed-copy" />
        </div>
      )}
      {feeds && feeds.length > 0 && (
        <ul data-testid="schedule-feed-list">
          {feeds.map((f) => (
            <li key={f.id}>
              {f.unit ? f.unit.name : t('schedule.allUnits')} <span className="muted small">— {formatDateTime(f.createdAt)}</span>{' '}
              <button type="button" className="secondary small" onClick={() => void revoke(f.id)} data-testid="schedule-feed-revoke">
                {t('schedule.revoke')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
