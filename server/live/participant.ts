/** One person's presence in a live meeting: their socket, what they show, and their two Janus handles. */
import { randomUUID } from 'node:crypto';
import type { Jsep, ParticipantView, PeerKind, ServerMessage } from '../../shared/protocol';
import type { JanusHandle } from '../media/janus-client';
import type { Actor } from '../organisation/organisation.policy';

export interface ParticipantSocket {
  send(message: ServerMessage): void;
  /** Ends the connection after the last frame was sent. */
  close(): void;
}

export type Candidate = Record<string, unknown> | null;

export class Participant {
  readonly id = randomUUID();
  readonly joinedAt = new Date();
  audio = true;
  video = true;
  left = false;
  publisher?: JanusHandle;
  subscriber?: JanusHandle;
  /** Feeds (participant ids) the subscriber PeerConnection carries. */
  readonly subscribedFeeds = new Set<string>();
  /** ICE candidates that arrived before the handle they belong to existed. */
  readonly earlyCandidates: Record<PeerKind, Candidate[]> = { publisher: [], subscriber: [] };
  private negotiation: Promise<void> = Promise.resolve();
  private awaitingAnswer?: { resolve(jsep: Jsep): void; reject(err: Error): void; timer: NodeJS.Timeout };

  constructor(
    readonly user: Actor,
    readonly sessionId: string,
    readonly socket: ParticipantSocket,
    /** The meeting room this participant is, when a room's account joined. */
    readonly endpoint: { id: string; name: string; unitName: string } | null = null,
  ) {}

  /** A room's account shows the room's name and unit (R1.4). */
  get displayName(): string {
    return this.endpoint?.name ?? this.user.name;
  }

  view(chairId: string): ParticipantView {
    return {
      id: this.id,
      userId: this.user.id,
      name: this.displayName,
      title: this.endpoint ? '' : this.user.title,
      unit: this.endpoint?.unitName ?? this.user.unitName,
      endpoint: this.endpoint?.name ?? null,
      isChair: this.user.id === chairId,
      audio: this.audio,
      video: this.video,
    };
  }

  /** Subscriber negotiations run one at a time: Janus and the browser each hold one offer at once. */
  enqueue(step: () => Promise<void>, onError: (err: Error) => void): void {
    this.negotiation = this.negotiation.then(step).catch(onError);
  }

  waitForAnswer(timeoutMs: number): Promise<Jsep> {
    this.awaitingAnswer?.reject(new Error('superseded by a newer offer'));
    return new Promise<Jsep>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.awaitingAnswer = undefined;
        reject(new Error(`no subscriber answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.awaitingAnswer = { resolve, reject, timer };
    });
  }

  /** Returns false when no offer was waiting for this answer. */
  answer(jsep: Jsep): boolean {
    const waiting = this.awaitingAnswer;
    if (!waiting) return false;
    clearTimeout(waiting.timer);
    this.awaitingAnswer = undefined;
    waiting.resolve(jsep);
    return true;
  }

  /** The handles are gone (Janus restarted or the participant left): forget all media state. */
  resetMedia(): void {
    if (this.awaitingAnswer) {
      clearTimeout(this.awaitingAnswer.timer);
      this.awaitingAnswer.reject(new Error('media reset'));
      this.awaitingAnswer = undefined;
    }
    this.publisher = undefined;
    this.subscriber = undefined;
    this.subscribedFeeds.clear();
    this.earlyCandidates.publisher = [];
    this.earlyCandidates.subscriber = [];
    this.negotiation = Promise.resolve();
  }
}
