/**
 * The lobby (R3.1): the waiting screen of someone who is not on the invitation list (or was removed, or came while
 * the meeting is locked), and, for the chair and the chair's technician, the people waiting with Admit, Admit as
 * observer (technical staff, M5.3) and Refuse with a reason.
 */
import { useMemo, useState } from 'react';
import type { ClientMessage, LobbyEntryView } from '../../../shared/protocol';
import { t } from '../i18n';
import { ListSearch, SEARCH_FROM } from './list-search';
import { nameWithTitle, timeOfDay } from './roster';
import { findItems, searchable } from './roster-search';
import { VirtualList, type LineProps } from './virtual-list';

export function LobbyWaiting({ title, reason, onLeave }: { title: string; reason: LobbyEntryView['reason'] | null; onLeave(): void }) {
  return (
    <main className="page narrow">
      <section className="card lobby-waiting" data-testid="lobby-waiting" data-reason={reason ?? ''} role="status" aria-live="polite">
        {title && <p className="muted">{title}</p>}
        <h1>
          <span className="spinner" aria-hidden="true" /> {t('lobby.waiting')}
        </h1>
        {reason && <p>{t(`lobby.reason.${reason}`)}</p>}
        <p className="muted small">{t('lobby.waitingHint')}</p>
        <div className="actions">
          <button type="button" className="secondary" onClick={onLeave} data-testid="lobby-leave">
            {t('lobby.leave')}
          </button>
        </div>
      </section>
    </main>
  );
}

/**
 * People waiting to enter, shown to those who may admit as soon as someone knocks. Many at once (the start of a
 * large meeting): a search box, and only the entries in view rendered.
 */
export function LobbyPanel({ lobby, send }: { lobby: readonly LobbyEntryView[]; send(message: ClientMessage): void }) {
  const [query, setQuery] = useState('');
  const withSearch = lobby.length > SEARCH_FROM;
  const shown = useMemo(() => (withSearch && query.trim() ? findItems(lobby, query, lobbyText) : lobby), [withSearch, query, lobby]);
  if (lobby.length === 0) return null;
  return (
    <section className="lobby-panel" data-testid="lobby-panel" aria-label={t('lobby.panelTitle', { count: lobby.length })}>
      <h2>{t('lobby.panelTitle', { count: lobby.length })}</h2>
      {withSearch && <ListSearch value={query} onChange={setQuery} placeholder="lobby.search" label="lobby.searchLabel" shown={shown.length} total={lobby.length} testId="lobby-search" />}
      <VirtualList
        items={shown}
        itemKey={lobbyKey}
        estimateSize={estimateLobby}
        renderLine={(entry, _index, line) => <LobbyLine entry={entry} send={send} line={line} />}
        className="lobby-list"
        scrollClassName="vlist-scroll lobby-scroll"
        label={t('lobby.panelTitle', { count: lobby.length })}
      />
    </section>
  );
}

const lobbyKey = (entry: LobbyEntryView) => entry.lobbyId;
const estimateLobby = () => 64;
const lobbyText = (entry: LobbyEntryView) => searchable(entry.name, entry.title, entry.unit);

function LobbyLine({ entry, send, line }: { entry: LobbyEntryView; send(message: ClientMessage): void; line: LineProps }) {
  const [refusing, setRefusing] = useState(false);
  const [reason, setReason] = useState('');
  return (
    <li {...line} className="lobby-entry" data-testid="lobby-entry" data-lobby-id={entry.lobbyId} data-reason={entry.reason} data-name={entry.name}>
      <div>
        <span className="strong">{nameWithTitle(entry)}</span>
        <div className="small">{entry.unit || t('room.unitMissing')}</div>
        <div className="small muted">
          {t(`lobby.entryReason.${entry.reason}`)} · {t('lobby.since', { time: timeOfDay(entry.since) })}
        </div>
      </div>
      {refusing ? (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            send({ type: 'refuse', lobbyId: entry.lobbyId, reason: reason.trim() });
          }}
        >
          <label>
            {t('lobby.refuseReason')}
            <input value={reason} maxLength={300} autoFocus onChange={(e) => setReason(e.target.value)} data-testid="refuse-reason" />
          </label>
          <div className="line-actions">
            <button type="submit" className="small danger" data-testid="refuse-confirm">
              {t('lobby.refuseConfirm')}
            </button>
            <button type="button" className="small secondary" onClick={() => setRefusing(false)} data-testid="refuse-cancel">
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <div className="line-actions">
          <button type="button" className="small" onClick={() => send({ type: 'admit', lobbyId: entry.lobbyId, asObserver: false })} data-testid="admit-button">
            {t('lobby.admit')}
          </button>
          <button type="button" className="small secondary" onClick={() => send({ type: 'admit', lobbyId: entry.lobbyId, asObserver: true })} data-testid="admit-observer-button">
            {t('lobby.admitObserver')}
          </button>
          <button type="button" className="small danger" onClick={() => setRefusing(true)} data-testid="refuse-button">
            {t('lobby.refuse')}
          </button>
        </div>
      )}
    </li>
  );
}
