/**
 * `/equipment/evaluation` — the yearly evaluation of the system's efficiency (D13.4, D22.2): for a year and a unit
 * (or all, for the operator) the figures drawn from the records, then the unit's own assessment and proposals,
 * exported as a report in administrative form (PDF) to send on.
 */
import { useMemo, useState } from 'react';
import type { EvaluationView, UnitView } from '../../../shared/api';
import { ErrorMessage, toShownError, type ShownError } from '../components/error-message';
import { t } from '../i18n';
import { organisationApi } from '../organisation/api-organisation';
import { Link } from '../router';
import { useSession } from '../session';
import { useLoad } from '../use-load';
import { equipmentApi, vnDecimal, vnInteger } from './api-equipment';

/** The year in Hà Nội now. */
const currentYear = () => Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' }).format(new Date()));

function subtreeOf(units: UnitView[], rootId: string): UnitView[] {
  const out: UnitView[] = [];
  const walk = (id: string) => {
    const u = units.find((x) => x.id === id);
    if (!u) return;
    out.push(u);
    units.filter((x) => x.parentId === id).forEach((c) => walk(c.id));
  };
  walk(rootId);
  return out;
}

export function EvaluationPage() {
  const { user } = useSession();
  const isOperator = user?.role === 'operator';
  const [year, setYear] = useState(currentYear());
  const [unitId, setUnitId] = useState(isOperator ? '' : (user?.unitId ?? ''));
  const { data: units } = useLoad(() => organisationApi.units(), 'units');
  const choices = useMemo(() => (units ? (isOperator ? units : subtreeOf(units, user?.unitId ?? '')) : []), [units, isOperator, user?.unitId]);
  const { data, error } = useLoad(() => equipmentApi.evaluation(year, unitId || undefined), `evaluation-${year}-${unitId}`);
  const years = Array.from({ length: 6 }, (_, i) => currentYear() - i);
  return (
    <main className="page">
      <p>
        <Link to="/equipment">{t('evaluation.back')}</Link>
      </p>
      <h1>{t('evaluation.title')}</h1>
      <p className="muted">{t('evaluation.intro')}</p>
      <form className="card form evaluation-scope" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('evaluation.year')}
          <select value={year} onChange={(e) => setYear(Number(e.target.value))} data-testid="evaluation-year">
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('evaluation.unit')}
          <select value={unitId} onChange={(e) => setUnitId(e.target.value)} data-testid="evaluation-unit">
            {isOperator && <option value="">{t('evaluation.allUnits')}</option>}
            {choices.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </label>
      </form>
      <ErrorMessage error={error} />
      {!data && !error && <p className="muted">{t('common.loading')}</p>}
      {data && <Figures view={data} />}
      {data && <ExportForm view={data} />}
    </main>
  );
}

function Figures({ view }: { view: EvaluationView }) {
  const f = view.totals;
  const rows: [string, string][] = [
    [t('evaluation.endpoints'), vnInteger(f.endpoints)],
    [t('evaluation.meetingsHeld'), vnInteger(f.meetingsHeld)],
    [t('evaluation.hoursOfUse'), vnDecimal(f.hoursOfUse)],
    [t('evaluation.checklists'), `${vnInteger(f.checklists)} / ${vnInteger(f.checklistsExpected)}`],
    [t('evaluation.itemsNotOk'), `${vnInteger(f.itemsNotOk)} / ${vnInteger(f.itemsChecked)}`],
    [t('evaluation.maintenance'), vnInteger(f.maintenance)],
    [t('evaluation.cost'), vnInteger(f.cost)],
    [t('evaluation.devices'), `${vnInteger(f.devices)} / ${vnInteger(f.devicesBroken)} / ${vnInteger(f.devicesRetired)}`],
  ];
  return (
    <>
      <section className="card" data-testid="evaluation-figures">
        <h2>{t('evaluation.figures', { year: view.year, scope: view.unit?.name ?? t('evaluation.allUnits') })}</h2>
        <table className="list evaluation-figures">
          <tbody>
            {rows.map(([label, value]) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td>{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {view.endpoints.length > 0 && (
        <section className="card equipment-scroll">
          <h2>{t('evaluation.byEndpoint')}</h2>
          <table className="list" data-testid="evaluation-endpoints">
            <thead>
              <tr>
                <th>{t('evaluation.endpoint')}</th>
                <th>{t('evaluation.col.meetings')}</th>
                <th>{t('evaluation.col.hours')}</th>
                <th>{t('evaluation.col.checklists')}</th>
                <th>{t('evaluation.col.notOk')}</th>
                <th>{t('evaluation.col.maintenance')}</th>
                <th>{t('evaluation.col.cost')}</th>
                <th>{t('evaluation.col.broken')}</th>
              </tr>
            </thead>
            <tbody>
              {view.endpoints.map((e) => (
                <tr key={e.endpoint.id}>
                  <td>
                    {e.endpoint.name} <span className="muted small">{e.endpoint.unit}</span>
                  </td>
                  <td>{vnInteger(e.meetingsHeld)}</td>
                  <td>{vnDecimal(e.hoursOfUse)}</td>
                  <td>{vnInteger(e.checklists)}</td>
                  <td>{vnInteger(e.itemsNotOk)}</td>
                  <td>{vnInteger(e.maintenance)}</td>
                  <td>{vnInteger(e.cost)}</td>
                  <td>{vnInteger(e.devicesBroken)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {view.notOkItems.length > 0 && (
        <section className="card">
          <h2>{t('evaluation.notOkItems')}</h2>
          <ul>
            {view.notOkItems.map((n) => (
              <li key={n.item}>
                {t(`equipment.item.${n.item}`)}: {vnInteger(n.count)}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

function ExportForm({ view }: { view: EvaluationView }) {
  const [assessment, setAssessment] = useState('');
  const [proposals, setProposals] = useState('');
  const [addressee, setAddressee] = useState('');
  const [error, setError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);
  async function exportPdf() {
    setBusy(true);
    setError(null);
    try {
      const blob = await equipmentApi.evaluationPdf({ year: view.year, unitId: view.unit?.id, assessment, proposals, addressee });
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `danh-gia-hieu-qua-he-thong-${view.year}.pdf`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      setError(toShownError(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="card form" onSubmit={(e) => (e.preventDefault(), void exportPdf())} data-testid="evaluation-export">
      <h2>{t('evaluation.exportTitle')}</h2>
      <label>
        {t('evaluation.addressee')}
        <input value={addressee} onChange={(e) => setAddressee(e.target.value)} maxLength={300} data-testid="evaluation-addressee" />
      </label>
      <label>
        {t('evaluation.assessment')}
        <textarea value={assessment} onChange={(e) => setAssessment(e.target.value)} rows={6} maxLength={20000} required data-testid="evaluation-assessment" />
      </label>
      <label>
        {t('evaluation.proposals')}
        <textarea value={proposals} onChange={(e) => setProposals(e.target.value)} rows={4} maxLength={20000} data-testid="evaluation-proposals" />
      </label>
      <ErrorMessage error={error} />
      <div className="actions">
        <button type="submit" disabled={busy || !assessment.trim()} data-testid="evaluation-pdf">
          {t('evaluation.exportPdf')}
        </button>
      </div>
    </form>
  );
}
