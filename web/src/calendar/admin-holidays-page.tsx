/**
 * `/admin/holidays` (operator) — the year's public holidays: the default list (lunar dates computed) adjusted from
 * the government's yearly announcement: add a day off, make a holiday or a weekend day a working day (a swap),
 * remove a change. The invitation notice (D7.3) counts this list.
 */
import { useState, type FormEvent } from 'react';
import type { HolidayKind, HolidayView } from '../../../shared/api';
import { holidaysApi } from '../schedule/api-schedule';
import { ErrorMessage, toShownError, type ShownError } from '../components/error-message';
import { t, type MessageKey } from '../i18n';
import { useLoad } from '../use-load';
import { civilDate } from '../schedule/schedule-page';

const thisYear = () => +new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 4);

export function AdminHolidaysPage() {
  const [year, setYear] = useState(thisYear);
  const { data: holidays, error, reload } = useLoad(() => holidaysApi.year(year), String(year));
  const [actionError, setActionError] = useState<ShownError | null>(null);

  const act = async (action: () => Promise<unknown>) => {
    setActionError(null);
    try {
      await action();
      reload();
    } catch (caught) {
      setActionError(toShownError(caught));
    }
  };

  return (
    <main className="page" data-testid="holidays-page">
      <h1>{t('holidays.title')}</h1>
      <p className="muted">{t('holidays.intro')}</p>
      <p>
        <button type="button" className="secondary small" onClick={() => setYear(year - 1)} data-testid="holidays-previous">
          ‹ {year - 1}
        </button>{' '}
        <strong data-testid="holidays-year">{t('holidays.year', { year: String(year) })}</strong>{' '}
        <button type="button" className="secondary small" onClick={() => setYear(year + 1)} data-testid="holidays-next">
          {year + 1} ›
        </button>
      </p>
      <ErrorMessage error={error ?? actionError} />
      {!holidays && !error && <p className="muted">{t('common.loading')}</p>}
      {holidays && (
        <table className="list" data-testid="holidays-list">
          <thead>
            <tr>
              <th>{t('holidays.date')}</th>
              <th>{t('holidays.name')}</th>
              <th>{t('holidays.kind')}</th>
              <th>{t('holidays.source')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {holidays.map((h) => (
              <HolidayRow key={h.date} holiday={h} onAct={act} />
            ))}
          </tbody>
        </table>
      )}
      <AddForm year={year} onAct={act} />
    </main>
  );
}

function HolidayRow({ holiday: h, onAct }: { holiday: HolidayView; onAct(action: () => Promise<unknown>): Promise<void> }) {
  return (
    <tr data-testid="holiday-row" data-date={h.date}>
      <td>
        {t(`schedule.weekday.${h.weekday}` as MessageKey)}, {civilDate(h.date)}
      </td>
      <td>{h.name}</td>
      <td>{t(`holidays.kind.${h.kind}`)}</td>
      <td>{t(`holidays.source.${h.source}`)}</td>
      <td>
        {h.source === 'default' && (
          <button type="button" className="secondary small" onClick={() => void onAct(() => holidaysApi.set(h.date, { kind: 'working_day', name: h.name }))} data-testid="holiday-make-working">
            {t('holidays.makeWorking')}
          </button>
        )}
        {h.source === 'override' && (
          <button type="button" className="secondary small" onClick={() => void onAct(() => holidaysApi.reset(h.date))} data-testid="holiday-reset">
            {t('holidays.reset')}
          </button>
        )}
      </td>
    </tr>
  );
}

function AddForm({ year, onAct }: { year: number; onAct(action: () => Promise<unknown>): Promise<void> }) {
  const [date, setDate] = useState('');
  const [kind, setKind] = useState<HolidayKind>('day_off');
  const [name, setName] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!date) return;
    await onAct(() => holidaysApi.set(date, { kind, name }));
    setDate('');
    setName('');
  };
  return (
    <form className="card" onSubmit={(e) => void submit(e)} data-testid="holiday-add">
      <h2>{t('holidays.addTitle')}</h2>
      <label>
        {t('holidays.date')}
        <input type="date" value={date} min={`${year - 1}-01-01`} onChange={(e) => setDate(e.target.value)} required data-testid="holiday-date" />
      </label>
      <label>
        {t('holidays.kind')}
        <select value={kind} onChange={(e) => setKind(e.target.value as HolidayKind)} data-testid="holiday-kind">
          <option value="day_off">{t('holidays.kind.day_off')}</option>
          <option value="working_day">{t('holidays.kind.working_day')}</option>
        </select>
      </label>
      <label>
        {t('holidays.name')}
        <input type="text" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} data-testid="holiday-name" />
      </label>
      <button type="submit" data-testid="holiday-save">
        {t('holidays.save')}
      </button>
    </form>
  );
}
