/**
 * Where the frames for one browser connection go. The owner of a meeting only sees links: a connection on this
 * instance is its own link; a connection held by another instance is reached through the bus (two instances, R7.2).
 * Frames arrive already serialised, so one change is serialised once whatever the number of recipients.
 */
import type { ServerMessage } from '../../shared/protocol';

export interface ClientLink {
  /** The connection's id, unique across instances. */
  readonly id: string;
  /** The instance holding the socket. */
  readonly instanceId: string;
  /**
   * Queue one serialised frame: a Buffer when the same bytes go to many links (encoded once), a string otherwise.
   * `skippable`: a frame of changes that a snapshot replaces — a connection that fell behind skips those and is then
   * sent a snapshot (see ClientConnection).
   */
  send(frame: string | Buffer, skippable?: boolean): void;
  /** End the connection after the frames already sent (`code` as in WebSocket close codes). */
  close(code?: number): void;
}

/** A frame for one recipient, serialised. */
export const serialise = (message: ServerMessage): string => JSON.stringify(message);
