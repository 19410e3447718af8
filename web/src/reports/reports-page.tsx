/**
 * `/reports` — the quarterly report on the template of M's appendix (R5.1, R5.2).
 * A unit's office (its organisers): the report of the chosen quarter, drafted from the system's records; rows 2 and
 * 3, the number, the signer and the proposals entered while a draft; sent for signing, signed by the signer with
 * their authenticator code, then submitted — before the 1st of the quarter's last month. The operator: who has
 * submitted and who is late, the consolidated report of all submitted units, and the exports.
 * `/reports/sign/:signableId` — the signer's page (from the notice in the bell).
 */
import { useState, type FormEvent } from 'react';
import type { QuarterStatusView, ReportEnteredLineInput, ReportTableLine, UnitReportView } from '../../../shared/api';
import { ErrorMessage, toShownError, type ShownError } from '../components/error-message';
import { formatDateTime } from '../format';
import { t } from '../i18n';
import { navigate, useLocation } from '../router';
import { useSession } from '../session';
import { SignPanel } from '../signatures/SignPanel';
import { useLoad } from '../use-load';
import { civil, currentQuarter, reportsApi, vnNumber, type ReportFormat } from './api-reports';

const FORMATS: ReportFormat[] = ['docx', 'xlsx', 'pdf'];

export function ReportsPage() {
  const { user } = useSession();
  const { searchParams } = useLocation();
  const now = currentQuarter();
  const year = Number(searchParams.get('year')) || now.year;
  const quarter = Number(searchParams.get('quarter')) || now.quarter;
  const choose = (y: number, q: number) => navigate(`/reports?year=${y}&quarter=${q}`, { replace: true });
  if (!user) return null;
  return (
    <main className="page">
      <h1>{t('reports.title')}</h1>
      <p className="muted">{t('reports.intro')}</p>
      <div className="inline-form" data-testid="report-period">
        <label>
          {t('reports.year')}
          <input type="number" min={2000} max={2100} value={year} onChange={(e) => choose(Number(e.target.value) || now.year, quarter)} data-testid="report-year" />
        </label>
        <label>
          {t('reports.quarter')}
          <select value={quarter} onChange={(e) => choose(year, Number(e.target.value))} data-testid="report-quarter">
            {[1, 2, 3, 4].map((q) => (
              <option key={q} value={q}>
                {['I', 'II', 'III', 'IV'][q - 1]}
              </option>
            ))}
          </select>
        </label>
      </div>
      {user.role === 'operator' ? <OperatorView year={year} quarter={quarter} /> : user.role === 'organiser' ? <UnitReport key={`${year}-${quarter}`} unitId={user.unitId} year={year} quarter={quarter} /> : <p>{t('forbidden')}</p>}
    </main>
  );
}

export function ReportSignPage({ signableId }: { signableId: string }) {
  return (
    <main className="page narrow">
      <h1>{t('reports.signTitle')}</h1>
      <SignPanel signableId={signableId} />
    </main>
  );
}

