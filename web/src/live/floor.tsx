/**
 * The floor (R3.4, R3.5): who speaks and for how long (for everyone), registering to speak, and for those who
 * control the floor the ordered queue with grant, withdraw, extend and revoke.
 */
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { ClientMessage, FloorView, MeetingStateView, ParticipantView } from '../../../shared/protocol';
import { getLocale, t } from '../i18n';
import { WarningIcon } from './room-icons';
import { FloorQueue } from './floor-queue';
import { nameWithTitle } from './roster';

/** The grant time limits the server accepts (shared/protocol.ts `seconds`). */
export const MIN_GRANT_SECONDS = 10;
export const MAX_GRANT_SECONDS = 3600;
/** Extensions offered to the chair. */
export const EXTENSIONS_SECONDS = [60, 180] as const;

/** `m:ss` of a number of seconds. */
export function formatCountdown(totalSeconds: number): string {
  const s = Math.max(0, Math.ceil(totalSeconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** Seconds left of a turn and whether the warning shows, on this clock (`offsetMs`: server clock → ours). */
export function floorTiming(floor: Pick<FloorView, 'endsAt' | 'warnAt'>, nowMs: number, offsetMs: number): { secondsLeft: number; warning: boolean } {
  const endsAt = Date.parse(floor.endsAt) + offsetMs;
  const warnAt = Date.parse(floor.warnAt) + offsetMs;
  return { secondsLeft: Math.max(0, Math.ceil((endsAt - nowMs) / 1000)), warning: nowMs >= warnAt };
}

/** The current time, renewed every `intervalMs` while `active`. */
function useNow(active: boolean, intervalMs = 250): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [active, intervalMs]);
  return now;
}

type Send = (message: ClientMessage) => void;

/** Who holds the floor and the time left, for everyone; extend and revoke for those who control the floor. */
export function FloorBanner({ floor, offsetMs, controls, selfId, send }: { floor: FloorView | null; offsetMs: number; controls: boolean; selfId: string | null; send: Send }) {
  const now = useNow(floor !== null);
  if (!floor) return null;
  const { secondsLeft, warning } = floorTiming(floor, now, offsetMs);
  const mine = floor.participantId === selfId;
  return (
    <div className={`floor-banner${warning ? ' warning' : ''}${mine ? ' mine' : ''}`} role="status" data-testid="floor-banner">
      <span className="floor-holder" data-testid="floor-holder" data-participant-id={floor.participantId} data-grant-id={floor.grantId}>
        {mine ? t('floor.youHoldIt') : t('floor.holder', { name: floor.speaker })}
      </span>
      <span className="floor-countdown" data-testid="floor-countdown" data-seconds-left={secondsLeft} aria-label={t('floor.timeLeft', { time: formatCountdown(secondsLeft) })}>
        {formatCountdown(secondsLeft)}
      </span>
      {warning && (
        <span className="floor-warning" data-testid="floor-warning" role="alert">
          <WarningIcon /> {t('floor.endingSoon')}
        </span>
      )}
      {controls && (
        <span className="floor-actions">
          {EXTENSIONS_SECONDS.map((seconds) => (
            <button key={seconds} type="button" className="small secondary" onClick={() => send({ type: 'extend_floor', grantId: floor.grantId, seconds })} data-testid="extend-floor" data-seconds={seconds}>
              {t('floor.extend', { minutes: seconds / 60 })}
            </button>
          ))}
          <button type="button" className="small danger" onClick={() => send({ type: 'revoke_floor', grantId: floor.grantId })} data-testid="revoke-floor">
            {t('floor.revoke')}
          </button>
        </span>
      )}
    </div>
  );
}

export interface FloorPanelProps {
  state: MeetingStateView;
  roster: readonly ParticipantView[];
  selfId: string | null;
  /** The time limit of the next grant, in seconds (the meeting's default unless changed). */
  grantSeconds: number;
  onGrantSeconds(seconds: number): void;
  send: Send;
}

export function clampGrantSeconds(value: number): number {
  return Math.min(MAX_GRANT_SECONDS, Math.max(MIN_GRANT_SECONDS, Math.round(value)));
}

/** Registering to speak (with a topic; on someone's behalf for a room), one's own requests, and the chair's queue. */
export function FloorPanel({ state, roster, selfId, grantSeconds, onGrantSeconds, send }: FloorPanelProps) {
  const may = state.you.may;
  const [topic, setTopic] = useState('');
  const [onBehalfOf, setOnBehalfOf] = useState('');
  const [giveTo, setGiveTo] = useState('');
  // An endpoint's technician speaks for someone in the room, never for themselves (D16.2e).
  const behalfRequired = may.requestOnBehalf && !may.requestFloor;
  // One open request per speaker: a delegate who has asked waits (a room may still ask for its other people).
  const alreadyAsked = !may.requestOnBehalf && state.queue.some((r) => r.participantId === selfId);
  const canRequest = (may.requestFloor || may.requestOnBehalf) && !alreadyAsked;

  const request = (event: FormEvent) => {
    event.preventDefault();
    const behalf = onBehalfOf.trim();
    if (behalfRequired && !behalf) return;
    send({ type: 'request_floor', topic: topic.trim(), ...(may.requestOnBehalf && behalf ? { onBehalfOf: behalf } : {}) });
    setTopic('');
    setOnBehalfOf('');
  };
  const seconds = clampGrantSeconds(grantSeconds || MIN_GRANT_SECONDS);
  const holderId = state.floor?.participantId ?? null;
  const locale = getLocale();
  // A thousand options: built again only when the roster or the floor holder changes, not on every state change.
  const personOptions = useMemo(
    () =>
      roster
        .filter((p) => p.id !== holderId)
        .map((p) => (
          <option key={p.id} value={p.id}>
            {nameWithTitle(p)}
            {p.id === selfId ? ` (${t('room.you')})` : ''} — {p.unit}
          </option>
        )),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the locale changes the "(you)" text
    [roster, holderId, selfId, locale],
  );

  return (
    <section className="panel-section floor-panel" data-testid="floor-panel">
      {canRequest && (
        <form className="floor-request" onSubmit={request}>
          <h3>{t('floor.requestTitle')}</h3>
          {may.requestOnBehalf && (
            <label>
              {behalfRequired ? t('floor.onBehalfOfRequired') : t('floor.onBehalfOf')}
              <input value={onBehalfOf} maxLength={120} required={behalfRequired} onChange={(e) => setOnBehalfOf(e.target.value)} placeholder={t('floor.onBehalfOfPlaceholder')} data-testid="floor-on-behalf" />
            </label>
          )}
          <label>
            {t('floor.topic')}
            <input value={topic} maxLength={300} onChange={(e) => setTopic(e.target.value)} placeholder={t('floor.topicPlaceholder')} data-testid="floor-topic" />
          </label>
          <button type="submit" data-testid="request-floor">
            {t('floor.request')}
          </button>
        </form>
      )}

      {alreadyAsked && (
        <p className="small" role="status" data-testid="floor-requested">
          {t('floor.requested')}
        </p>
      )}

      {may.controlFloor && (
        <label className="grant-seconds">
          {t('floor.grantSeconds')}
          <span className="prefixed">
            <input
              type="number"
              min={MIN_GRANT_SECONDS}
              max={MAX_GRANT_SECONDS}
              step={10}
              value={grantSeconds || ''}
              onChange={(e) => onGrantSeconds(Number(e.target.value))}
              data-testid="grant-seconds"
            />
            <span className="muted nowrap">= {formatCountdown(seconds)}</span>
          </span>
        </label>
      )}

      {(may.controlFloor || may.requestFloor || may.requestOnBehalf) && (
        <h3>{may.controlFloor ? t('floor.queueTitle', { count: state.queue.length }) : t('floor.myRequests')}</h3>
      )}
      {state.queue.length === 0 ? (
        (may.controlFloor || may.requestFloor || may.requestOnBehalf) && (
          <p className="muted small" data-testid="floor-queue-empty">
            {may.controlFloor ? t('floor.queueEmpty') : t('floor.noRequest')}
          </p>
        )
      ) : (
        <FloorQueue queue={state.queue} roster={roster} controlFloor={may.controlFloor} seconds={seconds} send={send} />
      )}

      {may.controlFloor && (
        <form
          className="give-floor"
          onSubmit={(e) => {
            e.preventDefault();
            if (giveTo) send({ type: 'grant_floor', participantId: giveTo, seconds });
            setGiveTo('');
          }}
        >
          <label>
            {t('floor.giveTo')}
            <select value={giveTo} onChange={(e) => setGiveTo(e.target.value)} data-testid="give-floor-select">
              <option value="">{t('floor.choosePerson')}</option>
              {personOptions}
            </select>
          </label>
          <button type="submit" className="secondary" disabled={!giveTo} data-testid="give-floor-submit">
            {t('floor.give')}
          </button>
        </form>
      )}
    </section>
  );
}
