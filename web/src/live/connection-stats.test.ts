import { describe, expect, it } from 'vitest';
import { ConnectionStatsMeter } from './connection-stats';

describe('R3.10 connection statistics', () => {
  it('turns counters into rates and takes loss, audio jitter and round trip from RTCP', () => {
    const meter = new ConnectionStatsMeter();
    const first = meter.sample(
      [
        { type: 'outbound-rtp', bytesSent: 1000 },
        { type: 'inbound-rtp', kind: 'video', bytesReceived: 2000, packetsReceived: 100, packetsLost: 0, jitter: 0.004 },
      ],
      0,
    );
    expect(first).toEqual({ sendKbps: 0, receiveKbps: 0, lossPercent: 0, jitterMs: 4, rttMs: null });
    const second = meter.sample(
      [
        { type: 'outbound-rtp', bytesSent: 1000 + 62_500 }, // 500 kbit in 1 s
        { type: 'inbound-rtp', kind: 'video', bytesReceived: 2000 + 120_000, packetsReceived: 150, packetsLost: 10, jitter: 0.15 },
        { type: 'inbound-rtp', kind: 'audio', bytesReceived: 5_000, packetsReceived: 40, packetsLost: 0, jitter: 0.012 },
        { type: 'inbound-rtp', kind: 'audio', bytesReceived: 0, packetsReceived: 0, packetsLost: 0, jitter: 0.5 },
        { type: 'remote-inbound-rtp', kind: 'audio', fractionLost: 0.02, roundTripTime: 0.03, jitter: 0.002 },
        { type: 'candidate-pair', nominated: true, currentRoundTripTime: 0.5 },
      ],
      1000,
    );
    expect(second).toEqual({ sendKbps: 500, receiveKbps: 1000, lossPercent: 10, jitterMs: 12, rttMs: 30 });
  });

  it('falls back to the candidate pair for the round trip, and never reports negative rates after a restart', () => {
    const meter = new ConnectionStatsMeter();
    meter.sample([{ type: 'outbound-rtp', bytesSent: 50_000 }], 0);
    const after = meter.sample([{ type: 'outbound-rtp', bytesSent: 100 }, { type: 'candidate-pair', state: 'succeeded', currentRoundTripTime: 0.021 }], 5000);
    expect(after.sendKbps).toBe(0);
    expect(after.rttMs).toBe(21);
  });
});
