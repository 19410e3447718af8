/**
 * The signaling WebSocket (`/ws`): authenticates the upgrade by the session cookie, parses every frame with the
 * shared protocol schema, answers bad frames with an `error` frame (the connection stays usable), and passes
 * the rest to LiveService. Dead connections are found by ping/pong and treated as leaving.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { clientMessage, clientMessageTypes, type ServerMessage } from '../../shared/protocol';
import { SESSION_COOKIE } from '../auth/auth.hooks';
import type { AuthService } from '../auth/auth.service';
import { AppError, fieldsOf } from '../errors';
import type { Connection } from './live-meeting';
import type { LiveService } from './live.service';
import type { ParticipantSocket } from './participant';

/** A closed tab must leave the others' rosters within a few seconds. */
const heartbeatIntervalMs = 3_000;
const maxFrameBytes = 256 * 1024;

function originAllowed(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (!origin) return true; // not a browser
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

export function liveGateway(app: FastifyInstance, deps: { auth: AuthService; live: LiveService }): void {
  app.get('/ws', { websocket: true }, async (ws: WebSocket, request: FastifyRequest) => {
    const socket: ParticipantSocket = {
      send: (message: ServerMessage) => ws.readyState === ws.OPEN && ws.send(JSON.stringify(message)),
      close: () => ws.close(1000),
    };
    const fail = (err: AppError, requestType?: string) =>
      socket.send({ type: 'error', id: err.id, message: err.publicMessage, ...(requestType ? { request: requestType } : {}) });

    // Buffer frames that arrive while the session is being looked up.
    const early: string[] = [];
    let ready: ((raw: string) => void) | undefined;
    ws.on('message', (raw) => (ready ? ready(raw.toString()) : early.push(raw.toString())));

    if (!originAllowed(request)) {
      fail(new AppError('forbidden'));
      ws.close(4403);
      return;
    }
    const signedIn = await deps.auth.authenticate(request.cookies[SESSION_COOKIE]);
    if (!signedIn) {
      fail(new AppError('unauthenticated'));
      ws.close(4401);
      return;
    }

    const conn: Connection = { signedIn, socket, ip: request.ip };
    let joining = false;
    let alive = true;
    ws.on('pong', () => (alive = true));
    const heartbeat = setInterval(() => {
      if (!alive) return ws.terminate();
      alive = false;
      ws.ping();
    }, heartbeatIntervalMs);
    ws.on('close', () => {
      clearInterval(heartbeat);
      void deps.live.disconnect(conn).catch((err: Error) => request.log.warn({ err: err.message }, 'disconnect failed'));
    });

    const onFrame = async (raw: string) => {
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
        if (message.type === 'join' && !conn.participant && !conn.waiting) {
          if (joining) throw new AppError('already_joined');
          joining = true;
          try {
            await deps.live.join(conn, message);
          } finally {
            joining = false;
          }
          if (ws.readyState !== ws.OPEN) await deps.live.disconnect(conn);
          return;
        }
        await deps.live.handle(conn, message);
        if (conn.participant?.left) conn.participant = undefined;
      } catch (err) {
        if (err instanceof AppError) return fail(err, type);
        request.log.error({ err }, 'signaling handler failed');
        fail(new AppError('internal_error'), type);
      }
    };
    // Frames are handled in order: a trickle must not overtake the publish it belongs to.
    let queue: Promise<void> = Promise.resolve();
    ready = (raw) => (queue = queue.then(() => onFrame(raw)));
    early.splice(0).forEach((raw) => ready!(raw));
  });
}
