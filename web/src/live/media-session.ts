/**
 * The PeerConnections of a participant with the media server (Janus behind the giaoban server):
 * - publisher: our camera and microphone, send-only; we offer (`publish`, source `camera`), the server answers.
 * - subscriber: everybody else's streams (cameras and shared screens), receive-only; the server offers
 *   (`subscriber_offer`, each stream with its participant and `source`), we answer.
 * - screen: our shared screen while we present (R3.11), send-only video; `publish` with source `screen`,
 *   answered by `publisher_answer` with source `screen`, candidates trickled with peer `screen`.
 * Signaling goes through `send` (the SignalingClient). No ICE servers: the media server is reachable directly.
 *
 * `restart()` tears everything down and publishes the camera again; it runs after every `joined` and after the
 * media server comes back. Operations of a torn-down generation are dropped when they resume.
 */
import type { ClientMessage, Jsep, PeerKind, SubscribedStream } from '../../../shared/protocol';
import { ConnectionStatsMeter, type ConnectionStats } from './connection-stats';

export type StreamSource = 'camera' | 'screen';

export interface InboundStat {
  participantId?: string;
  /** `camera` (camera and microphone) or `screen` (a shared screen). */
  source?: StreamSource;
  kind: string;
  framesDecoded?: number;
  bytesReceived: number;
  packetsReceived: number;
}

/** The key of a remote stream: the participant id for a camera, `<id>:screen` for a shared screen. */
export function streamKey(participantId: string, source: StreamSource = 'camera'): string {
  return source === 'screen' ? `${participantId}:screen` : participantId;
}

export interface MediaSessionOptions {
  send(message: ClientMessage): void;
  /** The local camera/microphone stream, or null to receive only. */
  localStream(): Promise<MediaStream | null>;
  /** Remote streams by `streamKey`; a new map (and a new MediaStream for a changed stream) on change. */
  onRemoteStreams(streams: ReadonlyMap<string, MediaStream>): void;
  /** Our screen sharing ended without being asked to (torn down, or its negotiation failed). */
  onScreenEnded?(): void;
  /** A negotiation failed (logged); the owner may tell the user. */
  onFailure?(peer: PeerKind, error: unknown): void;
}

const PEER_CONNECTION_CONFIG: RTCConfiguration = { iceServers: [], bundlePolicy: 'max-bundle' };

/** Candidates gathered before our offer or answer went out wait for it, so the server never sees them first. */
class CandidateRelay {
  private pending: (RTCIceCandidate | null)[] | null = [];

  constructor(
    private readonly peer: PeerKind,
    private readonly send: (message: ClientMessage) => void,
  ) {}

  add(candidate: RTCIceCandidate | null): void {
    if (candidate && !candidate.candidate) return; // an empty "end of this generation" marker; null follows
    if (this.pending) this.pending.push(candidate);
    else this.forward(candidate);
  }

  /** Our description has been sent: forward what waited and everything after. */
  open(): void {
    const waiting = this.pending ?? [];
    this.pending = null;
    waiting.forEach((c) => this.forward(c));
  }

  private forward(candidate: RTCIceCandidate | null): void {
    const json = candidate?.toJSON();
    this.send({
      type: 'trickle',
      peer: this.peer,
      candidate: json ? { candidate: json.candidate ?? '', sdpMid: json.sdpMid ?? null, sdpMLineIndex: json.sdpMLineIndex ?? null } : null,
    });
  }
}

export class MediaSession {
  private generation = 0;
  private publisher: RTCPeerConnection | null = null;
  private subscriber: RTCPeerConnection | null = null;
  private screen: RTCPeerConnection | null = null;
  private publisherQueue: Promise<void> = Promise.resolve();
  private subscriberQueue: Promise<void> = Promise.resolve();
  private screenQueue: Promise<void> = Promise.resolve();
  private subscriberCandidates: CandidateRelay | null = null;
  /** mid → whose stream, from the latest subscriber offer. */
  private streamsByMid = new Map<string, SubscribedStream>();
  private remoteStreams = new Map<string, MediaStream>();
  private rebuildScheduled = false;
  private closed = false;
  private readonly statsMeter = new ConnectionStatsMeter();

