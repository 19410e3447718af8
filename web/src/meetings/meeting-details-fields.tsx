/**
 * The details of a meeting beyond the essentials (R2.1, D5, D19.3, R2.7, M5.4): type, invited units, agenda,
 * backdrop text, system-check time, council flag and restriction. One set of fields for the new-meeting page and
 * the manage page's edit form, so both send the same shapes.
 */
import { useState } from 'react';
import { meetingTypes, type AgendaItemBody, type MeetingType, type MeetingView, type PersonRef, type UnitView } from '../../../shared/api';
import { parseCidr } from '../../../shared/cidr';
import { dateTimeLocalToIso, matchesSearch, toDateTimeLocalValue } from '../format';
import { t, type MessageKey } from '../i18n';
import { PersonSelect } from './participant-pickers';
import { DateTimeField } from '../components/date-time-field';

const HOUR_MS = 3_600_000;

export interface AgendaRow {
  /** Stable React key. */
  key: number;
  title: string;
  presenterId: string;
  presenterName: string;
  minutes: string;
}

export interface MeetingDetailsValue {
  type: MeetingType;
  typeNote: string;
  unitIds: ReadonlySet<string>;
  agenda: AgendaRow[];
  backdropText: string;
  /** datetime-local (Vietnam time); null: follows the start, 1 hour before (D19.3). */
  checkAt: string | null;
  needsMinutes: boolean;
  restricted: boolean;
  /** One CIDR a line. */
  networks: string;
  requireSecondFactor: boolean;
}

let nextKey = 1;
const row = (over: Partial<AgendaRow> = {}): AgendaRow => ({ key: nextKey++, title: '', presenterId: '', presenterName: '', minutes: '15', ...over });

export const emptyDetails = (): MeetingDetailsValue => ({
  type: 'other',
  typeNote: '',
  unitIds: new Set(),
  agenda: [],
  backdropText: '',
  checkAt: null,
  needsMinutes: false,
  restricted: false,
  networks: '',
  requireSecondFactor: false,
});

/** The form's values for an existing meeting (the edit form). */
export function detailsOf(m: MeetingView): MeetingDetailsValue {
  return {
    type: m.type,
    typeNote: m.typeNote,
    unitIds: new Set(m.units.map((u) => u.id)),
    agenda: m.agenda.map((a) => row({ title: a.title, presenterId: a.presenter?.id ?? '', presenterName: a.presenterName, minutes: String(a.minutes) })),
    backdropText: m.backdropText,
    checkAt: m.checkAt ? toDateTimeLocalValue(new Date(m.checkAt)) : null,
    needsMinutes: m.needsMinutes,
    restricted: m.restricted,
    networks: m.allowedNetworks.join('\n'),
    requireSecondFactor: m.requireSecondFactor,
  };
}

/** The check time shown: the one chosen, or 1 hour before the start. */
export function effectiveCheckAt(value: MeetingDetailsValue, start: string): string {
  if (value.checkAt !== null) return value.checkAt;
  const startIso = dateTimeLocalToIso(start);
  return startIso ? toDateTimeLocalValue(new Date(Date.parse(startIso) - HOUR_MS)) : '';
}

