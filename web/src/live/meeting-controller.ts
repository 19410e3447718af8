/**
 * The meeting in progress for this tab: wires the SignalingClient (frames) to the MediaSession (PeerConnections)
 * and the local camera/microphone, and keeps an immutable snapshot for the React room
 * (`useSyncExternalStore(controller.subscribe, controller.getSnapshot)`).
 *
 * Microphones (R3.3): the media server decides who is heard (`audible` in the roster). While we are not audible
 * our microphone track stays enabled, so that the moment the floor is granted we are heard without pressing
 * anything; only while audible can the user switch their own microphone off.
 */
import type { ErrorId } from '../../../shared/errors';
import type { MeetingOutcomeInput } from '../../../shared/api';
import type {
  ClientMessage,
  LobbyEntryView,
  MediaState,
  MeetingStateView,
  MeetingInfo,
  NoticeId,
  ParticipantView,
  ServerMessage,
} from '../../../shared/protocol';
import type { chatMessageView, incidentView } from '../../../shared/protocol';
import type { z } from 'zod';
import { applyLiveFrame, emptyLiveView, type LiveView } from '../../../shared/live-view';
import { STATS_INTERVAL_MS } from './connection-stats';
import { setDiagnosticsSource } from './diagnostics';
import { forgetEntry } from './re-entry';
import { LocalMediaError, openLocalMedia, stopStream, type DeviceChoice, type LocalMediaProblem } from './local-media';
import { MediaSession } from './media-session';
import { rtcConfiguration } from './ice-servers';
import { defaultSignalingUrl, SignalingClient, type CloseCause, type SignalingState } from './signaling-client';

/** How long an error or notice toast stays. */
export const TOAST_DURATION_MS = 6_000;
/** Chat messages kept in memory per meeting. */
export const CHAT_HISTORY_LIMIT = 300;

export type JoinedMeeting = MeetingInfo;

export type ChatMessage = z.infer<typeof chatMessageView>;
export type Incident = z.infer<typeof incidentView>;

export type Toast =
  | { key: number; kind: 'error'; errorId: ErrorId }
  | { key: number; kind: 'notice'; noticeId: NoticeId; detail?: string }
  | { key: number; kind: 'incident'; incident: Incident };

export interface RoomSnapshot {
  signaling: SignalingState;
  closeCause: CloseCause | null;
  /** Why we wait in the lobby (R3.1), while we do. */
  lobbyReason: LobbyEntryView['reason'] | null;
  participantId: string | null;
  meeting: JoinedMeeting | null;
  roster: readonly ParticipantView[];
  /** Names of everyone seen in this meeting, by participant id (health and incidents outlive the roster line). */
  names: ReadonlyMap<string, string>;
  /** The meeting's state as our role may see it (floor, queue, lobby, layout, recording, health, our rights). */
  state: MeetingStateView | null;
  /** Server clock → this clock, in ms, estimated from a floor grant seen as it happened (0 until then). */
  clockOffsetMs: number;
  media: MediaState;
  localStream: MediaStream | null;
  localMediaProblem: LocalMediaProblem | null;
  /** Remote streams by `streamKey` (participant id, or `<id>:screen`). */
  remoteStreams: ReadonlyMap<string, MediaStream>;
  /** Our shared screen while we present (R3.11). */
  screenStream: MediaStream | null;
  /** What the user asked for; a kind without a track is reported as off. */
  audioOn: boolean;
  videoOn: boolean;
  /** The chair consented to our leaving early (R3.7). */
  leaveConsented: boolean;
  chat: readonly ChatMessage[];
  incidents: readonly Incident[];
  toasts: readonly Toast[];
  /** Grows each time the server says the minutes or the votes changed: their panels fetch them again. */
  records: { minutes: number; votes: number };
}

