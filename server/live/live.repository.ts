/**
 * The live state of meetings in progress, in the database (the only SQL of `server/live/`): who owns each meeting
 * (a lease with a fencing token), its shared state and Janus room, its participants, the meeting log written in
 * batches. Every write of a meeting's state carries the owner's fencing token: a write from an
 * instance that lost the meeting changes nothing and tells it so.
 */
import { and, eq, getTableColumns, inArray, lt, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { liveMeetings, liveParticipants, meetingEvents, meetings } from '../db/schema';
import type { MeetingEventType } from '../meetings/meeting.repository';

export interface LogRow {
  meetingId: string;
  type: MeetingEventType;
  userId: string | null;
  data: Record<string, unknown>;
  at: Date;
}

/** What one flush of a meeting writes, in one transaction. */
export interface LiveWrite {
  meetingId: string;
  fencing: number;
  state: object;
  media: object | null;
  upsert: { id: string; userId: string; sessionId: string; record: object }[];
  remove: string[];
  log: LogRow[];
}

export interface Lease {
  meetingId: string;
  fencing: number;
  /** The state kept by the previous owner; null for a meeting that just went live. */
  state: Record<string, unknown> | null;
  media: Record<string, unknown> | null;
  /** When the previous owner last wrote (the start of an outage it left behind). */
  updatedAt: Date | null;
  previousOwner: string | null;
}

/** Thrown inside a write when the fencing token is no longer the current one: another instance owns the meeting. */
export class LeaseLost extends Error {
  constructor(readonly meetingId: string) {
    super(`lease of meeting ${meetingId} lost`);
  }
}

export class LiveRepository {
  constructor(private readonly db: Db) {}

  /**
   * Take a meeting: when nobody owns it, when its lease ran out, or when it was this instance's before a restart.
   * The fencing token goes up by one at every change of hands. Null when another live instance holds it.
   */
  async acquire(meetingId: string, instanceId: string, leaseMs: number, initialState: Record<string, unknown>): Promise<Lease | null> {
    return this.db.transaction(async (tx) => {
      const [before] = await tx
        .select({ ...getTableColumns(liveMeetings), expired: sql<boolean>`${liveMeetings.leaseUntil} < now()` })
        .from(liveMeetings)
        .where(eq(liveMeetings.meetingId, meetingId))
        .for('update');
      if (!before) {
        await tx.insert(liveMeetings).values({ meetingId, ownerInstance: instanceId, fencing: 1, leaseUntil: sql`now() + ${`${leaseMs} milliseconds`}::interval`, state: initialState });
        return { meetingId, fencing: 1, state: null, media: null, updatedAt: null, previousOwner: null };
      }
      if (!before.expired && before.ownerInstance !== instanceId) return null;
      const fencing = before.fencing + 1;
      await tx
        .update(liveMeetings)
        .set({ ownerInstance: instanceId, fencing, leaseUntil: sql`now() + ${`${leaseMs} milliseconds`}::interval` })
        .where(eq(liveMeetings.meetingId, meetingId));
      return { meetingId, fencing, state: before.state, media: before.media, updatedAt: before.updatedAt, previousOwner: before.ownerInstance };
    });
  }

  /** Extend this instance's leases; returns the meetings it still holds with these tokens. */
  async renew(instanceId: string, held: { meetingId: string; fencing: number }[], leaseMs: number): Promise<Set<string>> {
    if (held.length === 0) return new Set();
    const rows = await this.db
      .update(liveMeetings)
      .set({ leaseUntil: sql`now() + ${`${leaseMs} milliseconds`}::interval` })
      .where(and(eq(liveMeetings.ownerInstance, instanceId), inArray(liveMeetings.meetingId, held.map((h) => h.meetingId))))
      .returning({ meetingId: liveMeetings.meetingId, fencing: liveMeetings.fencing });
    const tokens = new Map(held.map((h) => [h.meetingId, h.fencing]));
    return new Set(rows.filter((r) => tokens.get(r.meetingId) === r.fencing).map((r) => r.meetingId));
  }

  /** Meetings in progress that this instance may take up now: its own from before a restart, or leases run out. */
  async orphaned(instanceId: string): Promise<string[]> {
    const rows = await this.db
      .select({ meetingId: liveMeetings.meetingId })
      .from(liveMeetings)
      .innerJoin(meetings, eq(meetings.id, liveMeetings.meetingId))
      .where(and(eq(meetings.status, 'open'), or(eq(liveMeetings.ownerInstance, instanceId), lt(liveMeetings.leaseUntil, sql`now()`))));
    return rows.map((r) => r.meetingId);
  }

  /** The owner of a meeting while its lease runs; null when nobody holds it. */
  async owner(meetingId: string): Promise<string | null> {
    const [row] = await this.db
      .select({ owner: liveMeetings.ownerInstance })
      .from(liveMeetings)
      .where(and(eq(liveMeetings.meetingId, meetingId), sql`${liveMeetings.leaseUntil} >= now()`));
    return row?.owner ?? null;
  }

  async participants(meetingId: string) {
    return this.db.select().from(liveParticipants).where(eq(liveParticipants.meetingId, meetingId));
  }

  /** One flush of a meeting: its state, participants and log rows together, or nothing (LeaseLost). */
  async write(w: LiveWrite): Promise<void> {
    await this.db.transaction(async (tx) => {
      const held = await tx
        .update(liveMeetings)
        .set({ state: w.state as Record<string, unknown>, media: w.media as Record<string, unknown> | null, updatedAt: sql`now()` })
        .where(and(eq(liveMeetings.meetingId, w.meetingId), eq(liveMeetings.fencing, w.fencing)))
        .returning({ meetingId: liveMeetings.meetingId });
      if (held.length === 0) throw new LeaseLost(w.meetingId);
      if (w.log.length) await tx.insert(meetingEvents).values(w.log);
      if (w.upsert.length) {
        await tx
          .insert(liveParticipants)
          .values(w.upsert.map((u) => ({ ...u, record: u.record as Record<string, unknown>, meetingId: w.meetingId })))
          .onConflictDoUpdate({ target: liveParticipants.id, set: { record: sql`excluded.record`, updatedAt: sql`now()` } });
      }
      if (w.remove.length) await tx.delete(liveParticipants).where(inArray(liveParticipants.id, w.remove));
    });
  }

  /** The meeting ended: nothing of it stays live. */
  async forget(meetingId: string, tx: Db | Tx = this.db): Promise<void> {
    await tx.delete(liveParticipants).where(eq(liveParticipants.meetingId, meetingId));
    await tx.delete(liveMeetings).where(eq(liveMeetings.meetingId, meetingId));
  }

  /** Let the lease go at a clean shutdown, so that another instance takes the meeting at once. */
  async release(meetingId: string, instanceId: string, fencing: number): Promise<void> {
    await this.db
      .update(liveMeetings)
      .set({ leaseUntil: sql`now() - interval '1 second'` })
      .where(and(eq(liveMeetings.meetingId, meetingId), eq(liveMeetings.ownerInstance, instanceId), eq(liveMeetings.fencing, fencing)));
  }
}
