/**
 * A thin, typed client for the Janus WebSocket API: one connection, one session, handles, transactions,
 * keepalives, events and reconnection. (Why not janode: see docs/ARCHITECTURE.md — no types, no `moderate`,
 * no reconnection after a lost connection, and pre-parsed events where we want to validate raw frames.)
 *
 * Requests are matched by transaction, never by order: a plugin's `event` can arrive before its `ack`.
 * Plugin errors come back as `success`/`event` with `plugindata.data.error_code`; core errors as `janus:"error"`.
 */
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import WebSocket from 'ws';
import { janusFrame, type JanusFrame } from './janus.schemas';

export type JanusConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'closed';

export class JanusError extends Error {
  constructor(
    readonly code: number,
    reason: string,
  ) {
    super(`Janus error ${code}: ${reason}`);
  }
}

export interface JanusClientOptions {
  url: string;
  apiSecret?: string;
  logger: Logger;
  /** Janus drops a session after 60 s without traffic; we ping well inside that. */
  keepaliveMs?: number;
  requestTimeoutMs?: number;
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  /**
   * Where the session id is kept between runs of the server. At the first connection the client `claim`s the
   * session it had before a restart (Janus keeps it for `reclaim_session_timeout`), so that rooms and handles —
   * and the media flowing through them — are taken over instead of made again.
   */
  sessionStore?: { load(): number | undefined; save(sessionId: number): void };
}

interface Pending {
  resolve(frame: JanusFrame): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
  /** Resolve on `ack` too (core requests such as trickle or keepalive). */
  ackIsReply: boolean;
}

export interface PluginReply {
  data: Record<string, unknown>;
  jsep?: { type: 'offer' | 'answer'; sdp: string };
}

/**
 * Events: `state` (JanusConnectionState), `connected` (a session is ready: a fresh one — handles from before are
 * gone — or, at the first connection, the one of the previous run claimed back: see `reclaimed`),
 * `disconnected` (the connection or session was lost).
 */
export class JanusClient extends EventEmitter {
  private ws?: WebSocket;
  private sessionId?: number;
  private readonly pending = new Map<string, Pending>();
  private readonly handles = new Map<number, JanusHandle>();
  private keepaliveTimer?: NodeJS.Timeout;
  private reconnectTimer?: NodeJS.Timeout;
  private attempt = 0;
  private _state: JanusConnectionState = 'idle';
  private readonly keepaliveMs: number;
  private readonly requestTimeoutMs: number;
  private claimTried = false;
  /** The current session is the previous run's, claimed back: its handles may still exist (adoptHandle). */
  reclaimed = false;

  constructor(private readonly opts: JanusClientOptions) {
    super();
    // Janus ends a session 60 s after its last request; a restarted server must claim it within what is left.
    this.keepaliveMs = opts.keepaliveMs ?? 15_000;
    this.requestTimeoutMs = opts.requestTimeoutMs ?? 10_000;
  }

  get state(): JanusConnectionState {
    return this._state;
  }

  get isConnected(): boolean {
    return this._state === 'connected';
  }

  /** Connects and keeps reconnecting until `close()`. Resolves when the first session is ready. */
  start(): Promise<void> {
    const ready = new Promise<void>((resolve) => this.once('connected', () => resolve()));
    this.connect();
    return ready;
  }

  async close(): Promise<void> {
    this.setState('closed');
    clearTimeout(this.reconnectTimer);
    clearInterval(this.keepaliveTimer);
    const ws = this.ws;
    this.ws = undefined;
    this.failAll(new JanusError(0, 'client closed'));
    if (ws && ws.readyState === WebSocket.OPEN) {
      if (this.sessionId) ws.send(JSON.stringify(this.stamp({ janus: 'destroy', session_id: this.sessionId })));
      await new Promise<void>((resolve) => {
        ws.once('close', () => resolve());
        ws.close();
        setTimeout(resolve, 1000).unref();
      });
    } else ws?.terminate();
  }

  /** Attach a plugin handle in the current session. */
  async attach(plugin: string): Promise<JanusHandle> {
    const reply = await this.send({ janus: 'attach', plugin, session_id: this.requireSession() });
    const id = reply.data?.id;
    if (typeof id !== 'number') throw new JanusError(0, 'attach without handle id');
    const handle = new JanusHandle(this, id, plugin);
    this.handles.set(id, handle);
    return handle;
  }

