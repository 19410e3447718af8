/**
 * Runs the technical check's loopback (R2.6): publishes the local camera and microphone to a test room on the media
 * server (through our server, which alone speaks to Janus), subscribes to the same feed back, lets media flow for
 * `durationMs` and measures both PeerConnections with getStats. Descriptions are sent with every ICE candidate
 * gathered (no trickle). The test room is always released at the end.
 */
import { readinessApi } from './api-readiness';
import { measureCheck, type CheckFigures, type StatsSnapshot } from './check-measure';
import { rtcConfiguration } from '../live/ice-servers';

export const CHECK_DURATION_MS = 10_000;
const GATHERING_TIMEOUT_MS = 3_000;
const CONNECT_TIMEOUT_MS = 15_000;

export type CheckPhase = 'connecting' | 'measuring';

export interface RunCheckOptions {
  meetingId: string;
  endpointId?: string;
  stream: MediaStream;
  durationMs?: number;
  onPhase?(phase: CheckPhase, secondsLeft: number): void;
  /** The feed as it came back from the media server, to show. */
  onLoopbackStream?(stream: MediaStream): void;
  signal?: AbortSignal;
}

function gathered(pc: RTCPeerConnection): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      if (pc.iceGatheringState !== 'complete') return;
      pc.removeEventListener('icegatheringstatechange', done);
      resolve();
    };
    pc.addEventListener('icegatheringstatechange', done);
    setTimeout(resolve, GATHERING_TIMEOUT_MS); // host candidates come at once; do not wait for slow ones
  });
}

function connected(pc: RTCPeerConnection): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (pc.connectionState === 'connected') resolve();
      else if (pc.connectionState === 'failed' || pc.connectionState === 'closed') reject(new Error(`connection ${pc.connectionState}`));
    };
    pc.addEventListener('connectionstatechange', check);
    check();
    setTimeout(() => reject(new Error('no media connection')), CONNECT_TIMEOUT_MS);
  });
}

async function entries(pc: RTCPeerConnection): Promise<Record<string, unknown>[]> {
  const list: Record<string, unknown>[] = [];
  (await pc.getStats()).forEach((entry: Record<string, unknown>) => list.push(entry));
  return list;
}

const wait = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new DOMException('aborted', 'AbortError'));
    });
  });

export async function runCheck(opts: RunCheckOptions): Promise<CheckFigures> {
  const duration = opts.durationMs ?? CHECK_DURATION_MS;
  // the same TURN servers as the meeting (R7.1): the check measures the path the meeting will take
  const config = await rtcConfiguration();
  const publisher = new RTCPeerConnection(config);
  const subscriber = new RTCPeerConnection(config);
  let sessionId: string | undefined;
  try {
    opts.onPhase?.('connecting', Math.round(duration / 1000));
    // Audio first, then video: the media lines the server expects.
    for (const kind of ['audio', 'video'] as const) {
      const track = opts.stream.getTracks().find((t) => t.kind === kind && t.readyState === 'live');
      if (track) publisher.addTransceiver(track, { direction: 'sendonly', streams: [opts.stream] });
    }
    await publisher.setLocalDescription(await publisher.createOffer());
    await gathered(publisher);
    const started = await readinessApi.startLoopback(opts.meetingId, publisher.localDescription!.sdp, opts.endpointId);
    sessionId = started.sessionId;
    await publisher.setRemoteDescription(started.answer);
    await connected(publisher);

    const remote = new MediaStream();
    subscriber.ontrack = (event) => {
      remote.addTrack(event.track);
      opts.onLoopbackStream?.(remote);
    };
    const offer = await readinessApi.loopbackOffer(opts.meetingId, sessionId);
    await subscriber.setRemoteDescription(offer);
    await subscriber.setLocalDescription(await subscriber.createAnswer());
    await gathered(subscriber);
    await readinessApi.loopbackAnswer(opts.meetingId, sessionId, subscriber.localDescription!.sdp);
    await connected(subscriber);

    const snapshot = async (): Promise<StatsSnapshot> => ({ atMs: performance.now(), publisher: await entries(publisher), subscriber: await entries(subscriber) });
    const first = await snapshot();
    const seconds = Math.round(duration / 1000);
    for (let left = seconds; left > 0; left -= 1) {
      opts.onPhase?.('measuring', left);
      await wait(1000, opts.signal);
    }
    return measureCheck(first, await snapshot());
  } finally {
    publisher.close();
    subscriber.close();
    if (sessionId) await readinessApi.endLoopback(opts.meetingId, sessionId).catch(() => undefined);
  }
}
