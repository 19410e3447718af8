/**
 * The operator's console (R3.10, M9.2): one live view of every meeting under way or due today (Asia/Ho_Chi_Minh
 * day), each endpoint's connection health, the open incidents, and alarms when an endpoint drops or degrades.
 *
 * WebSocket `GET /api/console/ws` (operators only; the session cookie, same origin). The server sends a `snapshot`
 * once, then `delta` frames — at most one a second, coalesced — holding only what changed; the client sends `ack`
 * to acknowledge an alarm (for every operator). Refusals are `error` frames with a catalogue id. Nothing secret
 * (room secrets, Janus keys, tokens) is in any of these frames.
 */
import { z } from 'zod';

export const consoleHealthStates = ['good', 'poor', 'dropped', 'unknown'] as const;
export type ConsoleHealthState = (typeof consoleHealthStates)[number];

/** One participant (a meeting room's account, a person, a technician) of a meeting under way, and its connection. */
export const consoleEndpointView = z.object({
  /** The participant's id in the live meeting. */
  id: z.string(),
  meetingId: z.string(),
  name: z.string(),
  title: z.string(),
  unit: z.string(),
  /** A meeting room (its account, R1.4) or a person. */
  kind: z.enum(['room', 'person']),
  role: z.string(),
  connection: z.enum(['online', 'lost']),
  health: z.enum(consoleHealthStates),
  sendKbps: z.number().nullable(),
  receiveKbps: z.number().nullable(),
  lossPercent: z.number().nullable(),
  jitterMs: z.number().nullable(),
  rttMs: z.number().nullable(),
  /** When the client last reported its statistics. */
  at: z.string().nullable(),
});
export type ConsoleEndpointView = z.infer<typeof consoleEndpointView>;

export const consoleMeetingView = z.object({
  id: z.string(),
  title: z.string(),
  status: z.enum(['scheduled', 'open', 'ended', 'cancelled']),
  startsAt: z.string(),
  endsAt: z.string(),
  hostUnit: z.string(),
  /**
   * `here`: run by the instance this console is connected to (live figures); `elsewhere`: under way on another
   * instance (figures from the database, refreshed every few seconds); `none`: not under way.
   */
  place: z.enum(['here', 'elsewhere', 'none']),
  participants: z.number(),
  online: z.number(),
  poor: z.number(),
  dropped: z.number(),
  /** Meeting rooms invited. */
  invitedEndpoints: z.number(),
});
export type ConsoleMeetingView = z.infer<typeof consoleMeetingView>;

export const consoleAlarmKinds = ['dropped', 'not_returned', 'loss', 'rtt', 'bitrate'] as const;
export type ConsoleAlarmKind = (typeof consoleAlarmKinds)[number];

export const consoleAlarmView = z.object({
  id: z.string(),
  meetingId: z.string(),
  meetingTitle: z.string(),
  participantId: z.string(),
  name: z.string(),
  unit: z.string(),
  kind: z.enum(consoleAlarmKinds),
  /** The measured value (loss %, rtt ms, kbps) when the kind has one. */
  value: z.number().nullable(),
  /** The threshold it crossed (loss %, rtt ms) or, for a bitrate collapse, the usual bitrate before it. */
  threshold: z.number().nullable(),
  at: z.string(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
});
export type ConsoleAlarmView = z.infer<typeof consoleAlarmView>;

export const consoleIncidentView = z.object({
  id: z.string(),
  meetingId: z.string().nullable(),
  meetingTitle: z.string(),
  from: z.string(),
  cause: z.string(),
  remedy: z.string(),
  expectedMinutes: z.number().nullable(),
  at: z.string(),
});
export type ConsoleIncidentView = z.infer<typeof consoleIncidentView>;

export const consoleThresholds = z.object({ lossPercent: z.number(), rttMs: z.number(), bitrateDropRatio: z.number() });
export type ConsoleThresholds = z.infer<typeof consoleThresholds>;

export const consoleServerMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('snapshot'),
    seq: z.number(),
    at: z.string(),
    /** The instance this console is connected to (main, backup …). */
    instanceId: z.string(),
    thresholds: consoleThresholds,
    meetings: z.array(consoleMeetingView),
    endpoints: z.array(consoleEndpointView),
    alarms: z.array(consoleAlarmView),
    incidents: z.array(consoleIncidentView),
  }),
  z.object({
    type: z.literal('delta'),
    seq: z.number(),
    at: z.string(),
    meetings: z.array(consoleMeetingView),
    removedMeetings: z.array(z.string()),
    endpoints: z.array(consoleEndpointView),
    removedEndpoints: z.array(z.string()),
    /** Alarms raised or acknowledged. */
    alarms: z.array(consoleAlarmView),
    incidents: z.array(consoleIncidentView),
    removedIncidents: z.array(z.string()),
  }),
  z.object({ type: z.literal('error'), id: z.string(), message: z.string() }),
]);
export type ConsoleServerMessage = z.infer<typeof consoleServerMessage>;

export const consoleClientMessage = z.discriminatedUnion('type', [z.object({ type: z.literal('ack'), alarmId: z.string().uuid() })]);
export type ConsoleClientMessage = z.infer<typeof consoleClientMessage>;

/** The console as the page holds it, kept by `applyConsoleFrame`. */
export interface ConsoleView {
  seq: number;
  instanceId: string;
  thresholds: ConsoleThresholds | null;
  meetings: Map<string, ConsoleMeetingView>;
  endpoints: Map<string, ConsoleEndpointView>;
  alarms: Map<string, ConsoleAlarmView>;
  incidents: Map<string, ConsoleIncidentView>;
}

export const emptyConsoleView = (): ConsoleView => ({ seq: 0, instanceId: '', thresholds: null, meetings: new Map(), endpoints: new Map(), alarms: new Map(), incidents: new Map() });

/** The view after a frame (a new view: React compares by identity). */
export function applyConsoleFrame(view: ConsoleView, frame: ConsoleServerMessage): ConsoleView {
  if (frame.type === 'error') return view;
  const byId = <T extends { id: string }>(rows: T[]) => new Map(rows.map((r) => [r.id, r] as const));
  if (frame.type === 'snapshot') {
    return { seq: frame.seq, instanceId: frame.instanceId, thresholds: frame.thresholds, meetings: byId(frame.meetings), endpoints: byId(frame.endpoints), alarms: byId(frame.alarms), incidents: byId(frame.incidents) };
  }
  const meetings = new Map(view.meetings);
  frame.removedMeetings.forEach((id) => meetings.delete(id));
  frame.meetings.forEach((m) => meetings.set(m.id, m));
  const endpoints = new Map(view.endpoints);
  frame.removedEndpoints.forEach((id) => endpoints.delete(id));
  frame.endpoints.forEach((e) => endpoints.set(e.id, e));
  const alarms = new Map(view.alarms);
  frame.alarms.forEach((a) => alarms.set(a.id, a));
  const incidents = new Map(view.incidents);
  frame.removedIncidents.forEach((id) => incidents.delete(id));
  frame.incidents.forEach((i) => incidents.set(i.id, i));
  return { ...view, seq: frame.seq, meetings, endpoints, alarms, incidents };
}
