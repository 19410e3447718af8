/**
 * `/incidents` — the incident register (R3.10, R5.4): technicians, the units' offices and the operator raise an
 * incident (in a meeting or outside one), follow it, hand it to someone, and resolve it with what was done. The
 * operator sees every unit's; others their unit's (the server decides). `?id=` opens one incident's detail.
 */
import { useState, type FormEvent } from 'react';
import { incidentStatuses, type EndpointView, type IncidentStatus, type IncidentView, type UnitView } from '../../../shared/api';
import { shortfallCauses, type ShortfallCause } from '../../../shared/causes';
import { DateTimeField } from '../components/date-time-field';
import { ErrorMessage, toShownError, type ShownError } from '../components/error-message';
import { endpointsApi } from '../endpoints/api-endpoints';
import { UnitSelect } from '../endpoints/endpoint-fields';
import { dateTimeLocalToIso, dayToIso, formatDateTime, parseDateField, toDateTimeLocalValue } from '../format';
import { t } from '../i18n';
import { Link, navigate, useLocation } from '../router';
import { useSession } from '../session';
import { useLoad } from '../use-load';
import { incidentsApi, type IncidentFilters } from './api-incidents';
import { causeLabel } from './incident-format';

interface FilterDraft {
  status: IncidentStatus | '';
  unitId: string;
  endpointId: string;
  cause: ShortfallCause | '';
  /** Days as typed, `dd/MM/yyyy` (Vietnam); applied once they are dates. */
  from: string;
  to: string;
}

const noFilters: FilterDraft = { status: '', unitId: '', endpointId: '', cause: '', from: '', to: '' };

