/**
 * The meeting in progress for this tab: wires the SignalingClient (frames) to the MediaSession (PeerConnections)
 * and the local camera/microphone, and keeps an immutable snapshot for the React room
 * (`useSyncExternalStore(controller.subscribe, controller.getSnapshot)`).
 */
import type { ErrorId } from '../../../shared/errors';
import type { MediaState, ParticipantView, ServerMessage } from '../../../shared/protocol';
import { setDiagnosticsSource } from './diagnostics';
import { forgetEntry } from './re-entry';
import { LocalMediaError, openLocalMedia, stopStream, type DeviceChoice, type LocalMediaProblem } from './local-media';
import { MediaSession } from './media-session';
import { defaultSignalingUrl, SignalingClient, type CloseCause, type SignalingState } from './signaling-client';

/** How long an error toast stays. */
export const TOAST_DURATION_MS = 6_000;

export interface JoinedMeeting { id: string; title: string; slug: string; chairId: string; endsAt: string }

export interface Toast { key: number; errorId: ErrorId }

export interface RoomSnapshot {
  signaling: SignalingState;
  closeCause: CloseCause | null;
  participantId: string | null;
  meeting: JoinedMeeting | null;
  roster: readonly ParticipantView[];
  media: MediaState;
  localStream: MediaStream | null;
  localMediaProblem: LocalMediaProblem | null;
  remoteStreams: ReadonlyMap<string, MediaStream>;
  /** What the user asked for; a kind without a track is reported as off. */
  audioOn: boolean;
  videoOn: boolean;
  toasts: readonly Toast[];
}

export interface MeetingControllerOptions { slug: string; password: string; devices: DeviceChoice }

export class MeetingController {
  private snapshot: RoomSnapshot;
  private readonly listeners = new Set<() => void>();
  private readonly signaling: SignalingClient;
  private readonly media: MediaSession;
  private localMedia: Promise<MediaStream | null> | null = null;
  private toastKey = 0;
  private withdrawDiagnostics: () => void = () => undefined;
  private disposed = false;

  constructor(private readonly options: MeetingControllerOptions) {
    this.snapshot = {
      signaling: 'idle',
      closeCause: null,
      participantId: null,
      meeting: null,
      roster: [],
      media: 'available',
      localStream: null,
      localMediaProblem: null,
      remoteStreams: new Map(),
      audioOn: !options.devices.startWithAudioOff,
      videoOn: !options.devices.startWithVideoOff,
      toasts: [],
    };
    this.signaling = new SignalingClient({ url: defaultSignalingUrl(), slug: options.slug, password: options.password });
    this.media = new MediaSession({
      send: (message) => this.signaling.send(message),
      localStream: () => this.openLocalMedia(),
      onRemoteStreams: (remoteStreams) => this.update({ remoteStreams }),
      onFailure: () => this.toast('media_negotiation_failed'),
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
    this.withdrawDiagnostics = setDiagnosticsSource({ state: () => this.signaling.state, inboundStats: () => this.media.inboundStats() });
    void this.openLocalMedia(); // own tile shows while the server is answering
    this.signaling.start();
  }

  toggleMicrophone(): void {
    this.setLocalMedia(!this.snapshot.audioOn, this.snapshot.videoOn);
  }

  toggleCamera(): void {
    this.setLocalMedia(this.snapshot.audioOn, !this.snapshot.videoOn);
  }

  /** The Leave button: also forgets the re-entry, so a reload afterwards does not walk back in. */
  leave(): void {
    forgetEntry(this.options.slug);
    this.signaling.leave(); // → closed with a local cause → shutdown
  }

  endMeeting(): void {
    this.signaling.send({ type: 'end_meeting' }); // the server answers everyone with `closed: meeting_ended`
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
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }

  private openLocalMedia(): Promise<MediaStream | null> {
    this.localMedia ??= openLocalMedia(this.options.devices).then(
      (stream) => {
        if (this.disposed || this.signaling.state === 'closed') {
          stopStream(stream);
          return null;
        }
        stream.getAudioTracks().forEach((track) => (track.enabled = this.snapshot.audioOn));
        stream.getVideoTracks().forEach((track) => (track.enabled = this.snapshot.videoOn));
        this.update({ localStream: stream });
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
    return this.localMedia;
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

  private onSignalingState(state: SignalingState): void {
    this.update({ signaling: state });
    if (state === 'closed') {
      this.update({ closeCause: this.signaling.closeCause });
      this.shutdown();
    }
  }

  private onMessage(message: ServerMessage): void {
    switch (message.type) {
      case 'joined':
        this.update({ participantId: message.participantId, meeting: message.meeting, roster: message.roster, media: message.media });
        this.announceLocalMedia();
        // A new presence on the server (first join or after reconnecting): media starts over.
        if (message.media === 'available') this.media.restart();
        else this.media.teardown();
        break;
      case 'roster':
        this.update({ roster: message.roster });
        break;
      case 'publisher_answer':
        this.media.handlePublisherAnswer(message.jsep);
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
      case 'error':
        this.toast(message.id as ErrorId);
        break;
      case 'closed':
        break; // reported by the SignalingClient as its close cause
    }
  }

  private toast(errorId: ErrorId): void {
    const key = ++this.toastKey;
    this.update({ toasts: [...this.snapshot.toasts, { key, errorId }] });
    setTimeout(() => this.dismissToast(key), TOAST_DURATION_MS);
  }

  /** Camera light off, PeerConnections closed (R3.13). */
  private shutdown(): void {
    this.media.close();
    stopStream(this.snapshot.localStream);
    void this.localMedia?.then(stopStream); // still opening: stop it when it arrives
    this.update({ localStream: null, remoteStreams: new Map() });
  }
}
