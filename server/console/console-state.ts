/**
 * The operator's console as data (R3.10, M9.2): meetings under way or due today, their endpoints with health,
 * alarms and open incidents — and what changed since the last push. No I/O.
 *
 * Everything is kept incrementally: an endpoint's line, its JSON and its meeting's counts change only when that
 * endpoint changes (a health line, a roster line, a leave), so a push costs the size of what changed, never a scan
 * of every participant of every meeting. Only a new subscriber's snapshot walks everything, once.
 */
import { randomUUID } from 'node:crypto';
import type { ConsoleAlarmKind, ConsoleAlarmView, ConsoleEndpointView, ConsoleHealthState, ConsoleIncidentView, ConsoleMeetingView, ConsoleThresholds } from '../../shared/api';
import type { HealthView, ParticipantView } from '../../shared/protocol';

export interface ConsoleLimits extends ConsoleThresholds {
  /** A bitrate collapse is judged only against a usual bitrate at least this high (kbps). */
  bitrateMinKbps: number;
  /** Alarms kept (the oldest acknowledged ones go first). */
  maxAlarms: number;
}

export const DEFAULT_LIMITS: ConsoleLimits = { lossPercent: 5, rttMs: 500, bitrateDropRatio: 0.25, bitrateMinKbps: 100, maxAlarms: 500 };

/** A meeting as the database has it (today's list), refreshed every few seconds. */
export interface ConsoleMeetingRow {
  id: string;
  title: string;
  status: ConsoleMeetingView['status'];
  startsAt: Date;
  endsAt: Date;
  hostUnit: string;
  /** The instance holding the meeting's lease, if any. */
  owner: string | null;
  /** Rows of `live_participants` (the database's view of a meeting run elsewhere). */
  participants: number;
  invitedEndpoints: number;
}

interface Counts {
  participants: number;
  online: number;
  poor: number;
  dropped: number;
}

interface MeetingEntry {
  row: Omit<ConsoleMeetingRow, 'owner' | 'participants'> & { owner: string | null; participants: number };
  /** Run by this instance. */
  live: boolean;
  counts: Counts;
  endpoints: Set<string>;
  json: string | null;
}

interface EndpointEntry {
  view: ConsoleEndpointView;
  json: string | null;
  over: { dropped: boolean; loss: boolean; rtt: boolean; bitrate: boolean };
  /** The usual total bitrate (moving average while not collapsed). */
  usualKbps: number | null;
}

const zero = (): Counts => ({ participants: 0, online: 0, poor: 0, dropped: 0 });

function contribution(e: ConsoleEndpointView): Counts {
  return { participants: 1, online: e.connection === 'online' ? 1 : 0, poor: e.health === 'poor' ? 1 : 0, dropped: e.health === 'dropped' ? 1 : 0 };
}

export class ConsoleState {
  private readonly meetings = new Map<string, MeetingEntry>();
  private readonly endpoints = new Map<string, EndpointEntry>();
  private readonly alarms = new Map<string, ConsoleAlarmView>();
  private readonly incidents = new Map<string, ConsoleIncidentView>();
  private readonly dirty = {
    meetings: new Set<string>(),
    removedMeetings: new Set<string>(),
    endpoints: new Set<string>(),
    removedEndpoints: new Set<string>(),
    alarms: new Set<string>(),
    incidents: new Set<string>(),
    removedIncidents: new Set<string>(),
  };
  seq = 0;

