/** NAT traversal (R7.1): the ICE servers a signed-in participant's browser uses, with time-limited TURN credentials. */

export interface IceServerView {
  urls: string[];
  /** TURN REST username `<expiry unix seconds>:<user id>`; absent for a STUN-only entry. */
  username?: string;
  /** base64(HMAC-SHA1(shared secret, username)): valid until `expiresAt`, for this user only. */
  credential?: string;
}

export interface IceServersResponse {
  iceServers: IceServerView[];
  /** `relay` when the server makes every browser send media through TURN only (TURN_FORCE_RELAY). */
  iceTransportPolicy: 'all' | 'relay';
  /** When the credentials stop being accepted (ISO); null when there is no TURN server. */
  expiresAt: string | null;
}
