/**
 * GiaoBan signaling protocol: the frames on the one WebSocket between a browser and the giaoban server.
 * Both sides import these schemas; the server parses every incoming frame with `clientMessage`, the web client
 * every incoming frame with `serverMessage`. Bump PROTOCOL_VERSION on any incompatible change.
 *
 * v2: lobby, meeting roles, floor control, chair controls, layout, recording, chat, incidents, connection health.
 * v3: built for a thousand participants and for restarts. `joined` and `snapshot` carry the whole view once; after
 *     that `events` frames carry only what changed (a participant joined, changed or left; the floor; the queue …),
 *     each serialised once on the server and the same bytes sent to everyone who may see it. A `resume` token in
 *     `join` takes one's presence back after a lost connection or a server restart, without the lobby or the
 *     password, and with the media kept when the media server kept it (`keepMedia`). `shared/live-view.ts` applies
 *     the frames to a view; server tests, the bench and the web client all use it.
 *     Later additions that old clients may ignore: `end_meeting` carries the conclusions (R3.5); `records_changed`
 *     tells the room that the minutes or the votes changed.
 */
import { z } from 'zod';
import { shortfallCause } from './causes';
import { errorIds, type ErrorId } from './errors';
// Checked at the boundary for every frame (issue 14): SDP shaped as one, no NUL nor broken Unicode in any text.
import { sessionDescriptionText } from './sdp';
import { refuseBadText } from './text';
import { meetingOutcomeBody } from './api/reports';

export const PROTOCOL_VERSION = 3;

const jsep = z.object({ type: z.enum(['offer', 'answer']), sdp: sessionDescriptionText });
export type Jsep = z.infer<typeof jsep>;

const candidate = z.object({
  candidate: z.string().max(2000),
  sdpMid: z.string().max(64).nullable().optional(),
  sdpMLineIndex: z.number().int().min(0).max(255).nullable().optional(),
});

/** Which of a participant's PeerConnections a message is about: camera+microphone, received streams, shared screen. */
export const peerKind = z.enum(['publisher', 'subscriber', 'screen']);
export type PeerKind = z.infer<typeof peerKind>;

/** Layout frames (D15.1d): main frame with thumbnails, grid, or chair and speaker side by side. */
export const layoutMode = z.enum(['main', 'grid', 'side_by_side']);
export type LayoutMode = z.infer<typeof layoutMode>;

/** A participant's role in this meeting (not their account's role). */
export const meetingRole = z.enum(['chair', 'chair_technician', 'endpoint_technician', 'endpoint', 'delegate', 'observer']);
export type MeetingRole = z.infer<typeof meetingRole>;

const participantId = z.string().min(1).max(64);
const seconds = z.number().int().min(10).max(3600);
const text = (max: number) => z.string().trim().min(1).max(max);

