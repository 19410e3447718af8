/**
 * The Janus side of one live meeting: its VideoRoom, the server's monitor handle in it (which hears who publishes
 * and who goes), each participant's publisher handle and multistream subscriber handle, and the SDP/ICE relay.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Jsep, SubscribedStream } from '../../shared/protocol';
import { AppError } from '../errors';
import type { JanusHandle, PluginReply } from '../media/janus-client';
import type { MediaRoom, MediaService } from '../media/media.service';
import { joinAsPublisher, joinAsSubscriber, publish, startSubscription, subscribeMore } from '../media/videoroom';
import { videoroomEvent } from '../media/janus.schemas';
import type { Candidate, Participant } from './participant';

/** How long the browser has to answer a subscriber offer. */
const subscriberAnswerTimeoutMs = 15_000;

export class MeetingMedia {
  private room?: Promise<{ media: MediaRoom; monitor: JanusHandle }>;
  /** Participants whose streams are published in the room. */
  private readonly published = new Set<string>();

  constructor(
    private readonly meetingId: string,
    private readonly title: string,
    private readonly media: MediaService,
    private readonly participants: () => Iterable<Participant>,
    private readonly logger: Logger,
  ) {}

  /** Relay a publisher offer; returns Janus's answer. */
  async publish(p: Participant, offer: Jsep): Promise<Jsep> {
    if (!this.media.available) throw new AppError('media_unavailable');
    const { media } = await this.ensureRoom();
    if (!p.publisher || p.publisher.detached) {
      const handle = await this.media.attach();
      p.publisher = handle;
      await joinAsPublisher(handle, media.room, p.id, p.displayName);
    }
    const answer = await publish(p.publisher, offer);
    await this.flushCandidates(p, 'publisher', p.publisher);
    return answer as Jsep;
  }

  async trickle(p: Participant, peer: 'publisher' | 'subscriber', candidate: Candidate): Promise<void> {
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

  /** Subscribe `p` to every feed published now (on joining). */
  subscribeToAll(p: Participant): void {
    this.subscribe(p, [...this.published]);
  }

  /** Drop a participant's handles: Janus tells the others that their feed left. */
  async drop(p: Participant): Promise<void> {
    const handles = [p.publisher, p.subscriber];
    p.resetMedia();
    this.published.delete(p.id);
    for (const other of this.participants()) other.subscribedFeeds.delete(p.id);
    await Promise.all(handles.map((h) => h?.detach()));
  }

  /** Destroy the room: every PeerConnection in it closes. */
  async close(): Promise<void> {
    const room = this.room;
    this.room = undefined;
    if (!room) return;
    try {
      const { media, monitor } = await room;
      await this.media.closeRoom(media);
      await monitor.detach();
    } catch (err) {
      this.logger.warn({ err: (err as Error).message, meetingId: this.meetingId }, 'closing the videoroom failed');
    }
  }

  /** Janus was lost: rooms and handles are gone; they are made again when participants publish anew. */
  reset(): void {
    this.room = undefined;
    this.published.clear();
    for (const p of this.participants()) p.resetMedia();
  }

  private ensureRoom(): Promise<{ media: MediaRoom; monitor: JanusHandle }> {
    if (!this.room) {
      const opening = (async () => {
        const media = await this.media.openRoom(this.meetingId, this.title);
        const monitor = await this.media.attach();
        monitor.on('event', (reply: PluginReply) => this.onRoomEvent(reply));
        const joined = await joinAsPublisher(monitor, media.room, `monitor-${randomBytes(6).toString('hex')}`, 'giaoban');
        this.onRoomEvent({ data: joined });
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
      this.published.add(pub.id);
      for (const p of this.participants()) if (p.id !== pub.id) this.subscribe(p, [pub.id]);
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
        const todo = feeds.filter((f) => f !== p.id && this.published.has(f) && !p.subscribedFeeds.has(f));
        if (p.left || todo.length === 0 || !this.media.available) return;
        const { media } = await this.ensureRoom();
        todo.forEach((f) => p.subscribedFeeds.add(f));
        let reply: PluginReply;
        if (!p.subscriber || p.subscriber.detached) {
          const handle = await this.media.attach();
          p.subscriber = handle;
          // Janus renegotiates by itself when a feed leaves: relay those offers too, in turn.
          handle.on('event', (r: PluginReply) => r.jsep && p.enqueue(() => this.negotiate(p, handle, r), (err) => this.negotiationFailed(p, err)));
          reply = await joinAsSubscriber(handle, media.room, todo);
        } else {
          reply = await subscribeMore(p.subscriber, todo);
        }
        if (reply.jsep) await this.negotiate(p, p.subscriber, reply);
      },
      (err) => {
        feeds.forEach((f) => p.subscribedFeeds.delete(f));
        this.negotiationFailed(p, err);
      },
    );
  }

  private async negotiate(p: Participant, handle: JanusHandle, reply: PluginReply): Promise<void> {
    if (p.left || handle.detached || p.subscriber !== handle || !reply.jsep) return;
    const event = videoroomEvent.parse(reply.data);
    const streams: SubscribedStream[] = (event.streams ?? [])
      .filter((s) => s.mid !== undefined && s.feed_id !== undefined && s.active !== false)
      .map((s) => ({ mid: s.mid!, participantId: s.feed_id!, kind: s.type }));
    p.socket.send({ type: 'subscriber_offer', jsep: reply.jsep, streams });
    const answer = await p.waitForAnswer(subscriberAnswerTimeoutMs);
    await startSubscription(handle, answer);
    await this.flushCandidates(p, 'subscriber', handle);
  }

  private negotiationFailed(p: Participant, err: Error): void {
    if (p.left) return;
    this.logger.warn({ err: err.message, participantId: p.id, meetingId: this.meetingId }, 'subscriber negotiation failed');
  }

  private async flushCandidates(p: Participant, peer: 'publisher' | 'subscriber', handle: JanusHandle): Promise<void> {
    const early = p.earlyCandidates[peer].splice(0);
    for (const c of early) await handle.trickle(c);
  }
}
