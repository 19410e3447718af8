/**
 * Step 5: the meeting room — the lobby's waiting screen, then the frames in the meeting's layout, the floor, the
 * chair's and technicians' controls as the role allows (`meeting_state.you.may`, R3.9), the side panel (people,
 * floor, chat, technical), banners and toasts. Phone first: on a narrow screen the side panel opens over the frames.
 */
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { ErrorId } from '../../../shared/errors';
import type { LayoutMode } from '../../../shared/protocol';
import { CameraIcon, CameraOffIcon, LeaveIcon, MicIcon, MicOffIcon, PeopleIcon, StopIcon } from '../components/icons';
import { t } from '../i18n';
import { ChatPanel, type ChatChannel } from './chat-panel';
import { clampGrantSeconds, FloorBanner, FloorPanel } from './floor';
import type { DeviceChoice } from './local-media';
import { LobbyPanel, LobbyWaiting } from './lobby';
import { MeetingClock } from './meeting-clock';
import { MeetingController, type RoomSnapshot, type Toast } from './meeting-controller';
import { RoomEnded } from './room-ended';
import { forgetEntry, rememberEntry } from './re-entry';
import { ChatIcon, HandIcon, LockIcon, ScreenIcon, ToolIcon } from './room-icons';
import { RosterPanel } from './roster-panel';
import { orderRoster } from './roster-groups';
import { DocumentPicker } from './document-picker';
import { Stage } from './stage';
import { TechnicalPanel } from './technical-panel';
import { EndMeetingDialog } from '../minutes/end-meeting-dialog';
import { MinutesPanel } from '../minutes/minutes-panel';
import { VotesPanel } from '../votes/votes-panel';
import './meeting.css';

/** The meeting's default speaking time until the meeting's own arrives (D10.2; the server's default too). */
const DEFAULT_SPEAKING_SECONDS = 300;

interface MeetingRoomProps {
  slug: string;
  password: string;
  devices: DeviceChoice;
  /** The meeting's default time limit of a floor grant (`MeetingView.speakingSeconds`), once loaded. */
  speakingSeconds?: number;
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
  if (snapshot.signaling === 'lobby' || (snapshot.lobbyReason && snapshot.signaling !== 'joined')) {
    return <LobbyWaiting title={snapshot.meeting?.title ?? ''} reason={snapshot.lobbyReason} onLeave={() => controller.leave()} />;
  }
  return <Room controller={controller} snapshot={snapshot} speakingSeconds={props.speakingSeconds} />;
}

type PanelName = 'roster' | 'floor' | 'chat' | 'tech' | 'minutes' | 'votes';

