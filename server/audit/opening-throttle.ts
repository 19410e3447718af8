/**
 * When a request for a file is a new opening to record in the audit trail (R6.4): each request from the start of
 * the file, except repeats by the same session within a few seconds (a player or viewer probing it), and a request
 * from the middle of it (a seek) only when that session has not opened it recently, so skipping the first bytes
 * does not avoid the record.
 */
const REOPEN_MS = 5_000;
const SEEK_WITHIN_OPENING_MS = 10 * 60_000;
const KEPT_KEYS = 10_000;

export class OpeningThrottle {
  private readonly last = new Map<string, number>();

  /** `key` names the session and the file; `fromStart` is false for a range request from the middle. */
  isOpening(key: string, fromStart = true, now = Date.now()): boolean {
    const last = this.last.get(key);
    if (last === undefined || now - last > (fromStart ? REOPEN_MS : SEEK_WITHIN_OPENING_MS)) {
      this.last.set(key, now);
      if (this.last.size > KEPT_KEYS) for (const [k, t] of this.last) if (now - t > SEEK_WITHIN_OPENING_MS) this.last.delete(k);
      return true;
    }
    if (fromStart) this.last.set(key, now);
    return false;
  }
}
