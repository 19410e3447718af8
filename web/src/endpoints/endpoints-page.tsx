/**
 * The endpoint registry (R1.4): every signed-in person sees it (the meeting form needs it); operators and
 * organisers register endpoints in the units they manage; a technician sees their own rooms first.
 */
import { useMemo, useState, type FormEvent } from 'react';
import type { EndpointStatus, EndpointView, UnitView } from '../../../shared/api';
import { endpointStatuses } from '../../../shared/api';
import { endpointsApi } from './api-endpoints';
import { ErrorMessage, toShownError, type ShownError } from '../components/error-message';
import { filterEndpoints, manageableUnits } from './endpoint-format';
import { t } from '../i18n';
import { Link } from '../router';
import { useSession } from '../session';
import { useLoad } from '../use-load';
import { EndpointFields, UnitSelect, bodyOf, emptyFields } from './endpoint-fields';

const collator = new Intl.Collator('vi');

export function EndpointStatusBadge({ status }: { status: EndpointStatus }) {
  return (
    <span className={`status endpoint-status-${status}`} data-testid="endpoint-status" data-status={status}>
      {t(`endpointStatus.${status}`)}
    </span>
  );
}

export function EndpointsPage() {
  const { user } = useSession();
  const registry = useLoad(endpointsApi.list, 'endpoints');
  const units = useLoad(endpointsApi.units, 'units');
  const [unitId, setUnitId] = useState('');
  const [status, setStatus] = useState<EndpointStatus | ''>('');
  const [query, setQuery] = useState('');
  const [mineOnly, setMineOnly] = useState(user?.role === 'technician');
  const [created, setCreated] = useState<EndpointView | null>(null);

  const creatable = useMemo(() => (user && units.data ? manageableUnits(units.data, user) : []), [user, units.data]);
  const shown = useMemo(() => {
    if (!registry.data) return [];
    const list = filterEndpoints(registry.data.endpoints, units.data ?? [], { unitId, status, query, technicianId: mineOnly && user ? user.id : undefined });
    return list.sort((a, b) => collator.compare(a.unit, b.unit) || collator.compare(a.name, b.name));
  }, [registry.data, units.data, unitId, status, query, mineOnly, user]);

  if (!user) return null;
  const capacity = registry.data?.capacity;

  return (
    <main className="page">
      <h1>{t('endpoints.title')}</h1>
      <p className="muted">{t('endpoints.intro')}</p>
      <div className={creatable.length ? 'columns' : undefined}>
        {creatable.length > 0 && (
          <section className="card">
            <h2>{t('endpoints.createTitle')}</h2>
            <CreateEndpointForm
              units={creatable}
              defaultUnitId={creatable.some((u) => u.id === user.unitId) ? user.unitId : ''}
              onCreated={(endpoint) => {
                setCreated(endpoint);
                registry.reload();
              }}
            />
            {created && (
              <p className="notice" role="status" data-testid="endpoint-created">
                {t('endpoints.created', { name: created.name })} <Link to={`/admin/endpoints/${created.id}`}>{t('endpoints.open')}</Link>
              </p>
            )}
          </section>
        )}
        <section>
          <ErrorMessage error={registry.error ?? units.error} />
          <div className="filters">
            <label>
              {t('endpoints.search')}
              <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder={t('endpoints.searchPlaceholder')} data-testid="endpoint-search" />
            </label>
            <label>
              {t('endpoints.filterUnit')}
              <UnitSelect units={units.data ?? []} value={unitId} onChange={setUnitId} placeholder={t('endpoints.allUnits')} testId="endpoint-unit-filter" />
            </label>
            <label>
              {t('endpoints.filterStatus')}
              <select value={status} onChange={(e) => setStatus(e.target.value as EndpointStatus | '')} data-testid="endpoint-status-filter">
                <option value="">{t('endpoints.allStatuses')}</option>
                {endpointStatuses.map((s) => (
                  <option key={s} value={s}>
                    {t(`endpointStatus.${s}`)}
                  </option>
                ))}
              </select>
            </label>
            {user.role === 'technician' && (
              <label className="check">
                <input type="checkbox" checked={mineOnly} onChange={(e) => setMineOnly(e.target.checked)} data-testid="endpoint-mine-filter" />
                {t('endpoints.mineOnly')}
              </label>
            )}
          </div>
          {!registry.data && !registry.error && <p className="muted">{t('common.loading')}</p>}
          {capacity && (
            <p className="muted small" data-testid="endpoint-capacity">
              {t('endpoints.capacity', capacity)} · {t('endpoints.count', { count: shown.length })}
            </p>
          )}
          {registry.data && registry.data.endpoints.length === 0 && <p className="muted">{t('endpoints.empty')}</p>}
          {registry.data && registry.data.endpoints.length > 0 && shown.length === 0 && <p className="muted">{t('endpoints.noMatch')}</p>}
          {shown.length > 0 && <EndpointTable endpoints={shown} />}
        </section>
      </div>
    </main>
  );
}

function EndpointTable({ endpoints }: { endpoints: EndpointView[] }) {
  return (
    <table className="list" data-testid="endpoint-list">
      <thead>
        <tr>
          <th>{t('endpoints.colName')}</th>
          <th>{t('endpoints.colUnit')}</th>
          <th>{t('endpoints.colLocation')}</th>
          <th>{t('endpoints.colStatus')}</th>
          <th>{t('endpoints.colTechnicians')}</th>
        </tr>
      </thead>
      <tbody>
        {endpoints.map((e) => (
          <tr key={e.id} data-testid="endpoint-item" data-id={e.id}>
            <td data-label={t('endpoints.colName')} className="strong">
              <Link to={`/admin/endpoints/${e.id}`}>{e.name}</Link>
              <div className="muted small">{t(`endpointKind.${e.kind}`)}</div>
            </td>
            <td data-label={t('endpoints.colUnit')}>{e.unit}</td>
            <td data-label={t('endpoints.colLocation')}>
              {e.location}
              {e.networkAddress && <div className="muted small">{e.networkAddress}</div>}
            </td>
            <td data-label={t('endpoints.colStatus')} className="nowrap">
              <EndpointStatusBadge status={e.status} />
            </td>
            <td data-label={t('endpoints.colTechnicians')}>
              {e.technicians.length === 0 && <span className="muted">{t('endpoints.noTechnician')}</span>}
              {e.technicians.map((a) => (
                <div key={a.id} data-testid="endpoint-technician">
                  {a.technician.name} <span className="muted nowrap">{a.contact}</span>
                </div>
              ))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CreateEndpointForm({ units, defaultUnitId, onCreated }: { units: UnitView[]; defaultUnitId: string; onCreated(e: EndpointView): void }) {
  const [values, setValues] = useState(() => emptyFields(defaultUnitId));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onCreated(await endpointsApi.create(bodyOf(values)));
      setValues(emptyFields(values.unitId));
    } catch (caught) {
      setError(toShownError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} data-testid="endpoint-create-form">
      <EndpointFields values={values} onChange={setValues} units={units} />
      <ErrorMessage error={error} />
      <button type="submit" disabled={busy} data-testid="endpoint-submit">
        {busy ? t('common.saving') : t('endpoints.submit')}
      </button>
    </form>
  );
}
