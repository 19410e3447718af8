/**
 * One browser's signaling WebSocket on this instance, as the rest of the server sees it.
 *
 *   open ──join──▶ in a meeting (or its lobby) ──close / terminate──▶ closed
 *
 * Backpressure: a connection that does not read fast enough never slows the others, and is not closed for its own
 * backlog. Once more than `behindBytes` wait in its socket, the frames of changes (`events`, which a snapshot
 * replaces) are skipped; when the backlog drains below `caughtUpBytes` it is sent a fresh snapshot and goes on.
 * Frames that nothing replaces (media negotiation, chat, notices, errors) are always queued.
 *
 * Liveness: pinged every `PING_INTERVAL_MS`; only a connection that has not answered for `deadAfterMs` is ended.
 * Flooding: frames beyond `rateBurst` at `ratePerSecond` are refused with `message_rate_limited` and the socket
 * is not read for `RATE_PAUSE_MS`; the others feel nothing.
 */
import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { SignedIn } from '../auth/auth.service';
import type { ClientLink } from './client-link';

export const PING_INTERVAL_MS = 5_000;
const BEHIND_CHECK_MS = 200;
export const RATE_PAUSE_MS = 1_000;

/** How much a connection may lag, stay silent or send (configuration: LIVE_BACKLOG_KB, LIVE_DEAD_AFTER_S, LIVE_FRAMES_PER_S). */
export interface ConnectionLimits {
  /** Bytes waiting in the socket past which frames of changes are skipped (a snapshot follows). */
  behindBytes: number;
  /** Bytes waiting below which a connection that fell behind is sent its snapshot. */
  caughtUpBytes: number;
  /** No pong for this long: the connection is ended (its presence waits to be taken back). */
  deadAfterMs: number;
  /** Frames a second a client may send, and how many at once. */
  ratePerSecond: number;
  rateBurst: number;
}

export const DEFAULT_LIMITS: ConnectionLimits = { behindBytes: 4 * 1024 * 1024, caughtUpBytes: 256 * 1024, deadAfterMs: 20_000, ratePerSecond: 50, rateBurst: 200 };

export type ConnectionState = 'open' | 'joined' | 'closed';

export class ClientConnection implements ClientLink {
  readonly id = randomUUID();
  state: ConnectionState = 'open';
  /** The meeting this connection joined (or waits in the lobby of). */
  meetingId: string | null = null;
  /** The instance that owns that meeting, when it is not this one (frames go there over the bus). */
  ownerInstance: string | null = null;
  /** The presence this connection speaks for, once in the room (to relink it if the meeting changes owner). */
  participantId: string | null = null;
  /** Set when the snapshot after a backlog must be asked for. */
  onCaughtUp: (() => void) | null = null;
  private lastPongAt = Date.now();
  private behind = false;
  private behindTimer?: NodeJS.Timeout;
  private tokens: number;
  private tokensAt = Date.now();
  private pausedUntil = 0;
  /** How the connection ended: a close frame with 1000/1001 is a deliberate leave; anything else is a loss. */
  closeCode: number | null = null;

  constructor(
    private readonly ws: WebSocket,
    readonly instanceId: string,
    readonly signedIn: SignedIn,
    /** The client's address: restricted meetings admit only their networks (M5.4), checked on every join. */
    readonly ip: string,
    private readonly limits: ConnectionLimits = DEFAULT_LIMITS,
  ) {
    this.tokens = limits.rateBurst;
    ws.on('pong', () => (this.lastPongAt = Date.now()));
  }

  get bufferedBytes(): number {
    return this.ws.bufferedAmount;
  }

  /** Frames of changes may be skipped while behind (a snapshot follows); every other frame is always queued. */
  send(frame: string | Buffer, skippable = false): void {
    if (this.state === 'closed' || this.ws.readyState !== this.ws.OPEN) return;
    if (skippable) {
      if (this.behind) return;
      if (this.ws.bufferedAmount > this.limits.behindBytes) {
        this.fallBehind();
        return;
      }
    }
    this.ws.send(frame, { binary: false });
  }

  close(code = 1000): void {
    if (this.state === 'closed') return;
    this.ws.close(code);
  }

  /** Called by the gateway's heartbeat: false once the connection has been silent too long (it is then ended). */
  heartbeat(now: number): boolean {
    if (now - this.lastPongAt > this.limits.deadAfterMs) {
      this.ws.terminate();
      return false;
    }
    if (this.ws.readyState === this.ws.OPEN) this.ws.ping();
    return true;
  }

  /**
   * Token bucket for incoming frames. `refused`: over the limit, dropped; `paused`: over the limit for the first
   * time in a while — the socket is not read for RATE_PAUSE_MS and the client is told once.
   */
  admitFrame(now: number): 'ok' | 'refused' | 'paused' {
    this.tokens = Math.min(this.limits.rateBurst, this.tokens + ((now - this.tokensAt) / 1000) * this.limits.ratePerSecond);
    this.tokensAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 'ok';
    }
    if (now < this.pausedUntil) return 'refused';
    this.pausedUntil = now + RATE_PAUSE_MS;
    const socket = (this.ws as unknown as { _socket?: { pause(): void; resume(): void } })._socket;
    socket?.pause();
    setTimeout(() => socket?.resume(), RATE_PAUSE_MS).unref();
    return 'paused';
  }

  closed(code: number): void {
    this.state = 'closed';
    this.closeCode = code;
    clearInterval(this.behindTimer);
  }

  private fallBehind(): void {
    this.behind = true;
    this.behindTimer = setInterval(() => {
      if (this.state === 'closed') return clearInterval(this.behindTimer);
      if (this.ws.bufferedAmount > this.limits.caughtUpBytes) return;
      clearInterval(this.behindTimer);
      this.behind = false;
      this.onCaughtUp?.();
    }, BEHIND_CHECK_MS);
  }
}