  /**
   * A handle of the reclaimed session that the previous run attached (its id kept in the database): events for it
   * reach the returned object again.
   */
  adoptHandle(id: number, plugin: string): JanusHandle {
    const existing = this.handles.get(id);
    if (existing) return existing;
    const handle = new JanusHandle(this, id, plugin);
    this.handles.set(id, handle);
    return handle;
  }

  /** @internal */
  forgetHandle(id: number): void {
    this.handles.delete(id);
  }

  /** @internal Send a request and resolve with the frame that answers its transaction. */
  send(body: Record<string, unknown>, opts: { ackIsReply?: boolean; sessionId?: number } = {}): Promise<JanusFrame> {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN || (body.janus !== 'create' && !this.sessionId && !opts.sessionId)) {
      return Promise.reject(new JanusError(0, 'not connected to Janus'));
    }
    const transaction = randomBytes(9).toString('base64url');
    return new Promise<JanusFrame>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(transaction);
        reject(new JanusError(0, `no answer to ${String(body.janus)} within ${this.requestTimeoutMs} ms`));
      }, this.requestTimeoutMs);
      this.pending.set(transaction, { resolve, reject, timer, ackIsReply: opts.ackIsReply ?? false });
      ws.send(JSON.stringify(this.stamp({ ...body, transaction })));
    });
  }

  requireSession(): number {
    if (!this.sessionId || this._state !== 'connected') throw new JanusError(0, 'not connected to Janus');
    return this.sessionId;
  }

  private stamp(body: Record<string, unknown>): Record<string, unknown> {
    return this.opts.apiSecret ? { ...body, apisecret: this.opts.apiSecret } : body;
  }

  private setState(state: JanusConnectionState): void {
    if (this._state === state) return;
    this._state = state;
    this.emit('state', state);
  }

  private connect(): void {
    if (this._state === 'closed') return;
    this.setState(this.attempt === 0 ? 'connecting' : 'reconnecting');
    const ws = new WebSocket(this.opts.url, 'janus-protocol');
    this.ws = ws;
    ws.on('open', () => {
      this.openSession()
        .then(({ id, reclaimed }) => {
          this.sessionId = id;
          this.reclaimed = reclaimed;
          this.opts.sessionStore?.save(id);
          this.attempt = 0;
          this.keepaliveTimer = setInterval(() => {
            if (!this.sessionId) return;
            this.send({ janus: 'keepalive', session_id: this.sessionId }, { ackIsReply: true }).catch((err: Error) =>
              this.opts.logger.warn({ err: err.message }, 'janus keepalive failed'),
            );
          }, this.keepaliveMs);
          this.setState('connected');
          this.opts.logger.info({ url: this.opts.url, reclaimed }, reclaimed ? 'connected to Janus, previous session claimed' : 'connected to Janus');
          this.emit('connected');
        })
        .catch((err: Error) => {
          this.opts.logger.warn({ err: err.message }, 'janus session create failed');
          ws.terminate();
        });
    });
    ws.on('message', (raw) => this.onFrame(raw.toString()));
    ws.on('error', (err) => this.opts.logger.debug({ err: err.message }, 'janus websocket error'));
    ws.on('close', () => {
      if (this.ws !== ws) return;
      this.ws = undefined;
      this.lost();
    });
  }

  /** The previous run's session at the first connection when Janus still has it; otherwise a new one. */
  private async openSession(): Promise<{ id: number; reclaimed: boolean }> {
    const previous = this.claimTried ? undefined : this.opts.sessionStore?.load();
    this.claimTried = true;
    if (previous !== undefined) {
      const claimed = await this.send({ janus: 'claim', session_id: previous }, { ackIsReply: true, sessionId: previous }).then(
        (reply) => reply.janus === 'success',
        () => false,
      );
      if (claimed) return { id: previous, reclaimed: true };
    }
    const reply = await this.send({ janus: 'create' });
    const id = reply.data?.id;
    if (typeof id !== 'number') throw new JanusError(0, 'create without session id');
    return { id, reclaimed: false };
  }

  private lost(): void {
    const wasConnected = this.sessionId !== undefined;
    this.sessionId = undefined;
    clearInterval(this.keepaliveTimer);
    this.failAll(new JanusError(0, 'connection to Janus lost'));
    for (const handle of [...this.handles.values()]) handle.gone();
    if (this._state === 'closed') return;
    if (wasConnected) {
      this.opts.logger.warn('connection to Janus lost');
      this.emit('disconnected');
    }
    this.attempt += 1;
    const min = this.opts.reconnectMinMs ?? 250;
    const max = this.opts.reconnectMaxMs ?? 5000;
    const delayMs = Math.min(max, min * 2 ** Math.min(this.attempt - 1, 10));
    this.setState('reconnecting');
    this.reconnectTimer = setTimeout(() => this.connect(), delayMs);
  }

  private failAll(err: Error): void {
    for (const [tx, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(err);
      this.pending.delete(tx);
    }
  }

  private onFrame(text: string): void {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      this.opts.logger.warn('janus sent invalid JSON');
      return;
    }
    const parsed = janusFrame.safeParse(json);
    if (!parsed.success) {
      this.opts.logger.warn({ issues: parsed.error.issues.slice(0, 3) }, 'janus sent an unexpected frame');
      return;
    }
    const frame = parsed.data;
    const pending = frame.transaction ? this.pending.get(frame.transaction) : undefined;
    if (pending && frame.transaction) {
      if (frame.janus === 'ack' && !pending.ackIsReply) return; // the real answer (an event) follows
      this.pending.delete(frame.transaction);
      clearTimeout(pending.timer);
      if (frame.janus === 'error') pending.reject(new JanusError(frame.error?.code ?? 0, frame.error?.reason ?? 'error'));
      else pending.resolve(frame);
      return;
    }
    if (frame.sender !== undefined) this.handles.get(frame.sender)?.dispatch(frame);
    else if (frame.janus === 'timeout') {
      this.opts.logger.warn('janus session timed out');
      this.ws?.terminate();
    }
  }
}

