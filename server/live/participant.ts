/**
 * One person's presence in a live meeting: the link to their browser (or none while their connection is lost),
 * their role, what they show, their Janus handles, and their line of the roster, serialised once per change.
 */
import { randomUUID } from 'node:crypto';
import type { Jsep, MeetingRole, ParticipantView, PeerKind } from '../../shared/protocol';
import type { JanusHandle } from '../media/janus-client';
import type { Actor } from '../organisation/organisation.policy';
import type { ClientLink } from './client-link';

export type Candidate = Record<string, unknown> | null;

/** The meeting room a participant is (room account), or the room a technician operates. */
export type EndpointRef = { id: string; name: string; unitName: string };

/** The Janus feed id of a participant's shared screen. */
export const screenFeedId = (participantId: string) => `${participantId}:screen`;
export const parseFeedId = (feed: string) =>
  feed.endsWith(':screen') ? { participantId: feed.slice(0, -':screen'.length), source: 'screen' as const } : { participantId: feed, source: 'camera' as const };

/** What of a participant survives a restart of the server (kept in `live_participants`). */
export interface ParticipantRecord {
  id: string;
  userId: string;
  sessionId: string;
  role: MeetingRole;
  endpoint: EndpointRef | null;
  resumeHash: string;
  joinedAt: Date;
  attendees: string;
  audio: boolean;
  video: boolean;
  audible: boolean;
  leaveRequested: string | null;
  leaveConsented: boolean;
  /** Janus handle ids and the audio media line, so that a restarted server takes the media over. */
  media: ParticipantMediaRecord;
}

export interface ParticipantMediaRecord {
  publisher: number | null;
  screen: number | null;
  subscriber: number | null;
  audioMid: string | null;
  subscribedFeeds: string[];
}

export class Participant {
  readonly id: string;
  readonly joinedAt: Date;
  /** sha256 of the token that takes this presence back (`join.resume`). */
  resumeHash: string;
  /** Where frames for this participant go; null while the connection is lost. */
  link: ClientLink | null = null;
  /** When the connection was lost (null while online). */
  lostAt: Date | null = null;
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
  /** Feeds (participant ids, or `<id>:screen`) the subscriber PeerConnection carries. */
  readonly subscribedFeeds = new Set<string>();
  /** ICE candidates that arrived before the handle they belong to existed. */
  readonly earlyCandidates: Record<PeerKind, Candidate[]> = { publisher: [], subscriber: [], screen: [] };
  private negotiation: Promise<void> = Promise.resolve();
  private awaitingAnswer?: { resolve(jsep: Jsep): void; reject(err: Error): void; timer: NodeJS.Timeout };
  /** This participant's roster line as JSON, until something in it changes. */
  private viewJson: string | null = null;

  constructor(
    readonly user: Actor,
    readonly sessionId: string,
    readonly role: MeetingRole,
    readonly endpoint: EndpointRef | null,
    private readonly chairId: string,
    init: { id?: string; joinedAt?: Date; resumeHash: string },
  ) {
    this.id = init.id ?? randomUUID();
    this.joinedAt = init.joinedAt ?? new Date();
    this.resumeHash = init.resumeHash;
  }

  /** A room's account shows the room's name and unit (R1.4). */
  get displayName(): string {
    return this.role === 'endpoint' && this.endpoint ? this.endpoint.name : this.user.name;
  }

  get online(): boolean {
    return this.link !== null;
  }

  /** Endpoint name, personal name and unit must all show (R3.2): a room that has not named its people lacks one. */
  get identityIncomplete(): boolean {
    if (!this.user.name.trim() || !this.user.unitName.trim()) return true;
    return this.role === 'endpoint' && !this.attendees.trim();
  }

  get sharingScreen(): boolean {
    return this.screen !== undefined && !this.screen.detached;
  }

  view(): ParticipantView {
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
      isChair: this.user.id === this.chairId,
      identityIncomplete: this.identityIncomplete,
      audio: this.audio,
      video: this.video,
      audible: this.audible,
      sharingScreen: this.sharingScreen,
      leaveRequested: this.leaveRequested,
      connection: this.link ? 'online' : 'lost',
    };
  }

  /** The roster line as JSON: serialised once per change, whatever the number of recipients. */
  json(): string {
    return (this.viewJson ??= JSON.stringify(this.view()));
  }

  /** Something in the roster line changed: serialise it again next time. */
  invalidate(): void {
    this.viewJson = null;
  }

  record(): ParticipantRecord {
    return {
      id: this.id,
      userId: this.user.id,
      sessionId: this.sessionId,
      role: this.role,
      endpoint: this.endpoint,
      resumeHash: this.resumeHash,
      joinedAt: this.joinedAt,
      attendees: this.attendees,
      audio: this.audio,
      video: this.video,
      audible: this.audible,
      leaveRequested: this.leaveRequested,
      leaveConsented: this.leaveConsented,
      media: {
        publisher: this.publisher && !this.publisher.detached ? this.publisher.id : null,
        screen: this.screen && !this.screen.detached ? this.screen.id : null,
        subscriber: this.subscriber && !this.subscriber.detached ? this.subscriber.id : null,
        audioMid: this.audioMid ?? null,
        subscribedFeeds: [...this.subscribedFeeds],
      },
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
    this.invalidate();
  }
}
