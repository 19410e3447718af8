/**
 * Failures per key within a sliding window: once `max` failures fall within `windowMs`, further attempts wait until
 * the oldest leaves it. The account's budget of wrong meeting passwords (R1.3): the HTTP access check and the
 * signaling join both go through `checkEntry`, so one budget covers both. Kept in memory: the address's budget
 * (rate-limits.ts) still holds across a restart.
 */
export class FailureWindow {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  /** Seconds to wait before the next attempt, or null when one may be made now. */
  waitFor(key: string, now: number): number | null {
    const recent = this.recent(key, now);
    return recent.length >= this.max ? (recent[0]! + this.windowMs - now) / 1000 : null;
  }

  fail(key: string, now: number): void {
    this.failures.set(key, [...this.recent(key, now), now]);
  }

  private recent(key: string, now: number): number[] {
    const recent = (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length) this.failures.set(key, recent);
    else this.failures.delete(key);
    return recent;
  }
}