  constructor(
    readonly instanceId: string,
    readonly limits: ConsoleLimits = DEFAULT_LIMITS,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get thresholds(): ConsoleThresholds {
    return { lossPercent: this.limits.lossPercent, rttMs: this.limits.rttMs, bitrateDropRatio: this.limits.bitrateDropRatio };
  }

  // ------------------------------------------------------------------------------------------ meetings

  /** A meeting taken up by this instance. */
  liveOpened(row: Omit<ConsoleMeetingRow, 'owner' | 'participants'>): void {
    const entry = this.meetings.get(row.id);
    if (entry) {
      entry.live = true;
      entry.row = { ...entry.row, ...row, hostUnit: row.hostUnit || entry.row.hostUnit, invitedEndpoints: entry.row.invitedEndpoints };
    } else this.meetings.set(row.id, { row: { ...row, owner: this.instanceId, participants: 0 }, live: true, counts: zero(), endpoints: new Set(), json: null });
    this.touchMeeting(row.id);
  }

  /** The meeting is no longer run here (ended, or its lease went elsewhere): its endpoints go. */
  liveClosed(meetingId: string, status?: ConsoleMeetingView['status']): void {
    const entry = this.meetings.get(meetingId);
    if (!entry) return;
    for (const id of entry.endpoints) this.dropEndpoint(id);
    entry.endpoints.clear();
    entry.counts = zero();
    entry.live = false;
    entry.row.owner = null;
    if (status) entry.row.status = status;
    this.touchMeeting(meetingId);
  }

  /** Today's meetings as the database has them; those no longer listed and not run here go. */
  refresh(rows: ConsoleMeetingRow[]): void {
    const listed = new Set<string>();
    for (const row of rows) {
      listed.add(row.id);
      const entry = this.meetings.get(row.id);
      if (entry) {
        const before = entry.json ?? this.meetingJson(entry);
        entry.row = { ...row };
        entry.json = null;
        if (this.meetingJson(entry) !== before) this.touchMeeting(row.id);
      } else {
        this.meetings.set(row.id, { row: { ...row }, live: false, counts: zero(), endpoints: new Set(), json: null });
        this.touchMeeting(row.id);
      }
    }
    for (const [id, entry] of this.meetings) {
      if (listed.has(id) || entry.live) continue;
      this.meetings.delete(id);
      this.dirty.meetings.delete(id);
      this.dirty.removedMeetings.add(id);
    }
  }

  private touchMeeting(id: string): void {
    const entry = this.meetings.get(id);
    if (!entry) return;
    entry.json = null;
    this.dirty.meetings.add(id);
    this.dirty.removedMeetings.delete(id);
  }

  private meetingView(entry: MeetingEntry): ConsoleMeetingView {
    const { row } = entry;
    const place = entry.live ? 'here' : row.owner && row.owner !== this.instanceId && row.status === 'open' ? 'elsewhere' : 'none';
    // Run elsewhere: the database's rows of its participants (lost ones included), no health.
    const counts = entry.live ? entry.counts : place === 'elsewhere' ? { participants: row.participants, online: row.participants, poor: 0, dropped: 0 } : zero();
    return {
      id: row.id,
      title: row.title,
      status: row.status,
      startsAt: row.startsAt.toISOString(),
      endsAt: row.endsAt.toISOString(),
      hostUnit: row.hostUnit,
      place,
      ...counts,
      invitedEndpoints: row.invitedEndpoints,
    };
  }

  private meetingJson(entry: MeetingEntry): string {
    return (entry.json ??= JSON.stringify(this.meetingView(entry)));
  }

  // ------------------------------------------------------------------------------------------ endpoints

  /** A participant entered, or its roster line changed (connection, name …). */
  participant(meetingId: string, p: ParticipantView, health: HealthView | null): void {
    const meeting = this.meetings.get(meetingId);
    if (!meeting) return;
    const entry = this.endpoints.get(p.id);
    const base: ConsoleEndpointView = {
      id: p.id,
      meetingId,
      name: p.name,
      title: p.title,
      unit: p.unit,
      kind: p.role === 'endpoint' ? 'room' : 'person',
      role: p.role,
      connection: p.connection,
      health: 'unknown',
      sendKbps: null,
      receiveKbps: null,
      lossPercent: null,
      jitterMs: null,
      rttMs: null,
      at: null,
    };
    if (!entry) {
      const created: EndpointEntry = { view: base, json: null, over: { dropped: false, loss: false, rtt: false, bitrate: false }, usualKbps: null };
      this.endpoints.set(p.id, created);
      meeting.endpoints.add(p.id);
      this.add(meeting.counts, contribution(base), 1);
      this.touchMeeting(meetingId);
      this.touchEndpoint(p.id);
      if (health) this.health(meetingId, p.id, health);
      return;
    }
    const v = entry.view;
    // A roster line changes for many reasons (microphone, camera, hand): only what the console shows counts.
    if (v.name === base.name && v.title === base.title && v.unit === base.unit && v.role === base.role && v.connection === base.connection) return;
    const next = { ...v, name: base.name, title: base.title, unit: base.unit, role: base.role, kind: base.kind, connection: base.connection };
    if (p.connection === 'online' && entry.view.health === 'dropped') next.health = 'unknown';
    if (p.connection === 'online') entry.over.dropped = false;
    this.replace(meeting, entry, next);
  }

  /** A participant's health line changed (reported statistics, a lost connection), or went (null). */
  health(meetingId: string, participantId: string, line: HealthView | null): void {
    const meeting = this.meetings.get(meetingId);
    const entry = this.endpoints.get(participantId);
    if (!meeting || !entry) return;
    if (!line) {
      this.replace(meeting, entry, { ...entry.view, health: entry.view.connection === 'lost' ? 'dropped' : 'unknown' });
      return;
    }
    const { limits } = this;
    if (line.state === 'dropped') {
      if (!entry.over.dropped) this.raise(meeting, entry, 'dropped', null, null);
      entry.over.dropped = true;
      // The figures from before the loss would mislead: none until the endpoint reports again.
      this.replace(meeting, entry, { ...entry.view, health: 'dropped', sendKbps: null, receiveKbps: null, lossPercent: null, jitterMs: null, rttMs: null, at: line.at });
      return;
    }
    entry.over.dropped = false;
    const loss = line.lossPercent > limits.lossPercent;
    if (loss && !entry.over.loss) this.raise(meeting, entry, 'loss', line.lossPercent, limits.lossPercent);
    entry.over.loss = loss;
    const rtt = line.rttMs !== null && line.rttMs > limits.rttMs;
    if (rtt && !entry.over.rtt) this.raise(meeting, entry, 'rtt', line.rttMs, limits.rttMs);
    entry.over.rtt = rtt;
    const total = line.sendKbps + line.receiveKbps;
    const usual = entry.usualKbps;
    const collapsed = usual !== null && usual >= limits.bitrateMinKbps && total < usual * limits.bitrateDropRatio;
    if (collapsed) {
      if (!entry.over.bitrate) this.raise(meeting, entry, 'bitrate', Math.round(total), Math.round(usual));
      entry.over.bitrate = true;
    } else if (!entry.over.bitrate || usual === null || total >= usual * Math.min(1, limits.bitrateDropRatio * 2)) {
      // Back to at least twice the collapse threshold (or never collapsed): the usual bitrate follows again.
      entry.over.bitrate = false;
      entry.usualKbps = usual === null ? total : usual * 0.7 + total * 0.3;
    }
    const state: ConsoleHealthState = line.state === 'poor' || loss || rtt || entry.over.bitrate ? 'poor' : 'good';
    this.replace(meeting, entry, {
      ...entry.view,
      health: state,
      sendKbps: line.sendKbps,
      receiveKbps: line.receiveKbps,
      lossPercent: line.lossPercent,
      jitterMs: line.jitterMs,
      rttMs: line.rttMs,
      at: line.at,
    });
  }

  /** A participant left; `dropped`: its connection was lost and it did not come back in time. */
  left(meetingId: string, participantId: string, dropped: boolean): void {
    const meeting = this.meetings.get(meetingId);
    const entry = this.endpoints.get(participantId);
    if (!meeting || !entry) return;
    if (dropped) this.raise(meeting, entry, 'not_returned', null, null);
    this.add(meeting.counts, contribution(entry.view), -1);
    meeting.endpoints.delete(participantId);
    this.touchMeeting(meetingId);
    this.dropEndpoint(participantId);
  }

  private dropEndpoint(id: string): void {
    if (!this.endpoints.delete(id)) return;
    this.dirty.endpoints.delete(id);
    this.dirty.removedEndpoints.add(id);
  }

  private replace(meeting: MeetingEntry, entry: EndpointEntry, next: ConsoleEndpointView): void {
    const before = contribution(entry.view);
    const after = contribution(next);
    entry.view = next;
    this.touchEndpoint(next.id);
    if (before.online !== after.online || before.poor !== after.poor || before.dropped !== after.dropped) {
      this.add(meeting.counts, before, -1);
      this.add(meeting.counts, after, 1);
      this.touchMeeting(next.meetingId);
    }
  }

  private add(to: Counts, c: Counts, sign: 1 | -1): void {
    to.participants += sign * c.participants;
    to.online += sign * c.online;
    to.poor += sign * c.poor;
    to.dropped += sign * c.dropped;
  }

  private touchEndpoint(id: string): void {
    const entry = this.endpoints.get(id);
    if (entry) entry.json = null;
    this.dirty.endpoints.add(id);
    this.dirty.removedEndpoints.delete(id);
  }

  private endpointJson(entry: EndpointEntry): string {
    return (entry.json ??= JSON.stringify(entry.view));
  }

  // ------------------------------------------------------------------------------------------ alarms

  private raise(meeting: MeetingEntry, entry: EndpointEntry, kind: ConsoleAlarmKind, value: number | null, threshold: number | null): void {
    const alarm: ConsoleAlarmView = {
      id: randomUUID(),
      meetingId: meeting.row.id,
      meetingTitle: meeting.row.title,
      participantId: entry.view.id,
      name: entry.view.name,
      unit: entry.view.unit,
      kind,
      value,
      threshold,
      at: this.now().toISOString(),
      acknowledgedAt: null,
      acknowledgedBy: null,
    };
    this.alarms.set(alarm.id, alarm);
    this.dirty.alarms.add(alarm.id);
    if (this.alarms.size > this.limits.maxAlarms) {
      // The oldest acknowledged alarm goes first, else the oldest.
      let drop: string | undefined;
      for (const [id, a] of this.alarms) {
        drop ??= id;
        if (a.acknowledgedAt) {
          drop = id;
          break;
        }
      }
      if (drop) {
        this.alarms.delete(drop);
        this.dirty.alarms.delete(drop);
      }
    }
  }

  alarm(id: string): ConsoleAlarmView | undefined {
    return this.alarms.get(id);
  }

  acknowledge(id: string, by: string): ConsoleAlarmView | undefined {
    const alarm = this.alarms.get(id);
    if (!alarm) return undefined;
    if (!alarm.acknowledgedAt) {
      const acked = { ...alarm, acknowledgedAt: this.now().toISOString(), acknowledgedBy: by };
      this.alarms.set(id, acked);
      this.dirty.alarms.add(id);
      return acked;
    }
    return alarm;
  }

  // ------------------------------------------------------------------------------------------ incidents

  incident(incident: ConsoleIncidentView): void {
    const before = this.incidents.get(incident.id);
    if (before && JSON.stringify(before) === JSON.stringify(incident)) return;
    this.incidents.set(incident.id, incident);
    this.dirty.incidents.add(incident.id);
    this.dirty.removedIncidents.delete(incident.id);
  }

  incidentClosed(id: string): void {
    if (!this.incidents.delete(id)) return;
    this.dirty.incidents.delete(id);
    this.dirty.removedIncidents.add(id);
  }

  incidentAt(id: string): number | undefined {
    const incident = this.incidents.get(id);
    return incident ? Date.parse(incident.at) : undefined;
  }

  incidentIds(): string[] {
    return [...this.incidents.keys()];
  }

  // ------------------------------------------------------------------------------------------ frames

  get changed(): boolean {
    const d = this.dirty;
    return d.meetings.size + d.removedMeetings.size + d.endpoints.size + d.removedEndpoints.size + d.alarms.size + d.incidents.size + d.removedIncidents.size > 0;
  }

  /** Forget what changed (nobody is watching: the next subscriber gets a snapshot). */
  discardChanges(): void {
    Object.values(this.dirty).forEach((s) => s.clear());
  }

  /** The whole console, for a new subscriber. */
  snapshotFrame(): string {
    const meetings = [...this.meetings.values()].map((m) => this.meetingJson(m));
    const endpoints = [...this.endpoints.values()].map((e) => this.endpointJson(e));
    const head = JSON.stringify({
      type: 'snapshot',
      seq: this.seq,
      at: this.now().toISOString(),
      instanceId: this.instanceId,
      thresholds: this.thresholds,
      alarms: [...this.alarms.values()],
      incidents: [...this.incidents.values()],
    });
    return `{"meetings":[${meetings.join(',')}],"endpoints":[${endpoints.join(',')}],${head.slice(1)}`;
  }

  /** What changed since the last delta, as one frame for every subscriber (null when nothing did). */
  takeDelta(): string | null {
    if (!this.changed) return null;
    const d = this.dirty;
    this.seq += 1;
    const meetings: string[] = [];
    for (const id of d.meetings) {
      const m = this.meetings.get(id);
      if (m) meetings.push(this.meetingJson(m));
    }
    const endpoints: string[] = [];
    for (const id of d.endpoints) {
      const e = this.endpoints.get(id);
      if (e) endpoints.push(this.endpointJson(e));
    }
    const head = JSON.stringify({
      type: 'delta',
      seq: this.seq,
      at: this.now().toISOString(),
      removedMeetings: [...d.removedMeetings],
      removedEndpoints: [...d.removedEndpoints],
      alarms: [...d.alarms].flatMap((id) => this.alarms.get(id) ?? []),
      incidents: [...d.incidents].flatMap((id) => this.incidents.get(id) ?? []),
      removedIncidents: [...d.removedIncidents],
    });
    this.discardChanges();
    return `{"meetings":[${meetings.join(',')}],"endpoints":[${endpoints.join(',')}],${head.slice(1)}`;
  }
}