  constructor(private readonly options: MediaSessionOptions) {}

  /** Tears down every PeerConnection and publishes the camera again from a fresh offer. */
  restart(): void {
    this.teardown();
    const generation = this.generation;
    this.publisherQueue = this.publisherQueue
      .then(() => this.publish(generation))
      .catch((error) => this.failed('publisher', generation, error));
  }

  /** Our camera's PeerConnection is up (or coming up): after a resumed presence whose media the server kept, keep it. */
  get live(): boolean {
    const state = this.publisher?.connectionState;
    return state !== undefined && state !== 'failed' && state !== 'closed';
  }

  /** Closes every PeerConnection (local tracks stay with their owner). */
  teardown(): void {
    this.generation += 1;
    this.publisher?.close();
    this.subscriber?.close();
    this.publisher = null;
    this.subscriber = null;
    this.subscriberCandidates = null;
    this.streamsByMid = new Map();
    this.publishRemoteStreams(new Map());
    if (this.screen) {
      this.screen.close();
      this.screen = null;
      this.options.onScreenEnded?.();
    }
  }

  close(): void {
    this.teardown();
    this.closed = true;
  }

  get sharingScreen(): boolean {
    return this.screen !== null;
  }

  handlePublisherAnswer(jsep: Jsep, source: StreamSource = 'camera'): void {
    const generation = this.generation;
    const queue = source === 'screen' ? 'screenQueue' : 'publisherQueue';
    this[queue] = this[queue]
      .then(async () => {
        const pc = source === 'screen' ? this.screen : this.publisher;
        if (generation !== this.generation || !pc || pc.signalingState !== 'have-local-offer') {
          console.warn(`[media] ${source} answer without a pending offer, ignored`);
          return;
        }
        await pc.setRemoteDescription(jsep);
      })
      .catch((error) => this.failed(source === 'screen' ? 'screen' : 'publisher', generation, error));
  }

  /** Offers are answered strictly one after another. */
  handleSubscriberOffer(jsep: Jsep, streams: SubscribedStream[]): void {
    performance.mark('gb:subscriber-offer');
    const generation = this.generation;
    this.subscriberQueue = this.subscriberQueue
      .then(() => this.answerSubscriber(generation, jsep, streams))
      .catch((error) => this.failed('subscriber', generation, error));
  }

  /**
   * Publish a shared screen (its video only: a screen's sound would bypass the floor's microphone control).
   * The owner keeps the stream's tracks and stops them.
   */
  startScreen(display: MediaStream): void {
    this.stopScreen();
    const generation = this.generation;
    this.screenQueue = this.screenQueue
      .then(async () => {
        if (generation !== this.generation || this.closed) return;
        const track = display.getVideoTracks()[0];
        if (!track) throw new Error('the shared screen has no video');
        const pc = new RTCPeerConnection(PEER_CONNECTION_CONFIG);
        this.screen = pc;
        const candidates = new CandidateRelay('screen', this.options.send);
        pc.onicecandidate = (event) => generation === this.generation && this.screen === pc && candidates.add(event.candidate);
        pc.onconnectionstatechange = () => console.info('[media] screen', pc.connectionState);
        pc.addTransceiver(track, { direction: 'sendonly', streams: [display] });
        const offer = await pc.createOffer();
        if (generation !== this.generation || this.screen !== pc) return;
        await pc.setLocalDescription(offer);
        if (generation !== this.generation || this.screen !== pc) return;
        this.options.send({ type: 'publish', source: 'screen', jsep: { type: 'offer', sdp: pc.localDescription?.sdp ?? offer.sdp ?? '' } });
        candidates.open();
      })
      .catch((error) => {
        this.failed('screen', generation, error);
        if (generation === this.generation && this.screen) {
          this.screen.close();
          this.screen = null;
          this.options.onScreenEnded?.();
        }
      });
  }