function Room({ controller, snapshot, speakingSeconds }: { controller: MeetingController; snapshot: RoomSnapshot; speakingSeconds?: number }) {
  const [panel, setPanel] = useState<PanelName>('roster');
  /** On a phone the side panel opens over the frames. */
  const [panelOpen, setPanelOpen] = useState(false);
  const [soundBlocked, setSoundBlocked] = useState(false);
  const [soundUnlock, setSoundUnlock] = useState(0);
  const [chatChannel, setChatChannel] = useState<ChatChannel>('meeting');
  const [ending, setEnding] = useState(false);
  const [grantSeconds, setGrantSeconds] = useState<number>(speakingSeconds ?? DEFAULT_SPEAKING_SECONDS);
  const grantEdited = useRef(false);
  const onAutoplayBlocked = useCallback(() => setSoundBlocked(true), []);
  const send = useCallback((message: Parameters<MeetingController['command']>[0]) => controller.command(message), [controller]);

  useEffect(() => {
    if (speakingSeconds && !grantEdited.current) setGrantSeconds(speakingSeconds);
  }, [speakingSeconds]);

  const roster = useMemo(() => orderRoster(snapshot.roster), [snapshot.roster]);
  const state = snapshot.state;
  const may = state?.you.may;
  const self = roster.find((p) => p.id === snapshot.participantId);
  const isChair = self?.isChair === true;
  const joined = snapshot.signaling === 'joined';
  const hasAudio = (snapshot.localStream?.getAudioTracks().length ?? 0) > 0;
  const hasVideo = (snapshot.localStream?.getVideoTracks().length ?? 0) > 0;
  // The media server decides who is heard (R3.3): our switch matters only while it lets us through.
  const audible = self?.audible ?? false;
  const micOn = snapshot.audioOn && hasAudio && audible;
  const cameraOn = snapshot.videoOn && hasVideo;
  const sharing = snapshot.screenStream !== null;
  const showsTech = may ? may.controlFloor || may.technicianChat || may.reportIncident : false;

  // Unread chat messages while the chat is not in view.
  const chatSeen = useRef(0);
  const chatInView = panel === 'chat';
  if (chatInView) chatSeen.current = snapshot.chat.length;
  const unread = snapshot.chat.length - chatSeen.current;
  // Requests to leave early wait for the chair's answer in the roster (R3.7).
  const leaveRequests = state?.you.role === 'chair' ? roster.filter((p) => p.leaveRequested !== null).length : 0;

  const openPanel = (name: PanelName) => {
    if (panel === name && panelOpen) setPanelOpen(false);
    else {
      setPanel(name);
      setPanelOpen(true);
    }
  };
  const pin = may?.layout
    ? (participantId: string | null) => send({ type: 'set_layout', mode: state!.layout.mode, pinned: participantId })
    : undefined;

  return (
    <main className="room" data-testid="meeting-room" data-state={snapshot.signaling} data-role={state?.you.role ?? ''}>
      <div className="room-top">
        <h1 className="room-heading">{snapshot.meeting?.title ?? ''}</h1>
        {snapshot.meeting && <MeetingClock startsAt={snapshot.meeting.startsAt} endsAt={snapshot.meeting.endsAt} offsetMs={snapshot.clockOffsetMs} />}
        {state?.recording && (
          <span className="recording-indicator" role="status" data-testid="recording-indicator">
            <span className="rec-dot" aria-hidden="true" /> {t('room.recording')}
          </span>
        )}
        {state?.locked && (
          <span className="locked-indicator" data-testid="locked-indicator">
            <LockIcon /> {t('room.locked')}
          </span>
        )}
        {state && may && (may.layout || may.moderate || may.record) && (
          <div className="room-tools" role="toolbar" aria-label={t('room.chairTools')}>
            {may.layout && (
              <label className="layout-picker">
                <span>{t('layout.label')}</span>
                <select
                  value={state.layout.mode}
                  onChange={(e) => send({ type: 'set_layout', mode: e.target.value as LayoutMode, pinned: state.layout.pinned })}
                  data-testid="layout-select"
                >
                  {(['main', 'grid', 'side_by_side'] as const).map((mode) => (
                    <option key={mode} value={mode}>
                      {t(`layout.${mode}`)}
                    </option>
                  ))}
                </select>
              </label>
            )}
            {may.moderate && (
              <button type="button" className="small secondary" onClick={() => send({ type: 'mute_all' })} data-testid="mute-all">
                {t('room.muteAll')}
              </button>
            )}
            {may.moderate && (
              <button
                type="button"
                className="small secondary"
                aria-pressed={state.locked}
                onClick={() => send({ type: 'lock', locked: !state.locked })}
                data-testid="lock-toggle"
                data-locked={state.locked ? 'true' : 'false'}
              >
                <LockIcon /> {state.locked ? t('room.unlock') : t('room.lock')}
              </button>
            )}
            {may.record && (
              <button
                type="button"
                className={state.recording ? 'small danger' : 'small secondary'}
                aria-pressed={state.recording}
                onClick={() => {
                  // Recording starts only once confirmed: everyone in the room is told and sees the indicator (R3.6).
                  if (state.recording || window.confirm(`${t('room.recordingConfirmTitle')}\n\n${t('room.recordingConfirmText')}`)) {
                    send({ type: 'set_recording', recording: !state.recording });
                  }
                }}
                data-testid="recording-toggle"
                data-recording={state.recording ? 'true' : 'false'}
              >
                {state.recording ? t('room.stopRecording') : t('room.startRecording')}
              </button>
            )}
          </div>
        )}
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
      {state?.you.role === 'endpoint' && self && !self.attendees.trim() && (
        <p className="banner warning" data-testid="attendees-banner">
          {t('room.attendeesNeeded')}{' '}
          <button type="button" className="link-button" onClick={() => (setPanel('roster'), setPanelOpen(true))}>
            {t('room.attendeesOpen')}
          </button>
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
      <FloorBanner floor={state?.floor ?? null} offsetMs={snapshot.clockOffsetMs} controls={may?.controlFloor === true} selfId={snapshot.participantId} send={send} />
      {may?.admit && state && <LobbyPanel lobby={state.lobby} send={send} />}

      <div className="room-body">
        <Stage
          roster={roster}
          selfId={snapshot.participantId}
          state={state}
          localStream={snapshot.localStream}
          screenStream={snapshot.screenStream}
          remoteStreams={snapshot.remoteStreams}
          micOn={micOn}
          cameraOn={cameraOn}
          soundUnlock={soundUnlock}
          onAutoplayBlocked={onAutoplayBlocked}
          onPin={pin}
          meetingId={snapshot.meeting?.id ?? null}
          onDocumentPage={(page) => state?.document && send({ type: 'present_document', documentId: state.document.documentId, page })}
          onDocumentStop={() => send({ type: 'stop_document' })}
        />
        <aside className={`side-panel${panelOpen ? ' open' : ''}`} data-testid="side-panel" data-panel={panel} aria-label={t(`panel.${panel}`)}>
          <div className="panel-tabs">
            <div className="panel-tablist" role="tablist">
            {(['roster', 'floor', 'chat', 'minutes', 'votes', ...(showsTech ? ['tech' as const] : [])] as PanelName[]).map((name) => (
              <button key={name} type="button" role="tab" aria-selected={panel === name} className={panel === name ? 'on' : ''} onClick={() => setPanel(name)} data-testid="panel-tab" data-panel={name}>
                {t(`panel.${name}`)}
                {name === 'floor' && may?.controlFloor && state && state.queue.length > 0 && <span className="count">{state.queue.length}</span>}
                {name === 'chat' && unread > 0 && <span className="count">{unread}</span>}
                {name === 'roster' && leaveRequests > 0 && <span className="count">{leaveRequests}</span>}
              </button>
            ))}
            </div>
            <button type="button" className="panel-close link-button" aria-label={t('common.close')} onClick={() => setPanelOpen(false)} data-testid="close-panel">
              ×
            </button>
          </div>
          <div className="panel-body">
            <h2 className="visually-hidden">{t(`panel.${panel}`)}</h2>
            {panel === 'roster' && (
              <RosterPanel roster={roster} selfId={snapshot.participantId} state={state} grantSeconds={clampGrantSeconds(grantSeconds || DEFAULT_SPEAKING_SECONDS)} send={send} />
            )}
            {panel === 'floor' &&
              (state ? (
                <FloorPanel
                  state={state}
                  roster={roster}
                  selfId={snapshot.participantId}
                  grantSeconds={grantSeconds}
                  onGrantSeconds={(seconds) => {
                    grantEdited.current = true;
                    setGrantSeconds(seconds);
                  }}
                  send={send}
                />
              ) : (
                <p className="muted">{t('common.loading')}</p>
              ))}
            {panel === 'chat' && (
              <ChatPanel messages={snapshot.chat} selfId={snapshot.participantId} technicianChat={may?.technicianChat === true} channel={chatChannel} onChannel={setChatChannel} send={send} />
            )}
            {panel === 'tech' && state && <TechnicalPanel state={state} incidents={snapshot.incidents} names={snapshot.names} send={send} />}
            {panel === 'minutes' && snapshot.meeting && <MinutesPanel meetingId={snapshot.meeting.id} changes={snapshot.records.minutes} roster={roster} />}
            {panel === 'votes' && snapshot.meeting && <VotesPanel meetingId={snapshot.meeting.id} changes={snapshot.records.votes} isChair={isChair} roster={roster} />}
          </div>
        </aside>
      </div>

      <div className="room-controls" role="toolbar">
        <button
          type="button"
          className={micOn ? 'control' : 'control off'}
          aria-pressed={micOn}
          disabled={!hasAudio || !audible}
          title={audible ? undefined : t('room.micClosedHint')}
          onClick={() => controller.toggleMicrophone()}
          data-testid="toggle-mic"
          data-on={micOn ? 'true' : 'false'}
          data-audible={audible ? 'true' : 'false'}
        >
          {micOn ? <MicIcon /> : <MicOffIcon />}
          <span>{!audible ? t('room.micClosed') : micOn ? t('room.turnMicOff') : t('room.turnMicOn')}</span>
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
        {(may?.present || sharing) && (
          <button
            type="button"
            className={sharing ? 'control active' : 'control'}
            aria-pressed={sharing}
            disabled={!joined}
            onClick={() => (sharing ? controller.stopScreenShare() : void controller.startScreenShare())}
            data-testid="share-screen"
            data-on={sharing ? 'true' : 'false'}
          >
            <ScreenIcon />
            <span>{sharing ? t('room.stopSharing') : t('room.shareScreen')}</span>
          </button>
        )}
        {may?.present && snapshot.meeting && !state?.document && (
          <DocumentPicker meetingId={snapshot.meeting.id} disabled={!joined || sharing} onPick={(documentId) => send({ type: 'present_document', documentId, page: 1 })} />
        )}
        <button type="button" className="control panel-toggle" aria-expanded={panelOpen && panel === 'floor'} onClick={() => openPanel('floor')} data-testid="open-panel" data-panel="floor">
          <HandIcon />
          <span>{t('panel.floor')}</span>
          {may?.controlFloor && state && state.queue.length > 0 && <em className="count">{state.queue.length}</em>}
        </button>
        <button type="button" className="control panel-toggle" aria-expanded={panelOpen && panel === 'roster'} onClick={() => openPanel('roster')} data-testid="toggle-roster" data-panel="roster">
          <PeopleIcon />
          <span>{t('panel.roster')}</span>
          {leaveRequests > 0 && <em className="count">{leaveRequests}</em>}
        </button>
        <button type="button" className="control panel-toggle" aria-expanded={panelOpen && panel === 'chat'} onClick={() => openPanel('chat')} data-testid="open-panel" data-panel="chat">
          <ChatIcon />
          <span>{t('panel.chat')}</span>
          {unread > 0 && <em className="count">{unread}</em>}
        </button>
        {showsTech && (
          <button type="button" className="control panel-toggle" aria-expanded={panelOpen && panel === 'tech'} onClick={() => openPanel('tech')} data-testid="open-panel" data-panel="tech">
            <ToolIcon />
            <span>{t('panel.tech')}</span>
          </button>
        )}
        <LeaveControl controller={controller} snapshot={snapshot} />
        {isChair && (
          <button
            type="button"
            className="control danger"
            disabled={!joined}
            // R3.5: the conclusions (or the confirmation that there are none) before the end
            onClick={() => setEnding(true)}
            data-testid="end-meeting-button"
          >
            <StopIcon />
            <span>{t('room.endMeeting')}</span>
          </button>
        )}
      </div>

      {ending && snapshot.meeting && (
        <EndMeetingDialog
          meetingId={snapshot.meeting.id}
          onCancel={() => setEnding(false)}
          onEnd={(conclusions, none, outcome) => {
            setEnding(false);
            controller.endMeeting(conclusions, none, outcome);
          }}
        />
      )}
      <div className="toasts" aria-live="assertive">
        {snapshot.toasts.map((toast) => (
          <ToastView key={toast.key} toast={toast} onDismiss={() => controller.dismissToast(toast.key)} />
        ))}
      </div>
    </main>
  );
}

/**
 * Leaving (R3.7, R3.9): those who may leave freely (and those the chair consented to) have the Leave button;
 * everyone else asks the chair's consent with a reason first. Closing the tab stays possible (and is recorded).
 */
function LeaveControl({ controller, snapshot }: { controller: MeetingController; snapshot: RoomSnapshot }) {
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const may = snapshot.state?.you.may;
  const self = snapshot.roster.find((p) => p.id === snapshot.participantId);
  const free = !may || may.leaveFreely || snapshot.leaveConsented;
  if (free) {
    return (
      <button type="button" className="control leave" onClick={() => controller.leave()} data-testid="leave-button">
        <LeaveIcon />
        <span>{t('room.leave')}</span>
      </button>
    );
  }
  if (self?.leaveRequested) {
    return (
      <span className="leave-pending" role="status" data-testid="leave-pending">
        {t('room.leavePending')}
      </span>
    );
  }
  return (
    <span className="leave-ask">
      <button type="button" className="control leave" aria-expanded={asking} onClick={() => setAsking((a) => !a)} data-testid="request-leave">
        <LeaveIcon />
        <span>{t('room.requestLeave')}</span>
      </button>
      {asking && (
        <form
          className="leave-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (controller.command({ type: 'request_leave', reason: reason.trim() })) {
              setAsking(false);
              setReason('');
            }
          }}
        >
          <label>
            {t('room.leaveReason')}
            <input value={reason} required maxLength={300} autoFocus onChange={(e) => setReason(e.target.value)} data-testid="leave-reason" />
          </label>
          <div className="line-actions">
            <button type="submit" className="small" disabled={!reason.trim()} data-testid="request-leave-submit">
              {t('room.requestLeaveSubmit')}
            </button>
            <button type="button" className="small secondary" onClick={() => setAsking(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
    </span>
  );
}

function ToastView({ toast, onDismiss }: { toast: Toast; onDismiss(): void }) {
  const close = (
    <button type="button" className="link-button" aria-label={t('common.close')} onClick={onDismiss}>
      ×
    </button>
  );
  if (toast.kind === 'error') {
    return (
      <div className="toast" role="alert" data-testid="error-message" data-error-id={toast.errorId}>
        <span>{t(toast.errorId)}</span>
        {close}
      </div>
    );
  }
  if (toast.kind === 'incident') {
    const i = toast.incident;
    return (
      <div className="toast incident" role="alert" data-testid="incident-toast" data-participant-id={i.participantId}>
        <span>{t('tech.incidentToast', { name: i.from, cause: i.cause, minutes: i.expectedMinutes })}</span>
        {close}
      </div>
    );
  }
  return (
    <div className={`toast notice notice-${toast.noticeId}`} role="status" data-testid="notice" data-notice-id={toast.noticeId}>
      <span>{t(`notice.${toast.noticeId}`, { name: toast.detail ?? '' })}</span>
      {close}
    </div>
  );
}
