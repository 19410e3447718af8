/**
 * GiaoBan signaling protocol: the frames on the one WebSocket between a browser and the giaoban server.
 * Both sides import these schemas; the server parses every incoming frame with `clientMessage`, the web client
 * every incoming frame with `serverMessage`. Bump PROTOCOL_VERSION on any incompatible change.
 */
import { z } from 'zod';
import { errorIds, type ErrorId } from './errors';

export const PROTOCOL_VERSION = 1;

const jsep = z.object({ type: z.enum(['offer', 'answer']), sdp: z.string().min(1).max(200_000) });
export type Jsep = z.infer<typeof jsep>;

const candidate = z.object({
  candidate: z.string().max(2000),
  sdpMid: z.string().max(64).nullable().optional(),
  sdpMLineIndex: z.number().int().min(0).max(255).nullable().optional(),
});

/** Which of a participant's two PeerConnections a message is about. */
export const peerKind = z.enum(['publisher', 'subscriber']);
export type PeerKind = z.infer<typeof peerKind>;

// ---------------------------------------------------------------- client → server
export const clientMessage = z.discriminatedUnion('type', [
  /** First frame: enter the meeting at link address `slug` with its password. */
  z.object({ type: z.literal('join'), v: z.number().int(), slug: z.string().min(1).max(64), password: z.string().max(128) }),
  /** Offer for the publisher PeerConnection (own camera and microphone). Sent again after a media restart. */
  z.object({ type: z.literal('publish'), jsep }),
  /** Answer to the last `subscriber_offer`. */
  z.object({ type: z.literal('subscriber_answer'), jsep }),
  /** A local ICE candidate; `null` means gathering completed. */
  z.object({ type: z.literal('trickle'), peer: peerKind, candidate: candidate.nullable() }),
  /** Own camera / microphone switched on or off (shown in the others' rosters). */
  z.object({ type: z.literal('set_media'), audio: z.boolean(), video: z.boolean() }),
  /** Leave the meeting (the tab stays open). */
  z.object({ type: z.literal('leave') }),
  /** Chair only: end the meeting for everyone. */
  z.object({ type: z.literal('end_meeting') }),
]);
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
  isChair: z.boolean(),
  audio: z.boolean(),
  video: z.boolean(),
});
export type ParticipantView = z.infer<typeof participantView>;

/** One media line of the subscriber PeerConnection and whose stream it carries. */
export const subscribedStream = z.object({
  mid: z.string(),
  participantId: z.string(),
  kind: z.enum(['audio', 'video', 'data']),
});
export type SubscribedStream = z.infer<typeof subscribedStream>;

export const mediaState = z.enum(['available', 'unavailable']);
export type MediaState = z.infer<typeof mediaState>;

/** Why the server closed a participant's presence in the meeting. */
export const leaveReason = z.enum(['meeting_ended', 'replaced', 'left', 'session_revoked']);
export type LeaveReason = z.infer<typeof leaveReason>;

export const serverMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('joined'),
    v: z.number().int(),
    participantId: z.string(),
    meeting: z.object({ id: z.string(), title: z.string(), slug: z.string(), chairId: z.string(), endsAt: z.string() }),
    roster: z.array(participantView),
    media: mediaState,
  }),
  z.object({ type: z.literal('roster'), roster: z.array(participantView) }),
  z.object({ type: z.literal('publisher_answer'), jsep }),
  z.object({ type: z.literal('subscriber_offer'), jsep, streams: z.array(subscribedStream) }),
  /**
   * `unavailable`: the media server is down; the client shows it and waits. `available` after being
   * unavailable: the client starts its media again from a fresh `publish`.
   */
  z.object({ type: z.literal('media_state'), state: mediaState }),
  z.object({ type: z.literal('closed'), reason: leaveReason }),
  /** Something the participant must be told, e.g. that this join replaced their presence elsewhere (R1.3). */
  z.object({ type: z.literal('notice'), id: z.enum(['replaced_other_presence']) }),
  z.object({
    type: z.literal('error'),
    id: z.enum(errorIds as [ErrorId, ...ErrorId[]]),
    message: z.string(),
    /** The `type` of the client frame that caused the error, when known. */
    request: z.string().optional(),
  }),
]);
export type ServerMessage = z.infer<typeof serverMessage>;
