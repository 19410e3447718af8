/**
 * Attendance of a meeting (R4.3), computed from the meeting log (`meeting_events`) alone — pure, no clock and no
 * time zone: instants in, durations in ms out.
 *
 * Rules:
 * - A presence runs from a `joined` event to the `left`, `removed` or `replaced` event of the same participant
 *   id; one still open closes at the meeting's end (`ended`), else at the meeting's recorded end, else `now`
 *   (the meeting is still going on: the person is still present).
 * - Time present is the union of an account's presences: a second tab that replaced the first, overlapping it,
 *   is not counted twice.
 * - Left early: the account's last departure is a `left` with `early: true` and it did not come back; with
 *   consent when that event says `consent: true` (the chair consented, or the role may leave freely). A `left`
 *   that says `dropped: true` is a connection lost and not taken back within the grace: the connection was lost,
 *   which is no leave at all, consented or not (its consent is not read).
 * - Endpoint: the one the account joined as or operated (`joined.endpointId`); none for a person who joined on
 *   their own (an individual endpoint, shown as such).
 * - Removed: the chair sent the account out at least once.
 * - Speaking: each `floor_ended` is one turn of its speaker, `spokeMs` long.
 */
import type { MeetingRole } from '../../shared/protocol';
import { comparePeople } from '../../shared/people-order';

export interface LogEvent {
  type: string;
  at: Date;
  userId: string | null;
  data: Record<string, unknown>;
}

export interface AttendancePerson {
  id: string;
  name: string;
  title: string;
  unitName: string;
}

export interface AttendanceLine {
  userId: string;
  name: string;
  title: string;
  unit: string;
  endpoint: string | null;
  role: MeetingRole;
  firstJoin: Date;
  lastLeave: Date | null;
  presentMs: number;
  entries: number;
  leftEarly: boolean;
  leftWithConsent: boolean | null;
  /** The last departure was a connection lost and not taken back (not a leave). */
  connectionLost: boolean;
  removed: boolean;
  speakingTurns: number;
  speakingMs: number;
}

export interface AttendanceInput {
  events: LogEvent[];
  people: Map<string, AttendancePerson>;
  /** Endpoint id → name (the room a room account joined as, or a technician operated). */
  endpoints: Map<string, string>;
  /** The meeting's recorded end (`meetings.ended_at`), in case the log lacks the `ended` event. */
  endedAt: Date | null;
  now: Date;
}

interface Tally {
  intervals: [number, number][];
  entries: number;
  role: MeetingRole;
  endpointId: string | null;
  departure: { kind: 'left'; early: boolean; consent: boolean; dropped: boolean } | { kind: 'removed' } | null;
  removed: boolean;
  turns: number;
  spokeMs: number;
  stillPresent: boolean;
}

const str = (v: unknown) => (typeof v === 'string' ? v : null);

/** Total length of the union of intervals. */
export function unionMs(intervals: [number, number][]): number {
  const sorted = intervals.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  let total = 0;
  let current: [number, number] | null = null;
  for (const [a, b] of sorted) {
    if (current && a <= current[1]) current[1] = Math.max(current[1], b);
    else {
      if (current) total += current[1] - current[0];
      current = [a, b];
    }
  }
  return total + (current ? current[1] - current[0] : 0);
}

export function computeAttendance(input: AttendanceInput): AttendanceLine[] {
  // The log's order is its id order; a stable sort by time only guards against rows inserted out of order.
  const events = input.events.map((e, i) => ({ e, i })).sort((a, b) => a.e.at.getTime() - b.e.at.getTime() || a.i - b.i).map(({ e }) => e);
  const tallies = new Map<string, Tally>();
  const open = new Map<string, { userId: string; start: number }>();
  const userOfParticipant = new Map<string, string>();
  let endedAt: number | null = null;

  const tally = (userId: string): Tally => {
    let t = tallies.get(userId);
    if (!t) {
      t = { intervals: [], entries: 0, role: 'delegate', endpointId: null, departure: null, removed: false, turns: 0, spokeMs: 0, stillPresent: false };
      tallies.set(userId, t);
    }
    return t;
  };
  const close = (participantId: string | null, at: number) => {
    const presence = participantId ? open.get(participantId) : undefined;
    if (!presence) return;
    open.delete(participantId!);
    tally(presence.userId).intervals.push([presence.start, at]);
  };

  for (const e of events) {
    const at = e.at.getTime();
    const participantId = str(e.data.participantId);
    switch (e.type) {
      case 'joined': {
        if (!e.userId || !participantId) break;
        const t = tally(e.userId);
        open.set(participantId, { userId: e.userId, start: at });
        userOfParticipant.set(participantId, e.userId);
        t.entries += 1;
        t.role = (str(e.data.role) as MeetingRole | null) ?? t.role;
        t.endpointId = str(e.data.endpointId) ?? t.endpointId;
        t.departure = null;
        break;
      }
      case 'left':
        close(participantId, at);
        if (e.userId) tally(e.userId).departure = { kind: 'left', early: e.data.early === true, consent: e.data.consent === true, dropped: e.data.dropped === true };
        break;
      case 'removed':
        close(participantId, at);
        if (e.userId) {
          const t = tally(e.userId);
          t.removed = true;
          t.departure = { kind: 'removed' };
        }
        break;
      case 'replaced':
        close(participantId, at);
        break;
      case 'ended':
        endedAt ??= at;
        for (const id of [...open.keys()]) close(id, at);
        break;
      case 'floor_ended': {
        const userId = e.userId ?? (participantId ? userOfParticipant.get(participantId) : undefined);
        if (!userId) break;
        const t = tally(userId);
        t.turns += 1;
        t.spokeMs += typeof e.data.spokeMs === 'number' && e.data.spokeMs > 0 ? e.data.spokeMs : 0;
        break;
      }
    }
  }
  const end = endedAt ?? input.endedAt?.getTime() ?? null;
  for (const [participantId, presence] of [...open]) {
    close(participantId, end ?? Math.max(presence.start, input.now.getTime()));
    if (end === null) tally(presence.userId).stillPresent = true;
  }

  const lines: AttendanceLine[] = [];
  for (const [userId, t] of tallies) {
    if (t.entries === 0) continue; // spoke on someone's behalf without entering: not present
    const person = input.people.get(userId);
    const early = t.departure?.kind === 'left' && t.departure.early && !t.stillPresent;
    const lost = early && t.departure?.kind === 'left' && t.departure.dropped;
    lines.push({
      userId,
      name: person?.name ?? '',
      title: person?.title ?? '',
      unit: person?.unitName ?? '',
      endpoint: t.endpointId ? (input.endpoints.get(t.endpointId) ?? null) : null,
      role: t.role,
      firstJoin: new Date(Math.min(...t.intervals.map(([a]) => a))),
      lastLeave: t.stillPresent ? null : new Date(Math.max(...t.intervals.map(([, b]) => b))),
      presentMs: unionMs(t.intervals),
      entries: t.entries,
      leftEarly: early,
      leftWithConsent: early && !lost && t.departure?.kind === 'left' ? t.departure.consent : null,
      connectionLost: lost,
      removed: t.removed,
      speakingTurns: t.turns,
      speakingMs: t.spokeMs,
    });
  }
  return lines.sort(comparePeople);
}
