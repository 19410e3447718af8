/**
 * `/admin/audit` (operators, R1.5): the audit trail filtered by action, person, target, days in Vietnam time and
 * free text (with or without diacritics); its CSV export with the same filters; and the check of the hash chain.
 * The filters live in the address (`?action=…&from=2027-01-05`), so a search can be reloaded or shared.
 */
import { useState, type FormEvent } from 'react';
import { auditActions, type AuditEntryView, type AuditQuery, type AuditVerification } from '../../../shared/api';
import { api } from '../api';
import { auditApi } from './api-audit';
import { auditActionLabel, auditDetails, auditTargetName, auditTargetTypeLabel } from './audit-labels';
import { ErrorMessage, toShownError, type ShownError } from '../components/error-message';
import { sortPeople } from '../../../shared/people-order';
import { dayToIso, formatDateTimeSeconds } from '../format';
import { t } from '../i18n';
import { navigate, useLocation } from '../router';
import { useLoad } from '../use-load';

/** Entries shown on the page; the export takes up to the server's own maximum. */
const PAGE_LIMIT = 200;

/** What the filter form holds; days are `yyyy-MM-dd` as an `<input type="date">` gives them. */
interface Filters {
  action: string;
  actorId: string;
  targetId: string;
  from: string;
  to: string;
  q: string;
}

const filterNames = ['action', 'actorId', 'targetId', 'from', 'to', 'q'] as const;

function filtersFrom(params: URLSearchParams): Filters {
  return Object.fromEntries(filterNames.map((name) => [name, params.get(name) ?? ''])) as unknown as Filters;
}

function toQuery(f: Filters): AuditQuery {
  return {
    action: f.action || undefined,
    actorId: f.actorId || undefined,
    targetId: f.targetId.trim() || undefined,
    from: dayToIso(f.from) ?? undefined,
    to: dayToIso(f.to, true) ?? undefined,
    q: f.q.trim() || undefined,
  };
}

