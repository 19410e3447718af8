/**
 * The VideoRoom requests GiaoBan uses, typed. Only the server calls these; the room `secret` and Janus's
 * `admin_key` never leave it. Request names and fields: Janus 1.1 `janus_videoroom.c`.
 */
import type { JanusHandle, PluginReply } from './janus-client';
import { videoroomEvent, type VideoroomEvent } from './janus.schemas';

export const VIDEOROOM = 'janus.plugin.videoroom';

export interface RoomSpec {
  room: string;
  secret: string;
  description: string;
  /** Most publishers the room accepts (media capacity of one meeting). */
  publishers: number;
  /** Where Janus writes recordings of this room (R3.6). */
  recDir?: string;
}

export function parseEvent(reply: PluginReply): VideoroomEvent {
  return videoroomEvent.parse(reply.data);
}

/** `control` is any VideoRoom handle: room management needs no membership. */
export async function createRoom(control: JanusHandle, adminKey: string, spec: RoomSpec): Promise<void> {
  await control.request({
    request: 'create',
    admin_key: adminKey,
    room: spec.room,
    secret: spec.secret,
    description: spec.description.slice(0, 120),
    publishers: spec.publishers,
    is_private: true,
    permanent: false,
    audiocodec: 'opus',
    videocodec: 'vp8',
    bitrate: 512_000,
    fir_freq: 10,
    notify_joining: false,
    ...(spec.recDir ? { rec_dir: spec.recDir } : {}),
  });
}

/** Mute or unmute one media line of a publisher in Janus: the participant's client cannot override it (R3.3). */
export async function moderate(control: JanusHandle, room: string, secret: string, id: string, mid: string, mute: boolean): Promise<void> {
  await control.request({ request: 'moderate', room, secret, id, mid, mute });
}

/** Start or stop recording every publisher of the room (R3.6). */
export async function enableRecording(control: JanusHandle, room: string, secret: string, record: boolean): Promise<void> {
  await control.request({ request: 'enable_recording', room, secret, record });
}

export async function destroyRoom(control: JanusHandle, room: string, secret: string): Promise<void> {
  await control.request({ request: 'destroy', room, secret, permanent: false });
}

/** Join as a publisher (also used for the server's own monitor handle, which never publishes). */
export async function joinAsPublisher(handle: JanusHandle, room: string, id: string, display: string): Promise<VideoroomEvent> {
  return parseEvent(await handle.request({ request: 'join', ptype: 'publisher', room, id, display }));
}

export async function publish(handle: JanusHandle, offer: { type: string; sdp: string }, display?: string): Promise<{ type: 'offer' | 'answer'; sdp: string }> {
  const reply = await handle.request({ request: 'publish', ...(display ? { display } : {}) }, offer);
  if (!reply.jsep) throw new Error('publish answered without SDP');
  return reply.jsep;
}

/** Renegotiate an existing publisher (an ICE restart offer, R7.1): `publish` is refused once published. */
export async function republish(handle: JanusHandle, offer: { type: string; sdp: string }): Promise<{ type: 'offer' | 'answer'; sdp: string }> {
  const reply = await handle.request({ request: 'configure' }, offer);
  if (!reply.jsep) throw new Error('configure answered without SDP');
  return reply.jsep;
}

/** Ask Janus for a subscriber offer with new ICE credentials (R7.1); the reply carries it, without the stream list. */
export async function restartSubscriberIce(handle: JanusHandle): Promise<PluginReply> {
  return handle.request({ request: 'configure', restart: true });
}

/** Subscriber join: Janus answers `attached` with an SDP offer and the streams it carries. */
export async function joinAsSubscriber(handle: JanusHandle, room: string, feeds: string[]): Promise<PluginReply> {
  return handle.request({ request: 'join', ptype: 'subscriber', room, streams: feeds.map((feed) => ({ feed })), use_msid: true });
}

/** Add feeds to an existing subscription: Janus answers `updated`, with a new offer when renegotiation is needed. */
export async function subscribeMore(handle: JanusHandle, feeds: string[]): Promise<PluginReply> {
  return handle.request({ request: 'update', subscribe: feeds.map((feed) => ({ feed })) });
}

export async function startSubscription(handle: JanusHandle, answer: { type: string; sdp: string }): Promise<void> {
  await handle.request({ request: 'start' }, answer);
}

export async function kick(control: JanusHandle, room: string, secret: string, id: string): Promise<void> {
  await control.request({ request: 'kick', room, secret, id });
}
