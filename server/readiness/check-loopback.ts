/**
 * The technical check's loopback through Janus (R2.6): each check session gets a VideoRoom of its own, opened
 * through MediaService like a meeting's room but never the meeting's (so the check is no participant of it).
 * The browser publishes camera and microphone there and subscribes to its own feed back; it measures both ends
 * with getStats. The server holds the room's secret and the handles, relays the SDP (the browser's descriptions
 * carry every candidate it gathered, Janus's carry its own), and destroys the room when the check ends, after
 * `maxLifeMs`, or when Janus goes away.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { AppError } from '../errors';
import { JanusError, type JanusHandle, type PluginReply } from '../media/janus-client';
import type { MediaRoom, MediaService } from '../media/media.service';
import { joinAsPublisher, joinAsSubscriber, publish, startSubscription } from '../media/videoroom';

type Jsep = { type: 'offer' | 'answer'; sdp: string };

interface LoopbackSession {
  id: string;
  userId: string;
  meetingId: string;
  room: Promise<MediaRoom>;
  feedId: string;
  publisher?: JanusHandle;
  subscriber?: JanusHandle;
  /** Resolves when the published feed's WebRTC is up (Janus lets nobody subscribe before). */
  up: Promise<void>;
  timer: NodeJS.Timeout;
}

export interface LoopbackOptions {
  /** A check lasts ~10 s; a session left behind (closed tab) is cleaned up after this. */
  maxLifeMs?: number;
  /** Most check sessions at once on this server (each costs Janus a room and two handles). */
  maxSessions?: number;
  /** How long to wait for the published feed to come up before subscribing. */
  publishUpTimeoutMs?: number;
}

/**
 * Janus's refusals of the browser's SDP: the core's "invalid SDP" and "unknown JSEP type" (464, 465), the
 * VideoRoom's "invalid SDP" and "invalid SDP type" (437, 431). The description was the client's: a 4xx, not a
 * failure of ours (502).
 */
const SDP_REFUSALS = new Set([431, 437, 464, 465]);
const negotiationError = (err: unknown) => new AppError(err instanceof JanusError && SDP_REFUSALS.has(err.code) ? 'media_description_invalid' : 'media_negotiation_failed');

export class CheckLoopback {
  private readonly sessions = new Map<string, LoopbackSession>();
  private readonly maxLifeMs: number;
  private readonly maxSessions: number;
  private readonly upTimeoutMs: number;

  constructor(
    private readonly media: MediaService,
    private readonly logger: Logger,
    opts: LoopbackOptions = {},
  ) {
    this.maxLifeMs = opts.maxLifeMs ?? 120_000;
    this.maxSessions = opts.maxSessions ?? 20;
    this.upTimeoutMs = opts.publishUpTimeoutMs ?? 15_000;
    // Janus lost: its rooms and handles are gone; forget the sessions (the browsers' checks fail and can be re-run).
    media.on('unavailable', () => {
      for (const s of this.sessions.values()) clearTimeout(s.timer);
      this.sessions.clear();
    });
  }

  /** Open a test room, publish the browser's offer there; returns the session id and Janus's answer. */
  async start(userId: string, meetingId: string, offer: Jsep): Promise<{ sessionId: string; answer: Jsep }> {
    if (!this.media.available) throw new AppError('media_unavailable');
    // One check at a time per person: a new one replaces the previous.
    for (const s of this.sessions.values()) if (s.userId === userId) await this.stop(s.id);
    if (this.sessions.size >= this.maxSessions) throw new AppError('media_unavailable');
    const id = randomUUID();
    const room = this.media.openRoom(`check-${meetingId}`, 'Kiểm tra kỹ thuật');
    let markUp!: () => void;
    const up = new Promise<void>((resolve) => (markUp = resolve));
    const session: LoopbackSession = {
      id,
      userId,
      meetingId,
      room,
      feedId: `check-${randomBytes(6).toString('hex')}`,
      up,
      timer: setTimeout(() => void this.stop(id), this.maxLifeMs),
    };
    session.timer.unref();
    this.sessions.set(id, session);
    try {
      const { room: roomId } = await room;
      const handle = await this.media.attach();
      session.publisher = handle;
      handle.once('webrtcup', () => markUp());
      await joinAsPublisher(handle, roomId, session.feedId, 'Kiểm tra kỹ thuật');
      const answer = await publish(handle, offer);
      await handle.trickle(null); // the offer carried every candidate
      return { sessionId: id, answer };
    } catch (err) {
      await this.stop(id);
      if (err instanceof AppError) throw err;
      this.logger.warn({ err: (err as Error).message, meetingId }, 'technical check: publishing failed');
      throw negotiationError(err);
    }
  }

  /** Subscribe to the session's own feed once it is up; returns Janus's offer. */
  async subscribe(userId: string, meetingId: string, sessionId: string): Promise<Jsep> {
    const session = this.owned(userId, meetingId, sessionId);
    try {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        session.up,
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('the published feed did not come up')), this.upTimeoutMs))),
      ]).finally(() => clearTimeout(timer));
      const { room } = await session.room;
      await session.subscriber?.detach();
      const handle = await this.media.attach();
      session.subscriber = handle;
      const reply: PluginReply = await joinAsSubscriber(handle, room, [session.feedId]);
      if (!reply.jsep) throw new Error('subscription answered without SDP');
      return reply.jsep;
    } catch (err) {
      this.logger.warn({ err: (err as Error).message, meetingId: session.meetingId }, 'technical check: subscribing failed');
      throw new AppError('media_negotiation_failed');
    }
  }

  async answer(userId: string, meetingId: string, sessionId: string, answer: Jsep): Promise<void> {
    const session = this.owned(userId, meetingId, sessionId);
    if (!session.subscriber || session.subscriber.detached) throw new AppError('technical_check_session_not_found');
    try {
      await startSubscription(session.subscriber, answer);
      await session.subscriber.trickle(null);
    } catch (err) {
      this.logger.warn({ err: (err as Error).message, meetingId: session.meetingId }, 'technical check: starting the loopback failed');
      throw negotiationError(err);
    }
  }

  /** End the check: handles detached, test room destroyed. Unknown ids are ignored (already ended). */
  async end(userId: string, meetingId: string, sessionId: string): Promise<void> {
    const session = this.sessions.get(sessionId);
    if (!session || session.userId !== userId || session.meetingId !== meetingId) return;
    await this.stop(sessionId);
  }

  /** Sessions open now (tests and diagnostics). */
  get size(): number {
    return this.sessions.size;
  }

  async shutdown(): Promise<void> {
    await Promise.all([...this.sessions.keys()].map((id) => this.stop(id)));
  }

  /** Someone else's session is "not found": its existence is not revealed. */
  private owned(userId: string, meetingId: string, sessionId: string): LoopbackSession {
    const session = this.sessions.get(sessionId);
    if (!session || session.userId !== userId || session.meetingId !== meetingId) throw new AppError('technical_check_session_not_found');
    return session;
  }

  private async stop(id: string): Promise<void> {
    const session = this.sessions.get(id);
    if (!session) return;
    this.sessions.delete(id);
    clearTimeout(session.timer);
    try {
      await Promise.all([session.subscriber?.detach(), session.publisher?.detach()]);
      await this.media.closeRoom(await session.room);
    } catch (err) {
      this.logger.warn({ err: (err as Error).message, meetingId: session.meetingId }, 'technical check: closing the test room failed');
    }
  }
}