export const networkList = (text: string) =>
  text
    .split(/[\n,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);

export const agendaBody = (rows: AgendaRow[]): AgendaItemBody[] =>
  rows.map((r) => ({
    title: r.title.trim(),
    ...(r.presenterId ? { presenterId: r.presenterId } : {}),
    presenterName: r.presenterName.trim(),
    minutes: Number(r.minutes),
  }));

/** What the client can tell before sending (the server checks again). */
export function validateDetails(value: MeetingDetailsValue): MessageKey | { key: MessageKey; params: Record<string, string> } | null {
  if (value.agenda.some((r) => !r.title.trim() || !/^\d+$/.test(r.minutes) || +r.minutes < 1 || +r.minutes > 600)) return 'meetingDetails.agendaInvalid';
  if (!value.restricted) return null; // the networks are neither sent nor kept
  const networks = networkList(value.networks);
  const invalid = networks.filter((n) => !parseCidr(n));
  if (invalid.length) return { key: 'meetingDetails.networksInvalid', params: { list: invalid.join(', ') } };
  if (networks.length === 0) return 'meetingDetails.networksRequired';
  return null;
}

interface Props {
  value: MeetingDetailsValue;
  onChange(next: MeetingDetailsValue): void;
  /** People who may present an agenda item (accounts). */
  people: PersonRef[];
  /** Units that may be invited. */
  units: UnitView[];
  /** The start (datetime-local), for the default check time. */
  start: string;
  /** The edit form prefixes its test ids with `meeting-edit-`. */
  edit?: boolean;
}

export function MeetingDetailsFields({ value, onChange, people, units, start, edit = false }: Props) {
  const [unitSearch, setUnitSearch] = useState('');
  const set = <K extends keyof MeetingDetailsValue>(key: K, v: MeetingDetailsValue[K]) => onChange({ ...value, [key]: v });
  const tid = (name: string) => (edit ? `meeting-edit-${name}` : name.startsWith('agenda') ? name : `meeting-${name}`);
  const setRow = (key: number, patch: Partial<AgendaRow>) => set('agenda', value.agenda.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const toggleUnit = (id: string) => {
    const next = new Set(value.unitIds);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    set('unitIds', next);
  };
  const unitCandidates = units.filter((u) => unitSearch === '' || matchesSearch(u.name, unitSearch));
  const totalMinutes = value.agenda.reduce((n, r) => n + (Number(r.minutes) || 0), 0);

  return (
    <>
      <div className="row">
        <label>
          {t('meetingDetails.type')}
          <select value={value.type} onChange={(e) => set('type', e.target.value as MeetingType)} data-testid={tid('type')}>
            {meetingTypes.map((type) => (
              <option key={type} value={type}>
                {t(`meetingType.${type}`)}
              </option>
            ))}
          </select>
        </label>
        {value.type === 'other' && (
          <label>
            {t('meetingDetails.typeNote')}
            <input value={value.typeNote} maxLength={200} onChange={(e) => set('typeNote', e.target.value)} data-testid={tid('type-note')} />
          </label>
        )}
      </div>
      <fieldset className="invitees" data-testid={tid('units')}>
        <legend>
          {t('meetingDetails.units')} <span className="muted">({t('meetingNew.selectedCount', { count: value.unitIds.size })})</span>
        </legend>
        <input
          type="search"
          placeholder={t('meetingDetails.searchUnits')}
          aria-label={t('meetingDetails.searchUnits')}
          value={unitSearch}
          onChange={(e) => setUnitSearch(e.target.value)}
          data-testid={tid('unit-search')}
        />
        <ul className="checklist">
          {unitCandidates.map((u) => (
            <li key={u.id}>
              <label className="check">
                <input type="checkbox" checked={value.unitIds.has(u.id)} onChange={() => toggleUnit(u.id)} data-testid={tid('unit')} data-unit-id={u.id} />
                <span>{u.name}</span>
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      <fieldset className="agenda" data-testid={tid('agenda')}>
        <legend>{t('meetingDetails.agenda')}</legend>
        {value.agenda.length === 0 && <p className="small muted">{t('meetingDetails.agendaEmpty')}</p>}
        <ol className="agenda-rows">
          {value.agenda.map((r, i) => (
            <li key={r.key} className="agenda-row" data-testid={tid('agenda-row')}>
              <label>
                {t('meetingDetails.agendaTitle')}
                <input value={r.title} maxLength={300} onChange={(e) => setRow(r.key, { title: e.target.value })} data-testid={tid(`agenda-title-${i}`)} />
              </label>
              <div className="row">
                <label>
                  {t('meetingDetails.agendaPresenter')}
                  <PersonSelect people={people} value={r.presenterId} onChange={(id) => setRow(r.key, { presenterId: id })} placeholder={t('meetingDetails.agendaPresenterNone')} testId={tid(`agenda-presenter-${i}`)} />
                </label>
                <label>
                  {t('meetingDetails.agendaPresenterName')}
                  <input value={r.presenterName} maxLength={200} onChange={(e) => setRow(r.key, { presenterName: e.target.value })} data-testid={tid(`agenda-presenter-name-${i}`)} />
                </label>
                <label>
                  {t('meetingDetails.agendaMinutes')}
                  <input
                    type="number"
                    min={1}
                    max={600}
                    value={r.minutes}
                    onChange={(e) => setRow(r.key, { minutes: e.target.value })}
                    data-testid={tid(`agenda-minutes-${i}`)}
                  />
                </label>
              </div>
              <div className="actions">
                <button type="button" className="secondary small" onClick={() => set('agenda', value.agenda.filter((x) => x.key !== r.key))} data-testid={tid(`agenda-remove-${i}`)}>
                  {t('meetingDetails.agendaRemove')}
                </button>
              </div>
            </li>
          ))}
        </ol>
        {value.agenda.length > 0 && <p className="small muted">{t('meetingDetails.agendaTotal', { minutes: totalMinutes })}</p>}
        {value.agenda.length < 50 && (
          <button type="button" className="secondary small" onClick={() => set('agenda', [...value.agenda, row()])} data-testid={tid('agenda-add')}>
            {t('meetingDetails.agendaAdd')}
          </button>
        )}
      </fieldset>
      <label>
        {t('meetingDetails.backdrop')}
        <textarea rows={2} maxLength={500} value={value.backdropText} onChange={(e) => set('backdropText', e.target.value)} data-testid={tid('backdrop')} />
        <span className="small muted">{t('meetingDetails.backdropHint')}</span>
      </label>
      <DateTimeField
        label={t('meetingDetails.checkAt')}
        value={effectiveCheckAt(value, start)}
        onChange={(v) => set('checkAt', v || null)}
        testId={tid('check-at')}
        hint={t('meetingDetails.checkAtHint')}
      />
      <label className="check">
        <input type="checkbox" checked={value.needsMinutes} onChange={(e) => set('needsMinutes', e.target.checked)} data-testid={tid('needs-minutes')} />
        <span>{t('meetingDetails.needsMinutes')}</span>
      </label>
      <label className="check">
        <input type="checkbox" checked={value.restricted} onChange={(e) => set('restricted', e.target.checked)} data-testid={tid('restricted')} />
        <span>{t('meetingDetails.restricted')}</span>
      </label>
      {value.restricted && (
        <>
          <label>
            {t('meetingDetails.networks')}
            <textarea
              rows={3}
              value={value.networks}
              spellCheck={false}
              autoCapitalize="none"
              onChange={(e) => set('networks', e.target.value)}
              data-testid={tid('networks')}
            />
          </label>
          <label className="check">
            <input type="checkbox" checked={value.requireSecondFactor} onChange={(e) => set('requireSecondFactor', e.target.checked)} data-testid={tid('second-factor')} />
            <span>{t('meetingDetails.secondFactor')}</span>
          </label>
        </>
      )}
    </>
  );
}
