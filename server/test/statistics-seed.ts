/**
 * Held meetings written straight into the database for the statistics tests (integration and browser): holding
 * real meetings through Janus would only slow them down; what the figures read is the meeting row (held, ended,
 * judged), its log (`joined`, `incident`) and the people rooms entered.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { ShortfallCause } from '../../shared/causes';
import type { Db } from '../db/client';
import { meetingEvents, meetings } from '../db/schema';

export interface HeldMeeting {
  hostUnitId: string;
  chairId: string;
  /** When it ended (the figures count a meeting in the month it ended, Vietnamese time). */
  endedAt: string;
  outcome?: 'met' | 'fell_short' | null;
  cause?: ShortfallCause;
  /** People who joined (each once, whatever the number of joins). */
  joiners: string[];
  incident?: boolean;
  cancelled?: boolean;
}

export async function seedHeldMeeting(db: Db, m: HeldMeeting): Promise<string> {
  const id = randomUUID();
  const endedAt = new Date(m.endedAt);
  const startsAt = new Date(endedAt.getTime() - 2 * 3_600_000);
  await db.insert(meetings).values({
    id,
    title: `Cuộc họp thống kê ${randomBytes(2).toString('hex')}`,
    slug: `thong-ke-${randomBytes(4).toString('hex')}`,
    startsAt,
    endsAt: endedAt,
    chairId: m.chairId,
    hostUnitId: m.hostUnitId,
    passwordHash: 'not-used',
    status: m.cancelled ? 'cancelled' : 'ended',
    createdBy: m.chairId,
    approval: 'approved',
    endedAt: m.cancelled ? null : endedAt,
    cancelledAt: m.cancelled ? startsAt : null,
    outcome: m.outcome ?? null,
    outcomeCause: m.outcome === 'fell_short' ? (m.cause ?? null) : null,
    outcomeBy: m.outcome ? m.chairId : null,
    outcomeAt: m.outcome ? endedAt : null,
  });
  const events: (typeof meetingEvents.$inferInsert)[] = m.joiners.flatMap((userId, i) => [
    { meetingId: id, userId, type: 'joined' as const, at: new Date(startsAt.getTime() + i * 60_000), data: { participantId: randomUUID(), role: 'delegate', endpointId: null } },
    { meetingId: id, userId, type: 'left' as const, at: new Date(endedAt.getTime() - i * 60_000), data: {} },
  ]);
  if (m.incident) events.push({ meetingId: id, userId: m.joiners[0]!, type: 'incident' as const, at: new Date(startsAt.getTime() + 1_800_000), data: { cause: 'transmission', remedy: 'Khởi động lại bộ mã hóa', expectedMinutes: 10 } });
  if (events.length) await db.insert(meetingEvents).values(events);
  return id;
}
