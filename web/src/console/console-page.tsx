/**
 * `/console` (R3.10, M9.2): the operator's one live page — alarms (new ones highlighted, each acknowledged once for
 * every operator), open incidents, and every meeting under way or due today with its endpoints' connection health.
 * Updated by the server's pushes (at most one a second); nothing to reload.
 */
import { memo, useMemo } from 'react';
import type { ConsoleAlarmView, ConsoleEndpointView, ConsoleMeetingView } from '../../../shared/api';
import { shortfallCauses, type ShortfallCause } from '../../../shared/causes';
import { formatTime, formatTimeRange } from '../format';
import { t, type MessageKey } from '../i18n';
import { useNow } from '../use-now';
import { useConsole } from './use-console';

/** A register incident's cause is `<id>` or `<id>: text` (the fixed list of shared/causes.ts); an older in-meeting report is free text. */
function causeLabel(cause: string): string {
  const [id, ...rest] = cause.split(': ');
  if (!(shortfallCauses as readonly string[]).includes(id!)) return cause;
  const label = t(`cause.${id as ShortfallCause}`);
  return rest.length ? `${label}: ${rest.join(': ')}` : label;
}

const decimal = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });
const fmt = (n: number | null) => (n === null ? '–' : decimal.format(n));
/** An alarm is shown as new this long after it reached the page, unless acknowledged. */
const NEW_FOR_MS = 15_000;

const healthRank = { dropped: 0, poor: 1, unknown: 2, good: 3 } as const;
const statusRank = { open: 0, scheduled: 1, ended: 2, cancelled: 3 } as const;