  /** Closes the screen PeerConnection (the owner tells the server with `unpublish_screen`). */
  stopScreen(): void {
    this.screen?.close();
    this.screen = null;
  }

  /** `inbound-rtp` statistics of the subscriber PeerConnection, each with the participant and source it comes from. */
  async inboundStats(): Promise<InboundStat[]> {
    const pc = this.subscriber;
    if (!pc) return [];
    const midByTrackId = new Map<string, string>();
    for (const transceiver of pc.getTransceivers()) {
      if (transceiver.mid) midByTrackId.set(transceiver.receiver.track.id, transceiver.mid);
    }
    const report = await pc.getStats();
    const stats: InboundStat[] = [];
    report.forEach((entry: Record<string, unknown>) => {
      if (entry.type !== 'inbound-rtp') return;
      const mid = (entry.mid as string | undefined) ?? midByTrackId.get(entry.trackIdentifier as string);
      const stream = mid === undefined ? undefined : this.streamsByMid.get(mid);
      stats.push({
        participantId: stream?.participantId,
        source: stream?.source,
        kind: String(entry.kind ?? entry.mediaType ?? ''),
        framesDecoded: entry.framesDecoded as number | undefined,
        bytesReceived: Number(entry.bytesReceived ?? 0),
        packetsReceived: Number(entry.packetsReceived ?? 0),
      });
    });
    return stats;
  }

  /** Connection health since the previous call (R3.10), from every PeerConnection's statistics. */
  async connectionStats(): Promise<ConnectionStats> {
    const reports: RTCStatsReport[] = [];
    for (const pc of [this.publisher, this.subscriber, this.screen]) {
      if (pc && pc.connectionState !== 'closed') reports.push(await pc.getStats().catch(() => new Map() as unknown as RTCStatsReport));
    }
    const entries: Record<string, unknown>[] = [];
    for (const report of reports) report.forEach((entry: Record<string, unknown>) => entries.push(entry));
    return this.statsMeter.sample(entries, performance.now());
  }

  // ------------------------------------------------------------------------------------------ publisher

  private async publish(generation: number): Promise<void> {
    const stream = await this.options.localStream();
    if (generation !== this.generation || this.closed) return;
    const tracks = stream?.getTracks().filter((track) => track.readyState === 'live') ?? [];
    if (tracks.length === 0) {
      console.info('[media] no camera or microphone: receiving only');
      return;
    }
    const pc = new RTCPeerConnection(PEER_CONNECTION_CONFIG);
    this.publisher = pc;
    const candidates = new CandidateRelay('publisher', this.options.send);
    pc.onicecandidate = (event) => generation === this.generation && candidates.add(event.candidate);
    pc.onconnectionstatechange = () => console.info('[media] publisher', pc.connectionState);
    // Audio first, then video: the media lines the server expects.
    for (const kind of ['audio', 'video'] as const) {
      const track = tracks.find((t) => t.kind === kind);
      if (track) pc.addTransceiver(track, { direction: 'sendonly', streams: stream ? [stream] : [] });
    }
    const offer = await pc.createOffer();
    if (generation !== this.generation) return;
    await pc.setLocalDescription(offer);
    if (generation !== this.generation) return;
    this.options.send({ type: 'publish', source: 'camera', jsep: { type: 'offer', sdp: pc.localDescription?.sdp ?? offer.sdp ?? '' } });
    performance.mark('gb:publish-sent');
    candidates.open();
  }

  // ------------------------------------------------------------------------------------------ subscriber

