/**
 * Entering a meeting costs a few database queries (the session, the meeting, the invitation, the entry grant).
 * A burst of a thousand joins must not put thousands of queries ahead of everything else the server does — the
 * HTTP API shares the database pool — so joins are let through a few at a time, in the order they came.
 */
export class JoinGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly concurrency: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running += 1;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }

  /** Joins waiting for their turn (diagnostics). */
  get queued(): number {
    return this.waiting.length;
  }
}