// ---------------------------------------------------------------- client → server
export const clientMessage = z.discriminatedUnion('type', [
  /**
   * First frame: enter the meeting at link address `slug` with its password. `resume`: the token of the presence
   * this tab had (from `joined`), to take it back after a lost connection or a server restart; when it is no longer
   * valid the join goes on as a new presence.
   */
  z.object({
    type: z.literal('join'),
    v: z.number().int(),
    slug: z.string().min(1).max(64),
    password: z.string().max(128),
    resume: z.string().min(16).max(128).optional(),
  }),
  /** Offer for the publisher PeerConnection (own camera and microphone, or `screen`). Sent again after a media restart. */
  z.object({
    type: z.literal('publish'),
    jsep,
    source: z.enum(['camera', 'screen']).default('camera'),
    /** The offer restarts ICE on the PeerConnection already published (the network changed, R7.1): renegotiated, not published anew. */
    restart: z.boolean().optional(),
  }),
  /** The subscriber PeerConnection lost its path: ask for an offer with new ICE credentials (answered as usual). */
  z.object({ type: z.literal('ice_restart'), peer: z.literal('subscriber') }),
  /** Stop sharing the screen. */
  z.object({ type: z.literal('unpublish_screen') }),
  /** Answer to the last `subscriber_offer`. */
  z.object({ type: z.literal('subscriber_answer'), jsep }),
  /** A local ICE candidate; `null` means gathering completed. */
  z.object({ type: z.literal('trickle'), peer: peerKind, candidate: candidate.nullable() }),
  /** Own camera / microphone switched on or off (shown in the others' rosters; Janus decides who is heard). */
  z.object({ type: z.literal('set_media'), audio: z.boolean(), video: z.boolean() }),
  /** A meeting room's account names the people present in the room (R3.2). */
  z.object({ type: z.literal('set_attendees'), attendees: z.string().trim().max(500) }),
  /** Leave the meeting (the tab stays open). Before the end it counts as leaving early (R3.7). */
  z.object({ type: z.literal('leave') }),
  /** Ask the chair's consent to leave early (D11.3). */
  z.object({ type: z.literal('request_leave'), reason: text(300) }),
  // Lobby (R3.1): chair or chair's technician.
  z.object({ type: z.literal('admit'), lobbyId: participantId, asObserver: z.boolean().default(false) }),
  z.object({ type: z.literal('refuse'), lobbyId: participantId, reason: z.string().trim().max(300).default('') }),
  // Floor (R3.4, R3.5).
  /** Register to speak; an endpoint's technician may register on behalf of someone in the room (D16.2e). */
  z.object({ type: z.literal('request_floor'), topic: z.string().trim().max(300).default(''), onBehalfOf: z.string().trim().max(120).optional() }),
  z.object({ type: z.literal('withdraw_floor'), requestId: z.string().max(64) }),
  /** Chair / chair's technician: grant a request, or give the floor to someone who did not ask. */
  z.object({ type: z.literal('grant_floor'), requestId: z.string().max(64).optional(), participantId: participantId.optional(), seconds: seconds.optional() }),
  z.object({ type: z.literal('extend_floor'), grantId: z.string().max(64), seconds }),
  z.object({ type: z.literal('revoke_floor'), grantId: z.string().max(64) }),
  // Chair's controls.
  z.object({ type: z.literal('mute'), participantId }),
  z.object({ type: z.literal('mute_all') }),
  z.object({ type: z.literal('remove'), participantId, reason: z.string().trim().max(300).default('') }),
  z.object({ type: z.literal('lock'), locked: z.boolean() }),
  z.object({ type: z.literal('consent_leave'), participantId, consent: z.boolean() }),
  /**
   * Chair only: end the meeting for everyone, after the conclusions (R3.5, D10.4): the list of conclusions (each
   * optionally of an agenda item), or `noConclusions` to confirm there are none. Neither is refused
   * (`meeting_conclusions_required`).
   */
  z.object({
    type: z.literal('end_meeting'),
    conclusions: z
      .array(z.object({ text: z.string().trim().min(1).max(4000), agendaItemId: z.string().uuid().nullable().default(null) }))
      .max(100)
      .default([]),
    noConclusions: z.boolean().default(false),
    /** Did the meeting meet requirements (R5.2)? Optional: unjudged meetings follow `server/reports/outcome.ts`. */
    outcome: meetingOutcomeBody.optional(),
  }),
  // Layout (R3.8): chair's technician (or chair).
  z.object({ type: z.literal('set_layout'), mode: layoutMode, pinned: participantId.nullable().default(null) }),
  // Recording (R3.6): chair only.
  z.object({ type: z.literal('set_recording'), recording: z.boolean() }),
  /** Show one of the meeting's PDF documents to everyone, or turn its page (R3.11): the presenter leads the pages. */
  z.object({ type: z.literal('present_document'), documentId: z.string().uuid(), page: z.number().int().min(1).max(100_000).default(1) }),
  z.object({ type: z.literal('stop_document') }),
  // Presentation rights (R3.11): chair allows someone other than the floor holder to share.
  z.object({ type: z.literal('allow_presentation'), participantId, allowed: z.boolean() }),
  // Chat: the meeting's, and the technicians' back-channel (D15.2d).
  z.object({ type: z.literal('chat'), channel: z.enum(['meeting', 'technicians']), text: text(2000) }),
  // Connection health (R3.10): an endpoint reports an incident (its cause from the report's fixed list, shared/causes.ts,
  // and what happened in words; written into the incident register too, R5.4); every client reports its RTCP statistics.
  z.object({ type: z.literal('report_incident'), cause: shortfallCause, detail: text(500), remedy: text(500), expectedMinutes: z.number().int().min(0).max(24 * 60) }),
  z.object({
    type: z.literal('stats'),
    sendKbps: z.number().min(0).max(1e6),
    receiveKbps: z.number().min(0).max(1e6),
    lossPercent: z.number().min(0).max(100),
    jitterMs: z.number().min(0).max(1e5),
    rttMs: z.number().min(0).max(1e5).nullable(),
  }),
]).superRefine(refuseBadText);
export type ClientMessage = z.infer<typeof clientMessage>;
export type ClientMessageType = ClientMessage['type'];
export const clientMessageTypes = clientMessage.options.map((o) => o.shape.type.value);

