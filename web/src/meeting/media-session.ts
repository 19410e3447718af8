/**
 * The two PeerConnections of a participant with the media server (Janus behind the giaoban server):
 * - publisher: our camera and microphone, send-only; we offer (`publish`), the server answers.
 * - subscriber: everybody else's streams, receive-only; the server offers (`subscriber_offer`), we answer.
 * Signaling goes through `send` (the SignalingClient). No ICE servers: the media server is reachable directly.
 *
 * `restart()` tears both down and publishes again; it runs after every `joined` and after the media server
 * comes back. Operations of a torn-down generation are dropped when they resume.
 */
import type { ClientMessage, Jsep, PeerKind, SubscribedStream } from '../../../shared/protocol';

export interface InboundStat {
  participantId?: string;
  kind: string;
  framesDecoded?: number;
  bytesReceived: number;
  packetsReceived: number;
}

export interface MediaSessionOptions {
  send(message: ClientMessage): void;
  /** The local camera/microphone stream, or null to receive only. */
  localStream(): Promise<MediaStream | null>;
  /** Remote streams by participant id; a new map (and a new MediaStream for a changed participant) on change. */
  onRemoteStreams(streams: ReadonlyMap<string, MediaStream>): void;
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
  private publisherQueue: Promise<void> = Promise.resolve();
  private subscriberQueue: Promise<void> = Promise.resolve();
  private subscriberCandidates: CandidateRelay | null = null;
  /** mid → whose stream, from the latest subscriber offer. */
  private streamsByMid = new Map<string, SubscribedStream>();
  private remoteStreams = new Map<string, MediaStream>();
  private rebuildScheduled = false;
  private closed = false;

  constructor(private readonly options: MediaSessionOptions) {}

  /** Tears down both PeerConnections and publishes again from a fresh offer. */
  restart(): void {
    this.teardown();
    const generation = this.generation;
    this.publisherQueue = this.publisherQueue
      .then(() => this.publish(generation))
      .catch((error) => this.failed('publisher', generation, error));
  }

  /** Closes both PeerConnections (local tracks stay with their owner). */
  teardown(): void {
    this.generation += 1;
    this.publisher?.close();
    this.subscriber?.close();
    this.publisher = null;
    this.subscriber = null;
    this.subscriberCandidates = null;
    this.streamsByMid = new Map();
    this.publishRemoteStreams(new Map());
  }

  close(): void {
    this.teardown();
    this.closed = true;
  }

  handlePublisherAnswer(jsep: Jsep): void {
    const generation = this.generation;
    this.publisherQueue = this.publisherQueue
      .then(async () => {
        const pc = this.publisher;
        if (generation !== this.generation || !pc || pc.signalingState !== 'have-local-offer') {
          console.warn('[media] publisher answer without a pending offer, ignored');
          return;
        }
        await pc.setRemoteDescription(jsep);
      })
      .catch((error) => this.failed('publisher', generation, error));
  }

  /** Offers are answered strictly one after another. */
  handleSubscriberOffer(jsep: Jsep, streams: SubscribedStream[]): void {
    performance.mark('gb:subscriber-offer');
    const generation = this.generation;
    this.subscriberQueue = this.subscriberQueue
      .then(() => this.answerSubscriber(generation, jsep, streams))
      .catch((error) => this.failed('subscriber', generation, error));
  }

  /** `inbound-rtp` statistics of the subscriber PeerConnection, each with the participant it comes from. */
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
      stats.push({
        participantId: mid === undefined ? undefined : this.streamsByMid.get(mid)?.participantId,
        kind: String(entry.kind ?? entry.mediaType ?? ''),
        framesDecoded: entry.framesDecoded as number | undefined,
        bytesReceived: Number(entry.bytesReceived ?? 0),
        packetsReceived: Number(entry.packetsReceived ?? 0),
      });
    });
    return stats;
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
    this.options.send({ type: 'publish', jsep: { type: 'offer', sdp: pc.localDescription?.sdp ?? offer.sdp ?? '' } });
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
    this.rebuildRemoteStreams(); // participants no longer listed disappear
  }

  private scheduleRebuild(): void {
    if (this.rebuildScheduled) return;
    this.rebuildScheduled = true;
    queueMicrotask(() => {
      this.rebuildScheduled = false;
      this.rebuildRemoteStreams();
    });
  }

  /** One MediaStream per participant, from the receiving transceivers whose mid the latest offer lists. */
  private rebuildRemoteStreams(): void {
    const pc = this.subscriber;
    const tracksByParticipant = new Map<string, MediaStreamTrack[]>();
    for (const transceiver of pc?.getTransceivers() ?? []) {
      const stream = transceiver.mid ? this.streamsByMid.get(transceiver.mid) : undefined;
      if (!stream || stream.kind === 'data') continue;
      if (transceiver.currentDirection === 'inactive' || transceiver.currentDirection === 'stopped') continue;
      const track = transceiver.receiver.track;
      if (track.readyState === 'ended' || track.kind !== stream.kind) continue;
      const list = tracksByParticipant.get(stream.participantId) ?? [];
      list.push(track);
      tracksByParticipant.set(stream.participantId, list);
    }
    const next = new Map<string, MediaStream>();
    let changed = tracksByParticipant.size !== this.remoteStreams.size;
    for (const [participantId, tracks] of tracksByParticipant) {
      const previous = this.remoteStreams.get(participantId);
      const previousIds = previous?.getTracks().map((t) => t.id).sort().join() ?? '';
      if (previous && previousIds === tracks.map((t) => t.id).sort().join()) {
        next.set(participantId, previous);
      } else {
        next.set(participantId, new MediaStream(tracks)); // a new object, so that the tile re-attaches it
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
