/**
 * The PeerConnections of a participant with the media server (Janus behind the giaoban server):
 * - publisher: our camera and microphone, send-only; we offer (`publish`, source `camera`), the server answers.
 * - subscriber: everybody else's streams (cameras and shared screens), receive-only; the server offers
 *   (`subscriber_offer`, each stream with its participant and `source`), we answer.
 * - screen: our shared screen while we present (R3.11), send-only video; `publish` with source `screen`,
 *   answered by `publisher_answer` with source `screen`, candidates trickled with peer `screen`.
 * Signaling goes through `send` (the SignalingClient). ICE servers (TURN with time-limited credentials, R7.1) come
 * from our server through `rtcConfiguration`; none on one machine or a LAN, where the media server is reachable directly.
 * A PeerConnection whose path is lost (the network changed: Wi-Fi to 4G) restarts ICE without leaving the meeting:
 * the camera and screen publishers offer again with `iceRestart` (`publish` with `restart`), the subscriber asks the
 * server for a restarted offer (`ice_restart`), each with fresh credentials; see IceRestartWatcher.
 *
 * `restart()` tears everything down and publishes the camera again; it runs after every `joined` and after the
 * media server comes back. Operations of a torn-down generation are dropped when they resume.
 */
import type { ClientMessage, Jsep, PeerKind, SubscribedStream } from '../../../shared/protocol';
import { ConnectionStatsMeter, type ConnectionStats } from './connection-stats';
import { IceRestartWatcher, type IceRestartPolicy } from './ice-servers';

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
  /** ICE servers and policy for each new PeerConnection and each ICE restart; default none (direct). */
  rtcConfiguration?(): Promise<RTCConfiguration>;
  /** When to restart ICE (tests shorten it). */
  iceRestartPolicy?: IceRestartPolicy;
}

const DIRECT_CONFIG: RTCConfiguration = { iceServers: [], bundlePolicy: 'max-bundle' };
/** How long an ICE restart waits for its candidates before its description leaves (they go inside it, not trickled). */
const RESTART_GATHERING_MS = 3000;

function gathered(pc: RTCPeerConnection, timeoutMs: number): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      pc.removeEventListener('icegatheringstatechange', onChange);
      resolve();
    };
    const onChange = () => pc.iceGatheringState === 'complete' && done();
    const timer = setTimeout(done, timeoutMs);
    pc.addEventListener('icegatheringstatechange', onChange);
  });
}

/** Candidates gathered before our offer or answer went out wait for it, so the server never sees them first. */
class CandidateRelay {
  private pending: (RTCIceCandidate | null)[] | null = [];

  constructor(
    private readonly peer: PeerKind,
    private readonly send: (message: ClientMessage) => void,
  ) {}

  private dropping = false;

  add(candidate: RTCIceCandidate | null): void {
    if (candidate && !candidate.candidate) return; // an empty "end of this generation" marker; null follows
    if (this.dropping) return;
    if (this.pending) this.pending.push(candidate);
    else this.forward(candidate);
  }

  /** An ICE restart puts its candidates inside its description: drop what is gathered until the next open(). */
  hold(): void {
    this.pending = [];
    this.dropping = true;
  }

