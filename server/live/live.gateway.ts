/**
 * The signaling WebSocket (`/ws`): authenticates the upgrade by the session cookie and its Origin, limits how fast
 * each connection may send (ClientConnection), parses every frame with the shared protocol schema, answers bad
 * frames with an `error` frame (the connection stays usable), and passes the rest to LiveService in order. One
 * heartbeat for all connections ends only those that stopped answering.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { clientMessage, clientMessageTypes, type ServerMessage } from '../../shared/protocol';
import { SESSION_COOKIE } from '../auth/auth.hooks';
import type { AuthService } from '../auth/auth.service';
import { AppError, fieldsOf } from '../errors';
import { serialise } from './client-link';
import { ClientConnection, PING_INTERVAL_MS, type ConnectionLimits } from './client-connection';
import { JoinGate } from './join-gate';
import type { LiveService } from './live.service';

const maxFrameBytes = 256 * 1024;
/** Connections authenticated and joins checked at once (JoinGate): the rest wait their turn. */
const JOIN_CONCURRENCY = 8;

function originAllowed(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (!origin) return true; // not a browser
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

const errorFrame = (err: AppError, requestType?: string): string =>
  serialise({ type: 'error', id: err.id, message: err.publicMessage, ...(requestType ? { request: requestType } : {}) } satisfies ServerMessage);

export function liveGateway(app: FastifyInstance, deps: { auth: AuthService; live: LiveService; limits?: ConnectionLimits; pingIntervalMs?: number }): void {
  const connections = new Set<ClientConnection>();
  const gate = new JoinGate(JOIN_CONCURRENCY);
  const heartbeat = setInterval(() => {
    const now = Date.now();
    for (const conn of connections) conn.heartbeat(now);
  }, deps.pingIntervalMs ?? PING_INTERVAL_MS);
  app.addHook('onClose', async () => clearInterval(heartbeat));

  app.get('/ws', { websocket: true }, async (ws: WebSocket, request: FastifyRequest) => {
    // Buffer frames that arrive while the session is being looked up.
    const early: string[] = [];
    let ready: ((raw: string) => void) | undefined;
    ws.on('message', (raw) => (ready ? ready(raw.toString()) : early.push(raw.toString())));

    if (!originAllowed(request)) {
      ws.send(errorFrame(new AppError('forbidden')));
      ws.close(4403);
      return;
    }
    const signedIn = await gate.run(() => deps.auth.authenticate(request.cookies[SESSION_COOKIE]));
    if (!signedIn) {
      ws.send(errorFrame(new AppError('unauthenticated')));
      ws.close(4401);
      return;
    }

    const conn = new ClientConnection(ws, deps.live.instanceId, signedIn, request.ip, deps.limits);
    connections.add(conn);
    const fail = (err: AppError, requestType?: string) => conn.send(errorFrame(err, requestType));
    let joining = false;
    // Frames are handled in order: a trickle must not overtake the publish it belongs to.
    let queue: Promise<void> = Promise.resolve();
    ws.on('close', (code) => {
      connections.delete(conn);
      conn.closed(code);
      void queue.then(() => deps.live.disconnected(conn)).catch((err: Error) => request.log.warn({ err: err.message }, 'disconnect failed'));
    });

    const onFrame = async (raw: string) => {
      if (conn.state === 'closed') return;
      let json: unknown;
      if (raw.length > maxFrameBytes) return fail(new AppError('message_malformed', undefined, 'frame too large'));
      try {
        json = JSON.parse(raw);
      } catch {
        return fail(new AppError('message_malformed', { '(frame)': 'not JSON' }));
      }
      const type = typeof json === 'object' && json !== null ? (json as { type?: unknown }).type : undefined;
      if (typeof type !== 'string' || !(clientMessageTypes as string[]).includes(type)) {
        return fail(new AppError('message_unknown', { type: String(type) }), typeof type === 'string' ? type : undefined);
      }
      const parsed = clientMessage.safeParse(json);
      if (!parsed.success) return fail(new AppError('message_malformed', fieldsOf(parsed.error.issues)), type);
      const message = parsed.data;
      try {
        if (message.type === 'join' && !conn.meetingId) {
          if (joining) throw new AppError('already_joined');
          joining = true;
          try {
            await gate.run(() => deps.live.join(conn, message));
          } finally {
            joining = false;
          }
          return;
        }
        await deps.live.command(conn, message);
      } catch (err) {
        if (err instanceof AppError) return fail(err, type);
        request.log.error({ err }, 'signaling handler failed');
        fail(new AppError('internal_error'), type);
      }
    };
    ready = (raw) => {
      const admitted = conn.admitFrame(Date.now());
      if (admitted !== 'ok') {
        if (admitted === 'paused') fail(new AppError('message_rate_limited'));
        return;
      }
      queue = queue.then(() => onFrame(raw));
    };
    early.splice(0).forEach((raw) => ready!(raw));
  });
}
