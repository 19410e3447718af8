import { useEffect, useRef } from 'react';
import type { ParticipantView } from '../../../shared/protocol';
import { CameraOffIcon, MicOffIcon } from '../components/icons';
import { t } from '../i18n';
import { initials } from './roster';

export interface TileProps {
  participant: ParticipantView;
  stream: MediaStream | null;
  isSelf: boolean;
  /** Changes when the user asks for sound after the browser refused to autoplay it. */
  soundUnlock: number;
  onAutoplayBlocked(): void;
}

/** One participant's frame: video (which also plays their audio), name and unit, microphone/camera-off marks. */
export function ParticipantTile({ participant, stream, isSelf, soundUnlock, onAutoplayBlocked }: TileProps) {
  const video = useRef<HTMLVideoElement>(null);

  useEffect(() => {
    const element = video.current;
    if (!element) return;
    element.muted = isSelf; // never hear yourself
    if (element.srcObject !== stream) element.srcObject = stream;
    if (!stream) return;
    element.play().catch((error: unknown) => {
      if (isSelf || !(error instanceof DOMException) || error.name !== 'NotAllowedError') return;
      // Autoplay with sound refused: play muted now, let the user switch the sound on.
      element.muted = true;
      void element.play().catch(() => undefined);
      onAutoplayBlocked();
    });
  }, [stream, isSelf, onAutoplayBlocked]);

  useEffect(() => {
    const element = video.current;
    if (!element || isSelf || soundUnlock === 0) return;
    element.muted = false;
    void element.play().catch(() => undefined);
  }, [soundUnlock, isSelf]);

  const showsVideo = participant.video && (stream?.getVideoTracks().length ?? 0) > 0;
  return (
    <figure
      className={`tile${isSelf ? ' self' : ''}${participant.isChair ? ' chair' : ''}`}
      data-testid="tile"
      data-participant-id={participant.id}
      data-name={participant.name}
      data-self={isSelf ? 'true' : undefined}
      data-audio={participant.audio ? 'on' : 'off'}
      data-video={participant.video ? 'on' : 'off'}
    >
      {/* Kept mounted with the camera off: the same element plays the audio. */}
      <video ref={video} autoPlay playsInline className={showsVideo ? undefined : 'hidden'} />
      {!showsVideo && (
        <div className="avatar" aria-hidden="true">
          {initials(participant.name)}
        </div>
      )}
      <figcaption className="tile-label">
        <span className="tile-name">
          {participant.name}
          {isSelf && <span className="muted"> ({t('room.you')})</span>}
        </span>
        <span className="tile-unit">{participant.unit}</span>
        <span className="tile-icons">
          {!participant.audio && (
            <span title={t('room.micOff')} aria-label={t('room.micOff')} role="img" data-testid="tile-mic-off">
              <MicOffIcon />
            </span>
          )}
          {!participant.video && (
            <span title={t('room.cameraOff')} aria-label={t('room.cameraOff')} role="img" data-testid="tile-camera-off">
              <CameraOffIcon />
            </span>
          )}
        </span>
      </figcaption>
    </figure>
  );
}
