/**
 * Proving a meeting's password once is enough.
 *
 * EntryGrants: a session that proved the password (on the password screen) is not asked again when its WebSocket
 * joins a moment later, when the page is reloaded during the meeting, nor after a restart of the server: grants are
 * kept in the database (`meeting_entry_grants`) with a copy in memory, bound to the session and the meeting,
 * renewed at each join, and dropped when the meeting's access is revoked (R6.4) or the session ends.
 *
 * VerifiedPasswords: the password itself is checked with argon2id; once a password was accepted for a meeting, the
 * same one again — everyone of a meeting types the same — is compared by a keyed digest (HMAC with a key that never
 * leaves this process), so a thousand joins cost one argon2 verification, not a thousand. The digest covers the
 * stored hash, so a new password (leak response) invalidates it.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface GrantStore {
  grant(sessionId: string, meetingId: string, until: Date): Promise<void>;
  hasGrant(sessionId: string, meetingId: string): Promise<boolean>;
  revokeGrants(meetingId: string): Promise<void>;
}

export class EntryGrants {
  /** Grants known here, by `session:meeting`, until when (ms). */
  private readonly known = new Map<string, number>();

  constructor(
    private readonly store: GrantStore,
    private readonly ttlMs = 12 * 3_600_000,
    private readonly now: () => number = Date.now,
  ) {}

  async grant(sessionId: string, meetingId: string): Promise<void> {
    const key = `${sessionId}:${meetingId}`;
    const until = this.now() + this.ttlMs;
    // Renewed in the database only once half the time has run, not at every join.
    if ((this.known.get(key) ?? 0) > this.now() + this.ttlMs / 2) return;
    if (this.known.size > 10_000) this.sweep();
    this.known.set(key, until);
    await this.store.grant(sessionId, meetingId, new Date(until));
  }

  async has(sessionId: string, meetingId: string): Promise<boolean> {
    const until = this.known.get(`${sessionId}:${meetingId}`);
    if (until !== undefined && until > this.now()) return true;
    return this.store.hasGrant(sessionId, meetingId);
  }

  /** Leak response: nobody keeps an entry to this meeting without the new password. */
  async revokeMeeting(meetingId: string): Promise<void> {
    for (const key of this.known.keys()) if (key.endsWith(`:${meetingId}`)) this.known.delete(key);
    await this.store.revokeGrants(meetingId);
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, until] of this.known) if (until <= now) this.known.delete(key);
  }
}

export class VerifiedPasswords {
  private readonly key = randomBytes(32);
  private readonly digests = new Map<string, Buffer>();

  private digest(passwordHash: string, password: string): Buffer {
    return createHmac('sha256', this.key).update(passwordHash).update('\0').update(password).digest();
  }

  matches(meetingId: string, passwordHash: string, password: string): boolean {
    const known = this.digests.get(meetingId);
    return known !== undefined && timingSafeEqual(known, this.digest(passwordHash, password));
  }

  remember(meetingId: string, passwordHash: string, password: string): void {
    if (this.digests.size > 10_000) this.digests.clear();
    this.digests.set(meetingId, this.digest(passwordHash, password));
  }
}
