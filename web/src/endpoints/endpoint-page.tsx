/**
 * One endpoint (R1.4): its details (saved with the version read, so a concurrent change is never overwritten
 * silently), its status, its technicians with their history (D13.2, D14, D25.2), and the room's own account.
 */
import { useMemo, useState, type FormEvent } from 'react';
import type { EndpointStatus, EndpointView, RoomAccountResponse, TechnicianAssignmentView, UnitView } from '../../../shared/api';
import { endpointStatuses } from '../../../shared/api';
import { slugify } from '../../../shared/slug';
import { endpointsApi, type EndpointDetail } from './api-endpoints';
import { CopyButton } from '../components/copy-button';
import { ErrorMessage, toShownError, type ShownError } from '../components/error-message';
import { manageableUnits } from './endpoint-format';
import { formatDateTime } from '../format';
import { t } from '../i18n';
import { Link, navigate } from '../router';
import { useSession } from '../session';
import { useLoad } from '../use-load';
import { EndpointFields, bodyOf, fieldsOf } from './endpoint-fields';
import { EndpointStatusBadge } from './endpoints-page';

/** Runs one change at a time, keeping its error to show. */
function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const run = async <T,>(action: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await action();
    } catch (caught) {
      setError(toShownError(caught));
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run, clear: () => setError(null) };
}

export function EndpointPage({ id }: { id: string }) {
  const { user } = useSession();
  const loaded = useLoad(() => endpointsApi.get(id), `endpoint:${id}`);
  const units = useLoad(endpointsApi.units, 'units');
  /** A fresher answer from a change than the last load. */
  const [latest, setLatest] = useState<EndpointDetail | null>(null);
  const detail = latest && latest.endpoint.id === id ? latest : loaded.data;
  const reload = () => {
    setLatest(null);
    loaded.reload();
  };

  if (!user) return null;
  return (
    <main className="page">
      <p>
        <Link to="/admin/endpoints">{t('endpoint.back')}</Link>
      </p>
      <ErrorMessage error={loaded.error} />
      {!detail && !loaded.error && <p className="muted">{t('common.loading')}</p>}
      {detail && (
        <>
          <h1 data-testid="endpoint-title">
            {detail.endpoint.name} <EndpointStatusBadge status={detail.endpoint.status} />
          </h1>
          <p className="muted">
            {t(`endpointKind.${detail.endpoint.kind}`)} · {detail.endpoint.unit}
          </p>
          {!detail.endpoint.canManage && !detail.endpoint.canChangeStatus && <p className="muted">{t('endpoint.readOnly')}</p>}
          <div className="columns">
            <div>
              <DetailsCard key={`details:${detail.endpoint.version}`} endpoint={detail.endpoint} units={units.data ?? []} onSaved={setLatest} onReload={reload} />
              {detail.endpoint.canChangeStatus && <StatusCard key={`status:${detail.endpoint.version}`} endpoint={detail.endpoint} onSaved={setLatest} onReload={reload} />}
              {(detail.endpoint.canManage || detail.endpoint.account) && <AccountCard endpoint={detail.endpoint} onChanged={setLatest} />}
            </div>
            <TechniciansCard detail={detail} onChanged={setLatest} />
          </div>
        </>
      )}
    </main>
  );
}

