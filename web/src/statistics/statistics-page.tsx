/**
 * `/statistics` (issue 17 point 2, M13.5): charts people look at — meetings per month, participants per month, the
 * share that met requirements, the causes of shortfalls, by unit — over a period and a set of units, each chart with
 * its table under it and its export (CSV, XLSX). The operator sees every unit, a unit's office its own and those
 * under it (the server decides). Chart.js is loaded only when this page draws (React.lazy).
 */
import { lazy, Suspense, useState, type FormEvent, type ReactNode } from 'react';
import type { StatisticsTable, StatisticsView } from '../../../shared/api';
import { vnDate } from '../../../shared/calendar/working-days';
import { shortfallCauses } from '../../../shared/causes';
import { ErrorMessage } from '../components/error-message';
import { formatDateField, parseDateField } from '../format';
import { t, type MessageKey } from '../i18n';
import { useLoad } from '../use-load';
import { statisticsApi, type StatisticsFilter } from './api-statistics';
import type { ChartSpec } from './statistics-chart';
import { periodPresets, presetPeriod, type PeriodPreset } from './periods';

const StatisticsChart = lazy(() => import('./statistics-chart'));

const number = (n: number) => n.toLocaleString('vi-VN');
const percent = (v: number | null) => (v === null ? '–' : `${v.toLocaleString('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} %`);
const monthLabel = (m: string) => `${m.slice(5)}/${m.slice(0, 4)}`;

export function StatisticsPage() {
  const today = vnDate(Date.now());
  const [preset, setPreset] = useState<PeriodPreset | 'custom'>('year');
  const [filter, setFilter] = useState<StatisticsFilter>({ ...presetPeriod('year', today), unitIds: [] });
  const { data, error } = useLoad(() => statisticsApi.view(filter), JSON.stringify(filter));
  // the units to choose from stay on screen while the next figures load
  const [choosable, setChoosable] = useState<StatisticsView['choosable']>([]);
  if (data && data.choosable !== choosable && JSON.stringify(data.choosable) !== JSON.stringify(choosable)) setChoosable(data.choosable);

  return (
    <main className="page statistics-page">
      <h1>{t('statistics.title')}</h1>
      <p className="muted">{t('statistics.intro')}</p>
      <Filters
        filter={filter}
        preset={preset}
        choosable={choosable}
        onPreset={(p) => {
          setPreset(p);
          if (p !== 'custom') setFilter((f) => ({ ...f, ...presetPeriod(p, today) }));
        }}
        onPeriod={(from, to) => {
          setPreset('custom');
          setFilter((f) => ({ ...f, from, to }));
        }}
        onUnits={(unitIds) => setFilter((f) => ({ ...f, unitIds }))}
      />
      <ErrorMessage error={error} />
      {!data && !error && <p className="muted">{t('common.loading')}</p>}
      {data && <Figures view={data} filter={filter} />}
    </main>
  );
}

function Filters(props: {
  filter: StatisticsFilter;
  preset: PeriodPreset | 'custom';
  choosable: StatisticsView['choosable'];
  onPreset(p: PeriodPreset | 'custom'): void;
  onPeriod(from: string, to: string): void;
  onUnits(ids: string[]): void;
}) {
  const { filter } = props;
  const [fromText, setFromText] = useState(formatDateField(filter.from));
  const [toText, setToText] = useState(formatDateField(filter.to));
  const [shown, setShown] = useState(`${filter.from}/${filter.to}`);
  const [invalid, setInvalid] = useState<MessageKey | null>(null);
  // a preset changed the period: the fields show it
  if (shown !== `${filter.from}/${filter.to}`) {
    setShown(`${filter.from}/${filter.to}`);
    setFromText(formatDateField(filter.from));
    setToText(formatDateField(filter.to));
  }
  function apply(event: FormEvent) {
    event.preventDefault();
    const from = parseDateField(fromText);
    const to = parseDateField(toText);
    if (!from || !to) return setInvalid('statistics.dateInvalid');
    if (from > to) return setInvalid('statistics.periodReversed');
    setInvalid(null);
    props.onPeriod(from, to);
  }
  const chosen = new Set(filter.unitIds);
  const toggle = (id: string) => props.onUnits(chosen.has(id) ? filter.unitIds.filter((u) => u !== id) : [...filter.unitIds, id]);
  return (
    <form className="card form statistics-filters" onSubmit={apply} data-testid="statistics-filters">
      <div className="statistics-period">
        <label>
          {t('statistics.preset')}
          <select value={props.preset} onChange={(e) => props.onPreset(e.target.value as PeriodPreset | 'custom')} data-testid="statistics-preset">
            {periodPresets.map((p) => (
              <option key={p} value={p}>
                {t(`statistics.preset.${p}`)}
              </option>
            ))}
            <option value="custom">{t('statistics.preset.custom')}</option>
          </select>
        </label>
        <label>
          {t('statistics.from')}
          <input value={fromText} onChange={(e) => setFromText(e.target.value)} placeholder="dd/mm/yyyy" inputMode="numeric" data-testid="statistics-from" />
        </label>
        <label>
          {t('statistics.to')}
          <input value={toText} onChange={(e) => setToText(e.target.value)} placeholder="dd/mm/yyyy" inputMode="numeric" data-testid="statistics-to" />
        </label>
        <button type="submit" data-testid="statistics-apply">
          {t('statistics.apply')}
        </button>
      </div>
      {invalid && (
        <p className="error" role="alert">
          {t(invalid)}
        </p>
      )}
      {props.choosable.length > 0 && (
        <fieldset className="statistics-units" data-testid="statistics-unit-choice">
          <legend>
            {t('statistics.units')}{' '}
            <span className="muted">{filter.unitIds.length ? t('statistics.unitsChosen', { count: String(filter.unitIds.length) }) : t('statistics.unitsAll')}</span>
          </legend>
          {filter.unitIds.length > 0 && (
            <button type="button" className="link-button" onClick={() => props.onUnits([])} data-testid="statistics-units-all">
              {t('statistics.unitsClear')}
            </button>
          )}
          <div className="statistics-unit-list">
            {props.choosable.map((u) => (
              <label key={u.id} className="checkbox" style={{ paddingInlineStart: `${u.depth * 1.25}rem` }}>
                <input type="checkbox" checked={chosen.has(u.id)} onChange={() => toggle(u.id)} data-testid="statistics-unit" data-unit-name={u.name} />
                {u.name}
              </label>
            ))}
          </div>
        </fieldset>
      )}
    </form>
  );
}

