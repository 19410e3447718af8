/**
 * Everyone in the meeting (R3.2), for a meeting of a thousand: a room account names the people present first;
 * then the search and the chair's filters, the speaking requests the search finds (for those who control the
 * floor), and the roster grouped by unit, only the lines in view rendered. One step to a person, a unit or a
 * request: type, and the matching lines are there; Enter goes to the first with its controls.
 */
import { useCallback, useDeferredValue, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { ClientMessage, MeetingStateView, ParticipantView } from '../../../shared/protocol';
import { t } from '../i18n';
import { RequestMatches } from './request-matches';
import { RosterFinder } from './roster-finder';
import { groupByUnit } from './roster-groups';
import { RosterList } from './roster-list';
import { filterCounts, findRequests, queryWords, queuePlaces, rosterFilters, rosterRows, type RosterFilter } from './roster-search';
import type { VirtualListHandle } from './virtual-list';

export interface RosterPanelProps {
  roster: readonly ParticipantView[];
  selfId: string | null;
  state: MeetingStateView | null;
  /** Time limit for "give the floor", in seconds. */
  grantSeconds: number;
  send(message: ClientMessage): void;
}

/** The filters of each viewer: those who run the meeting get the ones their controls need. */
function filtersFor(state: MeetingStateView | null): RosterFilter[] {
  const may = state?.you.may;
  if (!may || !(may.moderate || may.controlFloor)) return [];
  return rosterFilters.filter((f) => (f === 'requesting' ? may.controlFloor : f === 'incomplete' ? may.moderate : f === 'leaving' ? state.you.role === 'chair' : true));
}

const noQueue: MeetingStateView['queue'] = [];

export function RosterPanel({ roster, selfId, state, grantSeconds, send }: RosterPanelProps) {
  const [query, setQuery] = useState('');
  const [filter, setFilter] = useState<RosterFilter | null>(null);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());
  const listHandle = useRef<VirtualListHandle>(null);
  const listId = useId();
  // Typing stays responsive: the list follows the box a moment later when it has much to redo.
  const search = useDeferredValue(query);

  const queue = state?.queue ?? noQueue;
  const places = useMemo(() => queuePlaces(queue), [queue]);
  const requesting = useMemo(() => new Set(places.keys()), [places]);
  const groups = useMemo(() => groupByUnit(roster), [roster]);
  const filters = filtersFor(state);
  const activeFilter = filter && filters.includes(filter) ? filter : null;
  const { rows, matches, firstPerson } = useMemo(
    () => rosterRows(groups, { query: search, filter: activeFilter, ctx: { requesting }, collapsed }),
    [groups, search, activeFilter, requesting, collapsed],
  );
  const counts = useMemo(() => filterCounts(roster, { requesting }), [roster, requesting]);

  const controlsFloor = state?.you.may.controlFloor === true;
  const byId = useMemo(() => new Map(roster.map((p) => [p.id, p])), [roster]);
  const foundRequests = useMemo(() => {
    return controlsFloor && queryWords(search).length > 0 ? findRequests(queue, search, byId) : [];
  }, [controlsFloor, search, queue, byId]);
  const requestPlaces = useMemo(() => new Map(queue.map((r, index) => [r.id, index + 1])), [queue]);

  // A new search or filter shows every unit's matches again.
  useEffect(() => setCollapsed(new Set()), [search, activeFilter]);

  const onToggleUnit = useCallback((unit: string) => {
    setCollapsed((current) => {
      const next = new Set(current);
      if (!next.delete(unit)) next.add(unit);
      return next;
    });
  }, []);
  const allCollapsed = groups.length > 0 && groups.every((g) => collapsed.has(g.unit));
  const self = roster.find((p) => p.id === selfId);
  const label = t('room.roster', { count: roster.length });

  return (
    <section className="panel-section roster-panel" data-testid="roster" aria-label={label}>
      {state?.you.role === 'endpoint' && self && <AttendeesForm current={self.attendees} send={send} />}
      <h3>{label}</h3>
      <RosterFinder
        query={query}
        onQuery={setQuery}
        filter={activeFilter}
        onFilter={setFilter}
        filters={filters}
        counts={counts}
        matches={matches}
        listId={listId}
        onGoToFirst={() => listHandle.current?.focusLine(firstPerson >= 0 ? firstPerson : 0)}
        units={groups.length}
        allCollapsed={allCollapsed}
        onCollapseAll={(collapse) => setCollapsed(collapse ? new Set(groups.map((g) => g.unit)) : new Set())}
      />
      <RequestMatches found={foundRequests} places={requestPlaces} grantSeconds={grantSeconds} send={send} />
      <RosterList
        rows={rows}
        selfId={selfId}
        state={state}
        queuePlaces={places}
        grantSeconds={grantSeconds}
        send={send}
        onToggleUnit={onToggleUnit}
        listId={listId}
        label={label}
        handle={listHandle}
      />
    </section>
  );
}

/** A meeting room's account names the people present in the room (R3.2). */
function AttendeesForm({ current, send }: { current: string; send(message: ClientMessage): void }) {
  const [value, setValue] = useState(current);
  useEffect(() => setValue(current), [current]);
  return (
    <form
      className="attendees-form"
      onSubmit={(e) => {
        e.preventDefault();
        send({ type: 'set_attendees', attendees: value.trim() });
      }}
    >
      <label>
        {t('room.attendees')}
        <textarea rows={2} maxLength={500} value={value} onChange={(e) => setValue(e.target.value)} placeholder={t('room.attendeesPlaceholder')} data-testid="attendees-input" />
      </label>
      <button type="submit" className="small" disabled={value.trim() === current.trim()} data-testid="attendees-save">
        {t('room.attendeesSave')}
      </button>
    </form>
  );
}