function toSearch(f: Filters): string {
  const params = new URLSearchParams();
  for (const name of filterNames) if (f[name].trim()) params.set(name, f[name].trim());
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function AdminAuditPage() {
  const { searchParams } = useLocation();
  const applied = filtersFrom(searchParams);
  const query = toQuery(applied);
  const { data: entries, error } = useLoad(() => auditApi.search({ ...query, limit: PAGE_LIMIT }), JSON.stringify(query));

  return (
    <main className="page">
      <h1>{t('audit.title')}</h1>
      <p className="muted">{t('audit.intro')}</p>
      <VerifyChain />
      <AuditFilters key={toSearch(applied)} initial={applied} />
      <div className="actions audit-actions">
        <a className="button-link" href={auditApi.exportUrl(query)} download data-testid="audit-export">
          {t('audit.export')}
        </a>
      </div>
      <ErrorMessage error={error} />
      {!entries && !error && <p className="muted">{t('common.loading')}</p>}
      {entries && <AuditTable entries={entries} />}
    </main>
  );
}

function AuditFilters({ initial }: { initial: Filters }) {
  const { data: users } = useLoad(api.listUsers, 'users');
  const [draft, setDraft] = useState<Filters>(initial);
  const set = (name: keyof Filters) => (event: { target: { value: string } }) => setDraft({ ...draft, [name]: event.target.value });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(`/admin/audit${toSearch(draft)}`);
  };

  return (
    <form className="card audit-filters" onSubmit={submit} data-testid="audit-filters">
      <div className="filter-grid">
        <label>
          {t('audit.filterAction')}
          <select value={draft.action} onChange={set('action')} data-testid="audit-filter-action">
            <option value="">{t('audit.filterAll')}</option>
            {auditActions.map((action) => (
              <option key={action} value={action}>
                {auditActionLabel(action)}
              </option>
            ))}
            {draft.action && !(auditActions as readonly string[]).includes(draft.action) && <option value={draft.action}>{draft.action}</option>}
          </select>
        </label>
        <label>
          {t('audit.filterPerson')}
          <select value={draft.actorId} onChange={set('actorId')} data-testid="audit-filter-person">
            <option value="">{t('audit.filterAll')}</option>
            {sortPeople(users ?? []).map((user) => (
              <option key={user.id} value={user.id}>
                {user.name} — {user.unit}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('audit.filterTarget')}
          <input value={draft.targetId} maxLength={64} onChange={set('targetId')} data-testid="audit-filter-target" />
        </label>
        <label>
          {t('audit.filterFrom')}
          <input type="date" value={draft.from} max={draft.to || undefined} onChange={set('from')} data-testid="audit-filter-from" />
        </label>
        <label>
          {t('audit.filterTo')}
          <input type="date" value={draft.to} min={draft.from || undefined} onChange={set('to')} data-testid="audit-filter-to" />
        </label>
        <label>
          {t('audit.filterText')}
          <input type="search" value={draft.q} maxLength={200} onChange={set('q')} data-testid="audit-filter-text" />
          <span className="small muted">{t('audit.filterTextHint')}</span>
        </label>
      </div>
      <div className="actions">
        <button type="button" className="secondary" onClick={() => navigate('/admin/audit')} data-testid="audit-clear">
          {t('audit.clear')}
        </button>
        <button type="submit" data-testid="audit-search">
          {t('audit.search')}
        </button>
      </div>
    </form>
  );
}

function AuditTable({ entries }: { entries: AuditEntryView[] }) {
  if (entries.length === 0) return <p className="muted" data-testid="audit-empty">{t('audit.empty')}</p>;
  return (
    <>
      <p className="muted small" data-testid="audit-count">
        {entries.length >= PAGE_LIMIT ? t('audit.limited', { count: entries.length }) : t('audit.count', { count: entries.length })}
      </p>
      <table className="list audit" data-testid="audit-list">
        <thead>
          <tr>
            <th>{t('audit.colTime')}</th>
            <th>{t('audit.colActor')}</th>
            <th>{t('audit.colAction')}</th>
            <th>{t('audit.colTarget')}</th>
            <th>{t('audit.colDetails')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id} data-testid="audit-entry" data-id={entry.id} data-action={entry.action}>
              <td data-label={t('audit.colTime')} className="nowrap">
                {formatDateTimeSeconds(entry.at)}
                <div className="small muted">#{entry.id}</div>
              </td>
              <td data-label={t('audit.colActor')}>
                {entry.actor ? entry.actor.name : <span className="muted">{t('audit.system')}</span>}
                {entry.ip && <div className="small muted">{entry.ip}</div>}
              </td>
              <td data-label={t('audit.colAction')} title={entry.action}>
                {auditActionLabel(entry.action)}
              </td>
              <td data-label={t('audit.colTarget')}>
                {entry.targetType && <span className="muted">{auditTargetTypeLabel(entry.targetType)}: </span>}
                {auditTargetName(entry)}
                {entry.targetId && <div className="small muted target-id">{entry.targetId}</div>}
              </td>
              <td data-label={t('audit.colDetails')} className="small details">
                {auditDetails(entry.data)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function VerifyChain() {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<AuditVerification | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const [anchor, setAnchor] = useState('');

  const check = async () => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await auditApi.verify(anchor.trim() || undefined));
    } catch (caught) {
      setError(toShownError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="verify-chain">
      <label>
        {t('audit.anchor')}
        <input value={anchor} onChange={(e) => setAnchor(e.target.value)} placeholder="1234:9f86d08…" spellCheck={false} data-testid="audit-anchor" />
      </label>
      <button type="button" className="secondary" disabled={busy} onClick={() => void check()} data-testid="audit-verify">
        {busy ? t('audit.verifying') : t('audit.verify')}
      </button>
      <ErrorMessage error={error} />
      {result?.ok && (
        <p className="notice" role="status" data-testid="audit-verify-result" data-ok="true">
          {t('audit.intact', { count: result.checked })}
        </p>
      )}
      {result && !result.ok && result.firstBroken && (
        <p className="error" role="alert" data-testid="audit-verify-result" data-ok="false" data-broken-id={result.firstBroken.id}>
          {t('audit.broken', { id: result.firstBroken.id, reason: t(`audit.reason.${result.firstBroken.reason}`), count: result.checked })}
        </p>
      )}
      {result?.head && (
        <p className="muted" data-testid="audit-head">
          {t('audit.head')} <code>{`${result.head.id}:${result.head.hash}`}</code>
        </p>
      )}
    </section>
  );
}
