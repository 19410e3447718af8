/**
 * Connection health and incidents (R3.10): each endpoint's connection state, bitrate, packet loss, jitter and
 * round-trip time for the technicians and the chair; the incidents endpoints reported; and the form to report one
 * (cause from the report's fixed list and what happened, remedy, expected time), which reaches the chair's
 * technician at once and goes into the incident register (`/incidents`), the operators told.
 */
import { useState } from 'react';
import { shortfallCauses, type ShortfallCause } from '../../../shared/causes';
import type { ClientMessage, MeetingStateView } from '../../../shared/protocol';
import { t } from '../i18n';
import { causeLabel } from '../incidents/incident-format';
import { HealthList } from './health-list';
import type { Incident } from './meeting-controller';
import { timeOfDay } from './roster';

export function TechnicalPanel({
  state,
  incidents,
  names,
  send,
}: {
  state: MeetingStateView;
  incidents: readonly Incident[];
  /** Names of everyone seen in this meeting, by participant id (a dropped endpoint has left the roster). */
  names: ReadonlyMap<string, string>;
  send(message: ClientMessage): boolean;
}) {
  const may = state.you.may;
  const seesHealth = may.controlFloor || may.technicianChat;
  return (
    <section className="panel-section technical-panel" data-testid="technical-panel">
      {may.reportIncident && !may.controlFloor && <IncidentForm send={send} />}
      {(seesHealth || incidents.length > 0) && (
        <>
          <h3>{t('tech.incidentsTitle', { count: incidents.length })}</h3>
          {incidents.length === 0 ? (
            <p className="muted small">{t('tech.incidentsEmpty')}</p>
          ) : (
            <ul className="incident-list">
              {incidents.map((i) => (
                <li key={i.id} data-testid="incident-item" data-participant-id={i.participantId}>
                  <div className="small">
                    <span className="strong">{i.from}</span> <span className="muted">{timeOfDay(i.at)}</span>
                  </div>
                  <div>{t('tech.incidentCause', { cause: causeLabel(i.cause) })}</div>
                  <div>{i.detail}</div>
                  <div>{t('tech.incidentRemedy', { remedy: i.remedy })}</div>
                  <div className="small">{t('tech.incidentExpected', { minutes: i.expectedMinutes })}</div>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {seesHealth && (
        <>
          <h3>{t('tech.healthTitle')}</h3>
          <HealthList health={state.health} names={names} />
        </>
      )}
      {may.reportIncident && may.controlFloor && <IncidentForm send={send} />}
    </section>
  );
}

function IncidentForm({ send }: { send(message: ClientMessage): boolean }) {
  const [cause, setCause] = useState<ShortfallCause>('transmission');
  const [detail, setDetail] = useState('');
  const [remedy, setRemedy] = useState('');
  const [minutes, setMinutes] = useState('5');
  const [sent, setSent] = useState(false);
  return (
    <form
      className="incident-form"
      data-testid="incident-form"
      onSubmit={(e) => {
        e.preventDefault();
        const expectedMinutes = Math.min(24 * 60, Math.max(0, Math.round(Number(minutes) || 0)));
        if (send({ type: 'report_incident', cause, detail: detail.trim(), remedy: remedy.trim(), expectedMinutes })) {
          setDetail('');
          setRemedy('');
          setSent(true);
        }
      }}
    >
      <h3>{t('tech.reportTitle')}</h3>
      <label>
        {t('tech.cause')}
        <select value={cause} onChange={(e) => (setCause(e.target.value as ShortfallCause), setSent(false))} data-testid="incident-cause">
          {shortfallCauses.map((c) => (
            <option key={c} value={c}>
              {t(`cause.${c}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('tech.detail')}
        <input value={detail} required maxLength={500} onChange={(e) => (setDetail(e.target.value), setSent(false))} placeholder={t('tech.causePlaceholder')} data-testid="incident-detail" />
      </label>
      <label>
        {t('tech.remedy')}
        <input value={remedy} required maxLength={500} onChange={(e) => setRemedy(e.target.value)} placeholder={t('tech.remedyPlaceholder')} data-testid="incident-remedy" />
      </label>
      <label>
        {t('tech.expectedMinutes')}
        <input type="number" min={0} max={1440} required value={minutes} onChange={(e) => setMinutes(e.target.value)} data-testid="incident-minutes" />
      </label>
      <button type="submit" disabled={!detail.trim() || !remedy.trim()} data-testid="incident-submit">
        {t('tech.report')}
      </button>
      {sent && (
        <p className="small" role="status" data-testid="incident-sent">
          {t('tech.reported')}
        </p>
      )}
    </form>
  );
}