function ReportTable({ table, testId = 'report-table' }: { table: ReportTableLine[]; testId?: string }) {
  return (
    <div className="table-scroll">
      <table className="list report-table" data-testid={testId}>
        <thead>
          <tr>
            {['STT', 'Nội dung', 'Số lượng cuộc họp', 'Số lượng người tham gia', 'Tỷ lệ đạt yêu cầu (%)', 'Kinh phí (nếu có)', 'Ghi chú'].map((h) => (
              <th key={h}>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.map((l, i) => (
            <tr key={i} className={l.level === 'line' ? '' : 'strong'} data-testid="report-line">
              <td>{l.stt}</td>
              <td>{l.content}</td>
              <td className="num">{vnNumber(l.meetings)}</td>
              <td className="num">{vnNumber(l.participants)}</td>
              <td className="num">{vnNumber(l.metPercent)}</td>
              <td className="num">{l.cost ? vnNumber(l.cost) : l.level === 'total' ? '0' : ''}</td>
              <td>{l.note}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Exports({ url, testId }: { url: (f: ReportFormat) => string; testId: string }) {
  return (
    <p className="small" data-testid={testId}>
      {t('reports.download')}{' '}
      {FORMATS.map((f) => (
        <a key={f} href={url(f)} download data-testid={`${testId}-${f}`} className="link-button">
          {f.toUpperCase()}
        </a>
      ))}
    </p>
  );
}

function UnitReport({ unitId, year, quarter }: { unitId: string; year: number; quarter: number }) {
  const [version, setVersion] = useState(0);
  const { data, error } = useLoad(() => reportsApi.ofUnit(unitId, year, quarter), `${unitId}-${year}-${quarter}-${version}`);
  const [actionError, setActionError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);
  const reload = () => setVersion((v) => v + 1);
  const act = async (run: () => Promise<unknown>) => {
    setBusy(true);
    setActionError(null);
    try {
      await run();
      reload();
    } catch (err) {
      setActionError(toShownError(err));
    } finally {
      setBusy(false);
    }
  };
  if (error) return <ErrorMessage error={error} />;
  if (!data) return <p className="muted">{t('common.loading')}</p>;
  return (
    <section data-testid="unit-report" data-state={data.state}>
      <h2>
        {data.unit.name} — {t('reports.period', { quarter: ['I', 'II', 'III', 'IV'][data.quarter - 1]!, year: String(data.year) })}
      </h2>
      <p>
        <span className="strong" data-testid="report-state">
          {t(`reports.state.${data.state}`)}
        </span>{' '}
        · {t('reports.deadline', { date: civil(data.deadline) })}
        {data.late && data.state !== 'submitted' && (
          <span className="badge overdue" data-testid="report-late">
            {' '}
            {t('reports.late')}
          </span>
        )}
        {data.submittedAt && <span> · {t('reports.submittedAt', { time: formatDateTime(data.submittedAt) })}</span>}
      </p>
      <h3>{t('reports.section1')}</h3>
      <ReportTable table={data.table} />
      <p className="small muted">{t('reports.figuresAt', { time: formatDateTime(data.figuresAt) })}</p>
      {data.canEdit && <ReportForm report={data} onSaved={reload} />}
      {!data.canEdit && data.proposals && (
        <>
          <h3>{t('reports.section2')}</h3>
          <p className="pre-wrap">{data.proposals}</p>
        </>
      )}
      <div className="actions">
        {data.state === 'draft' && (
          <button type="button" disabled={busy} onClick={() => void act(() => reportsApi.sendForSigning(data.id))} data-testid="report-send-for-signing">
            {t('reports.sendForSigning')}
          </button>
        )}
        {data.state === 'signed' && (
          <button type="button" disabled={busy} onClick={() => void act(() => reportsApi.submit(data.id))} data-testid="report-submit">
            {t('reports.submit')}
          </button>
        )}
        {(data.state === 'submitted_for_signing' || data.state === 'signed') && (
          <button type="button" className="link-button" disabled={busy} onClick={() => void act(() => reportsApi.reopen(data.id))} data-testid="report-reopen">
            {t('reports.reopen')}
          </button>
        )}
      </div>
      <ErrorMessage error={actionError} />
      {data.signableId && data.state !== 'draft' && <SignPanel key={data.signableId} signableId={data.signableId} onSigned={reload} />}
      <Exports url={(f) => reportsApi.exportUrl(data.id, f)} testId="report-export" />
    </section>
  );
}

type LineDraft = { meetings: string; participants: string; metPercent: string; cost: string; note: string };
const toDraft = (l: ReportEnteredLineInput): LineDraft => ({ meetings: String(l.meetings), participants: String(l.participants), metPercent: l.metPercent === null ? '' : String(l.metPercent), cost: String(l.cost), note: l.note ?? '' });
/** Numbers as typed: Vietnamese thousands dots and a decimal comma are accepted. */
const num = (s: string) => (s.trim() === '' ? 0 : Number(s.replace(/\./g, '').replace(',', '.')));
const fromDraft = (d: LineDraft): ReportEnteredLineInput => ({ meetings: num(d.meetings), participants: num(d.participants), metPercent: d.metPercent.trim() === '' ? null : num(d.metPercent), cost: num(d.cost), note: d.note });

function LineInputs({ value, onChange, testId, fieldErrors, prefix }: { value: LineDraft; onChange: (v: LineDraft) => void; testId: string; fieldErrors: Record<string, string>; prefix: string }) {
  const field = (key: keyof LineDraft, label: string, mode: 'numeric' | 'decimal' | 'text' = 'numeric') => (
    <label className={fieldErrors[`${prefix}.${key}`] ? 'invalid' : ''}>
      {label}
      <input value={value[key]} inputMode={mode === 'text' ? undefined : mode} onChange={(e) => onChange({ ...value, [key]: e.target.value })} data-testid={`${testId}-${key}`} aria-invalid={Boolean(fieldErrors[`${prefix}.${key}`])} />
    </label>
  );
  return (
    <div className="inline-form report-line-inputs" data-testid={testId}>
      {field('meetings', t('reports.meetings'))}
      {field('participants', t('reports.participants'))}
      {field('metPercent', t('reports.metPercent'), 'decimal')}
      {field('cost', t('reports.cost'))}
      {field('note', t('reports.note'), 'text')}
    </div>
  );
}

function ReportForm({ report, onSaved }: { report: UnitReportView; onSaved: () => void }) {
  const [number, setNumber] = useState(report.number);
  const [signerId, setSignerId] = useState(report.signer?.id ?? '');
  const [signerAuthority, setSignerAuthority] = useState(report.signerAuthority);
  const [internal, setInternal] = useState(toDraft(report.otherInternal));
  const [external, setExternal] = useState(toDraft(report.otherExternal));
  const [rented, setRented] = useState(report.rented.map((r) => ({ provider: r.provider, ...toDraft(r) })));
  const [proposals, setProposals] = useState(report.proposals);
  const [recipients, setRecipients] = useState(report.recipients);
  const [error, setError] = useState<ShownError | null>(null);
  const [saved, setSaved] = useState(false);
  const fieldErrors: Record<string, string> = (error && typeof error !== 'string' ? error.fields : undefined) ?? {};
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setSaved(false);
    try {
      await reportsApi.update(report.id, {
        version: report.version,
        number,
        signerId: signerId || null,
        signerAuthority,
        otherInternal: fromDraft(internal),
        otherExternal: fromDraft(external),
        rented: rented.map((r) => ({ provider: r.provider, ...fromDraft(r) })),
        proposals,
        recipients,
      });
      setSaved(true);
      onSaved();
    } catch (err) {
      setError(toShownError(err));
    }
  };
  return (
    <form onSubmit={save} className="card report-form" data-testid="report-form">
      <label>
        {t('reports.number')}
        <input value={number} onChange={(e) => setNumber(e.target.value)} placeholder="15/BC-…" data-testid="report-number" />
      </label>
      <h3>{t('reports.row2')}</h3>
      <p className="small muted">{t('reports.row2Internal')}</p>
      <LineInputs value={internal} onChange={setInternal} testId="report-internal" fieldErrors={fieldErrors} prefix="otherInternal" />
      <p className="small muted">{t('reports.row2External')}</p>
      <LineInputs value={external} onChange={setExternal} testId="report-external" fieldErrors={fieldErrors} prefix="otherExternal" />
      <h3>{t('reports.row3')}</h3>
      {rented.map((r, i) => (
        <div key={i} className="report-provider" data-testid="report-provider">
          <label className={fieldErrors[`rented.${i}.provider`] ? 'invalid' : ''}>
            {t('reports.provider')}
            <input value={r.provider} onChange={(e) => setRented(rented.map((x, j) => (j === i ? { ...x, provider: e.target.value } : x)))} placeholder="VNPT, Viettel, CMC…" data-testid="report-provider-name" />
          </label>
          <LineInputs value={r} onChange={(v) => setRented(rented.map((x, j) => (j === i ? { ...x, ...v } : x)))} testId={`report-provider-${i}`} fieldErrors={fieldErrors} prefix={`rented.${i}`} />
          <button type="button" className="link-button" onClick={() => setRented(rented.filter((_, j) => j !== i))}>
            {t('reports.removeProvider')}
          </button>
        </div>
      ))}
      <button type="button" className="link-button" onClick={() => setRented([...rented, { provider: '', ...toDraft({ meetings: 0, participants: 0, metPercent: null, cost: 0, note: '' }) }])} data-testid="report-add-provider">
        {t('reports.addProvider')}
      </button>
      <h3>{t('reports.section2')}</h3>
      <textarea value={proposals} onChange={(e) => setProposals(e.target.value)} rows={4} maxLength={10000} data-testid="report-proposals" />
      <label>
        {t('reports.recipients')}
        <textarea value={recipients} onChange={(e) => setRecipients(e.target.value)} rows={3} maxLength={2000} data-testid="report-recipients" />
      </label>
      <label>
        {t('reports.signer')}
        <select value={signerId} onChange={(e) => setSignerId(e.target.value)} data-testid="report-signer">
          <option value="">—</option>
          {report.signerCandidates.map((p) => (
            <option key={p.id} value={p.id}>
              {[p.title, p.name].filter(Boolean).join(' ')}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('reports.signerAuthority')}
        <input value={signerAuthority} onChange={(e) => setSignerAuthority(e.target.value)} placeholder="KT. CỤC TRƯỞNG" data-testid="report-signer-authority" />
      </label>
      <ErrorMessage error={error} />
      {saved && <p className="notice">{t('reports.saved')}</p>}
      <button type="submit" data-testid="report-save">
        {t('reports.save')}
      </button>
    </form>
  );
}

function OperatorView({ year, quarter }: { year: number; quarter: number }) {
  const status = useLoad(() => reportsApi.quarter(year, quarter), `q-${year}-${quarter}`);
  const consolidated = useLoad(() => reportsApi.consolidated(year, quarter), `c-${year}-${quarter}`);
  return (
    <>
      <h2>{t('reports.status', { quarter: ['I', 'II', 'III', 'IV'][quarter - 1]!, year: String(year) })}</h2>
      <ErrorMessage error={status.error} />
      {status.data && <StatusTable status={status.data} />}
      <h2>{t('reports.consolidated')}</h2>
      <ErrorMessage error={consolidated.error} />
      {consolidated.data && (
        <section data-testid="consolidated">
          <p data-testid="consolidated-count">{t('reports.consolidatedCount', { submitted: String(consolidated.data.submitted), expected: String(consolidated.data.expected) })}</p>
          <ReportTable table={consolidated.data.table} testId="consolidated-table" />
          <Exports url={(f) => reportsApi.consolidatedUrl(year, quarter, f)} testId="consolidated-export" />
        </section>
      )}
    </>
  );
}

function StatusTable({ status }: { status: QuarterStatusView }) {
  return (
    <>
      <p className="small">{t('reports.deadline', { date: civil(status.deadline) })}</p>
      <table className="list report-table" data-testid="quarter-status">
        <thead>
          <tr>
            <th>{t('reports.unit')}</th>
            <th>{t('reports.stateHeader')}</th>
            <th>{t('reports.submittedHeader')}</th>
            <th>{t('reports.files')}</th>
          </tr>
        </thead>
        <tbody>
          {status.units.map((u) => (
            <tr key={u.unitId} data-testid="quarter-unit" data-state={u.state} data-late={u.late ? 'true' : 'false'}>
              <td>{u.unitName}</td>
              <td>
                {t(`reports.state.${u.state}`)}
                {u.late && <span className="badge overdue"> {t('reports.late')}</span>}
              </td>
              <td>{u.submittedAt ? formatDateTime(u.submittedAt) : ''}</td>
              <td>
                {u.reportId &&
                  FORMATS.map((f) => (
                    <a key={f} href={reportsApi.exportUrl(u.reportId!, f)} download className="link-button">
                      {f.toUpperCase()}
                    </a>
                  ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