export interface MeetingControllerOptions { slug: string; password: string; devices: DeviceChoice }

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export class MeetingController {
  private snapshot: RoomSnapshot;
  /** The meeting as the frames make it (protocol v3: a snapshot, then changes). */
  private view: LiveView = emptyLiveView();
  private readonly listeners = new Set<() => void>();
  private readonly signaling: SignalingClient;
  private readonly media: MediaSession;
  private localMedia: Promise<MediaStream | null> | null = null;
  private toastKey = 0;
  private statsTimer: ReturnType<typeof setInterval> | undefined;
  private withdrawDiagnostics: () => void = () => undefined;
  private disposed = false;

  constructor(private readonly options: MeetingControllerOptions) {
    this.snapshot = {
      signaling: 'idle',
      closeCause: null,
      lobbyReason: null,
      participantId: null,
      meeting: null,
      records: { minutes: 0, votes: 0 },
      roster: [],
      names: new Map(),
      state: null,
      clockOffsetMs: 0,
      media: 'available',
      localStream: null,
      localMediaProblem: null,
      remoteStreams: new Map(),
      screenStream: null,
      audioOn: !options.devices.startWithAudioOff,
      videoOn: !options.devices.startWithVideoOff,
      leaveConsented: false,
      chat: [],
      incidents: [],
      toasts: [],
    };
    this.signaling = new SignalingClient({ url: defaultSignalingUrl(), slug: options.slug, password: options.password });
    this.media = new MediaSession({
      send: (message) => this.signaling.send(message),
      localStream: () => this.openLocalMedia(),
      onRemoteStreams: (remoteStreams) => this.update({ remoteStreams }),
      onScreenEnded: () => this.releaseScreen(),
      onFailure: () => this.toast({ kind: 'error', errorId: 'media_negotiation_failed' }),
      // TURN servers with credentials made for this user (R7.1)
      rtcConfiguration: () => rtcConfiguration(),
    });
    this.signaling.onState((state) => this.onSignalingState(state));
    this.signaling.onMessage((message) => this.onMessage(message));
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): RoomSnapshot => this.snapshot;

  start(): void {
    this.withdrawDiagnostics = setDiagnosticsSource({
      state: () => this.signaling.state,
      inboundStats: () => this.media.inboundStats(),
      selectedCandidateTypes: () => this.media.selectedCandidateTypes(),
      iceRestarts: () => this.media.iceRestarts,
      iceUfrags: () => this.media.iceUfrags(),
      restartIce: () => this.media.restartAllIce(),
      meetingState: () => this.snapshot.state,
      participantId: () => this.snapshot.participantId,
    });
    void this.openLocalMedia(); // own tile shows while the server is answering
    void rtcConfiguration(); // the TURN credentials arrive while joining, not when the camera is published
    this.signaling.start();
  }

  /** Our line in the roster, once joined. */
  get self(): ParticipantView | undefined {
    return this.snapshot.roster.find((p) => p.id === this.snapshot.participantId);
  }

  /** Switches our own microphone; only while the media server lets us be heard (otherwise it stays ready). */
  toggleMicrophone(): void {
    if (this.self && !this.self.audible) return;
    this.setLocalMedia(!this.snapshot.audioOn, this.snapshot.videoOn);
  }

  toggleCamera(): void {
    this.setLocalMedia(this.snapshot.audioOn, !this.snapshot.videoOn);
  }

  /**
   * A command of the meeting (floor, chair's controls, lobby, layout, recording, chat, incidents…). The server
   * checks it against our role; a refusal comes back as an error toast.
   */
  command(message: ClientMessage): boolean {
    return this.signaling.send(message);
  }

  /** The Leave button: also forgets the re-entry, so a reload afterwards does not walk back in. */
  leave(): void {
    forgetEntry(this.options.slug);
    this.signaling.leave(); // → closed with a local cause → shutdown
  }

  /** Ends the meeting with the chair's conclusions, or the confirmation that there are none (R3.5). */
  endMeeting(conclusions: { text: string; agendaItemId: string | null }[], noConclusions: boolean, outcome?: MeetingOutcomeInput): void {
    this.signaling.send({ type: 'end_meeting', conclusions, noConclusions, ...(outcome ? { outcome } : {}) }); // the server answers everyone with `closed: meeting_ended`
  }

  /** "Trình chiếu màn hình" (R3.11): the browser asks which screen or window; it goes out as our `screen` stream. */
  async startScreenShare(): Promise<void> {
    if (this.snapshot.screenStream || this.snapshot.signaling !== 'joined') return;
    if (!navigator.mediaDevices?.getDisplayMedia) {
      this.toast({ kind: 'error', errorId: 'presentation_not_allowed' });
      return;
    }
    let display: MediaStream;
    try {
      display = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: { ideal: 15, max: 30 } }, audio: false });
    } catch (error) {
      console.info('[room] screen sharing not started', error);
      return; // the user cancelled the browser's choice
    }
    if (this.disposed || this.snapshot.signaling !== 'joined') {
      stopStream(display);
      return;
    }
    // The browser's own "Stop sharing" bar ends the track.
    display.getVideoTracks().forEach((track) => (track.onended = () => this.stopScreenShare()));
    this.update({ screenStream: display });
    this.media.startScreen(display);
  }

  /** `tellServer` false: the server already stopped our presentation. */
  stopScreenShare(tellServer = true): void {
    if (!this.snapshot.screenStream) return;
    this.media.stopScreen();
    if (tellServer) this.signaling.send({ type: 'unpublish_screen' });
    this.releaseScreen();
  }

  dismissToast(key: number): void {
    this.update({ toasts: this.snapshot.toasts.filter((t) => t.key !== key) });
  }

  /** The room unmounts (navigation, tab closing): leave properly, release everything. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.signaling.leave();
    this.shutdown();
    this.withdrawDiagnostics();
    this.listeners.clear();
  }

  // ------------------------------------------------------------------------------------------ internals

  private update(patch: Partial<RoomSnapshot>): void {
    if (patch.roster && patch.roster.some((p) => this.snapshot.names.get(p.id) !== p.name)) {
      patch.names = new Map([...this.snapshot.names, ...patch.roster.map((p) => [p.id, p.name] as const)]);
    }
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }

  private openLocalMedia(): Promise<MediaStream | null> {
    if (this.localMedia) return this.localMedia;
    const opening: Promise<MediaStream | null> = openLocalMedia(this.options.devices).then(
      (stream) => {
        // Released meanwhile (lobby, end): this stream is not wanted any more.
        if (this.disposed || this.signaling.state === 'closed' || this.localMedia !== opening) {
          stopStream(stream);
          return null;
        }
        stream.getAudioTracks().forEach((track) => (track.enabled = this.snapshot.audioOn));
        stream.getVideoTracks().forEach((track) => (track.enabled = this.snapshot.videoOn));
        this.update({ localStream: stream, localMediaProblem: null });
        this.announceLocalMedia();
        return stream;
      },
      (error: unknown) => {
        console.warn('[room] no local media', error);
        this.update({ localMediaProblem: error instanceof LocalMediaError ? error.problem : 'device.failed' });
        this.announceLocalMedia();
        return null;
      },
    );
    this.localMedia = opening;
    return opening;
  }

  /** Camera light off while waiting in the lobby: nothing is sent before admission. */
  private releaseLocalMedia(): void {
    const opening = this.localMedia;
    this.localMedia = null;
    stopStream(this.snapshot.localStream);
    void opening?.then(stopStream);
    this.update({ localStream: null });
  }

  private setLocalMedia(audioOn: boolean, videoOn: boolean): void {
    const stream = this.snapshot.localStream;
    stream?.getAudioTracks().forEach((track) => (track.enabled = audioOn));
    stream?.getVideoTracks().forEach((track) => (track.enabled = videoOn));
    this.update({ audioOn, videoOn });
    this.announceLocalMedia();
  }

  /** Tells the others (through the roster) whether our camera and microphone are on. */
  private announceLocalMedia(): void {
    const stream = this.snapshot.localStream;
    this.signaling.send({
      type: 'set_media',
      audio: this.snapshot.audioOn && (stream?.getAudioTracks().length ?? 0) > 0,
      video: this.snapshot.videoOn && (stream?.getVideoTracks().length ?? 0) > 0,
    });
  }

  /**
   * Not audible: keep the microphone ready for the next grant. Just granted (audible now, not before): switch it
   * on. Audible from the start (the chair): the user's own choice at the device check stands.
   */
  private followAudible(before: ParticipantView | undefined): void {
    const self = this.self;
    if (!self || this.snapshot.audioOn) return;
    if (!self.audible || (before !== undefined && !before.audible)) this.setLocalMedia(true, this.snapshot.videoOn);
  }

  private onSignalingState(state: SignalingState): void {
    this.update({ signaling: state });
    if (state === 'joined') this.startStats();
    else this.stopStats();
    if (state === 'closed') {
      this.update({ closeCause: this.signaling.closeCause });
      this.shutdown();
    }
  }

  private onMessage(message: ServerMessage): void {
    switch (message.type) {
      case 'joined': {
        const previous = this.snapshot.state;
        this.view = applyLiveFrame(this.view, message);
        // A new presence: consent to leave was given to the one before (the server asks again).
        this.update({
          participantId: message.participantId,
          meeting: message.meeting,
          roster: this.view.roster,
          media: message.media,
          lobbyReason: null,
          leaveConsented: message.resumed ? this.snapshot.leaveConsented : false,
        });
        this.onState(previous, this.view.state);
        this.followAudible(undefined);
        this.announceLocalMedia();
        // The presence was taken back and the media server kept its media: the PeerConnections go on. Otherwise
        // (first join, after the lobby, a new presence or a new media server) media starts over.
        if (message.media !== 'available') this.media.teardown();
        else if (!(message.keepMedia && this.media.live)) this.media.restart();
        break;
      }
      case 'lobby':
        this.update({ lobbyReason: message.reason });
        this.media.teardown();
        this.releaseLocalMedia();
        break;
      case 'snapshot':
      case 'events': {
        const before = this.self;
        const previous = this.snapshot.state;
        this.view = applyLiveFrame(this.view, message);
        if (this.view.roster !== this.snapshot.roster) {
          this.update({ roster: this.view.roster });
          this.followAudible(before);
        }
        if (this.view.state !== previous) this.onState(previous, this.view.state);
        break;
      }
      case 'publisher_answer':
        this.media.handlePublisherAnswer(message.jsep, message.source);
        break;
      case 'subscriber_offer':
        this.media.handleSubscriberOffer(message.jsep, message.streams);
        break;
      case 'media_state': {
        const wasUnavailable = this.snapshot.media === 'unavailable';
        this.update({ media: message.state });
        if (message.state === 'unavailable') this.media.teardown();
        else if (wasUnavailable) this.media.restart();
        break;
      }
      case 'notice':
        this.onNotice(message.id, message.detail);
        break;
      case 'chat':
        this.update({ chat: [...this.snapshot.chat, message.message].slice(-CHAT_HISTORY_LIMIT) });
        break;
      case 'records_changed':
        this.update({ records: { ...this.snapshot.records, [message.what]: this.snapshot.records[message.what] + 1 } });
        break;
      case 'incident':
        this.update({ incidents: [message.incident, ...this.snapshot.incidents] });
        this.toast({ kind: 'incident', incident: message.incident });
        break;
      case 'error':
        // Our screen was refused (the right to present ended meanwhile): stop offering it.
        if (message.id === 'presentation_not_allowed') this.stopScreenShare(false);
        this.toast({ kind: 'error', errorId: message.id as ErrorId });
        break;
      case 'closed':
        break; // reported by the SignalingClient as its close cause
    }
  }

  private onState(previous: MeetingStateView | null, state: MeetingStateView | null): void {
    if (!state) return;
    const patch: Partial<RoomSnapshot> = { state };
    // A grant we see appear while in the meeting has just been made: its start tells the server's clock.
    if (state.floor && previous && previous.floor?.grantId !== state.floor.grantId) {
      patch.clockOffsetMs = Date.now() - Date.parse(state.floor.grantedAt);
    }
    this.update(patch);
    // The right to present ended (the floor ended, or the chair took it back): stop sharing, telling the server
    // unless it has already stopped our presentation.
    if (this.snapshot.screenStream && !state.you.may.present) this.stopScreenShare(state.presentation === this.snapshot.participantId);
  }

  private onNotice(id: NoticeId, detail?: string): void {
    if (id === 'leave_consented') this.update({ leaveConsented: true });
    if (id === 'leave_refused') this.update({ leaveConsented: false });
    this.toast({ kind: 'notice', noticeId: id, ...(detail ? { detail } : {}) });
  }

  private toast(toast: DistributiveOmit<Toast, 'key'>): void {
    const key = ++this.toastKey;
    this.update({ toasts: [...this.snapshot.toasts, { ...toast, key } as Toast] });
    setTimeout(() => this.dismissToast(key), toast.kind === 'incident' ? TOAST_DURATION_MS * 3 : TOAST_DURATION_MS);
  }

  /** Every client reports its connection health every 5 s (R3.10). */
  private startStats(): void {
    if (this.statsTimer) return;
    void this.media.connectionStats(); // the first sample sets the counters' baseline
    this.statsTimer = setInterval(() => {
      void this.media.connectionStats().then(
        (stats) => this.signaling.state === 'joined' && this.signaling.send({ type: 'stats', ...stats }),
        (error: unknown) => console.debug('[room] statistics unavailable', error),
      );
    }, STATS_INTERVAL_MS);
  }

  private stopStats(): void {
    clearInterval(this.statsTimer);
    this.statsTimer = undefined;
  }

  private releaseScreen(): void {
    const display = this.snapshot.screenStream;
    if (!display) return;
    display.getVideoTracks().forEach((track) => (track.onended = null));
    stopStream(display);
    this.update({ screenStream: null });
  }

  /** Camera light off, PeerConnections closed (R3.13). */
  private shutdown(): void {
    this.stopStats();
    this.media.close();
    this.releaseScreen();
    stopStream(this.snapshot.localStream);
    void this.localMedia?.then(stopStream); // still opening: stop it when it arrives
    this.update({ localStream: null, remoteStreams: new Map() });
  }
}
