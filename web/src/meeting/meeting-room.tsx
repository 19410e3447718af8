/** Step 5: the meeting room — tiles, roster, controls, banners and toasts. */
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore, type CSSProperties } from 'react';
import { CameraIcon, CameraOffIcon, LeaveIcon, MicIcon, MicOffIcon, PeopleIcon, StopIcon } from '../components/icons';
import type { ErrorId } from '../../../shared/errors';
import { t } from '../i18n';
import type { DeviceChoice } from './local-media';
import { MeetingController, type RoomSnapshot } from './meeting-controller';
import { ParticipantTile } from './participant-tile';
import { RoomEnded } from './room-ended';
import { forgetEntry, rememberEntry } from './re-entry';
import { RosterPanel } from './roster-panel';
import { orderRoster } from './roster';

interface MeetingRoomProps {
  slug: string;
  password: string;
  devices: DeviceChoice;
  onRejoin(): void;
  /** The server refused the join; return true when the page handles it (the room then shows nothing). */
  onRefused?(errorId: ErrorId): boolean;
}

function useController(props: Pick<MeetingRoomProps, 'slug' | 'password' | 'devices'>): MeetingController | null {
  const [controller, setController] = useState<MeetingController | null>(null);
  const { slug, password, devices } = props;
  useEffect(() => {
    const created = new MeetingController({ slug, password, devices });
    setController(created);
    created.start();
    const leaveOnPageHide = () => created.dispose();
    window.addEventListener('pagehide', leaveOnPageHide);
    return () => {
      window.removeEventListener('pagehide', leaveOnPageHide);
      created.dispose();
    };
  }, [slug, password, devices]);
  return controller;
}

const noSubscription = () => () => undefined;

/** Columns and rows of the tile grid: on a wide screen up to 4 columns, on a phone 1 or 2. */
function gridShape(count: number): CSSProperties {
  const n = Math.max(count, 1);
  const colsWide = n <= 1 ? 1 : n <= 4 ? 2 : n <= 9 ? 3 : 4;
  const colsNarrow = n <= 2 ? 1 : 2;
  return {
    ['--cols-wide' as string]: colsWide,
    ['--rows-wide' as string]: Math.ceil(n / colsWide),
    ['--cols-narrow' as string]: colsNarrow,
  };
}

export function MeetingRoom(props: MeetingRoomProps) {
  const controller = useController(props);
  const snapshot = useSyncExternalStore(controller?.subscribe ?? noSubscription, () => controller?.getSnapshot() ?? null);
  const { slug, devices, onRefused } = props;
  const signaling = snapshot?.signaling;
  const closeCause = snapshot?.closeCause;
  const [handedOver, setHandedOver] = useState(false);
  useEffect(() => {
    // In the room: a reload of this tab comes straight back. Ended, replaced or refused: through the steps again.
    // (A local close is either the Leave button, which forgets by itself, or the page going away for a reload.)
    if (signaling === 'joined') rememberEntry(slug, devices);
    if (closeCause && closeCause.kind !== 'local') {
      forgetEntry(slug);
      if (closeCause.kind === 'refused' && onRefused?.(closeCause.errorId)) setHandedOver(true);
    }
  }, [signaling, closeCause, slug, devices, onRefused]);
  if (!controller || !snapshot || handedOver) return null;
  if (snapshot.signaling === 'closed' && snapshot.closeCause) {
    return <RoomEnded cause={snapshot.closeCause} slug={props.slug} onRejoin={props.onRejoin} />;
  }
  return <Room controller={controller} snapshot={snapshot} />;
}

