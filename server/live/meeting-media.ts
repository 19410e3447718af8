/**
 * The Janus side of one live meeting: its VideoRoom, the server's monitor handle in it (which hears who publishes
 * and who goes), each participant's publisher handles (camera, screen) and multistream subscriber handle, the
 * SDP/ICE relay, microphone moderation (R3.3) and recording (R3.6).
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Jsep, PeerKind, SubscribedStream } from '../../shared/protocol';
import { AppError } from '../errors';
import type { JanusHandle, PluginReply } from '../media/janus-client';
import type { MediaRoom, MediaService } from '../media/media.service';
import { joinAsPublisher, joinAsSubscriber, publish, republish, restartSubscriberIce, startSubscription, subscribeMore } from '../media/videoroom';
import { videoroomEvent } from '../media/janus.schemas';
import type { LiveMeeting } from './live-meeting';
import { parseFeedId, screenFeedId, type Candidate, type Participant, type ParticipantMediaRecord } from './participant';

/** The meeting's VideoRoom as kept in `live_meetings.media`: a restarted server takes it over. */
export interface MeetingMediaRecord {
  /** The instance whose Janus holds the room. */
  instanceId: string;
  room: string;
  secret: string;
  /** The server's own handle in the room, which hears who publishes and who goes. */
  monitor: number;
}

/** How long the browser has to answer a subscriber offer. */
const subscriberAnswerTimeoutMs = 15_000;

/** The `a=mid` of the offer's audio media line: what `moderate` addresses. */
export function audioMidOf(sdp: string): string | undefined {
  const sections = sdp.split(/\r?\nm=/).slice(1);
  for (const section of sections) {
    if (!section.startsWith('audio')) continue;
    const mid = /\r?\na=mid:([^\r\n]+)/.exec(section);
    if (mid) return mid[1]!.trim();
  }
  return undefined;
}

export class MeetingMedia {
  private room?: Promise<{ media: MediaRoom; monitor: JanusHandle }>;
  /** The room once open, for the record kept in the database. */
  private opened?: { media: MediaRoom; monitor: JanusHandle };
  /** Feeds (participant ids, `<id>:screen`) published in the room. */
  private readonly published = new Set<string>();
  private recording = false;
  /** The streams of each subscriber handle's latest offer. */
  private readonly lastStreams = new WeakMap<JanusHandle, SubscribedStream[]>();

  constructor(
    private readonly meetingId: string,
    private readonly title: string,
    private readonly media: MediaService,
    private readonly lm: LiveMeeting,
    private readonly logger: Logger,
    /** Where Janus writes this meeting's recordings. */
    private readonly recDir?: string,
  ) {}

  private participants(): Iterable<Participant> {
    return this.lm.state.participants.values();
  }

  record(): MeetingMediaRecord | null {
    const opened = this.opened;
    if (!opened || opened.monitor.detached) return null;
    return { instanceId: this.lm.instanceId, room: opened.media.room, secret: opened.media.secret, monitor: opened.monitor.id };
  }

  /**
   * Relay a publisher offer; returns Janus's answer. A camera publisher who may not speak is muted in Janus
   * before the answer leaves: no audio can flow before the moderation holds.
   */
  async publish(p: Participant, offer: Jsep, source: 'camera' | 'screen', restart = false): Promise<Jsep> {
    if (!this.media.available) throw new AppError('media_unavailable');
    const { media } = await this.ensureRoom();
    const peer = source === 'camera' ? 'publisher' : 'screen';
    let handle = p[peer];
    // An ICE restart of the PeerConnection Janus has: renegotiated with `configure` (its mids and moderation stay).
    if (restart && handle && !handle.detached) {
      const answer = await republish(handle, offer);
      await this.flushCandidates(p, peer, handle);
      return answer as Jsep;
    }
    if (!handle || handle.detached) {
      handle = await this.media.attach();
      p[peer] = handle;
      this.lm.keep(p);
      await joinAsPublisher(handle, media.room, source === 'camera' ? p.id : screenFeedId(p.id), source === 'camera' ? p.displayName : `${p.displayName} — màn hình`);
    }
    const answer = await publish(handle, offer);
    if (source === 'camera') {
      p.audioMid = audioMidOf(offer.sdp);
      this.lm.keep(p);
      if (!p.audible && p.audioMid !== undefined) await this.media.moderate(media, p.id, p.audioMid, true);
    }
    await this.flushCandidates(p, peer, handle);
    return answer as Jsep;
  }

  async unpublishScreen(p: Participant): Promise<void> {
    const handle = p.screen;
    p.screen = undefined;
    this.published.delete(screenFeedId(p.id));
    await handle?.detach();
  }

  /** Open or close a participant's microphone in Janus (R3.3). */
  async setAudible(p: Participant, audible: boolean): Promise<void> {
    p.audible = audible;
    if (!this.room || p.audioMid === undefined || !p.publisher || p.publisher.detached) return; // applied at publish
    const { media } = await this.room;
    await this.media.moderate(media, p.id, p.audioMid, !audible);
  }

