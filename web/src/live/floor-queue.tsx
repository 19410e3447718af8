/**
 * The queue of speaking requests (R3.4): in order, numbered for those who control the floor, with grant and
 * withdraw. A long queue (a meeting of a thousand) gets a search box — by speaker, topic, or the name, unit and
 * room of who asked, without diacritics — and renders only the requests in view.
 */
import { useMemo, useState } from 'react';
import type { ClientMessage, ParticipantView, SpeakingRequestView } from '../../../shared/protocol';
import { t } from '../i18n';
import { ListSearch, SEARCH_FROM } from './list-search';
import { timeOfDay } from './roster';
import { findRequests } from './roster-search';
import { VirtualList, type LineProps } from './virtual-list';

export interface FloorQueueProps {
  queue: readonly SpeakingRequestView[];
  roster: readonly ParticipantView[];
  controlFloor: boolean;
  /** Time limit of a grant, in seconds. */
  seconds: number;
  send(message: ClientMessage): void;
}

const requestKey = (r: SpeakingRequestView) => r.id;
const estimate = (r: SpeakingRequestView) => (r.topic ? 78 : 58);

export function FloorQueue({ queue, roster, controlFloor, seconds, send }: FloorQueueProps) {
  const [query, setQuery] = useState('');
  const byId = useMemo(() => new Map(roster.map((p) => [p.id, p])), [roster]);
  const places = useMemo(() => new Map(queue.map((r, index) => [r.id, index + 1])), [queue]);
  const withSearch = controlFloor && queue.length > SEARCH_FROM;
  const shown = useMemo(() => (withSearch && query.trim() ? findRequests(queue, query, byId) : queue), [withSearch, query, queue, byId]);

  const renderLine = (r: SpeakingRequestView, _index: number, line: LineProps) => (
    <li {...line} data-testid="floor-queue-item" data-request-id={r.id} data-participant-id={r.participantId} data-speaker={r.speaker}>
      <div>
        {controlFloor && <span className="queue-number">{places.get(r.id)}. </span>}
        <span className="strong">{r.speaker}</span>
        <span className="muted small"> · {timeOfDay(r.requestedAt)}</span>
        {r.topic && <div className="small">{t('floor.topicShown', { topic: r.topic })}</div>}
      </div>
      <div className="line-actions">
        {controlFloor && (
          <button type="button" className="small" onClick={() => send({ type: 'grant_floor', requestId: r.id, seconds })} data-testid="grant-floor">
            {t('floor.grant')}
          </button>
        )}
        <button type="button" className="small secondary" onClick={() => send({ type: 'withdraw_floor', requestId: r.id })} data-testid="withdraw-floor">
          {t('floor.withdraw')}
        </button>
      </div>
    </li>
  );

  return (
    <>
      {withSearch && (
        <ListSearch value={query} onChange={setQuery} placeholder="floor.searchQueue" label="floor.searchQueueLabel" shown={shown.length} total={queue.length} testId="floor-queue-search" />
      )}
      <VirtualList
        items={shown}
        itemKey={requestKey}
        estimateSize={estimate}
        renderLine={renderLine}
        as="ol"
        className="floor-queue"
        scrollClassName="vlist-scroll floor-queue-scroll"
        label={t('floor.queueTitle', { count: queue.length })}
      />
    </>
  );
}
