/**
 * The roster's lines grouped by unit: a header per unit (its name, how many lines of how many, folds and unfolds
 * the unit) sticking to the top while its lines scroll, then the lines; only those in view are rendered once the
 * roster is long (VirtualList).
 */
import type { Ref } from 'react';
import type { ClientMessage, MeetingStateView } from '../../../shared/protocol';
import { t } from '../i18n';
import { RosterLine } from './roster-line';
import type { RosterRow } from './roster-search';
import { VirtualList, type LineProps, type VirtualListHandle } from './virtual-list';

export interface RosterListProps {
  rows: readonly RosterRow[];
  selfId: string | null;
  state: MeetingStateView | null;
  /** Place in the queue by participant id (shown to those who control the floor). */
  queuePlaces: ReadonlyMap<string, number>;
  grantSeconds: number;
  send(message: ClientMessage): void;
  onToggleUnit(unit: string): void;
  listId: string;
  label: string;
  handle: Ref<VirtualListHandle>;
}

const rowKey = (row: RosterRow) => row.key;
const isUnit = (row: RosterRow) => row.kind === 'unit';
/** First guesses: a header; a line with the chair's buttons; a line without. Real heights are measured. */
const estimate = (withActions: boolean) => (row: RosterRow) => (row.kind === 'unit' ? 34 : withActions ? 128 : 66);

export function RosterList({ rows, selfId, state, queuePlaces, grantSeconds, send, onToggleUnit, listId, label, handle }: RosterListProps) {
  const may = state?.you.may;
  const withActions = may?.moderate === true || may?.controlFloor === true;
  const floorHolder = state?.floor?.participantId ?? null;
  const presenters = state?.presenters;
  const showPlaces = may?.controlFloor === true;

  const renderLine = (row: RosterRow, _index: number, line: LineProps) => {
    if (row.kind === 'unit') return <UnitHeader row={row} line={line} onToggle={onToggleUnit} />;
    const p = row.participant;
    return (
      <RosterLine
        p={p}
        isSelf={p.id === selfId}
        may={may}
        isChairViewer={state?.you.role === 'chair'}
        speaking={floorHolder === p.id}
        allowedToPresent={presenters?.includes(p.id) ?? false}
        queuePlace={showPlaces ? (queuePlaces.get(p.id) ?? null) : null}
        grantSeconds={grantSeconds}
        send={send}
        line={line}
      />
    );
  };

  return (
    <div id={listId} className="roster-scroll-box">
      <VirtualList
        items={rows}
        itemKey={rowKey}
        estimateSize={estimate(withActions)}
        isSticky={isUnit}
        renderLine={renderLine}
        className="roster-list"
        scrollClassName="vlist-scroll roster-scroll"
        label={label}
        handle={handle}
        testId="roster-scroll"
      />
    </div>
  );
}

function UnitHeader({ row, line, onToggle }: { row: Extract<RosterRow, { kind: 'unit' }>; line: LineProps; onToggle(unit: string): void }) {
  const name = row.unit || t('room.unitMissing');
  const count = row.shown === row.total ? String(row.total) : `${row.shown}/${row.total}`;
  return (
    <li
      {...line}
      className={`roster-unit${row.collapsed ? ' collapsed' : ''}`}
      data-testid="roster-unit"
      data-unit={row.unit}
      data-count={row.shown}
      data-total={row.total}
      data-collapsed={row.collapsed ? 'true' : 'false'}
      onKeyDown={(e) => {
        if (e.target === e.currentTarget && (e.key === 'Enter' || e.key === ' ')) {
          e.preventDefault();
          onToggle(row.unit);
        }
      }}
    >
      {/* Named by what it shows (the unit and its count), so that speech control finds it by the words seen. */}
      <button type="button" tabIndex={-1} aria-expanded={!row.collapsed} onClick={() => onToggle(row.unit)}>
        <span className="chevron" aria-hidden="true">
          {row.collapsed ? '▸' : '▾'}
        </span>
        <span className="unit-name">{name}</span>{' '}
        <span className="count">
          {count}
          <span className="visually-hidden"> {t('roster.unitPeople')}</span>
        </span>
      </button>
    </li>
  );
}
