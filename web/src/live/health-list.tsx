/**
 * Connection health of every endpoint (R3.10), the worst first (dropped, poor, good), then by name; at a thousand
 * participants a search box by name (without diacritics) and only the rows in view rendered.
 */
import { useMemo, useState } from 'react';
import type { HealthView } from '../../../shared/protocol';
import { t } from '../i18n';
import { orderHealth } from './health-order';
import { ListSearch, SEARCH_FROM } from './list-search';
import { findItems, searchable } from './roster-search';
import { VirtualList, type LineProps } from './virtual-list';

const decimal = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });
const fmt = (n: number) => decimal.format(n);
const rowKey = (h: HealthView) => `${h.participantId}-${h.state}`;
const estimate = (h: HealthView) => (h.state === 'dropped' ? 34 : 72);

export function HealthList({ health, names }: { health: readonly HealthView[]; names: ReadonlyMap<string, string> }) {
  const [query, setQuery] = useState('');
  const ordered = useMemo(() => orderHealth(health, names), [health, names]);
  const withSearch = health.length > SEARCH_FROM;
  const shown = useMemo(
    () => (withSearch && query.trim() ? findItems(ordered, query, (h) => searchable(names.get(h.participantId))) : ordered),
    [withSearch, query, ordered, names],
  );
  if (health.length === 0) return <p className="muted small">{t('tech.healthEmpty')}</p>;
  return (
    <>
      {withSearch && <ListSearch value={query} onChange={setQuery} placeholder="tech.searchHealth" label="tech.searchHealthLabel" shown={shown.length} total={health.length} testId="health-search" />}
      <VirtualList
        items={shown}
        itemKey={rowKey}
        estimateSize={estimate}
        renderLine={(h, _index, line) => <HealthRow h={h} name={names.get(h.participantId) ?? h.participantId.slice(0, 8)} line={line} />}
        className="health-list"
        scrollClassName="vlist-scroll health-scroll"
        label={t('tech.healthTitle')}
      />
    </>
  );
}

function HealthRow({ h, name, line }: { h: HealthView; name: string; line: LineProps }) {
  return (
    <li {...line} className={`health-${h.state}`} data-testid="health-row" data-participant-id={h.participantId} data-state={h.state}>
      <div className="health-head">
        <span className="strong">{name}</span>
        <span className={`health-state ${h.state}`}>{t(`tech.state.${h.state}`)}</span>
      </div>
      {h.state !== 'dropped' && (
        <dl className="health-figures small">
          <dt>{t('tech.kbps')}</dt>
          <dd className="nowrap">
            ↑{fmt(h.sendKbps)} ↓{fmt(h.receiveKbps)}
          </dd>
          <dt>{t('tech.loss')}</dt>
          <dd>{fmt(h.lossPercent)} %</dd>
          <dt>{t('tech.jitter')}</dt>
          <dd>{fmt(h.jitterMs)} ms</dd>
          <dt>{t('tech.rtt')}</dt>
          <dd>{h.rttMs === null ? '—' : `${fmt(h.rttMs)} ms`}</dd>
        </dl>
      )}
    </li>
  );
}