  private subscriberConnection(generation: number): RTCPeerConnection {
    if (this.subscriber) return this.subscriber;
    const pc = new RTCPeerConnection(PEER_CONNECTION_CONFIG);
    const candidates = new CandidateRelay('subscriber', this.options.send);
    this.subscriber = pc;
    this.subscriberCandidates = candidates;
    pc.onicecandidate = (event) => generation === this.generation && candidates.add(event.candidate);
    pc.onconnectionstatechange = () => {
      performance.mark(`gb:subscriber-${pc.connectionState}`);
      console.info('[media] subscriber', pc.connectionState);
    };
    pc.ontrack = (event) => {
      if (generation !== this.generation) return;
      const stream = event.transceiver.mid ? this.streamsByMid.get(event.transceiver.mid) : undefined;
      if (!stream) console.warn('[media] track on unknown mid', event.transceiver.mid);
      performance.mark('gb:track');
      event.track.onunmute = () => this.scheduleRebuild();
      this.scheduleRebuild();
    };
    return pc;
  }

  private async answerSubscriber(generation: number, jsep: Jsep, streams: SubscribedStream[]): Promise<void> {
    if (generation !== this.generation || this.closed) return;
    const pc = this.subscriberConnection(generation);
    // Before setRemoteDescription: `ontrack` fires during it and looks the mid up here.
    this.streamsByMid = new Map(streams.map((s) => [s.mid, s]));
    await pc.setRemoteDescription(jsep);
    if (generation !== this.generation) return;
    const answer = await pc.createAnswer();
    if (generation !== this.generation) return;
    await pc.setLocalDescription(answer);
    if (generation !== this.generation) return;
    this.options.send({ type: 'subscriber_answer', jsep: { type: 'answer', sdp: pc.localDescription?.sdp ?? answer.sdp ?? '' } });
    this.subscriberCandidates?.open();
    this.rebuildRemoteStreams(); // streams no longer listed disappear
  }

  private scheduleRebuild(): void {
    if (this.rebuildScheduled) return;
    this.rebuildScheduled = true;
    queueMicrotask(() => {
      this.rebuildScheduled = false;
      this.rebuildRemoteStreams();
    });
  }

  /** One MediaStream per participant and source, from the receiving transceivers whose mid the latest offer lists. */
  private rebuildRemoteStreams(): void {
    const pc = this.subscriber;
    const tracksByKey = new Map<string, MediaStreamTrack[]>();
    for (const transceiver of pc?.getTransceivers() ?? []) {
      const stream = transceiver.mid ? this.streamsByMid.get(transceiver.mid) : undefined;
      if (!stream || stream.kind === 'data') continue;
      if (transceiver.currentDirection === 'inactive' || transceiver.currentDirection === 'stopped') continue;
      const track = transceiver.receiver.track;
      if (track.readyState === 'ended' || track.kind !== stream.kind) continue;
      const key = streamKey(stream.participantId, stream.source);
      const list = tracksByKey.get(key) ?? [];
      list.push(track);
      tracksByKey.set(key, list);
    }
    const next = new Map<string, MediaStream>();
    let changed = tracksByKey.size !== this.remoteStreams.size;
    for (const [key, tracks] of tracksByKey) {
      const previous = this.remoteStreams.get(key);
      const previousIds = previous?.getTracks().map((t) => t.id).sort().join() ?? '';
      if (previous && previousIds === tracks.map((t) => t.id).sort().join()) {
        next.set(key, previous);
      } else {
        next.set(key, new MediaStream(tracks)); // a new object, so that the tile re-attaches it
        changed = true;
      }
    }
    if (changed) this.publishRemoteStreams(next);
  }

  private publishRemoteStreams(streams: Map<string, MediaStream>): void {
    if (streams.size === 0 && this.remoteStreams.size === 0) return;
    this.remoteStreams = streams;
    this.options.onRemoteStreams(streams);
  }

  private failed(peer: PeerKind, generation: number, error: unknown): void {
    if (generation !== this.generation) return; // torn down meanwhile: expected
    console.error(`[media] ${peer} negotiation failed`, error);
    this.options.onFailure?.(peer, error);
  }
}