  async setRecording(on: boolean): Promise<void> {
    const { media } = await this.ensureRoom();
    await this.media.setRecording(media, on);
    this.recording = on;
    this.lm.state.setRecording(on);
  }

  get isRecording(): boolean {
    return this.recording;
  }

  async trickle(p: Participant, peer: PeerKind, candidate: Candidate): Promise<void> {
    const handle = p[peer];
    if (!handle || handle.detached) p.earlyCandidates[peer].push(candidate);
    else await handle.trickle(candidate);
  }

  /** Open the meeting's VideoRoom now (the meeting opens with its first participant) rather than at the first publish. */
  prepare(): void {
    if (this.media.available) this.ensureRoom().catch((err: Error) => this.logger.warn({ err: err.message, meetingId: this.meetingId }, 'opening the videoroom failed'));
  }

  /** The VideoRoom id, once open (tests and diagnostics). */
  async roomId(): Promise<string | undefined> {
    return this.room ? (await this.room).media.room : undefined;
  }

  /** Janus still holds `p`'s camera publisher in the open room: a client that comes back keeps its media. */
  hasLiveHandles(p: Participant): boolean {
    return this.opened !== undefined && !this.opened.monitor.detached && p.publisher !== undefined && !p.publisher.detached;
  }

  /** After a presence was taken back: subscribe to the feeds published while it was away. */
  resync(p: Participant): void {
    this.subscribe(p, [...this.published].filter((f) => !p.subscribedFeeds.has(f)));
  }

  /** Subscribe `p` to every feed published now (on joining). */
  subscribeToAll(p: Participant): void {
    this.subscribe(p, [...this.published]);
  }

  /** Drop a participant's handles: Janus tells the others that their feeds left. */
  async drop(p: Participant): Promise<void> {
    const handles = [p.publisher, p.screen, p.subscriber];
    p.resetMedia();
    for (const feed of [p.id, screenFeedId(p.id)]) {
      this.published.delete(feed);
      for (const other of this.participants()) other.subscribedFeeds.delete(feed);
    }
    await Promise.all(handles.map((h) => h?.detach()));
  }

  /** Destroy the room: every PeerConnection in it closes. */
  async close(): Promise<void> {
    const room = this.room;
    this.room = undefined;
    this.opened = undefined;
    if (!room) return;
    try {
      const { media, monitor } = await room;
      if (this.recording) await this.media.setRecording(media, false).catch(() => undefined);
      this.recording = false;
      await this.media.closeRoom(media);
      await monitor.detach();
    } catch (err) {
      this.logger.warn({ err: (err as Error).message, meetingId: this.meetingId }, 'closing the videoroom failed');
    }
  }

  /** Janus was lost: rooms and handles are gone; they are made again when participants publish anew. */
  reset(): void {
    this.room = undefined;
    this.opened = undefined;
    this.recording = false;
    this.lm.state.setRecording(false);
    this.published.clear();
    for (const p of this.participants()) {
      p.resetMedia();
      this.lm.touch(p);
    }
  }

  private ensureRoom(): Promise<{ media: MediaRoom; monitor: JanusHandle }> {
    if (!this.room) {
      const opening = (async () => {
        const media = await this.media.openRoom(this.meetingId, this.title, this.recDir);
        const monitor = await this.media.attach();
        monitor.on('event', (reply: PluginReply) => this.onRoomEvent(reply));
        const joined = await joinAsPublisher(monitor, media.room, `monitor-${randomBytes(6).toString('hex')}`, 'giaoban');
        this.onRoomEvent({ data: joined });
        this.opened = { media, monitor };
        this.lm.changed();
        return { media, monitor };
      })();
      this.room = opening;
      opening.catch(() => this.room === opening && (this.room = undefined));
    }
    return this.room;
  }

  private onRoomEvent(reply: PluginReply | { data: Record<string, unknown> }): void {
    const parsed = videoroomEvent.safeParse(reply.data);
    if (!parsed.success) {
      this.logger.warn({ meetingId: this.meetingId }, 'unexpected videoroom event');
      return;
    }
    const event = parsed.data;
    for (const pub of event.publishers ?? []) {
      if (pub.id.startsWith('monitor-')) continue;
      this.published.add(pub.id);
      const owner = parseFeedId(pub.id).participantId;
      for (const p of this.participants()) if (p.id !== owner) this.subscribe(p, [pub.id]);
    }
    const gone = event.unpublished ?? event.leaving;
    if (gone && gone !== 'ok') {
      this.published.delete(gone);
      for (const p of this.participants()) p.subscribedFeeds.delete(gone);
    }
  }

  private subscribe(p: Participant, feeds: string[]): void {
    p.enqueue(
      async () => {
        const todo = feeds.filter((f) => parseFeedId(f).participantId !== p.id && this.published.has(f) && !p.subscribedFeeds.has(f));
        if (p.left || todo.length === 0 || !this.media.available) return;
        const { media } = await this.ensureRoom();
        todo.forEach((f) => p.subscribedFeeds.add(f));
        this.lm.keep(p);
        let reply: PluginReply;
        if (!p.subscriber || p.subscriber.detached) {
          const handle = await this.media.attach();
          this.useSubscriber(p, handle);
          reply = await joinAsSubscriber(handle, media.room, todo);
        } else {
          reply = await subscribeMore(p.subscriber, todo);
        }
        if (reply.jsep && p.subscriber) await this.negotiate(p, p.subscriber, reply);
      },
      (err) => {
        feeds.forEach((f) => p.subscribedFeeds.delete(f));
        this.negotiationFailed(p, err);
      },
    );
  }

