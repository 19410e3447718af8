/** The ICE servers handed to a signed-in participant (R7.1): TURN URLs with credentials made for them, now. */
import type { IceServersResponse } from '../../shared/api';
import { turnCredentials } from './turn-credentials';

export interface TurnServiceOptions {
  /** TURN/STUN URLs; empty: no TURN server (the embedded default on one machine). */
  urls: string[];
  /** Read when credentials are made: the embedded coturn's secret is known once it has started. */
  secret: () => string | undefined;
  ttlS: number;
  forceRelay: boolean;
}

export class TurnService {
  constructor(private readonly opts: TurnServiceOptions) {}

  get enabled(): boolean {
    return this.opts.urls.length > 0;
  }

  iceServersFor(userId: string, now: Date = new Date()): IceServersResponse {
    const secret = this.opts.secret();
    if (!this.enabled || !secret) return { iceServers: [], iceTransportPolicy: 'all', expiresAt: null };
    const { username, credential, expiresAt } = turnCredentials(secret, userId, this.opts.ttlS, now);
    return {
      iceServers: [{ urls: this.opts.urls, username, credential }],
      iceTransportPolicy: this.opts.forceRelay ? 'relay' : 'all',
      expiresAt: expiresAt.toISOString(),
    };
  }
}