function DetailsCard(props: { endpoint: EndpointView; units: UnitView[]; onSaved(d: EndpointDetail): void; onReload(): void }) {
  const { endpoint } = props;
  const { user } = useSession();
  const [values, setValues] = useState(() => fieldsOf(endpoint));
  const [saved, setSaved] = useState(false);
  const action = useAction();
  const units = useMemo(() => {
    const mine = user ? manageableUnits(props.units, user) : [];
    // the current unit stays listed even if the editor manages only part of the tree
    return mine.some((u) => u.id === endpoint.unitId) ? mine : [...props.units.filter((u) => u.id === endpoint.unitId), ...mine];
  }, [props.units, user, endpoint.unitId]);

  if (!endpoint.canManage) {
    return (
      <section className="card meeting-summary" data-testid="endpoint-details">
        <h2>{t('endpoint.detailsTitle')}</h2>
        <dl>
          <dt>{t('endpoint.unit')}</dt>
          <dd>{endpoint.unit}</dd>
          <dt>{t('endpoint.location')}</dt>
          <dd>{endpoint.location || '—'}</dd>
          <dt>{t('endpoint.equipment')}</dt>
          <dd>{endpoint.equipment || '—'}</dd>
          <dt>{t('endpoint.networkAddress')}</dt>
          <dd>{endpoint.networkAddress || '—'}</dd>
          <dt>{t('endpoint.capacity')}</dt>
          <dd>{endpoint.capacity}</dd>
        </dl>
      </section>
    );
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const updated = await action.run(async () => {
      await endpointsApi.update(endpoint.id, { ...bodyOf(values), version: endpoint.version });
      return endpointsApi.get(endpoint.id);
    });
    if (updated) {
      setSaved(true);
      props.onSaved(updated);
    }
  };
  const remove = async () => {
    if (!window.confirm(t('endpoint.deleteConfirm', { name: endpoint.name }))) return;
    if ((await action.run(() => endpointsApi.remove(endpoint.id).then(() => true))) === true) navigate('/admin/endpoints');
  };
  const stale = typeof action.error === 'object' && action.error?.id === 'endpoint_version_conflict';

  return (
    <section className="card" data-testid="endpoint-details">
      <h2>{t('endpoint.detailsTitle')}</h2>
      <form onSubmit={(e) => void submit(e)} data-testid="endpoint-details-form">
        <EndpointFields values={values} onChange={setValues} units={units} />
        <ErrorMessage error={action.error} />
        {stale && (
          <p>
            <button type="button" className="secondary" onClick={props.onReload} data-testid="endpoint-reload">
              {t('endpoint.reload')}
            </button>
          </p>
        )}
        {saved && (
          <p className="notice" role="status" data-testid="endpoint-saved">
            {t('endpoint.saved')}
          </p>
        )}
        <div className="actions">
          <button type="button" className="danger" disabled={action.busy} onClick={() => void remove()} data-testid="endpoint-delete">
            {t('endpoint.delete')}
          </button>
          <button type="submit" disabled={action.busy} data-testid="endpoint-save">
            {action.busy ? t('common.saving') : t('endpoint.save')}
          </button>
        </div>
      </form>
    </section>
  );
}

