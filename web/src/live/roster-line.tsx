/**
 * One line of the roster (R3.2): endpoint, name with title, unit, role; marks for microphone, camera, speaking,
 * presenting, a lost connection, a request to speak (with its place in the queue) and a missing identity; and the
 * controls the viewer's role allows: give the floor, mute, allow presenting, remove with a reason, answer a
 * request to leave early. Re-rendered only when what it shows changes (a roster of a thousand re-renders often).
 */
import { memo, useState } from 'react';
import type { ClientMessage, MeetingStateView, ParticipantView } from '../../../shared/protocol';
import { CameraOffIcon, MicOffIcon } from '../components/icons';
import { t } from '../i18n';
import { HandIcon, ScreenIcon, SpeakerIcon, WarningIcon } from './room-icons';
import { endpointLine, nameWithTitle } from './roster';
import { sameLineProps, type LineProps } from './virtual-list';

export interface RosterLineProps {
  p: ParticipantView;
  isSelf: boolean;
  may: MeetingStateView['you']['may'] | undefined;
  isChairViewer: boolean;
  speaking: boolean;
  allowedToPresent: boolean;
  /** Place of the participant's request to speak in the queue (1 = next), shown to those who control the floor. */
  queuePlace: number | null;
  grantSeconds: number;
  send(message: ClientMessage): void;
  line: LineProps;
}

function RosterLineView({ p, isSelf, may, isChairViewer, speaking, allowedToPresent, queuePlace, grantSeconds, send, line }: RosterLineProps) {
  const [removing, setRemoving] = useState(false);
  const [reason, setReason] = useState('');
  const heard = p.audible && p.audio;
  const endpoint = endpointLine(p);

  return (
    <li
      {...line}
      className="roster-item"
      data-testid="roster-item"
      data-participant-id={p.id}
      data-role={p.role}
      data-audible={p.audible ? 'true' : 'false'}
      data-identity-incomplete={p.identityIncomplete ? 'true' : 'false'}
      data-leave-requested={p.leaveRequested !== null ? 'true' : 'false'}
      data-connection={p.connection}
      data-queue-place={queuePlace ?? undefined}
    >
      <div className="roster-line">
        <div className="roster-person">
          {endpoint && <div className="small roster-endpoint">{endpoint}</div>}
          <span className="strong">{nameWithTitle(p)}</span>
          {isSelf && <span className="muted"> ({t('room.you')})</span>}
          {p.connection === 'lost' && (
            <span className="badge lost" data-testid="connection-lost">
              {t('room.connectionLost')}
            </span>
          )}
          {p.isChair && (
            <span className="badge chair" data-testid="chair-marker">
              {t('room.chair')}
            </span>
          )}
          {!p.isChair && p.role !== 'delegate' && <span className="badge role">{t(`room.role.${p.role}`)}</span>}
          {queuePlace !== null && (
            <span className="badge asking" data-testid="queue-place" title={t('roster.asking', { place: queuePlace })}>
              <HandIcon /> {t('roster.askingShort', { place: queuePlace })}
            </span>
          )}
          <div className="small muted">{p.unit || t('room.unitMissing')}</div>
          {p.role === 'endpoint' && <div className="small">{p.attendees ? t('room.attendeesShort', { names: p.attendees }) : t('room.attendeesMissing')}</div>}
          {may?.moderate && p.identityIncomplete && (
            <div className="flag" data-testid="identity-flag">
              <WarningIcon /> {t('room.identityIncomplete')}
            </div>
          )}
        </div>
        <span className="roster-icons">
          {speaking && (
            <span className="ok" title={t('room.speaking')} aria-label={t('room.speaking')} role="img">
              <SpeakerIcon />
            </span>
          )}
          {p.sharingScreen && (
            <span className="ok" title={t('room.presenting')} aria-label={t('room.presenting')} role="img">
              <ScreenIcon />
            </span>
          )}
          {!heard && (
            <span title={p.audible ? t('room.micOff') : t('room.micClosed')} aria-label={p.audible ? t('room.micOff') : t('room.micClosed')} role="img">
              <MicOffIcon />
            </span>
          )}
          {!p.video && (
            <span title={t('room.cameraOff')} aria-label={t('room.cameraOff')} role="img">
              <CameraOffIcon />
            </span>
          )}
        </span>
      </div>

      {p.leaveRequested !== null && isChairViewer && (
        <div className="leave-request" data-testid="leave-request">
          <span>{t('room.leaveRequested', { reason: p.leaveRequested })}</span>
          <span className="line-actions">
            <button type="button" className="small" onClick={() => send({ type: 'consent_leave', participantId: p.id, consent: true })} data-testid="consent-leave">
              {t('room.consentLeave')}
            </button>
            <button type="button" className="small secondary" onClick={() => send({ type: 'consent_leave', participantId: p.id, consent: false })} data-testid="refuse-leave">
              {t('room.refuseLeave')}
            </button>
          </span>
        </div>
      )}

      {removing ? (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            send({ type: 'remove', participantId: p.id, reason: reason.trim() });
            setRemoving(false);
          }}
        >
          <label>
            {t('room.removeReason')}
            <input value={reason} maxLength={300} autoFocus onChange={(e) => setReason(e.target.value)} data-testid="remove-reason" />
          </label>
          <div className="line-actions">
            <button type="submit" className="small danger" data-testid="remove-confirm">
              {t('room.removeConfirm')}
            </button>
            <button type="button" className="small secondary" onClick={() => setRemoving(false)} data-testid="remove-cancel">
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : (
        !isSelf &&
        (may?.moderate || may?.controlFloor) && (
          <div className="line-actions" aria-label={t('roster.actionsFor', { name: p.name })} role="group">
            {may.controlFloor && !speaking && (
              <button type="button" className="small" onClick={() => send({ type: 'grant_floor', participantId: p.id, seconds: grantSeconds })} data-testid="give-floor">
                {t('floor.give')}
              </button>
            )}
            {may.moderate && p.audible && (
              <button type="button" className="small secondary" onClick={() => send({ type: 'mute', participantId: p.id })} data-testid="mute-participant">
                {t('room.mute')}
              </button>
            )}
            {may.controlFloor && !p.isChair && (
              <button
                type="button"
                className="small secondary"
                aria-pressed={allowedToPresent}
                onClick={() => send({ type: 'allow_presentation', participantId: p.id, allowed: !allowedToPresent })}
                data-testid="allow-present"
                data-allowed={allowedToPresent ? 'true' : 'false'}
              >
                {allowedToPresent ? t('room.disallowPresent') : t('room.allowPresent')}
              </button>
            )}
            {may.moderate && !p.isChair && (
              <button type="button" className="small danger" onClick={() => setRemoving(true)} data-testid="remove-participant">
                {t('room.remove')}
              </button>
            )}
          </div>
        )
      )}
    </li>
  );
}

export const RosterLine = memo(RosterLineView, (a, b) => {
  for (const key of Object.keys(a) as (keyof RosterLineProps)[]) {
    if (key === 'line' ? !sameLineProps(a.line, b.line) : a[key] !== b[key]) return false;
  }
  return true;
});