export function ConsolePage() {
  const { view, link, error, acknowledge, seenAt } = useConsole();
  const now = useNow(5_000);
  const alarms = useMemo(() => [...view.alarms.values()].sort((a, b) => Number(Boolean(a.acknowledgedAt)) - Number(Boolean(b.acknowledgedAt)) || b.at.localeCompare(a.at)), [view.alarms]);
  const meetings = useMemo(() => [...view.meetings.values()].sort((a, b) => statusRank[a.status] - statusRank[b.status] || a.startsAt.localeCompare(b.startsAt)), [view.meetings]);
  const endpointsOf = useMemo(() => {
    const by = new Map<string, ConsoleEndpointView[]>();
    for (const e of view.endpoints.values()) {
      const list = by.get(e.meetingId) ?? [];
      list.push(e);
      by.set(e.meetingId, list);
    }
    for (const list of by.values()) list.sort((a, b) => healthRank[a.health] - healthRank[b.health] || a.name.localeCompare(b.name, 'vi'));
    return by;
  }, [view.endpoints]);
  const incidents = useMemo(() => [...view.incidents.values()].sort((a, b) => b.at.localeCompare(a.at)), [view.incidents]);
  const unacknowledged = alarms.filter((a) => !a.acknowledgedAt).length;

  return (
    <main className="page console-page" data-testid="console-page">
      <h1>{t('console.title')}</h1>
      <p className="muted">{t('console.intro')}</p>
      <p className={`console-link ${link}`} role="status" data-testid="console-link" data-state={link}>
        {t(`console.link.${link}` as MessageKey)}
        {view.instanceId && link === 'live' && <span className="muted small"> · {t('console.instance', { instance: view.instanceId })}</span>}
      </p>
      {error && link === 'refused' && <p className="error" role="alert">{t(error as MessageKey)}</p>}

      <section aria-labelledby="console-alarms">
        <h2 id="console-alarms">
          {t('console.alarms')} {unacknowledged > 0 && <span className="badge" data-testid="console-alarm-count">{unacknowledged}</span>}
        </h2>
        {alarms.length === 0 ? (
          <p className="muted">{t('console.noAlarms')}</p>
        ) : (
          <ul className="console-alarms" data-testid="console-alarms">
            {alarms.map((a) => (
              <AlarmItem key={a.id} alarm={a} fresh={!a.acknowledgedAt && now - (seenAt.get(a.id) ?? 0) < NEW_FOR_MS} onAcknowledge={() => acknowledge(a.id)} />
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="console-incidents">
        <h2 id="console-incidents">{t('console.incidents')}</h2>
        {incidents.length === 0 ? (
          <p className="muted">{t('console.noIncidents')}</p>
        ) : (
          <ul className="console-incidents" data-testid="console-incidents">
            {incidents.map((i) => (
              <li key={i.id} data-testid="console-incident">
                <span className="strong">{i.from}</span> · {i.meetingTitle} · {formatTime(i.at)}
                <div>
                  {t('console.incidentCause')}: {causeLabel(i.cause)}
                </div>
                <div className="muted small">
                  {t('console.incidentRemedy')}: {i.remedy}
                  {i.expectedMinutes !== null && ` · ${t('console.incidentExpected', { minutes: i.expectedMinutes })}`}
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="console-meetings">
        <h2 id="console-meetings">{t('console.meetings')}</h2>
        {meetings.length === 0 && link === 'live' && <p className="muted">{t('console.noMeetings')}</p>}
        {meetings.map((m) => (
          <MeetingCard key={m.id} meeting={m} endpoints={endpointsOf.get(m.id) ?? []} />
        ))}
      </section>
    </main>
  );
}

function alarmText(a: ConsoleAlarmView): string {
  const v = { value: fmt(a.value), threshold: fmt(a.threshold) };
  return t(`console.alarm.${a.kind}` as MessageKey, v);
}

function AlarmItem({ alarm: a, fresh, onAcknowledge }: { alarm: ConsoleAlarmView; fresh: boolean; onAcknowledge(): void }) {
  return (
    <li className={`console-alarm ${a.acknowledgedAt ? 'acknowledged' : 'open'} ${fresh ? 'fresh' : ''}`} data-testid="console-alarm" data-kind={a.kind} data-acknowledged={a.acknowledgedAt ? 'true' : 'false'}>
      <div>
        <span className="strong">{a.name}</span> <span className="muted">({a.unit})</span> — {alarmText(a)}
        <div className="muted small">
          {a.meetingTitle} · {formatTime(a.at)}
          {a.acknowledgedAt && ` · ${t('console.acknowledgedBy', { name: a.acknowledgedBy ?? '', time: formatTime(a.acknowledgedAt) })}`}
        </div>
      </div>
      {!a.acknowledgedAt && (
        <button type="button" onClick={onAcknowledge} data-testid="console-ack">
          {t('console.acknowledge')}
        </button>
      )}
    </li>
  );
}

/** Re-rendered only when its meeting or one of its endpoints' lines changed (a push touches a few of fifty). */
const MeetingCard = memo(MeetingCardOf, (a, b) => a.meeting === b.meeting && a.endpoints.length === b.endpoints.length && a.endpoints.every((e, i) => e === b.endpoints[i]));

function MeetingCardOf({ meeting: m, endpoints }: { meeting: ConsoleMeetingView; endpoints: ConsoleEndpointView[] }) {
  return (
    <article className={`console-meeting ${m.status}`} data-testid="console-meeting" data-meeting-id={m.id} aria-label={m.title}>
      <header className="console-meeting-head">
        <h3>{m.title}</h3>
        <span className="muted">
          {formatTimeRange(m.startsAt, m.endsAt)} · {m.hostUnit}
        </span>
        <span className={`console-status ${m.status}`}>{t(`status.${m.status}` as MessageKey)}</span>
        {m.place === 'elsewhere' && <span className="badge">{t('console.elsewhere')}</span>}
      </header>
      <p className="console-counts small" data-testid="console-counts">
        {t('console.counts', { participants: m.participants, online: m.online, poor: m.poor, dropped: m.dropped, rooms: m.invitedEndpoints })}
      </p>
      {endpoints.length > 0 && (
        <table className="list console-endpoints">
          <thead>
            <tr>
              <th>{t('console.colEndpoint')}</th>
              <th>{t('console.colHealth')}</th>
              <th>{t('tech.kbps')}</th>
              <th>{t('tech.loss')}</th>
              <th>{t('tech.rtt')}</th>
            </tr>
          </thead>
          <tbody>
            {endpoints.map((e) => (
              <tr key={e.id} className={`health-${e.health}`} data-testid="console-endpoint" data-participant-id={e.id} data-health={e.health}>
                <td>
                  <span className="strong">{e.name}</span>
                  <div className="muted small">{[e.title, e.unit].filter(Boolean).join(', ')}</div>
                </td>
                <td>
                  <span className={`console-health ${e.health}`}>{t(`console.health.${e.health}` as MessageKey)}</span>
                </td>
                <td className="nowrap">{e.sendKbps === null ? '–' : `↑${fmt(e.sendKbps)} ↓${fmt(e.receiveKbps)}`}</td>
                <td>{e.lossPercent === null ? '–' : `${fmt(e.lossPercent)} %`}</td>
                <td>{e.rttMs === null ? '–' : `${fmt(e.rttMs)} ms`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </article>
  );
}
