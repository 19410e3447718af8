/**
 * Finding someone in the roster in one step: a search box (name, title, unit, room; without diacritics), the
 * filters a chair needs, folding all units, and how many lines match (announced to screen readers). Enter or
 * Down in the box goes to the first matching line; Escape clears the search.
 */
import type { KeyboardEvent } from 'react';
import { t } from '../i18n';
import type { RosterFilter } from './roster-search';

export interface RosterFinderProps {
  query: string;
  onQuery(query: string): void;
  filter: RosterFilter | null;
  onFilter(filter: RosterFilter | null): void;
  /** The filters this viewer gets (those of the chair's tools), with how many lines each would show. */
  filters: readonly RosterFilter[];
  counts: Readonly<Record<RosterFilter, number>>;
  /** Lines that match the search and the filter. */
  matches: number;
  /** The id of the list the search controls. */
  listId: string;
  onGoToFirst(): void;
  /** Units can be folded (more than one); all folded now. */
  units: number;
  allCollapsed: boolean;
  onCollapseAll(collapse: boolean): void;
}

export function RosterFinder(props: RosterFinderProps) {
  const { query, filter, filters, counts, matches } = props;
  const searching = query.trim() !== '' || filter !== null;
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter' || event.key === 'ArrowDown') {
      event.preventDefault();
      props.onGoToFirst();
    } else if (event.key === 'Escape' && query) {
      event.preventDefault();
      props.onQuery('');
    }
  };
  return (
    <div className="roster-finder" role="search">
      <input
        type="search"
        value={query}
        onChange={(e) => props.onQuery(e.target.value)}
        onKeyDown={onKeyDown}
        placeholder={t('roster.searchPlaceholder')}
        aria-label={t('roster.searchLabel')}
        aria-controls={props.listId}
        autoComplete="off"
        spellCheck={false}
        data-testid="roster-search"
      />
      {filters.length > 0 && (
        <div className="roster-filters" role="group" aria-label={t('roster.filters')}>
          {filters.map((f) => (
            <button
              key={f}
              type="button"
              className={`chip${filter === f ? ' on' : ''}`}
              aria-pressed={filter === f}
              disabled={counts[f] === 0 && filter !== f}
              onClick={() => props.onFilter(filter === f ? null : f)}
              data-testid="roster-filter"
              data-filter={f}
              data-count={counts[f]}
            >
              {t(`roster.filter.${f}`)} <span className="count">{counts[f]}</span>
            </button>
          ))}
        </div>
      )}
      <div className="roster-finder-status">
        <span className="small muted" role="status" aria-live="polite" data-testid="roster-matches" data-count={searching ? matches : undefined}>
          {searching ? (matches === 0 ? t('roster.noMatch') : t('roster.matches', { count: matches })) : ''}
        </span>
        {props.units > 1 && (
          <button type="button" className="link-button small" onClick={() => props.onCollapseAll(!props.allCollapsed)} data-testid="roster-collapse-all" aria-controls={props.listId}>
            {props.allCollapsed ? t('roster.expandAll') : t('roster.collapseAll')}
          </button>
        )}
      </div>
    </div>
  );
}