function StatusCard({ endpoint, onSaved, onReload }: { endpoint: EndpointView; onSaved(d: EndpointDetail): void; onReload(): void }) {
  const [status, setStatus] = useState<EndpointStatus>(endpoint.status);
  const action = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const updated = await action.run(async () => {
      await endpointsApi.setStatus(endpoint.id, { status, version: endpoint.version });
      return endpointsApi.get(endpoint.id);
    });
    if (updated) onSaved(updated);
  };
  const stale = typeof action.error === 'object' && action.error?.id === 'endpoint_version_conflict';
  return (
    <section className="card" data-testid="endpoint-status-card">
      <h2>{t('endpoint.statusTitle')}</h2>
      <p className="muted small">{t('endpoint.statusHint')}</p>
      <form onSubmit={(e) => void submit(e)}>
        <label>
          {t('endpoint.status')}
          <select value={status} onChange={(e) => setStatus(e.target.value as EndpointStatus)} data-testid="endpoint-status-input">
            {endpointStatuses.map((s) => (
              <option key={s} value={s}>
                {t(`endpointStatus.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <ErrorMessage error={action.error} />
        {stale && (
          <p>
            <button type="button" className="secondary" onClick={onReload}>
              {t('endpoint.reload')}
            </button>
          </p>
        )}
        <button type="submit" disabled={action.busy || status === endpoint.status} data-testid="endpoint-status-save">
          {t('endpoint.statusSave')}
        </button>
      </form>
    </section>
  );
}

function TechniciansCard({ detail, onChanged }: { detail: EndpointDetail; onChanged(d: EndpointDetail): void }) {
  const { endpoint, history } = detail;
  const action = useAction();
  const [replaces, setReplaces] = useState('');
  const endAssignment = async (a: TechnicianAssignmentView) => {
    if (!window.confirm(t('endpoint.endConfirm', { name: a.technician.name }))) return;
    const updated = await action.run(() => endpointsApi.endAssignment(endpoint.id, a.id));
    if (updated) onChanged(updated);
  };
  return (
    <section className="card" data-testid="endpoint-technicians">
      <h2>{t('endpoint.techniciansTitle')}</h2>
      <p className="muted small">{t('endpoint.techniciansIntro')}</p>
      {endpoint.technicians.length === 0 && <p className="muted">{t('endpoint.noTechnician')}</p>}
      <ul className="plain-list">
        {endpoint.technicians.map((a) => (
          <li key={a.id} data-testid="current-technician" data-user-id={a.technician.id}>
            <div className="strong">
              {a.technician.title ? `${a.technician.title} ` : ''}
              {a.technician.name}
            </div>
            <div className="small">
              {a.technician.unit}
              {a.contactsHidden ? (
                <span className="muted" data-testid="technician-contact-hidden"> · {t('endpoint.contactHidden')}</span>
              ) : (
                <>
                  {' '}
                  · {t('endpoint.contact')}: <a href={`tel:${a.contact.replace(/[^\d+]/g, '')}`}>{a.contact}</a>
                </>
              )}
              {a.technician.email && <> · {a.technician.email}</>}
            </div>
            <div className="muted small">{t('endpoint.assignedSince', { date: formatDateTime(a.assignedAt) })}</div>
            {endpoint.canManage && (
              <div className="actions start">
                <button type="button" className="secondary small" onClick={() => setReplaces(a.id)} data-testid="technician-replace">
                  {t('endpoint.replace')}
                </button>
                <button type="button" className="secondary small" disabled={action.busy} onClick={() => void endAssignment(a)} data-testid="technician-end">
                  {t('endpoint.endAssignment')}
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
      <ErrorMessage error={action.error} />
      {endpoint.canManage && <AssignForm endpoint={endpoint} replaces={replaces} setReplaces={setReplaces} onChanged={onChanged} />}
      <h3>{t('endpoint.historyTitle')}</h3>
      <table className="list" data-testid="technician-history">
        <thead>
          <tr>
            <th>{t('endpoint.technician')}</th>
            <th>{t('endpoint.colPeriod')}</th>
            <th>{t('endpoint.colAssignedBy')}</th>
          </tr>
        </thead>
        <tbody>
          {history.map((a) => (
            <tr key={a.id} data-testid="history-item" data-ended={a.endedAt ? 'true' : 'false'}>
              <td data-label={t('endpoint.technician')} className="strong">
                {a.technician.name}
                <div className="muted small">{a.contact}</div>
              </td>
              <td data-label={t('endpoint.colPeriod')}>
                {formatDateTime(a.assignedAt)} – {a.endedAt ? formatDateTime(a.endedAt) : t('endpoint.untilNow')}
              </td>
              <td data-label={t('endpoint.colAssignedBy')}>
                {a.assignedBy?.name ?? '—'}
                {a.endedBy && (
                  <div className="muted small">
                    {t('endpoint.colEndedBy')}: {a.endedBy.name}
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function AssignForm(props: { endpoint: EndpointView; replaces: string; setReplaces(id: string): void; onChanged(d: EndpointDetail): void }) {
  const { endpoint, replaces, setReplaces } = props;
  const candidates = useLoad(endpointsApi.technicians, 'technician-candidates');
  const [userId, setUserId] = useState('');
  const [contact, setContact] = useState('');
  const action = useAction();
  const choose = (id: string) => {
    setUserId(id);
    const phone = candidates.data?.find((c) => c.id === id)?.phone;
    if (phone && !contact.trim()) setContact(phone);
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const updated = await action.run(() => endpointsApi.assignTechnician(endpoint.id, { userId, contact: contact.trim(), ...(replaces ? { replacesAssignmentId: replaces } : {}) }));
    if (updated) {
      setUserId('');
      setContact('');
      setReplaces('');
      props.onChanged(updated);
    }
  };
  const assignedIds = new Set(endpoint.technicians.map((a) => a.technician.id));
  return (
    <form onSubmit={(e) => void submit(e)} data-testid="technician-assign-form">
      <h3>{t('endpoint.assignTitle')}</h3>
      <ErrorMessage error={candidates.error} />
      {candidates.data && candidates.data.length === 0 && <p className="muted">{t('endpoint.noCandidates')}</p>}
      <label>
        {t('endpoint.technician')}
        <select required value={userId} onChange={(e) => choose(e.target.value)} data-testid="technician-input">
          <option value="">{t('endpoint.chooseTechnician')}</option>
          {(candidates.data ?? [])
            .filter((c) => !assignedIds.has(c.id) || endpoint.technicians.some((a) => a.id === replaces && a.technician.id === c.id))
            .map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} — {c.unit}
              </option>
            ))}
        </select>
      </label>
      <label>
        {t('endpoint.contact')}
        <input required minLength={3} maxLength={120} value={contact} onChange={(e) => setContact(e.target.value)} placeholder="0912 345 678" title={t('endpoint.contactHint')} data-testid="technician-contact-input" />
      </label>
      {endpoint.technicians.length > 0 && (
        <label>
          {t('endpoint.replaces')}
          <select value={replaces} onChange={(e) => setReplaces(e.target.value)} data-testid="technician-replaces-input">
            <option value="">{t('endpoint.replacesNone')}</option>
            {endpoint.technicians.map((a) => (
              <option key={a.id} value={a.id}>
                {a.technician.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <ErrorMessage error={action.error} />
      <button type="submit" disabled={action.busy} data-testid="technician-submit">
        {replaces ? t('endpoint.replace') : t('endpoint.assign')}
      </button>
    </form>
  );
}

/** A suggestion for the room's sign-in e-mail: its name without diacritics, at the creator's mail domain. */
function suggestedEmail(endpoint: EndpointView, creatorEmail: string): string {
  const domain = creatorEmail.split('@')[1] ?? 'giaoban.local';
  return `${slugify(endpoint.name).slice(0, 40).replace(/-+$/, '') || 'diem-cau'}@${domain}`;
}

function AccountCard({ endpoint, onChanged }: { endpoint: EndpointView; onChanged(d: EndpointDetail): void }) {
  const { user } = useSession();
  const [email, setEmail] = useState(() => suggestedEmail(endpoint, user?.email ?? ''));
  const [issued, setIssued] = useState<{ response: RoomAccountResponse; reset: boolean } | null>(null);
  const action = useAction();
  const after = async (response: RoomAccountResponse | undefined, reset: boolean) => {
    if (!response) return;
    setIssued({ response, reset });
    const fresh = await endpointsApi.get(endpoint.id).catch(() => null);
    if (fresh) onChanged(fresh);
  };
  const create = async (event: FormEvent) => {
    event.preventDefault();
    await after(await action.run(() => endpointsApi.createAccount(endpoint.id, email.trim())), false);
  };
  const reset = async () => {
    if (!window.confirm(t('endpoint.accountResetConfirm'))) return;
    await after(await action.run(() => endpointsApi.resetAccountPassword(endpoint.id)), true);
  };
  return (
    <section className="card" data-testid="endpoint-account">
      <h2>{t('endpoint.accountTitle')}</h2>
      <p className="muted small">{t('endpoint.accountIntro')}</p>
      {endpoint.account ? (
        <p data-testid="endpoint-account-email">
          {t('endpoint.accountEmail')}: <span className="strong">{endpoint.account.email}</span>
          {endpoint.account.mustChangePassword && <span className="badge">{t('endpoint.accountMustChange')}</span>}
          {endpoint.account.disabled && <span className="badge">{t('endpoint.accountDisabled')}</span>}
        </p>
      ) : (
        <p className="muted">{t('endpoint.accountNone')}</p>
      )}
      {endpoint.canManage && !endpoint.account && (
        <form onSubmit={(e) => void create(e)} data-testid="endpoint-account-form">
          <label>
            {t('endpoint.accountEmail')}
            <input type="email" required maxLength={254} value={email} onChange={(e) => setEmail(e.target.value)} data-testid="endpoint-account-email-input" />
          </label>
          <button type="submit" disabled={action.busy} data-testid="endpoint-account-create">
            {t('endpoint.accountCreate')}
          </button>
        </form>
      )}
      {endpoint.canManage && endpoint.account && (
        <button type="button" className="secondary" disabled={action.busy} onClick={() => void reset()} data-testid="endpoint-account-reset">
          {t('endpoint.accountReset')}
        </button>
      )}
      <ErrorMessage error={action.error} />
      {issued && (
        <div className="notice" role="status" data-testid="endpoint-account-issued">
          <p>{issued.reset ? t('endpoint.accountPasswordReset') : t('endpoint.accountCreated')}</p>
          <p>
            {issued.response.account.email} — {t('users.temporaryPassword')}: <code data-testid="temporary-password">{issued.response.temporaryPassword}</code>{' '}
            <CopyButton text={issued.response.temporaryPassword} />
          </p>
          <p className="small">{t('users.temporaryPasswordNote')}</p>
        </div>
      )}
    </section>
  );
}