  /** Our description has been sent: forward what waited and everything after. */
  open(): void {
    const waiting = this.dropping ? [] : (this.pending ?? []);
    this.dropping = false;
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
  private watchers: IceRestartWatcher[] = [];
  private publisherCandidates: CandidateRelay | null = null;
  private screenCandidates: CandidateRelay | null = null;
  /** The subscriber asked for a restarted offer: its answer carries its candidates. */
  private subscriberRestarting = false;
  private restarts = 0;

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
    this.watchers.forEach((w) => w.stop());
    this.watchers = [];
    this.publisherCandidates = null;
    this.screenCandidates = null;
    this.subscriberRestarting = false;
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
        const config = await this.config();
        if (generation !== this.generation || this.closed) return;
        const pc = new RTCPeerConnection(config);
        this.screen = pc;
        const candidates = new CandidateRelay('screen', this.options.send);
        this.screenCandidates = candidates;
        this.watch(pc, () => this.restartIce('screen', generation));
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

  /** ICE restarts made so far (diagnostics, tests). */
  get iceRestarts(): number {
    return this.restarts;
  }

  /**
   * The local candidate type (host, srflx, prflx, relay) of each PeerConnection's selected pair (diagnostics, tests);
   * a relay candidate with the protocol it reaches the TURN server by: `relay:udp`, `relay:tcp`, `relay:tls`.
   */
  async selectedCandidateTypes(): Promise<Partial<Record<PeerKind, string>>> {
    const out: Partial<Record<PeerKind, string>> = {};
    const peers: [PeerKind, RTCPeerConnection | null][] = [['publisher', this.publisher], ['subscriber', this.subscriber], ['screen', this.screen]];
    for (const [peer, pc] of peers) {
      if (!pc) continue;
      const byId = new Map<string, Record<string, unknown>>();
      (await pc.getStats()).forEach((entry: Record<string, unknown>) => byId.set(entry.id as string, entry));
      const transport = [...byId.values()].find((e) => e.type === 'transport' && e.selectedCandidatePairId);
      const pair = transport ? byId.get(transport.selectedCandidatePairId as string) : undefined;
      const local = pair ? byId.get(pair.localCandidateId as string) : undefined;
      if (local) out[peer] = local.candidateType === 'relay' && local.relayProtocol ? `relay:${String(local.relayProtocol)}` : String(local.candidateType);
    }
    return out;
  }

  /** The ICE usernames in force (negotiated descriptions) per PeerConnection: a restart changes them. */
  iceUfrags(): Partial<Record<PeerKind, { local: string; remote: string }>> {
    // every ICE username of the description (each media line may carry one), distinct, space-separated (a username
    // may contain "/" and "+")
    const ufrag = (sdp: string | undefined) => [...new Set([...(sdp ?? '').matchAll(/a=ice-ufrag:(\S+)/g)].map((m) => m[1]))].sort().join(' ');
    const out: Partial<Record<PeerKind, { local: string; remote: string }>> = {};
    const peers: [PeerKind, RTCPeerConnection | null][] = [['publisher', this.publisher], ['subscriber', this.subscriber], ['screen', this.screen]];
    for (const [peer, pc] of peers) {
      if (pc) out[peer] = { local: ufrag(pc.currentLocalDescription?.sdp), remote: ufrag(pc.currentRemoteDescription?.sdp) };
    }
    return out;
  }

  /** Restart ICE on every PeerConnection now (the user's "reconnect media", tests). */
  restartAllIce(): void {
    const generation = this.generation;
    if (this.publisher) this.restartIce('publisher', generation);
    if (this.subscriber) this.restartIce('subscriber', generation);
    if (this.screen) this.restartIce('screen', generation);
  }

  private config(): Promise<RTCConfiguration> {
    return this.options.rtcConfiguration ? this.options.rtcConfiguration() : Promise.resolve(DIRECT_CONFIG);
  }

  private watch(pc: RTCPeerConnection, restart: () => void): void {
    this.watchers.push(new IceRestartWatcher(pc, restart, this.options.iceRestartPolicy));
  }

  /**
   * A new network path for one PeerConnection (R7.1), with fresh credentials: a publisher offers again with
   * `iceRestart` (its candidates inside the offer); the subscriber asks the server, which has Janus offer again.
   */
  private restartIce(peer: PeerKind, generation: number): void {
    if (generation !== this.generation || this.closed) return;
    console.info(`[media] ${peer}: restarting ICE`);
    if (peer === 'subscriber') {
      this.subscriberQueue = this.subscriberQueue
        .then(async () => {
          const pc = this.subscriber;
          const config = await this.config();
          if (generation !== this.generation || !pc || pc !== this.subscriber) return;
          this.reconfigure(pc, config);
          this.subscriberRestarting = true;
          this.restarts += 1;
          this.options.send({ type: 'ice_restart', peer: 'subscriber' });
        })
        .catch((error) => this.failed('subscriber', generation, error));
      return;
    }
    const queue = peer === 'screen' ? 'screenQueue' : 'publisherQueue';
    this[queue] = this[queue]
      .then(async () => {
        const pc = peer === 'screen' ? this.screen : this.publisher;
        const relay = peer === 'screen' ? this.screenCandidates : this.publisherCandidates;
        if (generation !== this.generation || !pc || !relay || pc.signalingState !== 'stable') return;
        const config = await this.config();
        if (generation !== this.generation) return;
        this.reconfigure(pc, config);
        relay.hold();
        const offer = await pc.createOffer({ iceRestart: true });
        if (generation !== this.generation) return;
        await pc.setLocalDescription(offer);
        await gathered(pc, RESTART_GATHERING_MS);
        if (generation !== this.generation) return;
        this.restarts += 1;
        this.options.send({ type: 'publish', source: peer === 'screen' ? 'screen' : 'camera', restart: true, jsep: { type: 'offer', sdp: pc.localDescription?.sdp ?? offer.sdp ?? '' } });
        relay.open();
      })
      .catch((error) => this.failed(peer, generation, error));
  }

  /** Fresh credentials (and policy) for the restart; a browser refusing the change keeps the old ones. */
  private reconfigure(pc: RTCPeerConnection, config: RTCConfiguration): void {
    try {
      pc.setConfiguration({ ...pc.getConfiguration(), iceServers: config.iceServers ?? [], ...(config.iceTransportPolicy ? { iceTransportPolicy: config.iceTransportPolicy } : {}) });
    } catch (error) {
      console.warn('[media] keeping the previous ICE servers', error);
    }
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
    const config = await this.config();
    if (generation !== this.generation || this.closed) return;
    const pc = new RTCPeerConnection(config);
    this.publisher = pc;
    const candidates = new CandidateRelay('publisher', this.options.send);
    this.publisherCandidates = candidates;
    this.watch(pc, () => this.restartIce('publisher', generation));
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

  private subscriberConnection(generation: number, config: RTCConfiguration): RTCPeerConnection {
    if (this.subscriber) return this.subscriber;
    const pc = new RTCPeerConnection(config);
    this.watch(pc, () => this.restartIce('subscriber', generation));
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
    const config = this.subscriber ? null : await this.config();
    if (generation !== this.generation || this.closed) return;
    const pc = this.subscriberConnection(generation, config ?? {});
    const restarting = this.subscriberRestarting;
    this.subscriberRestarting = false;
    // Before setRemoteDescription: `ontrack` fires during it and looks the mid up here.
    this.streamsByMid = new Map(streams.map((s) => [s.mid, s]));
    await pc.setRemoteDescription(jsep);
    if (generation !== this.generation) return;
    const answer = await pc.createAnswer();
    if (generation !== this.generation) return;
    if (restarting) this.subscriberCandidates?.hold();
    await pc.setLocalDescription(answer);
    if (generation !== this.generation) return;
    // After an ICE restart the new candidates go inside the answer: trickled ones could reach Janus before it.
    if (restarting) await gathered(pc, RESTART_GATHERING_MS);
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