interface Column {
  header: string;
  cell(row: number): ReactNode;
}

/** A chart, its table (the same figures, for reading and for screen readers) and its exports. */
function ChartSection(props: { id: string; title: string; spec: ChartSpec | null; empty?: string; caption: string; rowCount: number; columns: Column[]; table: StatisticsTable; filter: StatisticsFilter; note?: string }) {
  return (
    <section className="card statistics-section" aria-labelledby={`${props.id}-title`} data-testid={`statistics-${props.id}`}>
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      {props.note && <p className="muted">{props.note}</p>}
      {props.spec ? (
        <Suspense fallback={<p className="muted statistics-canvas">{t('common.loading')}</p>}>
          <StatisticsChart spec={props.spec} label={props.title} testId={`chart-${props.id}`} />
        </Suspense>
      ) : (
        <p className="muted">{props.empty}</p>
      )}
      <div className="statistics-table-scroll">
        <table className="statistics-table" data-testid={`table-${props.id}`}>
          <caption>{props.caption}</caption>
          <thead>
            <tr>
              {props.columns.map((c) => (
                <th key={c.header} scope="col">
                  {c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: props.rowCount }, (_, i) => (
              <tr key={i}>
                {props.columns.map((c, j) =>
                  j === 0 ? (
                    <th key={c.header} scope="row">
                      {c.cell(i)}
                    </th>
                  ) : (
                    <td key={c.header} className="number">
                      {c.cell(i)}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="statistics-exports">
        {t('statistics.export')}{' '}
        <a href={statisticsApi.exportUrl(props.filter, props.table, 'csv')} download data-testid={`export-${props.id}-csv`}>
          CSV
        </a>{' '}
        ·{' '}
        <a href={statisticsApi.exportUrl(props.filter, props.table, 'xlsx')} download data-testid={`export-${props.id}-xlsx`}>
          XLSX
        </a>
      </p>
    </section>
  );
}

function Figures({ view, filter }: { view: StatisticsView; filter: StatisticsFilter }) {
  const months = view.months;
  const labels = months.map((m) => monthLabel(m.month));
  const monthColumn: Column = { header: t('statistics.month'), cell: (i) => labels[i] };
  const shortfalls = shortfallCauses.reduce((a, c) => a + view.total.shortfalls[c], 0);
  const period = t('statistics.period', { from: formatDateField(view.from), to: formatDateField(view.to) });
  return (
    <>
      <section className="statistics-summary" aria-label={t('statistics.summary')} data-testid="statistics-summary">
        <Stat label={t('statistics.meetings')} value={number(view.total.meetings)} testId="total-meetings" />
        <Stat label={t('statistics.participants')} value={number(view.total.participants)} testId="total-participants" />
        <Stat label={t('statistics.metShare')} value={percent(view.total.metPercent)} testId="total-met" />
        <Stat label={t('statistics.shortfalls')} value={number(shortfalls)} testId="total-shortfalls" />
      </section>

      <ChartSection
        id="meetings"
        title={t('statistics.chart.meetings')}
        caption={`${t('statistics.chart.meetings')}, ${period}`}
        spec={{ kind: 'bar', labels, datasets: [{ label: t('statistics.meetings'), data: months.map((m) => m.meetings) }] }}
        rowCount={months.length}
        columns={[monthColumn, { header: t('statistics.meetings'), cell: (i) => number(months[i]!.meetings) }]}
        table="months"
        filter={filter}
      />
      <ChartSection
        id="participants"
        title={t('statistics.chart.participants')}
        caption={`${t('statistics.chart.participants')}, ${period}`}
        note={t('statistics.participantsNote')}
        spec={{ kind: 'bar', labels, datasets: [{ label: t('statistics.participants'), data: months.map((m) => m.participants) }] }}
        rowCount={months.length}
        columns={[monthColumn, { header: t('statistics.participants'), cell: (i) => number(months[i]!.participants) }]}
        table="months"
        filter={filter}
      />
      <ChartSection
        id="met"
        title={t('statistics.chart.met')}
        caption={`${t('statistics.chart.met')}, ${period}`}
        spec={{ kind: 'line', percent: true, labels, datasets: [{ label: t('statistics.metShare'), data: months.map((m) => m.metPercent ?? 0) }] }}
        rowCount={months.length}
        columns={[
          monthColumn,
          { header: t('statistics.meetings'), cell: (i) => number(months[i]!.meetings) },
          { header: t('statistics.met'), cell: (i) => number(months[i]!.met) },
          { header: t('statistics.metShare'), cell: (i) => percent(months[i]!.metPercent) },
        ]}
        table="months"
        filter={filter}
      />
      <ChartSection
        id="causes"
        title={t('statistics.chart.causes')}
        caption={`${t('statistics.chart.causes')}, ${period}`}
        spec={shortfalls ? { kind: 'doughnut', labels: shortfallCauses.map((c) => t(`cause.${c}`)), datasets: [{ label: t('statistics.shortfalls'), data: shortfallCauses.map((c) => view.total.shortfalls[c]) }] } : null}
        empty={t('statistics.noShortfalls')}
        rowCount={shortfallCauses.length}
        columns={[
          { header: t('statistics.cause'), cell: (i) => t(`cause.${shortfallCauses[i]!}`) },
          { header: t('statistics.shortfalls'), cell: (i) => number(view.total.shortfalls[shortfallCauses[i]!]) },
        ]}
        table="causes"
        filter={filter}
      />
      <ChartSection
        id="units"
        title={t('statistics.chart.units')}
        caption={`${t('statistics.chart.units')}, ${period}`}
        note={t('statistics.unitsNote')}
        spec={view.units.length ? { kind: 'horizontalBar', labels: view.units.map((u) => u.name), datasets: [{ label: t('statistics.hosted'), data: view.units.map((u) => u.hosted.meetings) }, { label: t('statistics.guest'), data: view.units.map((u) => u.guest.meetings) }] } : null}
        empty={t('statistics.noUnits')}
        rowCount={view.units.length}
        columns={[
          { header: t('statistics.unit'), cell: (i) => view.units[i]!.name },
          { header: `${t('statistics.hosted')}: ${t('statistics.meetings')}`, cell: (i) => number(view.units[i]!.hosted.meetings) },
          { header: `${t('statistics.hosted')}: ${t('statistics.participants')}`, cell: (i) => number(view.units[i]!.hosted.participants) },
          { header: `${t('statistics.hosted')}: ${t('statistics.metShare')}`, cell: (i) => percent(view.units[i]!.hosted.metPercent) },
          { header: `${t('statistics.guest')}: ${t('statistics.meetings')}`, cell: (i) => number(view.units[i]!.guest.meetings) },
          { header: `${t('statistics.guest')}: ${t('statistics.participants')}`, cell: (i) => number(view.units[i]!.guest.participants) },
          { header: `${t('statistics.guest')}: ${t('statistics.metShare')}`, cell: (i) => percent(view.units[i]!.guest.metPercent) },
        ]}
        table="units"
        filter={filter}
      />
      {view.bySystem ? (
        <ChartSection
          id="systems"
          title={t('statistics.chart.systems')}
          caption={`${t('statistics.chart.systems')}, ${period}`}
          note={t('statistics.systemsNote', { count: String(view.bySystem.reports) })}
          spec={{ kind: 'bar', labels: view.bySystem.rows.map((r) => t(`statistics.system.${r.system}`)), datasets: [{ label: t('statistics.meetings'), data: view.bySystem.rows.map((r) => r.meetings) }, { label: t('statistics.participants'), data: view.bySystem.rows.map((r) => r.participants) }] }}
          rowCount={view.bySystem.rows.length}
          columns={[
            { header: t('statistics.system'), cell: (i) => t(`statistics.system.${view.bySystem!.rows[i]!.system}`) },
            { header: t('statistics.meetings'), cell: (i) => number(view.bySystem!.rows[i]!.meetings) },
            { header: t('statistics.participants'), cell: (i) => number(view.bySystem!.rows[i]!.participants) },
            { header: t('statistics.cost'), cell: (i) => number(view.bySystem!.rows[i]!.cost) },
          ]}
          table="systems"
          filter={filter}
        />
      ) : (
        <section className="card statistics-section" data-testid="statistics-systems">
          <h2>{t('statistics.chart.systems')}</h2>
          <p className="muted">{t('statistics.systemsUnavailable')}</p>
        </section>
      )}
    </>
  );
}

function Stat({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="card statistics-stat">
      <span className="muted">{label}</span>
      <strong data-testid={testId}>{value}</strong>
    </div>
  );
}