// ---------------------------------------------------------------- server → client
export const participantView = z.object({
  id: z.string(),
  userId: z.string(),
  /** The person's name, or the room's name for a meeting room's account. */
  name: z.string(),
  /** Chức vụ. */
  title: z.string(),
  unit: z.string(),
  /** The endpoint (meeting room) this participant is, when a room's account joined (R1.4, R3.2). */
  endpoint: z.string().nullable(),
  /** People present in a meeting room, as its account named them. */
  attendees: z.string(),
  role: meetingRole,
  isChair: z.boolean(),
  /** Endpoint name, personal name or unit is missing: flagged to the chair (R3.2). */
  identityIncomplete: z.boolean(),
  /** The camera/microphone switches as the participant set them. */
  audio: z.boolean(),
  video: z.boolean(),
  /** Whether the media server lets this participant be heard (floor holder or chair). */
  audible: z.boolean(),
  sharingScreen: z.boolean(),
  /** Consent to leave early was asked and is waiting for the chair. */
  leaveRequested: z.string().nullable(),
  /**
   * `lost`: the connection dropped (or the server restarted) and the presence waits a short while to be taken back;
   * their media may still flow (the media server keeps it).
   */
  connection: z.enum(['online', 'lost']),
});
export type ParticipantView = z.infer<typeof participantView>;

/** One media line of the subscriber PeerConnection and whose stream it carries. */
export const subscribedStream = z.object({
  mid: z.string(),
  participantId: z.string(),
  kind: z.enum(['audio', 'video', 'data']),
  /** `screen`: the participant's shared screen rather than their camera. */
  source: z.enum(['camera', 'screen']),
});
export type SubscribedStream = z.infer<typeof subscribedStream>;

export const mediaState = z.enum(['available', 'unavailable']);
export type MediaState = z.infer<typeof mediaState>;

/** Why the server closed a participant's presence in the meeting. */
export const leaveReason = z.enum(['meeting_ended', 'replaced', 'left', 'session_revoked', 'removed', 'refused']);
export type LeaveReason = z.infer<typeof leaveReason>;

export const speakingRequestView = z.object({
  id: z.string(),
  participantId: z.string(),
  /** Who speaks: the participant's name, or the person named by an endpoint's technician. */
  speaker: z.string(),
  topic: z.string(),
  requestedAt: z.string(),
});
export type SpeakingRequestView = z.infer<typeof speakingRequestView>;

export const floorView = z.object({
  grantId: z.string(),
  participantId: z.string(),
  speaker: z.string(),
  grantedAt: z.string(),
  endsAt: z.string(),
  /** When the short warning before the end shows. */
  warnAt: z.string(),
});
export type FloorView = z.infer<typeof floorView>;

