/**
 * NAT traversal (R7.1): the RTCConfiguration of every PeerConnection with the media server — the TURN servers and
 * time-limited credentials our server makes for the signed-in user (GET /api/media/ice-servers; never a password
 * kept in the page), fetched again when they near their expiry. Without a TURN server the list is empty: on one
 * machine or a LAN the media server is reachable directly.
 */
import type { IceServersResponse } from '../../../shared/api';
import { currentCsrfToken, request } from '../api';

/** Credentials this close to their expiry are fetched again. */
const REFRESH_BEFORE_MS = 10 * 60_000;

/** Per session (its CSRF token): after signing out and in as someone else, the credentials are fetched again. */
let cached: { config: RTCConfiguration; refreshAt: number; session: string | null } | null = null;
let loading: Promise<RTCConfiguration> | null = null;

export function toRtcConfiguration(res: IceServersResponse): RTCConfiguration {
  return {
    iceServers: res.iceServers.map((s) => ({ urls: s.urls, ...(s.username ? { username: s.username, credential: s.credential } : {}) })),
    iceTransportPolicy: res.iceTransportPolicy,
    bundlePolicy: 'max-bundle',
  };
}

/** The configuration for a new PeerConnection (or an ICE restart); direct only if the server cannot be asked. */
export function rtcConfiguration(now = Date.now()): Promise<RTCConfiguration> {
  const session = currentCsrfToken();
  if (cached && now < cached.refreshAt && cached.session === session) return Promise.resolve(cached.config);
  loading ??= request<IceServersResponse>('GET', '/api/media/ice-servers')
    .then((res) => {
      const config = toRtcConfiguration(res);
      const expires = res.expiresAt ? Date.parse(res.expiresAt) : Number.POSITIVE_INFINITY;
      cached = { config, refreshAt: Math.max(now + 60_000, expires - REFRESH_BEFORE_MS), session };
      return config;
    })
    .catch((error) => {
      console.warn('[media] no ICE servers from the server, connecting directly', error);
      return { iceServers: [], bundlePolicy: 'max-bundle' } as RTCConfiguration;
    })
    .finally(() => (loading = null));
  return loading;
}

/** Forget the cached credentials (sign-out, tests). */
export function forgetRtcConfiguration(): void {
  cached = null;
}

/** The part of RTCPeerConnection the watcher needs (a fake in unit tests). */
export interface IceStateSource {
  readonly iceConnectionState: RTCIceConnectionState;
  addEventListener(type: 'iceconnectionstatechange', listener: () => void): void;
  removeEventListener(type: 'iceconnectionstatechange', listener: () => void): void;
}

export interface IceRestartPolicy {
  /** How long `disconnected` may last before a restart (a short loss of Wi-Fi heals by itself). */
  disconnectedGraceMs: number;
  /** Least time between two restarts of one PeerConnection. */
  minIntervalMs: number;
}

export const DEFAULT_ICE_RESTART_POLICY: IceRestartPolicy = { disconnectedGraceMs: 3000, minIntervalMs: 5000 };

/**
 * Watches one PeerConnection and calls `restart` when its network path is lost — `failed` at once, `disconnected`
 * after a grace period — so that a participant whose network changes (Wi-Fi to 4G) gets a new path without leaving
 * the meeting. Restarts are spaced by `minIntervalMs`; a restart that does not bring the connection back is tried
 * again at the next change or when the spacing allows.
 */
export class IceRestartWatcher {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastRestartAt = Number.NEGATIVE_INFINITY;
  private stopped = false;
  private readonly listener = () => this.check();

  constructor(
    private readonly pc: IceStateSource,
    private readonly restart: () => void,
    private readonly policy: IceRestartPolicy = DEFAULT_ICE_RESTART_POLICY,
    private readonly now: () => number = () => Date.now(),
  ) {
    pc.addEventListener('iceconnectionstatechange', this.listener);
  }

  stop(): void {
    this.stopped = true;
    this.clear();
    this.pc.removeEventListener('iceconnectionstatechange', this.listener);
  }

  private clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private check(): void {
    if (this.stopped) return;
    const state = this.pc.iceConnectionState;
    if (state === 'failed') {
      this.clear();
      this.schedule(0);
    } else if (state === 'disconnected') {
      if (!this.timer) this.schedule(this.policy.disconnectedGraceMs);
    } else {
      this.clear(); // connected, completed, checking, new, closed
    }
  }

  private schedule(delayMs: number): void {
    const wait = Math.max(delayMs, this.lastRestartAt + this.policy.minIntervalMs - this.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      const state = this.pc.iceConnectionState;
      if (this.stopped || (state !== 'failed' && state !== 'disconnected')) return;
      this.lastRestartAt = this.now();
      this.restart();
      // still lost after the spacing: try again
      this.schedule(this.policy.minIntervalMs);
    }, wait);
  }
}
