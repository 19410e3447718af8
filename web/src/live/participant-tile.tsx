import { memo, useEffect, useRef } from 'react';
import type { ParticipantView } from '../../../shared/protocol';
import { CameraOffIcon, MicOffIcon } from '../components/icons';
import { t } from '../i18n';
import { PinIcon, ScreenIcon, SpeakerIcon, WarningIcon } from './room-icons';
import { endpointLine, initials, nameWithTitle } from './roster';

/** Where a frame sits in the layout (R3.8). */
export type FramePlace = 'large' | 'small' | 'grid';

export interface TileProps {
  participant: ParticipantView;
  stream: MediaStream | null;
  isSelf: boolean;
  place: FramePlace;
  /** Holds the floor now. */
  speaking: boolean;
  /** Show the missing-identity flag (to those who run the meeting, R3.2). */
  showIdentityFlag: boolean;
  /** Pinned to the main frame by the layout; `onTogglePin` is given to those who may arrange the layout. */
  pinned: boolean;
  onTogglePin?(participantId: string): void;
  /** Changes when the user asks for sound after the browser refused to autoplay it. */
  soundUnlock: number;
  onAutoplayBlocked(): void;
}

/** Attaches a stream to a video element and plays it; reports a refused autoplay with sound. */
function useVideo(stream: MediaStream | null, muted: boolean, soundUnlock: number, onAutoplayBlocked?: () => void) {
  const video = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const element = video.current;
    if (!element) return;
    element.muted = muted; // never hear yourself; screens carry no sound
    if (element.srcObject !== stream) element.srcObject = stream;
    if (!stream) return;
    element.play().catch((error: unknown) => {
      if (muted || !(error instanceof DOMException) || error.name !== 'NotAllowedError') return;
      // Autoplay with sound refused: play muted now, let the user switch the sound on.
      element.muted = true;
      void element.play().catch(() => undefined);
      onAutoplayBlocked?.();
    });
  }, [stream, muted, onAutoplayBlocked]);

  useEffect(() => {
    const element = video.current;
    if (!element || muted || soundUnlock === 0) return;
    element.muted = false;
    void element.play().catch(() => undefined);
  }, [soundUnlock, muted]);
  return video;
}

/**
 * One participant's frame: video (which also plays their audio), endpoint, name with title, unit (R3.2), marks
 * for microphone closed or off, camera off, speaking, presenting, and a missing identity. Memoised: a large
 * meeting's stage re-renders often (roster and state changes, scrolling thumbnails) and most tiles stay the same.
 */
export const ParticipantTile = memo(ParticipantTileView);

function ParticipantTileView(props: TileProps) {
  const { participant: p, stream, isSelf, place, speaking, showIdentityFlag, pinned, onTogglePin, soundUnlock, onAutoplayBlocked } = props;
  const video = useVideo(stream, isSelf, soundUnlock, onAutoplayBlocked);
  const showsVideo = p.video && (stream?.getVideoTracks().length ?? 0) > 0;
  // Heard by the others: the media server lets them through and their own switch is on.
  const heard = p.audible && p.audio;
  const endpoint = endpointLine(p);
  return (
    <figure
      className={`tile frame-${place}${isSelf ? ' self' : ''}${p.isChair ? ' chair' : ''}${speaking ? ' speaking' : ''}`}
      data-testid="tile"
      data-participant-id={p.id}
      data-name={p.name}
      data-self={isSelf ? 'true' : undefined}
      data-frame={place}
      data-audio={heard ? 'on' : 'off'}
      data-audible={p.audible ? 'true' : 'false'}
      data-video={p.video ? 'on' : 'off'}
      data-pinned={pinned ? 'true' : undefined}
      data-identity-incomplete={p.identityIncomplete ? 'true' : undefined}
    >
      {/* Kept mounted with the camera off: the same element plays the audio. No stream (not subscribed), no element:
          a large meeting mounts its thumbnails as they scroll into view. */}
      {stream && <video ref={video} autoPlay playsInline className={showsVideo ? undefined : 'hidden'} />}
      {!showsVideo && (
        <div className="avatar" aria-hidden="true">
          {initials(p.name)}
        </div>
      )}
      {onTogglePin && (
        <button
          type="button"
          className={`tile-pin${pinned ? ' on' : ''}`}
          aria-pressed={pinned}
          title={pinned ? t('room.unpin') : t('room.pin')}
          aria-label={`${pinned ? t('room.unpin') : t('room.pin')}: ${p.name}`}
          onClick={() => onTogglePin(p.id)}
          data-testid="pin-tile"
          data-pinned={pinned ? 'true' : 'false'}
        >
          <PinIcon />
        </button>
      )}
      <figcaption className="tile-label">
        {endpoint && <span className="tile-endpoint">{endpoint}</span>}
        <span className="tile-name">
          {nameWithTitle(p)}
          {isSelf && <span className="muted"> ({t('room.you')})</span>}
        </span>
        <span className="tile-unit">{p.unit}</span>
        {p.attendees && <span className="tile-unit">{t('room.attendeesShort', { names: p.attendees })}</span>}
        {showIdentityFlag && p.identityIncomplete && (
          <span className="tile-flag" data-testid="identity-flag" title={t('room.identityIncomplete')}>
            <WarningIcon /> <span className="flag-text">{t('room.identityIncomplete')}</span>
          </span>
        )}
        <span className="tile-icons">
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
            <span title={p.audible ? t('room.micOff') : t('room.micClosed')} aria-label={p.audible ? t('room.micOff') : t('room.micClosed')} role="img" data-testid="tile-mic-off">
              <MicOffIcon />
            </span>
          )}
          {!p.video && (
            <span title={t('room.cameraOff')} aria-label={t('room.cameraOff')} role="img" data-testid="tile-camera-off">
              <CameraOffIcon />
            </span>
          )}
        </span>
      </figcaption>
    </figure>
  );
}

/** A shared screen (R3.11): it takes the main frame while it lasts. */
export function ScreenTile({ participant, stream, isSelf, place }: { participant: ParticipantView; stream: MediaStream | null; isSelf: boolean; place: FramePlace }) {
  const video = useVideo(stream, true, 0);
  return (
    <figure className={`tile screen-tile frame-${place}`} data-testid="screen-tile" data-participant-id={participant.id} data-self={isSelf ? 'true' : undefined} data-frame={place}>
      <video ref={video} autoPlay playsInline muted />
      {!stream && <div className="avatar small">{t('room.screenLoading')}</div>}
      <figcaption className="tile-label">
        <span className="tile-name">
          <ScreenIcon /> {t('room.screenOf', { name: participant.name })}
        </span>
      </figcaption>
    </figure>
  );
}