/**
 * A plugin handle. Events: `event` (PluginReply, unsolicited plugin events), `webrtcup`, `hangup` (reason),
 * `media` ({type, receiving, mid}), `slowlink`, `detached` (the handle is gone, on Janus's side or with the session).
 */
export class JanusHandle extends EventEmitter {
  private detachedFlag = false;

  constructor(
    private readonly client: JanusClient,
    readonly id: number,
    readonly plugin: string,
  ) {
    super();
  }

  get detached(): boolean {
    return this.detachedFlag;
  }

  /**
   * A plugin request. Synchronous ones (create, destroy, moderate, kick …) answer `success`; asynchronous ones
   * (join, publish, start, update …) answer `ack` then an `event` with the same transaction: either resolves.
   */
  async request(body: Record<string, unknown>, jsep?: { type: string; sdp: string }): Promise<PluginReply> {
    const frame = await this.client.send({
      janus: 'message',
      session_id: this.client.requireSession(),
      handle_id: this.id,
      body,
      ...(jsep ? { jsep } : {}),
    });
    const data = frame.plugindata?.data ?? {};
    if (typeof data.error_code === 'number') throw new JanusError(data.error_code, String(data.error ?? 'plugin error'));
    return { data, jsep: frame.jsep };
  }

  async trickle(candidate: Record<string, unknown> | null): Promise<void> {
    await this.client.send(
      {
        janus: 'trickle',
        session_id: this.client.requireSession(),
        handle_id: this.id,
        ...(candidate ? { candidate } : { candidate: { completed: true } }),
      },
      { ackIsReply: true },
    );
  }

  async detach(): Promise<void> {
    if (this.detachedFlag) return;
    this.gone();
    if (!this.client.isConnected) return;
    await this.client
      .send({ janus: 'detach', session_id: this.client.requireSession(), handle_id: this.id }, { ackIsReply: true })
      .catch(() => undefined);
  }

  /** @internal */
  dispatch(frame: JanusFrame): void {
    switch (frame.janus) {
      case 'event':
        this.emit('event', { data: frame.plugindata?.data ?? {}, jsep: frame.jsep } satisfies PluginReply);
        break;
      case 'webrtcup':
        this.emit('webrtcup');
        break;
      case 'hangup':
        this.emit('hangup', frame.reason);
        break;
      case 'media':
      case 'slowlink':
        this.emit(frame.janus, frame);
        break;
      case 'detached':
        this.gone();
        break;
    }
  }

  /** @internal The handle no longer exists in Janus. */
  gone(): void {
    if (this.detachedFlag) return;
    this.detachedFlag = true;
    this.client.forgetHandle(this.id);
    this.emit('detached');
  }
}
