/**
 * A session that has just proved a meeting's password (on the password screen) need not prove it again when its
 * WebSocket joins a moment later, nor when the page is reloaded during the meeting: a second argon2 verification
 * would only slow the join. Grants live in memory, are bound to the session and the meeting, are renewed at each
 * join and expire (and the session itself still has to be live).
 */
export class EntryGrants {
  private readonly grants = new Map<string, number>();

  constructor(
    private readonly ttlMs = 12 * 3_600_000,
    private readonly now: () => number = Date.now,
  ) {}

  grant(sessionId: string, meetingId: string): void {
    if (this.grants.size > 10_000) this.sweep();
    this.grants.set(`${sessionId}:${meetingId}`, this.now() + this.ttlMs);
  }

  has(sessionId: string, meetingId: string): boolean {
    const until = this.grants.get(`${sessionId}:${meetingId}`);
    return until !== undefined && until > this.now();
  }

  /** Leak response: nobody keeps an entry to this meeting without the new password. */
  revokeMeeting(meetingId: string): void {
    for (const key of this.grants.keys()) if (key.endsWith(`:${meetingId}`)) this.grants.delete(key);
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, until] of this.grants) if (until <= now) this.grants.delete(key);
  }
}
