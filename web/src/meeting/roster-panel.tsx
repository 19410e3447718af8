/**
 * Everyone in the meeting (R3.2): endpoint, name with title, unit, role, the people present in a room; marks for
 * microphone, camera, speaking, presenting and a missing identity; and per line the controls the viewer's role
 * allows: mute, remove with a reason, give the floor, allow presenting, answer a request to leave early.
 */
import { useEffect, useState } from 'react';
import type { ClientMessage, MeetingStateView, ParticipantView } from '../../../shared/protocol';
import { CameraOffIcon, MicOffIcon } from '../components/icons';
import { t } from '../i18n';
import { ScreenIcon, SpeakerIcon, WarningIcon } from './room-icons';
import { endpointLine, nameWithTitle } from './roster';

export interface RosterPanelProps {
  roster: ParticipantView[];
  selfId: string | null;
  state: MeetingStateView | null;
  /** Time limit for "give the floor", in seconds. */
  grantSeconds: number;
  send(message: ClientMessage): void;
}

export function RosterPanel({ roster, selfId, state, grantSeconds, send }: RosterPanelProps) {
  const self = roster.find((p) => p.id === selfId);
  return (
    <section className="panel-section" data-testid="roster" aria-label={t('room.roster', { count: roster.length })}>
      {state?.you.role === 'endpoint' && self && <AttendeesForm current={self.attendees} send={send} />}
      <h3>{t('room.roster', { count: roster.length })}</h3>
      <ul className="roster-list">
        {roster.map((p) => (
          <RosterLine key={p.id} p={p} isSelf={p.id === selfId} state={state} grantSeconds={grantSeconds} send={send} />
        ))}
      </ul>
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

function RosterLine({ p, isSelf, state, grantSeconds, send }: { p: ParticipantView; isSelf: boolean; state: MeetingStateView | null; grantSeconds: number; send(message: ClientMessage): void }) {
  const [removing, setRemoving] = useState(false);
  const [reason, setReason] = useState('');
  const may = state?.you.may;
  const isChairViewer = state?.you.role === 'chair';
  const speaking = state?.floor?.participantId === p.id;
  const heard = p.audible && p.audio;
  const endpoint = endpointLine(p);
  const allowedToPresent = state?.presenters.includes(p.id) ?? false;

  return (
    <li
      data-testid="roster-item"
      data-participant-id={p.id}
      data-role={p.role}
      data-audible={p.audible ? 'true' : 'false'}
      data-identity-incomplete={p.identityIncomplete ? 'true' : 'false'}
      data-leave-requested={p.leaveRequested !== null ? 'true' : 'false'}
      data-connection={p.connection}
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
          <div className="line-actions">
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
