import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { auditLog, endpoints, meetingEvents, recordings, units, users } from '../db/schema';

export type RecordingRow = typeof recordings.$inferSelect;
export type RecordingStatus = RecordingRow['status'];

export class RecordingRepository {
  constructor(private readonly db: Db) {}

  async insertMany(rows: { meetingId: string; userId: string | null; label: string; sources: string[] }[]): Promise<RecordingRow[]> {
    if (rows.length === 0) return [];
    return this.db.insert(recordings).values(rows).returning();
  }

  async find(id: string): Promise<RecordingRow | undefined> {
    const [row] = await this.db.select().from(recordings).where(eq(recordings.id, id));
    return row;
  }

  async listByMeeting(meetingId: string): Promise<RecordingRow[]> {
    return this.db.select().from(recordings).where(eq(recordings.meetingId, meetingId)).orderBy(asc(recordings.createdAt), asc(recordings.label));
  }

  /** Every raw file a meeting's rows already took: a second stop of recording must not convert them again. */
  async claimedSources(meetingId: string): Promise<Set<string>> {
    const rows = await this.db.select({ sources: recordings.sources }).from(recordings).where(eq(recordings.meetingId, meetingId));
    return new Set(rows.flatMap((r) => r.sources));
  }

  /** Rows a stopped server left waiting or half-converted, oldest first. */
  async unfinished(): Promise<RecordingRow[]> {
    return this.db.select().from(recordings).where(inArray(recordings.status, ['pending', 'converting'])).orderBy(asc(recordings.createdAt));
  }

  async update(id: string, patch: Partial<Pick<RecordingRow, 'status' | 'attempts' | 'error' | 'file' | 'durationMs'>>): Promise<void> {
    await this.db.update(recordings).set({ ...patch, updatedAt: sql`now()` }).where(eq(recordings.id, id));
  }

  /**
   * Who each participant id of the meeting was, from the meeting log's `joined` rows: labels recordings whose
   * live labels were lost (the server stopped while recording).
   */
  async participantsOf(meetingId: string): Promise<Map<string, { userId: string; label: string }>> {
    const rows = await this.db
      .select({ data: meetingEvents.data, userId: meetingEvents.userId, name: users.name })
      .from(meetingEvents)
      .innerJoin(users, eq(users.id, meetingEvents.userId))
      .where(and(eq(meetingEvents.meetingId, meetingId), eq(meetingEvents.type, 'joined')));
    const endpointIds = [...new Set(rows.filter((r) => r.data.role === 'endpoint' && typeof r.data.endpointId === 'string').map((r) => r.data.endpointId as string))];
    const rooms = endpointIds.length ? await this.db.select({ id: endpoints.id, name: endpoints.name }).from(endpoints).where(inArray(endpoints.id, endpointIds)) : [];
    const roomName = new Map(rooms.map((r) => [r.id, r.name]));
    const out = new Map<string, { userId: string; label: string }>();
    for (const r of rows) {
      if (typeof r.data.participantId !== 'string' || !r.userId) continue;
      const room = r.data.role === 'endpoint' ? roomName.get(r.data.endpointId as string) : undefined;
      out.set(r.data.participantId, { userId: r.userId, label: room ?? r.name });
    }
    return out;
  }
}
