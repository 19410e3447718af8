/**
 * Connection health of this browser (R3.10), computed from the WebRTC statistics of its PeerConnections and sent
 * to the server as `{type:'stats'}` every STATS_INTERVAL_MS. Pure: it takes the statistics entries (as
 * `RTCStatsReport.forEach` gives them) and remembers the previous totals to turn counters into rates.
 */

export const STATS_INTERVAL_MS = 5_000;

export interface ConnectionStats {
  sendKbps: number;
  receiveKbps: number;
  /** Packets lost, in percent: the worse of what the media server reports about ours and what we miss of its. */
  lossPercent: number;
  jitterMs: number;
  /** Round-trip time to the media server, or null before any measure. */
  rttMs: number | null;
}

type Entry = Record<string, unknown>;

const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
const clamp = (value: number, max: number) => Math.min(Math.max(value, 0), max);
const round1 = (value: number) => Math.round(value * 10) / 10;

interface Totals {
  at: number;
  bytesSent: number;
  bytesReceived: number;
  packetsReceived: number;
  packetsLost: number;
}

export class ConnectionStatsMeter {
  private previous: Totals | null = null;

  /** `entries`: every statistics entry of every PeerConnection; `nowMs`: a monotonic clock. */
  sample(entries: readonly Entry[], nowMs: number): ConnectionStats {
    const totals: Totals = { at: nowMs, bytesSent: 0, bytesReceived: 0, packetsReceived: 0, packetsLost: 0 };
    // Jitter as heard: audio streams when any carries packets (video arrives in bursts, which inflates its jitter).
    const jitter = { audio: 0, video: 0, audioSeen: false };
    const addJitter = (entry: Entry, value: number | undefined) => {
      if (value === undefined) return;
      if (entry.kind === 'audio') {
        jitter.audio = Math.max(jitter.audio, value);
        jitter.audioSeen = true;
      } else jitter.video = Math.max(jitter.video, value);
    };
    let remoteLoss = 0;
    const rtts: number[] = [];
    const pairRtts: number[] = [];
    for (const entry of entries) {
      switch (entry.type) {
        case 'outbound-rtp':
          totals.bytesSent += num(entry.bytesSent) ?? 0;
          break;
        case 'inbound-rtp':
          totals.bytesReceived += num(entry.bytesReceived) ?? 0;
          totals.packetsReceived += num(entry.packetsReceived) ?? 0;
          totals.packetsLost += Math.max(0, num(entry.packetsLost) ?? 0);
          if ((num(entry.packetsReceived) ?? 0) > 0) addJitter(entry, num(entry.jitter));
          break;
        case 'remote-inbound-rtp': {
          // What the media server received of ours, from its receiver reports.
          remoteLoss = Math.max(remoteLoss, num(entry.fractionLost) ?? 0);
          addJitter(entry, num(entry.jitter));
          const rtt = num(entry.roundTripTime);
          if (rtt !== undefined) rtts.push(rtt);
          break;
        }
        case 'candidate-pair': {
          const rtt = num(entry.currentRoundTripTime);
          if (rtt !== undefined && (entry.nominated === true || entry.state === 'succeeded')) pairRtts.push(rtt);
          break;
        }
      }
    }
    const previous = this.previous;
    this.previous = totals;
    const seconds = previous ? (totals.at - previous.at) / 1000 : 0;
    // A PeerConnection recreated meanwhile resets its counters: a negative difference counts as nothing.
    const delta = (key: keyof Omit<Totals, 'at'>) => (previous ? Math.max(0, totals[key] - previous[key]) : 0);
    const kbps = (bytes: number) => (seconds > 0 ? (bytes * 8) / 1000 / seconds : 0);
    const received = delta('packetsReceived');
    const lost = delta('packetsLost');
    const inboundLoss = received + lost > 0 ? lost / (received + lost) : 0;
    const rttList = rtts.length > 0 ? rtts : pairRtts;
    const jitterS = jitter.audioSeen ? jitter.audio : jitter.video;
    return {
      sendKbps: round1(clamp(kbps(delta('bytesSent')), 1e6)),
      receiveKbps: round1(clamp(kbps(delta('bytesReceived')), 1e6)),
      lossPercent: round1(clamp(Math.max(inboundLoss, remoteLoss) * 100, 100)),
      jitterMs: round1(clamp(jitterS * 1000, 1e5)),
      rttMs: rttList.length > 0 ? round1(clamp((rttList.reduce((a, b) => a + b, 0) / rttList.length) * 1000, 1e5)) : null,
    };
  }
}