function Room({ controller, snapshot }: { controller: MeetingController; snapshot: RoomSnapshot }) {
  const [rosterOpen, setRosterOpen] = useState(false);
  const [soundBlocked, setSoundBlocked] = useState(false);
  const [soundUnlock, setSoundUnlock] = useState(0);
  const onAutoplayBlocked = useCallback(() => setSoundBlocked(true), []);

  const roster = useMemo(() => orderRoster(snapshot.roster), [snapshot.roster]);
  const self = roster.find((p) => p.id === snapshot.participantId);
  const isChair = self?.isChair === true;
  const joined = snapshot.signaling === 'joined';
  const hasAudio = (snapshot.localStream?.getAudioTracks().length ?? 0) > 0;
  const hasVideo = (snapshot.localStream?.getVideoTracks().length ?? 0) > 0;
  const micOn = snapshot.audioOn && hasAudio;
  const cameraOn = snapshot.videoOn && hasVideo;

  return (
    <div className="room" data-testid="meeting-room" data-state={snapshot.signaling}>
      <div className="room-title">
        <h1>{snapshot.meeting?.title ?? ''}</h1>
      </div>
      {snapshot.signaling === 'connecting' && <p className="banner info">{t('room.connecting')}</p>}
      {snapshot.signaling === 'reconnecting' && (
        <p className="banner warning" role="status" data-testid="reconnect-banner">
          {t('room.reconnecting')}
        </p>
      )}
      {snapshot.media === 'unavailable' && (
        <p className="banner warning" role="status" data-testid="media-banner">
          {t('room.mediaUnavailable')}
        </p>
      )}
      {snapshot.localMediaProblem && (
        <p className="banner info" data-testid="local-media-problem">
          {t(snapshot.localMediaProblem)} {t('room.noMedia')}
        </p>
      )}
      {soundBlocked && (
        <button
          type="button"
          className="banner-button"
          onClick={() => {
            setSoundBlocked(false);
            setSoundUnlock((n) => n + 1);
          }}
        >
          {t('room.enableSound')}
        </button>
      )}

      <div className="room-body">
        <div className="tile-grid" style={gridShape(roster.length)}>
          {roster.map((participant) => {
            const isSelf = participant.id === snapshot.participantId;
            return (
              <ParticipantTile
                key={participant.id}
                participant={isSelf ? { ...participant, audio: micOn, video: cameraOn } : participant}
                stream={isSelf ? snapshot.localStream : (snapshot.remoteStreams.get(participant.id) ?? null)}
                isSelf={isSelf}
                soundUnlock={soundUnlock}
                onAutoplayBlocked={onAutoplayBlocked}
              />
            );
          })}
        </div>
        <RosterPanel roster={roster} selfId={snapshot.participantId} open={rosterOpen} />
      </div>

      <div className="room-controls" role="toolbar">
        <button
          type="button"
          className={micOn ? 'control' : 'control off'}
          aria-pressed={micOn}
          disabled={!hasAudio}
          onClick={() => controller.toggleMicrophone()}
          data-testid="toggle-mic"
          data-on={micOn ? 'true' : 'false'}
        >
          {micOn ? <MicIcon /> : <MicOffIcon />}
          <span>{micOn ? t('room.turnMicOff') : t('room.turnMicOn')}</span>
        </button>
        <button
          type="button"
          className={cameraOn ? 'control' : 'control off'}
          aria-pressed={cameraOn}
          disabled={!hasVideo}
          onClick={() => controller.toggleCamera()}
          data-testid="toggle-camera"
          data-on={cameraOn ? 'true' : 'false'}
        >
          {cameraOn ? <CameraIcon /> : <CameraOffIcon />}
          <span>{cameraOn ? t('room.turnCameraOff') : t('room.turnCameraOn')}</span>
        </button>
        <button
          type="button"
          className="control roster-toggle"
          aria-expanded={rosterOpen}
          onClick={() => setRosterOpen((open) => !open)}
          data-testid="toggle-roster"
        >
          <PeopleIcon />
          <span>{t('room.showRoster')}</span>
        </button>
        <button type="button" className="control leave" onClick={() => controller.leave()} data-testid="leave-button">
          <LeaveIcon />
          <span>{t('room.leave')}</span>
        </button>
        {isChair && (
          <button
            type="button"
            className="control danger"
            disabled={!joined}
            onClick={() => {
              // The browser's own confirmation: modal on every device, and it cannot be clicked through by accident.
              if (window.confirm(`${t('room.endConfirmTitle')}\n\n${t('room.endConfirmText')}`)) controller.endMeeting();
            }}
            data-testid="end-meeting-button"
          >
            <StopIcon />
            <span>{t('room.endMeeting')}</span>
          </button>
        )}
      </div>

      <div className="toasts" aria-live="assertive">
        {snapshot.toasts.map((toast) => (
          <div key={toast.key} className="toast" role="alert" data-testid="error-message" data-error-id={toast.errorId}>
            <span>{t(toast.errorId)}</span>
            <button type="button" className="link-button" aria-label={t('common.close')} onClick={() => controller.dismissToast(toast.key)}>
              ×
            </button>
          </div>
        ))}
      </div>
    </div>
  );
}