export function IncidentsPage() {
  const { user } = useSession();
  const { searchParams } = useLocation();
  const selectedId = searchParams.get('id');
  const [filters, setFilters] = useState<FilterDraft>(noFilters);
  const [version, setVersion] = useState(0);
  const [raising, setRaising] = useState(false);
  const day = (text: string, end = false) => dayToIso(parseDateField(text) ?? '', end) ?? undefined;
  const query: IncidentFilters = { ...filters, from: day(filters.from), to: day(filters.to, true) };
  const list = useLoad(() => incidentsApi.list(query), `incidents-${JSON.stringify(query)}-${version}`);
  const units = useLoad(() => endpointsApi.units(), 'incident-units');
  const endpoints = useLoad(() => endpointsApi.list().then((r) => r.endpoints), 'incident-endpoints');
  const reload = () => setVersion((v) => v + 1);
  if (!user) return null;
  const isOperator = user.role === 'operator';
  const set = (name: keyof FilterDraft) => (value: string) => setFilters({ ...filters, [name]: value });

  return (
    <main className="page">
      <h1>{t('incidents.title')}</h1>
      <p className="muted">{t(isOperator ? 'incidents.introOperator' : 'incidents.intro')}</p>
      <div className="actions">
        <button type="button" onClick={() => setRaising(!raising)} aria-expanded={raising} data-testid="incident-new">
          {t('incidents.new')}
        </button>
      </div>
      {raising && (
        <RaiseForm
          units={units.data ?? []}
          endpoints={endpoints.data ?? []}
          userId={user.id}
          ownUnitId={user.unitId}
          canChooseUnit={isOperator}
          onRaised={(i) => {
            setRaising(false);
            reload();
            navigate(`/incidents?id=${i.id}`);
          }}
        />
      )}
      {selectedId && <IncidentDetail key={`${selectedId}-${version}`} id={selectedId} onChanged={reload} />}

      <section className="card" data-testid="incident-filters">
        <h2>{t('incidents.register')}</h2>
        <div className="filters">
          <label>
            {t('incidents.status')}
            <select value={filters.status} onChange={(e) => set('status')(e.target.value)} data-testid="incident-filter-status">
              <option value="">{t('incidents.all')}</option>
              {incidentStatuses.map((s) => (
                <option key={s} value={s}>
                  {t(`incidents.status.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('incidents.cause')}
            <select value={filters.cause} onChange={(e) => set('cause')(e.target.value)} data-testid="incident-filter-cause">
              <option value="">{t('incidents.all')}</option>
              {shortfallCauses.map((c) => (
                <option key={c} value={c}>
                  {t(`cause.${c}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('incidents.unit')}
            <UnitSelect units={units.data ?? []} value={filters.unitId} onChange={set('unitId')} placeholder={t('incidents.all')} testId="incident-filter-unit" />
          </label>
          <label>
            {t('incidents.endpoint')}
            <select value={filters.endpointId} onChange={(e) => set('endpointId')(e.target.value)} data-testid="incident-filter-endpoint">
              <option value="">{t('incidents.all')}</option>
              {(endpoints.data ?? []).map((e) => (
                <option key={e.id} value={e.id}>
                  {e.name}
                </option>
              ))}
            </select>
          </label>
          <DayFilter label={t('incidents.from')} value={filters.from} onChange={set('from')} testId="incident-filter-from" />
          <DayFilter label={t('incidents.to')} value={filters.to} onChange={set('to')} testId="incident-filter-to" />
        </div>
        <ErrorMessage error={list.error} />
        {!list.data && !list.error && <p className="muted">{t('common.loading')}</p>}
        {list.data && list.data.length === 0 && (
          <p className="muted" data-testid="incident-empty">
            {t('incidents.none')}
          </p>
        )}
        {list.data && list.data.length > 0 && <IncidentTable incidents={list.data} selectedId={selectedId} />}
      </section>
    </main>
  );
}

/** A day typed the Vietnamese way (`dd/MM/yyyy`), whatever the browser's language; flagged while it is not a date. */
function DayFilter({ label, value, onChange, testId }: { label: string; value: string; onChange(text: string): void; testId: string }) {
  const invalid = value.trim() !== '' && parseDateField(value) === null;
  return (
    <label>
      {label}
      <input type="text" inputMode="numeric" autoComplete="off" maxLength={12} placeholder={t('dateTime.datePlaceholder')} value={value} aria-invalid={invalid} onChange={(e) => onChange(e.target.value)} data-testid={testId} />
      {invalid && <span className="small field-error">{t('dateTime.dateInvalid')}</span>}
    </label>
  );
}

function IncidentTable({ incidents, selectedId }: { incidents: IncidentView[]; selectedId: string | null }) {
  return (
    <table className="list" data-testid="incident-list">
      <thead>
        <tr>
          <th>{t('incidents.colAt')}</th>
          <th>{t('incidents.colWhere')}</th>
          <th>{t('incidents.cause')}</th>
          <th>{t('incidents.status')}</th>
          <th>{t('incidents.handler')}</th>
          <th>{t('incidents.expectedFixAt')}</th>
        </tr>
      </thead>
      <tbody>
        {incidents.map((i) => (
          <tr key={i.id} data-testid="incident-item" data-id={i.id} data-status={i.status} aria-current={i.id === selectedId ? 'true' : undefined}>
            <td data-label={t('incidents.colAt')} className="nowrap">
              <Link to={`/incidents?id=${i.id}`} data-testid="incident-open">
                {formatDateTime(i.createdAt)}
              </Link>
            </td>
            <td data-label={t('incidents.colWhere')}>
              <div className="strong">{i.endpoint?.name ?? t('incidents.noEndpoint')}</div>
              <div className="muted small">
                {i.unit.name}
                {i.meeting && <> · {i.meeting.title}</>}
              </div>
            </td>
            <td data-label={t('incidents.cause')}>
              <div>{causeLabel(i.cause)}</div>
              <div className="muted small">{i.detail}</div>
            </td>
            <td data-label={t('incidents.status')} className="nowrap">
              <span className={`badge incident-${i.status}`}>{t(`incidents.status.${i.status}`)}</span>
            </td>
            <td data-label={t('incidents.handler')}>{i.handler?.name ?? <span className="muted">{t('incidents.noHandler')}</span>}</td>
            <td data-label={t('incidents.expectedFixAt')} className="nowrap">
              {i.expectedFixAt ? formatDateTime(i.expectedFixAt) : '—'}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function RaiseForm(props: { units: UnitView[]; endpoints: EndpointView[]; userId: string; ownUnitId: string; canChooseUnit: boolean; onRaised(i: IncidentView): void }) {
  const [unitId, setUnitId] = useState(props.ownUnitId);
  const [endpointId, setEndpointId] = useState('');
  const [cause, setCause] = useState<ShortfallCause>('transmission');
  const [detail, setDetail] = useState('');
  const [remedy, setRemedy] = useState('');
  const [expected, setExpected] = useState(() => toDateTimeLocalValue(new Date(Date.now() + 30 * 60_000)));
  const [withExpected, setWithExpected] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);
  // the unit's endpoints, and those the reporter operates as their technician (the operator: any, the unit's first)
  const endpoints = props.endpoints
    .filter((e) => props.canChooseUnit || e.unitId === unitId || e.technicians.some((a) => a.technician.id === props.userId))
    .sort((a, b) => Number(b.unitId === unitId) - Number(a.unitId === unitId));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const incident = await incidentsApi.raise({
        ...(props.canChooseUnit ? { unitId } : {}),
        endpointId: endpointId || null,
        cause,
        detail,
        remedy,
        expectedFixAt: withExpected ? dateTimeLocalToIso(expected) : null,
        handlerId: null,
      });
      props.onRaised(incident);
    } catch (err) {
      setError(toShownError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card form" onSubmit={(e) => void submit(e)} data-testid="incident-form">
      <h2>{t('incidents.new')}</h2>
      {props.canChooseUnit && (
        <label>
          {t('incidents.unit')}
          <UnitSelect units={props.units} value={unitId} onChange={setUnitId} placeholder={t('incidents.chooseUnit')} testId="incident-unit" required />
        </label>
      )}
      <label>
        {t('incidents.endpoint')}
        <select value={endpointId} onChange={(e) => setEndpointId(e.target.value)} data-testid="incident-endpoint">
          <option value="">{t('incidents.noEndpoint')}</option>
          {endpoints.map((e) => (
            <option key={e.id} value={e.id}>
              {e.name} — {e.unit}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('incidents.cause')}
        <select value={cause} onChange={(e) => setCause(e.target.value as ShortfallCause)} data-testid="incident-cause">
          {shortfallCauses.map((c) => (
            <option key={c} value={c}>
              {t(`cause.${c}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('incidents.detail')}
        <textarea value={detail} onChange={(e) => setDetail(e.target.value)} required minLength={3} maxLength={2000} rows={3} placeholder={t('incidents.detailPlaceholder')} data-testid="incident-detail" />
      </label>
      <label>
        {t('incidents.remedy')}
        <textarea value={remedy} onChange={(e) => setRemedy(e.target.value)} maxLength={2000} rows={2} data-testid="incident-remedy" />
      </label>
      <label className="check">
        <input type="checkbox" checked={withExpected} onChange={(e) => setWithExpected(e.target.checked)} data-testid="incident-with-expected" />
        {t('incidents.withExpected')}
      </label>
      {withExpected && <DateTimeField label={t('incidents.expectedFixAt')} value={expected} onChange={setExpected} testId="incident-expected" />}
      <ErrorMessage error={error} />
      <button type="submit" disabled={busy || detail.trim().length < 3} data-testid="incident-submit">
        {t('incidents.raise')}
      </button>
    </form>
  );
}

function IncidentDetail({ id, onChanged }: { id: string; onChanged(): void }) {
  const { data: incident, error } = useLoad(() => incidentsApi.get(id), `incident-${id}`);
  return (
    <section className="card incident-detail" data-testid="incident-view" data-status={incident?.status}>
      <div className="actions">
        <button type="button" className="link-button" onClick={() => navigate('/incidents')} data-testid="incident-close">
          {t('incidents.closeDetail')}
        </button>
      </div>
      <ErrorMessage error={error} />
      {!incident && !error && <p className="muted">{t('common.loading')}</p>}
      {incident && (
        <>
          <h2>
            {incident.endpoint?.name ?? incident.unit.name} <span className={`badge incident-${incident.status}`}>{t(`incidents.status.${incident.status}`)}</span>
          </h2>
          <dl className="details">
            <dt>{t('incidents.unit')}</dt>
            <dd>{incident.unit.name}</dd>
            <dt>{t('incidents.endpoint')}</dt>
            <dd>{incident.endpoint?.name ?? t('incidents.noEndpoint')}</dd>
            {incident.meeting && (
              <>
                <dt>{t('incidents.meeting')}</dt>
                <dd>
                  <Link to={`/meetings/${incident.meeting.id}/records`}>{incident.meeting.title}</Link>
                </dd>
              </>
            )}
            <dt>{t('incidents.cause')}</dt>
            <dd data-testid="incident-detail-cause">{causeLabel(incident.cause)}</dd>
            <dt>{t('incidents.detail')}</dt>
            <dd>{incident.detail}</dd>
            <dt>{t('incidents.remedy')}</dt>
            <dd>{incident.remedy || '—'}</dd>
            <dt>{t('incidents.expectedFixAt')}</dt>
            <dd>{incident.expectedFixAt ? formatDateTime(incident.expectedFixAt) : '—'}</dd>
            <dt>{t('incidents.handler')}</dt>
            <dd data-testid="incident-detail-handler">{incident.handler?.name ?? t('incidents.noHandler')}</dd>
            <dt>{t('incidents.reportedBy')}</dt>
            <dd>
              {incident.reportedBy.name} · {formatDateTime(incident.createdAt)}
            </dd>
            {incident.resolvedAt && (
              <>
                <dt>{t('incidents.resolution')}</dt>
                <dd data-testid="incident-detail-resolution">
                  {incident.resolution} <span className="muted small">({t('incidents.resolvedBy', { name: incident.resolvedBy?.name ?? '', at: formatDateTime(incident.resolvedAt) })})</span>
                </dd>
              </>
            )}
          </dl>
          {incident.status !== 'resolved' && <HandleForms incident={incident} onChanged={onChanged} />}
        </>
      )}
    </section>
  );
}

function HandleForms({ incident, onChanged }: { incident: IncidentView; onChanged(): void }) {
  const handlers = useLoad(() => incidentsApi.handlers(), 'incident-handlers');
  const [handlerId, setHandlerId] = useState(incident.handler?.id ?? '');
  const [status, setStatus] = useState<'open' | 'in_progress'>(incident.status === 'resolved' ? 'in_progress' : incident.status);
  const [remedy, setRemedy] = useState(incident.remedy);
  const [expected, setExpected] = useState(incident.expectedFixAt ? toDateTimeLocalValue(new Date(incident.expectedFixAt)) : '');
  const [resolution, setResolution] = useState('');
  const [error, setError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);

  async function run(action: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await action();
      onChanged();
    } catch (err) {
      setError(toShownError(err));
    } finally {
      setBusy(false);
    }
  }

  const save = (event: FormEvent) => {
    event.preventDefault();
    void run(() =>
      incidentsApi.update(incident.id, {
        version: incident.version,
        handlerId: handlerId || null,
        status,
        remedy,
        expectedFixAt: expected ? dateTimeLocalToIso(expected) : null,
      }),
    );
  };
  const resolve = (event: FormEvent) => {
    event.preventDefault();
    void run(() => incidentsApi.resolve(incident.id, { version: incident.version, resolution }));
  };

  return (
    <>
      <form className="form" onSubmit={save} data-testid="incident-handle-form">
        <h3>{t('incidents.handle')}</h3>
        <label>
          {t('incidents.handler')}
          <select value={handlerId} onChange={(e) => setHandlerId(e.target.value)} data-testid="incident-handler">
            <option value="">{t('incidents.noHandler')}</option>
            {(handlers.data ?? []).map((h) => (
              <option key={h.id} value={h.id}>
                {h.name} — {h.unitName}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('incidents.status')}
          <select value={status} onChange={(e) => setStatus(e.target.value as 'open' | 'in_progress')} data-testid="incident-status">
            <option value="open">{t('incidents.status.open')}</option>
            <option value="in_progress">{t('incidents.status.in_progress')}</option>
          </select>
        </label>
        <label>
          {t('incidents.remedy')}
          <textarea value={remedy} onChange={(e) => setRemedy(e.target.value)} maxLength={2000} rows={2} data-testid="incident-handle-remedy" />
        </label>
        <DateTimeField label={t('incidents.expectedFixAt')} value={expected} onChange={setExpected} testId="incident-handle-expected" />
        <button type="submit" disabled={busy} data-testid="incident-save">
          {t('incidents.save')}
        </button>
      </form>
      <form className="form" onSubmit={resolve} data-testid="incident-resolve-form">
        <h3>{t('incidents.resolveTitle')}</h3>
        <label>
          {t('incidents.resolution')}
          <textarea value={resolution} onChange={(e) => setResolution(e.target.value)} required minLength={3} maxLength={5000} rows={3} data-testid="incident-resolution" />
        </label>
        <button type="submit" disabled={busy || resolution.trim().length < 3} data-testid="incident-resolve">
          {t('incidents.resolve')}
        </button>
      </form>
      <ErrorMessage error={error} />
    </>
  );
}
