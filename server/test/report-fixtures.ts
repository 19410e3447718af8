/**
 * Held meetings written straight into the database (test set-up for the report's figures): a meeting ended at a
 * given instant, who joined (people, or someone joining as / operating a room), the people a room's technician
 * entered, the judgment and incidents.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client';
import { meetingEvents, meetingRoomPeople, meetings } from '../db/schema';
import type { ShortfallCause } from '../../shared/causes';

export interface HeldMeeting {
  hostUnitId: string;
  chairId: string;
  endedAt: Date;
  /** Joins in order; the same user twice is one participant. */
  joins: { userId: string; endpointId?: string }[];
  /** People entered by a room's technician: endpoint id → how many. */
  roomPeople?: Record<string, number>;
  outcome?: { met: boolean; cause?: ShortfallCause };
  incidents?: number;
  status?: 'ended' | 'scheduled' | 'cancelled' | 'open';
}

export async function insertHeldMeeting(db: Db, m: HeldMeeting): Promise<string> {
  const id = randomUUID();
  const startsAt = new Date(m.endedAt.getTime() - 2 * 3_600_000);
  await db.insert(meetings).values({
    id,
    title: 'Cuộc họp thống kê',
    slug: `thong-ke-${id.slice(0, 8)}`,
    startsAt,
    endsAt: m.endedAt,
    chairId: m.chairId,
    hostUnitId: m.hostUnitId,
    passwordHash: 'x',
    status: m.status ?? 'ended',
    createdBy: m.chairId,
    endedAt: (m.status ?? 'ended') === 'ended' ? m.endedAt : null,
    approval: 'approved',
    outcome: m.outcome ? (m.outcome.met ? 'met' : 'fell_short') : null,
    outcomeCause: m.outcome && !m.outcome.met ? (m.outcome.cause ?? 'other') : null,
  });
  const events = m.joins.map((j, i) => ({ meetingId: id, userId: j.userId, type: 'joined' as const, at: new Date(startsAt.getTime() + i * 1000), data: { participantId: randomUUID(), role: 'delegate', endpointId: j.endpointId ?? null } }));
  for (let i = 0; i < (m.incidents ?? 0); i++) events.push({ meetingId: id, userId: m.chairId, type: 'incident' as never, at: new Date(startsAt.getTime() + 60_000), data: { text: 'Mất tiếng' } as never });
  if (events.length) await db.insert(meetingEvents).values(events);
  for (const [endpointId, n] of Object.entries(m.roomPeople ?? {})) {
    await db.insert(meetingRoomPeople).values({ meetingId: id, endpointId, enteredBy: m.chairId, people: Array.from({ length: n }, (_, k) => ({ name: `Người dự ${k + 1}`, title: 'Chuyên viên' })) });
  }
  return id;
}