export const lobbyEntryView = z.object({
  lobbyId: z.string(),
  name: z.string(),
  title: z.string(),
  unit: z.string(),
  /** Why they wait: not invited, technical staff, removed before, or the meeting is locked. */
  reason: z.enum(['not_invited', 'technical_staff', 'removed', 'locked']),
  since: z.string(),
});
export type LobbyEntryView = z.infer<typeof lobbyEntryView>;

export const healthView = z.object({
  participantId: z.string(),
  state: z.enum(['good', 'poor', 'dropped']),
  sendKbps: z.number(),
  receiveKbps: z.number(),
  lossPercent: z.number(),
  jitterMs: z.number(),
  rttMs: z.number().nullable(),
  at: z.string(),
});
export type HealthView = z.infer<typeof healthView>;

/** The state of the meeting as this participant may see it: whole in `joined`/`snapshot`, then kept by `events`. */
export const meetingStateView = z.object({
  floor: floorView.nullable(),
  /** The whole queue for the chair and the chair's technician; otherwise only one's own request. */
  queue: z.array(speakingRequestView),
  locked: z.boolean(),
  layout: z.object({ mode: layoutMode, pinned: z.string().nullable(), main: z.string().nullable() }),
  recording: z.boolean(),
  /** Who shares a screen now (it takes the main frame). */
  presentation: z.string().nullable(),
  /** Participants the chair allowed to present besides the floor holder. */
  presenters: z.array(z.string()),
  /** A meeting document shown to everyone, at the page its presenter turned to (R3.11); takes the main frame. */
  document: z.object({ participantId: z.string(), documentId: z.string(), name: z.string(), page: z.number().int() }).nullable(),
  lobby: z.array(lobbyEntryView),
  /** Connection health, for technicians and the chair (R3.10). */
  health: z.array(healthView),
  you: z.object({
    role: meetingRole,
    /** What this role may do (R3.9: the UI reflects the role's limits). */
    may: z.object({
      controlFloor: z.boolean(),
      requestFloor: z.boolean(),
      requestOnBehalf: z.boolean(),
      moderate: z.boolean(),
      layout: z.boolean(),
      record: z.boolean(),
      admit: z.boolean(),
      present: z.boolean(),
      technicianChat: z.boolean(),
      reportIncident: z.boolean(),
      /** Leaving needs the chair's consent first (branch endpoints, D16.2c; delegates, D11.3). */
      leaveFreely: z.boolean(),
    }),
  }),
});
export type MeetingStateView = z.infer<typeof meetingStateView>;

export const chatMessageView = z.object({
  id: z.string(),
  channel: z.enum(['meeting', 'technicians']),
  from: z.string(),
  fromName: z.string(),
  text: z.string(),
  at: z.string(),
});

export const incidentView = z.object({
  /** The incident's id in the register (`/incidents`). */
  id: z.string(),
  participantId: z.string(),
  from: z.string(),
  cause: shortfallCause,
  detail: z.string(),
  remedy: z.string(),
  expectedMinutes: z.number(),
  at: z.string(),
});

/** Things a participant must be told (shown as translated notices). */
export const noticeId = z.enum([
  'replaced_other_presence',
  'recording_started',
  'recording_stopped',
  /** Janus was lost while recording: the recording stopped by itself (R3.6). */
  'recording_interrupted',
  'floor_granted_to_you',
  'floor_ending_soon',
  'floor_ended',
  'muted_by_chair',
  'leave_consented',
  'leave_refused',
  'leave_requested',
  'meeting_locked',
  'meeting_unlocked',
  'presentation_allowed',
  'presentation_withdrawn',
]);
export type NoticeId = z.infer<typeof noticeId>;

/** What `settings` events carry: the small shared part of the meeting's state, sent whole when any of it changes. */
export const meetingSettingsView = meetingStateView.pick({ locked: true, layout: true, recording: true, presentation: true, presenters: true, document: true });
export type MeetingSettingsView = z.infer<typeof meetingSettingsView>;