  /** Janus renegotiates by itself when a feed leaves: relay those offers too, in turn. */
  private useSubscriber(p: Participant, handle: JanusHandle): void {
    p.subscriber = handle;
    handle.on('event', (r: PluginReply) => r.jsep && p.enqueue(() => this.negotiate(p, handle, r), (err) => this.negotiationFailed(p, err)));
  }

  /**
   * Take over the room and handles a previous run of the server left in Janus (the session was claimed back): the
   * monitor, and each participant's publisher, screen and subscriber, with the feeds they carried. Every
   * microphone is set again as the floor says, in case the server stopped between Janus and the database.
   * False when this cannot be (another instance's room, a new Janus session, the room gone): a new room is opened
   * as participants publish again, and the old room, if Janus still has it, is destroyed.
   */
  async adopt(record: MeetingMediaRecord, participants: [Participant, ParticipantMediaRecord][]): Promise<boolean> {
    if (record.instanceId !== this.lm.instanceId || !this.media.available) return false;
    const media: MediaRoom = { room: record.room, secret: record.secret };
    const listed = this.media.reclaimed ? await this.media.listParticipants(record.room).catch(() => null) : null;
    if (!listed) {
      await this.media.closeRoom(media).catch(() => undefined);
      return false;
    }
    const monitor = this.media.adoptHandle(record.monitor);
    monitor.on('event', (reply: PluginReply) => this.onRoomEvent(reply));
    for (const pub of listed) if (pub.publisher && !pub.id.startsWith('monitor-')) this.published.add(pub.id);
    this.opened = { media, monitor };
    this.room = Promise.resolve(this.opened);
    this.recording = this.lm.state.recording;
    for (const [p, kept] of participants) {
      if (kept.publisher !== null) p.publisher = this.media.adoptHandle(kept.publisher);
      if (kept.screen !== null && this.published.has(screenFeedId(p.id))) {
        p.screen = this.media.adoptHandle(kept.screen);
        this.lm.state.setScreen(p, true);
      }
      if (kept.subscriber !== null) this.useSubscriber(p, this.media.adoptHandle(kept.subscriber));
      p.audioMid = kept.audioMid ?? undefined;
      kept.subscribedFeeds.forEach((f) => p.subscribedFeeds.add(f));
      if (p.publisher && p.audioMid !== undefined && this.published.has(p.id)) {
        await this.media.moderate(media, p.id, p.audioMid, !p.audible).catch((err: Error) => this.logger.warn({ err: err.message, participantId: p.id }, 'setting a microphone again failed'));
      }
    }
    this.logger.info({ meetingId: this.meetingId, room: record.room, feeds: this.published.size }, 'videoroom taken over');
    return true;
  }

  /** The subscriber's PeerConnection lost its path (R7.1): Janus offers again with new ICE credentials. */
  restartSubscriber(p: Participant): void {
    p.enqueue(
      async () => {
        const handle = p.subscriber;
        if (p.left || !handle || handle.detached || !this.media.available) return;
        const reply = await restartSubscriberIce(handle);
        if (reply.jsep) await this.negotiate(p, handle, reply);
      },
      (err) => this.negotiationFailed(p, err),
    );
  }

  private async negotiate(p: Participant, handle: JanusHandle, reply: PluginReply): Promise<void> {
    if (p.left || handle.detached || p.subscriber !== handle || !reply.jsep) return;
    const event = videoroomEvent.parse(reply.data);
    // A restart's offer (`configured`) lists no streams: they are those of the previous offer.
    const streams: SubscribedStream[] =
      event.streams === undefined && event.configured !== undefined
        ? (this.lastStreams.get(handle) ?? [])
        : (event.streams ?? []).filter((s) => s.mid !== undefined && s.feed_id !== undefined && s.active !== false).map((s) => ({ mid: s.mid!, ...parseFeedId(s.feed_id!), kind: s.type }));
    this.lastStreams.set(handle, streams);
    this.lm.direct(p, { type: 'subscriber_offer', jsep: reply.jsep, streams });
    const answer = await p.waitForAnswer(subscriberAnswerTimeoutMs);
    await startSubscription(handle, answer);
    await this.flushCandidates(p, 'subscriber', handle);
  }

  private negotiationFailed(p: Participant, err: Error): void {
    if (p.left) return;
    this.logger.warn({ err: err.message, participantId: p.id, meetingId: this.meetingId }, 'subscriber negotiation failed');
  }

  private async flushCandidates(p: Participant, peer: PeerKind, handle: JanusHandle): Promise<void> {
    const early = p.earlyCandidates[peer].splice(0);
    for (const c of early) await handle.trickle(c);
  }
}
