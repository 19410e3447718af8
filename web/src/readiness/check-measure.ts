/**
 * The figures of a technical check (R2.6), from two snapshots of WebRTC statistics taken some seconds apart:
 * of the publisher PeerConnection (our camera and microphone going to the media server) and of the loopback
 * subscriber (the same feed coming back). Camera: frames decoded on the loopback; microphone: audio bytes on the
 * loopback and a sound level above zero. Pure: it takes the entries as `RTCStatsReport.forEach` gives them.
 */

type Entry = Record<string, unknown>;

export interface StatsSnapshot {
  atMs: number;
  publisher: readonly Entry[];
  subscriber: readonly Entry[];
}

export interface CheckFigures {
  camera: boolean;
  microphone: boolean;
  /** Sent to the media server, from outbound-rtp bytesSent. */
  bitrateKbps: number;
  /** Received back on the loopback. */
  receiveKbps: number;
  lossPercent: number;
  /** null when no round-trip time could be measured. */
  rttMs: number | null;
  jitterMs: number | null;
  framesDecoded: number;
  audioBytes: number;
}

const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
const round1 = (value: number) => Math.round(value * 10) / 10;
const sum = (entries: readonly Entry[], type: string, key: string, kind?: string) =>
  entries.filter((e) => e.type === type && (kind === undefined || e.kind === kind)).reduce((total, e) => total + (num(e[key]) ?? 0), 0);

export function measureCheck(first: StatsSnapshot, last: StatsSnapshot): CheckFigures {
  const seconds = Math.max((last.atMs - first.atMs) / 1000, 0.001);
  const kbps = (bytes: number) => round1(Math.max(0, (bytes * 8) / 1000 / seconds));
  const sent = sum(last.publisher, 'outbound-rtp', 'bytesSent') - sum(first.publisher, 'outbound-rtp', 'bytesSent');
  const received = sum(last.subscriber, 'inbound-rtp', 'bytesReceived') - sum(first.subscriber, 'inbound-rtp', 'bytesReceived');

  // Loss on the way back (what the loopback missed) and on the way there (what the media server reports of ours).
  const packetsReceived = sum(last.subscriber, 'inbound-rtp', 'packetsReceived') - sum(first.subscriber, 'inbound-rtp', 'packetsReceived');
  const packetsLost = Math.max(0, sum(last.subscriber, 'inbound-rtp', 'packetsLost') - sum(first.subscriber, 'inbound-rtp', 'packetsLost'));
  const inboundLoss = packetsReceived + packetsLost > 0 ? packetsLost / (packetsReceived + packetsLost) : 0;
  const remoteLoss = Math.max(0, ...last.publisher.filter((e) => e.type === 'remote-inbound-rtp').map((e) => num(e.fractionLost) ?? 0));

  const rtts = last.publisher.filter((e) => e.type === 'remote-inbound-rtp').map((e) => num(e.roundTripTime)).filter((v): v is number => v !== undefined);
  const pairRtts = [...last.publisher, ...last.subscriber]
    .filter((e) => e.type === 'candidate-pair' && (e.nominated === true || e.state === 'succeeded'))
    .map((e) => num(e.currentRoundTripTime))
    .filter((v): v is number => v !== undefined);
  const rttList = rtts.length > 0 ? rtts : pairRtts;

  const inbound = last.subscriber.filter((e) => e.type === 'inbound-rtp');
  const audioJitter = inbound.filter((e) => e.kind === 'audio').map((e) => num(e.jitter)).filter((v): v is number => v !== undefined);
  const anyJitter = inbound.map((e) => num(e.jitter)).filter((v): v is number => v !== undefined);
  const jitterList = audioJitter.length > 0 ? audioJitter : anyJitter;

  const framesDecoded = sum(last.subscriber, 'inbound-rtp', 'framesDecoded', 'video');
  const audioBytes = sum(last.subscriber, 'inbound-rtp', 'bytesReceived', 'audio');
  // Sound, not only packets: the level of the microphone as captured (media-source) or as decoded on the loopback
  // (Chromium computes the latter only for audio that is played out). Unknown when neither is reported.
  const levels = [
    ...last.publisher.filter((e) => e.type === 'media-source' && e.kind === 'audio'),
    ...inbound.filter((e) => e.kind === 'audio'),
  ]
    .map((e) => num(e.totalAudioEnergy) ?? num(e.audioLevel))
    .filter((v): v is number => v !== undefined);
  const heard = levels.length === 0 || levels.some((v) => v > 0);

  return {
    camera: framesDecoded > 0,
    microphone: audioBytes > 0 && heard,
    bitrateKbps: kbps(sent),
    receiveKbps: kbps(received),
    lossPercent: round1(Math.min(100, Math.max(inboundLoss, remoteLoss) * 100)),
    rttMs: rttList.length > 0 ? round1((rttList.reduce((a, b) => a + b, 0) / rttList.length) * 1000) : null,
    jitterMs: jitterList.length > 0 ? round1(Math.max(...jitterList) * 1000) : null,
    framesDecoded,
    audioBytes,
  };
}
