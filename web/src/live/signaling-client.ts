/**
 * The one WebSocket between this tab and the giaoban server (shared/protocol.ts).
 *
 *   idle ──start()──▶ connecting ──joined──────────────▶ joined
 *                        │    ▲   └──lobby──▶ lobby ──joined──┘ │ socket lost / join timed out
 *                        ▼    └──── retry ◀── reconnecting ◀────┘ (also from lobby)
 *   any ──closed frame (incl. refused from the lobby) / join refused / leave() / close()──▶ closed (final)
 *
 * Every attempt opens a socket and sends `join` (slug and password, kept in memory only) as its first frame, with
 * the resume token of the last `joined` once there is one: after a lost connection or a restart of the server the
 * server gives the same presence back (no lobby, no password) and says whether the media was kept (`keepMedia`).
 * The server may answer `lobby` instead of `joined` (R3.1): the attempt then waits, without a time-out, for the
 * chair's decision (`joined` when admitted, `closed: refused` otherwise).
 * A lost socket is retried with exponential backoff and full jitter (a thousand clients of a restarted server do not
 * all come back in the same millisecond). Every incoming frame is parsed with `serverMessage`; a malformed frame is
 * logged and ignored.
 */
import type { ErrorId } from '../../../shared/errors';
import { PROTOCOL_VERSION, serverMessage, type ClientMessage, type LeaveReason, type ServerMessage } from '../../../shared/protocol';

export type SignalingState = 'idle' | 'connecting' | 'lobby' | 'joined' | 'reconnecting' | 'closed';

/** Why the client reached `closed`. */
export type CloseCause =
  /** The server closed our presence (`closed` frame); `message`: the chair's reason for a removal or refusal. */
  | { kind: 'server'; reason: LeaveReason; message?: string }
  /** The server refused the `join` (wrong password, not invited, meeting ended, …). */
  | { kind: 'refused'; errorId: ErrorId }
  /** We closed it: `leave()` or `close()`. */
  | { kind: 'local' };

/** From opening a socket until `joined`; past it the attempt counts as failed and is retried. */
export const JOIN_TIMEOUT_MS = 10_000;
/**
 * The longest wait before the first retry; doubles per failed attempt up to RECONNECT_MAX_DELAY_MS; reset by
 * `joined`. Each wait is drawn uniformly below that bound (full jitter).
 */
export const RECONNECT_MIN_DELAY_MS = 250;
export const RECONNECT_MAX_DELAY_MS = 3_000;

/** Refusals of `join` that a retry could cure; any other error before `joined` is final. */
const TRANSIENT_JOIN_ERRORS: ReadonlySet<ErrorId> = new Set(['internal_error', 'media_unavailable']);

const SOCKET_OPEN = 1; // WebSocket.OPEN, spelled out for environments without a global WebSocket

/** The part of the browser's WebSocket this client uses (tests pass a fake). */
export interface SocketLike {
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export interface SignalingOptions {
  url: string;
  slug: string;
  password: string;
  createSocket?: (url: string) => SocketLike;
  /** Uniform in [0, 1) (tests fix it). */
  random?: () => number;
}

export function defaultSignalingUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}

/** The bound of the wait before retry number `failedAttempts` (0-based). */
export function reconnectBoundMs(failedAttempts: number): number {
  return Math.min(RECONNECT_MIN_DELAY_MS * 2 ** failedAttempts, RECONNECT_MAX_DELAY_MS);
}

/** Full jitter: anywhere below the bound. */
export function reconnectDelayMs(failedAttempts: number, random: () => number = Math.random): number {
  return Math.floor(random() * reconnectBoundMs(failedAttempts));
}

type Listener<T> = (value: T) => void;

export class SignalingClient {
  private currentState: SignalingState = 'idle';
  private socket: SocketLike | null = null;
  private failedAttempts = 0;
  private joinTimer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private cause: CloseCause | null = null;
  /** From the last `joined`: takes this presence back on the next attempt. */
  private resumeToken: string | null = null;
  private readonly stateListeners = new Set<Listener<SignalingState>>();
  private readonly messageListeners = new Set<Listener<ServerMessage>>();
  private readonly createSocket: (url: string) => SocketLike;

  constructor(private readonly options: SignalingOptions) {
    this.createSocket = options.createSocket ?? ((url) => new WebSocket(url));
  }

  get state(): SignalingState {
    return this.currentState;
  }

  /** Set once the state is `closed`. */
  get closeCause(): CloseCause | null {
    return this.cause;
  }

  onState(listener: Listener<SignalingState>): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /**
   * Every valid frame except `closed` and a refusal of `join`, which end the client and are reported through
   * `closeCause` and the `closed` state instead.
   */
  onMessage(listener: Listener<ServerMessage>): () => void {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  }

