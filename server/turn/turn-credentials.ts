/**
 * TURN REST API credentials (draft-uberti-behave-turn-rest, coturn `use-auth-secret`): the username is
 * `<expiry unix seconds>:<user id>` and the password is base64(HMAC-SHA1(shared secret, username)). coturn recomputes
 * the HMAC with its `static-auth-secret` and refuses a username whose expiry has passed, so the browser never holds
 * anything that outlives `ttlS`, and the shared secret never leaves the server.
 */
import { createHmac } from 'node:crypto';

export interface TurnCredentials {
  username: string;
  credential: string;
  /** When coturn stops accepting them. */
  expiresAt: Date;
}

/** The password coturn expects for `username` under `secret`. */
export function turnPassword(secret: string, username: string): string {
  return createHmac('sha1', secret).update(username).digest('base64');
}

export function turnCredentials(secret: string, userId: string, ttlS: number, now: Date = new Date()): TurnCredentials {
  if (userId.includes(':')) throw new Error('a TURN user id may not contain ":"');
  const expiry = Math.floor(now.getTime() / 1000) + ttlS;
  const username = `${expiry}:${userId}`;
  return { username, credential: turnPassword(secret, username), expiresAt: new Date(expiry * 1000) };
}

/** The URLs of a TURN server at `host`: UDP and TCP on `port`, and TLS on `tlsPort` when given. */
export function turnUrls(host: string, port: number, tlsPort?: number): string[] {
  const h = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  const urls = [`turn:${h}:${port}?transport=udp`, `turn:${h}:${port}?transport=tcp`];
  if (tlsPort !== undefined) urls.push(`turns:${h}:${tlsPort}?transport=tcp`);
  return urls;
}
