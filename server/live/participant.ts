/** One person's presence in a live meeting: their socket, their role, what they show, and their Janus handles. */
import { randomUUID } from 'node:crypto';
import type { HealthView, Jsep, MeetingRole, ParticipantView, PeerKind, ServerMessage } from '../../shared/protocol';
import type { JanusHandle } from '../media/janus-client';
import type { Actor } from '../organisation/organisation.policy';

export interface ParticipantSocket {
  send(message: ServerMessage): void;
  /** Ends the connection after the last frame was sent. */
  close(): void;
}

export type Candidate = Record<string, unknown> | null;

/** The Janus feed id of a participant's shared screen. */
export const screenFeedId = (participantId: string) => `${participantId}:screen`;
export const parseFeedId = (feed: string) =>
  feed.endsWith(':screen') ? { participantId: feed.slice(0, -':screen'.length), source: 'screen' as const } : { participantId: feed, source: 'camera' as const };

export class Participant {
  readonly id = randomUUID();
  readonly joinedAt = new Date();
  audio = true;
  video = true;
  left = false;
  /** People present in a meeting room, as its account named them (R3.2). */
  attendees = '';
  /** Whether Janus lets this participant's microphone through (`moderate`). */
  audible = false;
  /** The reason given when asking to leave early, until the chair answers. */
  leaveRequested: string | null = null;
  leaveConsented = false;
  publisher?: JanusHandle;
  /** The audio media line of the camera publisher, which `moderate` mutes and unmutes. */
  audioMid?: string;
  screen?: JanusHandle;
  subscriber?: JanusHandle;
  health?: HealthView;
  /** Feeds (participant ids, or `<id>:screen`) the subscriber PeerConnection carries. */
  readonly subscribedFeeds = new Set<string>();
  /** ICE candidates that arrived before the handle they belong to existed. */
  readonly earlyCandidates: Record<PeerKind, Candidate[]> = { publisher: [], subscriber: [], screen: [] };
  private negotiation: Promise<void> = Promise.resolve();
  private awaitingAnswer?: { resolve(jsep: Jsep): void; reject(err: Error): void; timer: NodeJS.Timeout };

  constructor(
    readonly user: Actor,
    readonly sessionId: string,
    readonly socket: ParticipantSocket,
    readonly role: MeetingRole,
    /** The meeting room this participant is (room account), or the room this technician operates. */
    readonly endpoint: { id: string; name: string; unitName: string } | null = null,
  ) {}

  /** A room's account shows the room's name and unit (R1.4). */
  get displayName(): string {
    return this.role === 'endpoint' && this.endpoint ? this.endpoint.name : this.user.name;
  }

  /** Endpoint name, personal name and unit must all show (R3.2): a room that has not named its people lacks one. */
  get identityIncomplete(): boolean {
    if (!this.user.name.trim() || !this.user.unitName.trim()) return true;
    return this.role === 'endpoint' && !this.attendees.trim();
  }

  view(chairId: string): ParticipantView {
    const isRoom = this.role === 'endpoint' && this.endpoint;
    return {
      id: this.id,
      userId: this.user.id,
      name: this.displayName,
      title: isRoom ? '' : this.user.title,
      unit: isRoom ? this.endpoint!.unitName : this.user.unitName,
      endpoint: this.role === 'endpoint' || this.role === 'endpoint_technician' ? (this.endpoint?.name ?? null) : null,
      attendees: this.attendees,
      role: this.role,
      isChair: this.user.id === chairId,
      identityIncomplete: this.identityIncomplete,
      audio: this.audio,
      video: this.video,
      audible: this.audible,
      sharingScreen: this.screen !== undefined && !this.screen.detached,
      leaveRequested: this.leaveRequested,
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
    this.screen = undefined;
    this.subscriber = undefined;
    this.audioMid = undefined;
    this.subscribedFeeds.clear();
    this.earlyCandidates.publisher = [];
    this.earlyCandidates.subscriber = [];
    this.earlyCandidates.screen = [];
    this.negotiation = Promise.resolve();
  }
}
