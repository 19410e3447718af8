import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IceRestartWatcher, toRtcConfiguration, type IceStateSource } from './ice-servers';

class FakePc implements IceStateSource {
  iceConnectionState: RTCIceConnectionState = 'connected';
  private listeners = new Set<() => void>();
  addEventListener(_: 'iceconnectionstatechange', l: () => void) {
    this.listeners.add(l);
  }
  removeEventListener(_: 'iceconnectionstatechange', l: () => void) {
    this.listeners.delete(l);
  }
  set(state: RTCIceConnectionState) {
    this.iceConnectionState = state;
    this.listeners.forEach((l) => l());
  }
}

describe('ICE restart when the network changes (R7.1)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());
  const policy = { disconnectedGraceMs: 3000, minIntervalMs: 5000 };
  const make = () => {
    const pc = new FakePc();
    const restart = vi.fn();
    const watcher = new IceRestartWatcher(pc, restart, policy, () => Date.now());
    return { pc, restart, watcher };
  };

  it('a short disconnection heals by itself: no restart', () => {
    const { pc, restart } = make();
    pc.set('disconnected');
    vi.advanceTimersByTime(2000);
    pc.set('connected');
    vi.advanceTimersByTime(10_000);
    expect(restart).not.toHaveBeenCalled();
  });

  it('disconnected for the grace period: one restart, then again while still lost, spaced', () => {
    const { pc, restart } = make();
    pc.set('disconnected');
    vi.advanceTimersByTime(2999);
    expect(restart).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(restart).toHaveBeenCalledTimes(1);
    pc.set('checking'); // the restart is under way
    pc.set('failed'); // and failed: next try waits for the spacing
    vi.advanceTimersByTime(4999);
    expect(restart).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(restart).toHaveBeenCalledTimes(2);
    pc.set('connected');
    vi.advanceTimersByTime(60_000);
    expect(restart).toHaveBeenCalledTimes(2);
  });

  it('failed: restart at once; stopped: never', () => {
    const { pc, restart, watcher } = make();
    pc.set('failed');
    vi.advanceTimersByTime(0);
    expect(restart).toHaveBeenCalledTimes(1);
    watcher.stop();
    pc.set('disconnected');
    pc.set('failed');
    vi.advanceTimersByTime(60_000);
    expect(restart).toHaveBeenCalledTimes(1);
  });

  it('the server\'s answer becomes the RTCConfiguration, relay-only when the server says so', () => {
    const config = toRtcConfiguration({ iceServers: [{ urls: ['turn:h:3478?transport=udp'], username: '1:u', credential: 'c' }], iceTransportPolicy: 'relay', expiresAt: null });
    expect(config).toEqual({ iceServers: [{ urls: ['turn:h:3478?transport=udp'], username: '1:u', credential: 'c' }], iceTransportPolicy: 'relay', bundlePolicy: 'max-bundle' });
    expect(toRtcConfiguration({ iceServers: [], iceTransportPolicy: 'all', expiresAt: null }).iceServers).toEqual([]);
  });
});
