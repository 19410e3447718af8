/**
 * For those who control the floor, the speaking requests the roster search finds (by speaker, topic, or the name,
 * unit and room of who asked): found and granted in one step, without going through the queue.
 */
import type { ClientMessage, SpeakingRequestView } from '../../../shared/protocol';
import { t } from '../i18n';
import { HandIcon } from './room-icons';
import { timeOfDay } from './roster';

/** At most this many found requests are listed; the floor panel has the whole queue. */
export const REQUEST_MATCHES_SHOWN = 5;

export function RequestMatches({ found, places, grantSeconds, send }: { found: readonly SpeakingRequestView[]; places: ReadonlyMap<string, number>; grantSeconds: number; send(message: ClientMessage): void }) {
  if (found.length === 0) return null;
  return (
    <section className="request-matches" aria-label={t('roster.requestsFound', { count: found.length })} data-testid="request-matches">
      <h4>
        <HandIcon /> {t('roster.requestsFound', { count: found.length })}
      </h4>
      <ul>
        {found.slice(0, REQUEST_MATCHES_SHOWN).map((r) => (
          <li key={r.id} data-testid="request-match" data-request-id={r.id} data-participant-id={r.participantId}>
            <span>
              <span className="queue-number">{places.get(r.id) ?? ''}. </span>
              <span className="strong">{r.speaker}</span>
              <span className="muted small"> · {timeOfDay(r.requestedAt)}</span>
              {r.topic && <span className="small"> — {r.topic}</span>}
            </span>
            <button type="button" className="small" onClick={() => send({ type: 'grant_floor', requestId: r.id, seconds: grantSeconds })} data-testid="grant-request">
              {t('floor.grant')}
            </button>
          </li>
        ))}
      </ul>
      {found.length > REQUEST_MATCHES_SHOWN && <p className="small muted">{t('roster.requestsMore', { count: found.length - REQUEST_MATCHES_SHOWN })}</p>}
    </section>
  );
}
