/**
 * The console's WebSocket, `GET /api/console/ws` (R3.10): the session cookie and the page's own origin; operators
 * only — anyone else is sent the catalogue's `console_operator_only` and the socket closes (4403). Frames from the
 * page (`ack`) are parsed with the shared schema; a bad one is answered with an `error` frame and the connection
 * stays. The session is checked again every minute: a signed-out operator's console closes (4401).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { consoleClientMessage } from '../../shared/api';
import { SESSION_COOKIE } from '../auth/auth.hooks';
import type { AuthService } from '../auth/auth.service';
import { AppError, fieldsOf } from '../errors';
import type { ConsoleService, ConsoleSubscriber } from './console.service';

const MAX_FRAME_BYTES = 4096;
const SESSION_CHECK_MS = 60_000;

function originAllowed(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (!origin) return true; // not a browser
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

const errorFrame = (err: AppError) => JSON.stringify({ type: 'error', id: err.id, message: err.publicMessage });

export function consoleRoutes(app: FastifyInstance, deps: { console: ConsoleService; auth: AuthService }): void {
  app.get('/api/console/ws', { websocket: true }, async (ws: WebSocket, request: FastifyRequest) => {
    const refuse = (err: AppError, code: number) => {
      ws.send(errorFrame(err));
      ws.close(code);
    };
    if (!originAllowed(request)) return refuse(new AppError('forbidden'), 4403);
    // The HTTP hook read the session; an incomplete one (code to give, password to change) does not watch.
    const signedIn = request.auth;
    if (!signedIn || signedIn.pendingSecondFactor || signedIn.secondFactorEnrolmentRequired) return refuse(new AppError('unauthenticated'), 4401);
    if (signedIn.user.mustChangePassword) return refuse(new AppError('password_change_required'), 4403);
    const actor = signedIn.user;

    const subscriber: ConsoleSubscriber = {
      send: (frame) => {
        if (ws.readyState === ws.OPEN) ws.send(frame);
      },
      get bufferedAmount() {
        return ws.bufferedAmount;
      },
    };
    const token = request.cookies[SESSION_COOKIE];
    const sessionCheck = setInterval(() => {
      void deps.auth.authenticate(token).then(
        (still) => {
          if (!still || still.user.role !== 'operator') refuse(new AppError('unauthenticated'), 4401);
        },
        () => undefined,
      );
    }, SESSION_CHECK_MS);
    ws.on('close', () => {
      clearInterval(sessionCheck);
      deps.console.unsubscribe(subscriber);
    });
    const subscribed = deps.console.subscribe(actor, subscriber);
    // Frames that arrive before the snapshot is sent wait for it; each is handled in order.
    let queue: Promise<void> = subscribed.catch(() => undefined);
    ws.on('message', (raw: Buffer, isBinary: boolean) => {
      queue = queue.then(async () => {
        if (isBinary || raw.length > MAX_FRAME_BYTES) return subscriber.send(errorFrame(new AppError('message_malformed', { '(frame)': 'not a text frame of at most 4 KB' })));
        let json: unknown;
        try {
          json = JSON.parse(raw.toString());
        } catch {
          return subscriber.send(errorFrame(new AppError('message_malformed', { '(frame)': 'not JSON' })));
        }
        const type = typeof json === 'object' && json !== null ? (json as { type?: unknown }).type : undefined;
        if (type !== 'ack') return subscriber.send(errorFrame(new AppError('message_unknown', { type: String(type) })));
        const parsed = consoleClientMessage.safeParse(json);
        if (!parsed.success) return subscriber.send(errorFrame(new AppError('message_malformed', fieldsOf(parsed.error.issues))));
        try {
          await deps.console.acknowledge(actor, parsed.data.alarmId, request.ip);
        } catch (err) {
          if (err instanceof AppError) return subscriber.send(errorFrame(err));
          request.log.error({ err }, 'console frame failed');
          subscriber.send(errorFrame(new AppError('internal_error')));
        }
      });
    });
    try {
      await subscribed;
      if (ws.readyState !== ws.OPEN) deps.console.unsubscribe(subscriber); // closed while the snapshot was made
    } catch (err) {
      clearInterval(sessionCheck);
      if (err instanceof AppError) return refuse(err, 4403);
      request.log.error({ err }, 'opening the console failed');
      refuse(new AppError('internal_error'), 1011);
    }
  });
}
