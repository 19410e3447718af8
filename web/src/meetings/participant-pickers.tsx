/**
 * Choosing people and rooms for a meeting: one select for a person (chair, presenter, substitute) and the
 * searchable checklists of invitees and endpoints. Shared by the new-meeting page, the edit form and the replies,
 * so a person reads the same everywhere: name with title, then unit (R3.2).
 */
import { useState } from 'react';
import type { EndpointStatus } from '../../../shared/api';
import { matchesSearch } from '../format';
import { t } from '../i18n';
import { nameWithTitle } from '../organisation/organisation-format';
import { EndpointStatusBadge } from '../endpoints/endpoints-page';

interface Person {
  id: string;
  name: string;
  title: string;
  unit: string;
  email?: string;
}

export function PersonSelect(props: { people: readonly Person[]; value: string; onChange(id: string): void; placeholder?: string; testId: string; required?: boolean }) {
  return (
    <select required={props.required} value={props.value} onChange={(e) => props.onChange(e.target.value)} data-testid={props.testId}>
      {props.placeholder !== undefined && <option value="">{props.placeholder}</option>}
      {props.people.map((p) => (
        <option key={p.id} value={p.id}>
          {nameWithTitle(p)} — {p.unit}
        </option>
      ))}
    </select>
  );
}

/**
 * Invitees as a searchable checklist (the chair, who is there anyway, is left out). Approved substitutes are shown
 * with whom they replace and cannot be unticked: they stay invited while that person or unit is (R2.5, D8.3).
 */
export function InviteeChecklist(props: {
  people: readonly Person[];
  chairId: string;
  selected: ReadonlySet<string>;
  onToggle(id: string): void;
  testId: string;
  itemTestId: string;
  substitutes?: readonly { personId: string; replaces: string }[];
  /** Tick or untick many at once (those the search shows): a meeting of hundreds is not ticked one by one. */
  onSetMany?(ids: string[], selected: boolean): void;
  /** The list's heading; "invitees" by default. */
  legend?: string;
}) {
  const [search, setSearch] = useState('');
  const shown = props.people.filter((p) => p.id !== props.chairId && (search === '' || matchesSearch(`${p.title} ${p.name} ${p.unit}`, search)));
  const replacing = new Map((props.substitutes ?? []).map((s) => [s.personId, s.replaces]));
  return (
    <fieldset className="invitees" data-testid={props.testId}>
      <legend>
        {props.legend ?? t('meetingNew.invitees')} <span className="muted">({t('meetingNew.selectedCount', { count: props.selected.size })})</span>
      </legend>
      <input type="search" placeholder={t('meetingNew.searchInvitees')} aria-label={t('meetingNew.searchInvitees')} value={search} onChange={(e) => setSearch(e.target.value)} />
      {props.onSetMany && (
        <div className="actions" style={{ justifyContent: 'flex-start' }}>
          <button type="button" className="secondary small" disabled={shown.length === 0} onClick={() => props.onSetMany!(shown.map((p) => p.id), true)} data-testid={`${props.testId}-all`}>
            {t('meetingNew.selectAllShown', { count: shown.length })}
          </button>
          <button type="button" className="secondary small" disabled={props.selected.size === 0} onClick={() => props.onSetMany!([...props.selected].filter((id) => !replacing.has(id)), false)} data-testid={`${props.testId}-none`}>
            {t('meetingNew.clearSelection')}
          </button>
        </div>
      )}
      <ul className="checklist">
        {shown.map((p) => {
          const replaces = replacing.get(p.id);
          return (
            <li key={p.id}>
              <label className="check">
                <input type="checkbox" checked={props.selected.has(p.id)} disabled={replaces !== undefined} onChange={() => props.onToggle(p.id)} data-testid={props.itemTestId} data-user-id={p.id} />
                <span>
                  {nameWithTitle(p)} <span className="muted">— {p.unit}</span>
                  {replaces !== undefined && (
                    <span className="small muted" data-testid="invitee-substitute-for">
                      {' '}
                      ({t('meetingEdit.substituteFor', { name: replaces })})
                    </span>
                  )}
                </span>
              </label>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}

interface Room {
  id: string;
  name: string;
  unit: string;
  location?: string;
  status?: EndpointStatus;
}

/** Endpoints (meeting rooms) as a searchable checklist, with their status when known. */
export function EndpointChecklist(props: { rooms: readonly Room[]; selected: ReadonlySet<string>; onToggle(id: string): void; testId: string; itemTestId: string; searchTestId?: string; children?: React.ReactNode }) {
  const [search, setSearch] = useState('');
  const shown = props.rooms.filter((r) => search === '' || matchesSearch(`${r.name} ${r.unit} ${r.location ?? ''}`, search));
  return (
    <fieldset className="invitees" data-testid={props.testId}>
      <legend>
        {t('meetingNew.endpoints')} <span className="muted">({t('meetingNew.selectedCount', { count: props.selected.size })})</span>
      </legend>
      {props.children}
      {props.rooms.length > 0 && (
        <input type="search" placeholder={t('meetingNew.searchEndpoints')} aria-label={t('meetingNew.searchEndpoints')} value={search} onChange={(e) => setSearch(e.target.value)} data-testid={props.searchTestId} />
      )}
      <ul className="checklist">
        {shown.map((r) => (
          <li key={r.id}>
            <label className="check">
              <input type="checkbox" checked={props.selected.has(r.id)} onChange={() => props.onToggle(r.id)} data-testid={props.itemTestId} data-endpoint-id={r.id} />
              <span>
                {r.name} <span className="muted">— {r.unit}</span> {r.status && <EndpointStatusBadge status={r.status} />}
              </span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
