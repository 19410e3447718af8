import { describe, expect, it } from 'vitest';
import { measureCheck, type StatsSnapshot } from './check-measure';

const snapshot = (atMs: number, sentBytes: number, recvVideo: number, recvAudio: number, frames: number, extra: Partial<StatsSnapshot> = {}): StatsSnapshot => ({
  atMs,
  publisher: [
    { type: 'outbound-rtp', kind: 'audio', bytesSent: sentBytes * 0.1 },
    { type: 'outbound-rtp', kind: 'video', bytesSent: sentBytes * 0.9 },
    { type: 'remote-inbound-rtp', kind: 'video', fractionLost: 0.01, roundTripTime: 0.02 },
    { type: 'remote-inbound-rtp', kind: 'audio', fractionLost: 0, roundTripTime: 0.04 },
  ],
  subscriber: [
    { type: 'inbound-rtp', kind: 'video', bytesReceived: recvVideo, packetsReceived: recvVideo / 1000, packetsLost: 0, framesDecoded: frames, jitter: 0.02 },
    { type: 'inbound-rtp', kind: 'audio', bytesReceived: recvAudio, packetsReceived: recvAudio / 100, packetsLost: 0, jitter: 0.003, totalAudioEnergy: frames ? 0.5 : 0 },
  ],
  ...extra,
});

describe('technical check figures (R2.6)', () => {
  it('R2.6 bitrates are byte deltas over the time between snapshots; devices work when frames and sound come back', () => {
    const f = measureCheck(snapshot(0, 0, 0, 0, 0), snapshot(10_000, 1_000_000, 900_000, 50_000, 290));
    expect(f.bitrateKbps).toBe(800); // 1 000 000 bytes × 8 / 10 s
    expect(f.receiveKbps).toBe(760);
    expect(f).toMatchObject({ camera: true, microphone: true, framesDecoded: 290, audioBytes: 50_000 });
    expect(f.lossPercent).toBe(1); // the media server's report of ours (1 %) is worse than the loopback's (0)
    expect(f.rttMs).toBe(30); // mean of the receiver reports
    expect(f.jitterMs).toBe(3); // audio jitter, as heard
  });

  it('R2.6 no frames decoded means no camera; silence means no microphone; loss counts on the loopback', () => {
    const first = snapshot(0, 0, 0, 0, 0);
    const last = snapshot(5_000, 100_000, 0, 2_000, 0);
    (last.subscriber[0] as Record<string, unknown>).packetsLost = 0;
    (last.subscriber[1] as Record<string, unknown>).packetsLost = 5; // 20 received, 5 lost
    const f = measureCheck(first, last);
    expect(f).toMatchObject({ camera: false, microphone: false });
    expect(f.lossPercent).toBe(20);
  });

  it('R2.6 without receiver reports the round trip comes from the ICE candidate pair, or is unknown', () => {
    const base = snapshot(0, 0, 0, 0, 0);
    const last = snapshot(1_000, 1, 1, 1, 1, {
      publisher: [{ type: 'outbound-rtp', bytesSent: 1 }, { type: 'candidate-pair', nominated: true, currentRoundTripTime: 0.012 }],
    });
    expect(measureCheck(base, last).rttMs).toBe(12);
    expect(measureCheck(base, { ...last, publisher: [], subscriber: [] }).rttMs).toBeNull();
  });

  it('R2.6 the microphone counts as working when the captured level is above zero though the loopback reports none', () => {
    const first = snapshot(0, 0, 0, 0, 0);
    const last = snapshot(1_000, 10, 10, 500, 0);
    (last.subscriber[1] as Record<string, unknown>).totalAudioEnergy = 0;
    expect(measureCheck(first, last).microphone).toBe(false);
    const withSource = { ...last, publisher: [...last.publisher, { type: 'media-source', kind: 'audio', totalAudioEnergy: 0.2 }] };
    expect(measureCheck(first, withSource).microphone).toBe(true);
  });
});