/**
 * One change of the meeting, in an `events` frame. Each recipient gets only the events its role may see: the
 * participants, the floor and the settings go to everyone; the whole queue to those who control the floor (others
 * get their own requests); the lobby to those who admit; connection health to the technicians and the chair.
 */
export const liveEvent = z.discriminatedUnion('kind', [
  /** A participant entered, or something about them changed: the whole line, replacing the previous one. */
  z.object({ kind: z.literal('participant'), participant: participantView }),
  z.object({ kind: z.literal('participant_left'), participantId: z.string() }),
  z.object({ kind: z.literal('floor'), floor: floorView.nullable() }),
  z.object({ kind: z.literal('queue'), queue: z.array(speakingRequestView) }),
  z.object({ kind: z.literal('lobby'), lobby: z.array(lobbyEntryView) }),
  z.object({ kind: z.literal('settings'), settings: meetingSettingsView }),
  /** Health lines that changed (replacing those of the same participant) and those that no longer apply. */
  z.object({ kind: z.literal('health'), health: z.array(healthView), removed: z.array(z.string()) }),
  /** One's own role and rights changed (e.g. the right to present with the floor). */
  z.object({ kind: z.literal('you'), you: meetingStateView.shape.you }),
]);
export type LiveEvent = z.infer<typeof liveEvent>;

/** The meeting as its room needs it: `startsAt` and `endsAt` are the planned times (the room's clock). */
const meetingInfo = z.object({ id: z.string(), title: z.string(), slug: z.string(), chairId: z.string(), startsAt: z.string(), endsAt: z.string() });
export type MeetingInfo = z.infer<typeof meetingInfo>;

export const serverMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('joined'),
    v: z.number().int(),
    participantId: z.string(),
    meeting: meetingInfo,
    media: mediaState,
    /** Present this in `join.resume` to take this presence back after a lost connection or a server restart. */
    resumeToken: z.string(),
    /** The presence was taken back (not a new one). */
    resumed: z.boolean(),
    /** The media server kept this presence's media: keep the PeerConnections instead of publishing again. */
    keepMedia: z.boolean(),
    /** The sequence number of the last change included. */
    seq: z.number().int(),
    roster: z.array(participantView),
    state: meetingStateView,
  }),
  /** Waiting in the lobby for the chair's decision (R3.1). */
  z.object({ type: z.literal('lobby'), reason: lobbyEntryView.shape.reason }),
  /** The whole view again, replacing what the client had (after it fell behind, for example). */
  z.object({ type: z.literal('snapshot'), seq: z.number().int(), roster: z.array(participantView), state: meetingStateView }),
  /** What changed since the previous frame, in order. */
  z.object({ type: z.literal('events'), seq: z.number().int(), events: z.array(liveEvent) }),
  z.object({ type: z.literal('publisher_answer'), jsep, source: z.enum(['camera', 'screen']) }),
  z.object({ type: z.literal('subscriber_offer'), jsep, streams: z.array(subscribedStream) }),
  /**
   * `unavailable`: the media server is down; the client shows it and waits. `available` after being
   * unavailable: the client starts its media again from a fresh `publish`.
   */
  z.object({ type: z.literal('media_state'), state: mediaState }),
  z.object({ type: z.literal('closed'), reason: leaveReason, message: z.string().optional() }),
  z.object({ type: z.literal('notice'), id: noticeId, detail: z.string().optional() }),
  z.object({ type: z.literal('chat'), message: chatMessageView }),
  z.object({ type: z.literal('incident'), incident: incidentView }),
  /** The minutes or the votes of the meeting changed: fetch them again over HTTP (`/api/meetings/:id/minutes`, `/votes`). */
  z.object({ type: z.literal('records_changed'), what: z.enum(['minutes', 'votes']) }),
  z.object({
    type: z.literal('error'),
    id: z.enum(errorIds as [ErrorId, ...ErrorId[]]),
    message: z.string(),
    /** The `type` of the client frame that caused the error, when known. */
    request: z.string().optional(),
  }),
]);
export type ServerMessage = z.infer<typeof serverMessage>;