  start(): void {
    if (this.currentState !== 'idle') return;
    this.connect('connecting');
  }

  /** Sends a frame of the joined meeting; returns false (and drops it) when not joined. */
  send(message: ClientMessage): boolean {
    if (this.currentState !== 'joined' || !this.socket || this.socket.readyState !== SOCKET_OPEN) {
      console.debug('[signaling] not joined, dropped', message.type);
      return false;
    }
    this.socket.send(JSON.stringify(message));
    return true;
  }

  /** Tells the server we leave (when joined or waiting in the lobby), then closes. */
  leave(): void {
    if (this.currentState === 'lobby' && this.socket?.readyState === SOCKET_OPEN) this.socket.send(JSON.stringify({ type: 'leave' } satisfies ClientMessage));
    else this.send({ type: 'leave' });
    this.finish({ kind: 'local' });
  }

  /** Closes without a word to the server (it sees the socket close). */
  close(): void {
    this.finish({ kind: 'local' });
  }

  // ------------------------------------------------------------------------------------------ internals

  private setState(state: SignalingState): void {
    if (state === this.currentState) return;
    this.currentState = state;
    for (const listener of this.stateListeners) listener(state);
  }

  private connect(state: 'connecting' | 'reconnecting'): void {
    this.setState(state);
    let socket: SocketLike;
    try {
      socket = this.createSocket(this.options.url);
    } catch (error) {
      console.warn('[signaling] cannot open socket', error);
      this.scheduleRetry();
      return;
    }
    this.socket = socket;
    this.joinTimer = setTimeout(() => this.attemptFailed('join timed out'), JOIN_TIMEOUT_MS);
    socket.onopen = () => {
      performance.mark('gb:ws-open');
      const { slug, password } = this.options;
      socket.send(JSON.stringify({ type: 'join', v: PROTOCOL_VERSION, slug, password, ...(this.resumeToken ? { resume: this.resumeToken } : {}) } satisfies ClientMessage));
    };
    socket.onmessage = (event) => this.handleFrame(event.data);
    socket.onclose = (event) => this.attemptFailed(`socket closed (${event.code})`);
    socket.onerror = () => undefined; // a close event always follows
  }

  private handleFrame(data: unknown): void {
    let json: unknown;
    try {
      json = JSON.parse(typeof data === 'string' ? data : '');
    } catch {
      console.warn('[signaling] ignored a frame that is not JSON');
      return;
    }
    const parsed = serverMessage.safeParse(json);
    if (!parsed.success) {
      console.warn('[signaling] ignored a malformed frame', parsed.error.issues, json);
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'joined':
        if (message.v !== PROTOCOL_VERSION) console.warn(`[signaling] server speaks protocol ${message.v}, we ${PROTOCOL_VERSION}`);
        clearTimeout(this.joinTimer);
        performance.mark('gb:joined');
        this.resumeToken = message.resumeToken;
        this.failedAttempts = 0;
        this.setState('joined');
        break;
      case 'lobby':
        // Waiting for the chair can take minutes: no join time-out while in the lobby.
        clearTimeout(this.joinTimer);
        this.failedAttempts = 0;
        this.setState('lobby');
        break;
      case 'closed':
        this.finish({ kind: 'server', reason: message.reason, ...(message.message ? { message: message.message } : {}) });
        return;
      case 'error':
        if (this.currentState !== 'joined' && this.currentState !== 'lobby') {
          const id = message.id as ErrorId;
          if (TRANSIENT_JOIN_ERRORS.has(id)) this.attemptFailed(`join refused for now: ${id}`);
          else this.finish({ kind: 'refused', errorId: id });
          return;
        }
        break;
    }
    for (const listener of this.messageListeners) listener(message);
  }

  /** Drops the current socket (if any) and retries later. */
  private attemptFailed(why: string): void {
    if (this.currentState === 'closed' || !this.socket) return;
    console.info(`[signaling] ${why}; retrying`);
    this.dropSocket(4000, 'retry');
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    const delayMs = reconnectDelayMs(this.failedAttempts, this.options.random);
    this.failedAttempts += 1;
    this.setState('reconnecting');
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.connect('reconnecting'), delayMs);
  }

  private dropSocket(code: number, reason: string): void {
    clearTimeout(this.joinTimer);
    const socket = this.socket;
    this.socket = null;
    if (!socket) return;
    socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
    try {
      socket.close(code, reason);
    } catch {
      /* already closing */
    }
  }

  private finish(cause: CloseCause): void {
    if (this.currentState === 'closed') return;
    this.cause = cause;
    clearTimeout(this.retryTimer);
    this.dropSocket(1000, cause.kind);
    this.setState('closed');
  }
}
