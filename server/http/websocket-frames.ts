/**
 * The signaling WebSocket's frame limit, at the transport (issue 14). `ws` refuses a frame over `maxPayload` from
 * its header, without reading it, and closes the connection with 1009; until now the client learnt nothing and
 * each such frame logged a stack trace. Now the client is first sent an `error` frame from the catalogue
 * (`request_too_large`), and the log gets one line without a stack: a client's broken frame is not our failure.
 */
import type { WebsocketPluginOptions } from '@fastify/websocket';
import type { FastifyRequest } from 'fastify';
import WebSocket from 'ws';
import type { ServerMessage } from '../../shared/protocol';
import { AppError } from '../errors';

/** The largest frame read (a session description is at most 200 000 characters). */
export const MAX_FRAME_BYTES = 256 * 1024;

const tooLarge: ServerMessage = { type: 'error', id: 'request_too_large', message: new AppError('request_too_large').publicMessage };

/** ws's socket, telling the client why before it closes for a frame too large (1009, "message too big"). */
export class FrameLimitedWebSocket extends WebSocket {
  override close(code?: number, data?: string | Buffer): void {
    if (code === 1009 && this.readyState === WebSocket.OPEN) this.send(JSON.stringify(tooLarge));
    super.close(code, data);
  }
}

/**
 * The class for ws's `WebSocket` option. ws's types want the default export's namespace (its static helpers), which
 * the subclass inherits at run time.
 */
export const frameLimitedWebSocketClass = FrameLimitedWebSocket as unknown as NonNullable<WebsocketPluginOptions['options']>['WebSocket'];

/**
 * @fastify/websocket's error handler: errors of the client's own making (a frame too large, bad framing, invalid
 * UTF-8: ws's `WS_ERR_*`) are one log line; anything else is ours and logged with its stack.
 */
export function websocketErrorHandler(error: Error & { code?: string }, socket: WebSocket, request: FastifyRequest): void {
  if (typeof error.code === 'string' && error.code.startsWith('WS_ERR_')) request.log.info({ wsError: error.code }, 'signaling connection closed: the client sent a frame it may not');
  else request.log.error({ err: error }, 'signaling connection failed');
  if (socket.readyState === WebSocket.OPEN) socket.terminate();
}
