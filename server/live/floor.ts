/**
 * The floor (R3.4, R3.5): the ordered queue of speaking requests and the one current grant with its time limit.
 * Pure state with an injected clock; the live service applies it to Janus (open/close the speaker's microphone)
 * and to the meeting log. Stale commands (a withdrawn request, an ended grant) are refused, never half-applied.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../errors';

export interface SpeakingRequest {
  id: string;
  /** Whose microphone opens when granted (for a request entered by a room's technician: the room's participant). */
  participantId: string;
  /** Who speaks, as shown to all. */
  speaker: string;
  topic: string;
  requestedAt: number;
  /** The participant who entered it (the delegate, or an endpoint's technician on someone's behalf). */
  enteredBy: string;
}

export interface FloorGrant {
  id: string;
  participantId: string;
  speaker: string;
  topic: string;
  requestId: string | null;
  grantedAt: number;
  endsAt: number;
  grantedBy: string;
}

export interface EndedGrant extends FloorGrant {
  endedAt: number;
  /** How the turn ended: time limit, revoked, replaced by another grant, the speaker left. */
  how: 'expired' | 'revoked' | 'replaced' | 'left';
  spokeMs: number;
}

/** The short warning before the end of a turn: 30 s, or the last third of a short turn. */
export const FLOOR_WARNING_MS = 30_000;
export const warnAt = (grant: Pick<FloorGrant, 'grantedAt' | 'endsAt'>) => grant.endsAt - Math.min(FLOOR_WARNING_MS, (grant.endsAt - grant.grantedAt) / 3);

export class Floor {
  private queue: SpeakingRequest[] = [];
  private grant: FloorGrant | null = null;

  constructor(private readonly now: () => number = Date.now) {}

  get holder(): FloorGrant | null {
    return this.grant;
  }

  get requests(): readonly SpeakingRequest[] {
    return this.queue;
  }

  /** Take up the queue and grant kept before a restart. */
  restore(queue: SpeakingRequest[], grant: FloorGrant | null): void {
    this.queue = [...queue];
    this.grant = grant;
  }

  /** One open request per speaker: a second one from the same participant for the same person is refused. */
  request(input: { participantId: string; speaker: string; topic: string; enteredBy: string }): SpeakingRequest {
    if (this.queue.some((r) => r.participantId === input.participantId && r.speaker === input.speaker)) throw new AppError('floor_already_requested');
    const request = { id: randomUUID(), ...input, requestedAt: this.now() };
    this.queue.push(request);
    return request;
  }

  /** Withdraw a request: by the one who entered it, or by the chair (`force`). */
  withdraw(requestId: string, by: string, force = false): SpeakingRequest {
    const request = this.queue.find((r) => r.id === requestId);
    if (!request || (!force && request.enteredBy !== by && request.participantId !== by)) throw new AppError('floor_request_not_found');
    this.queue = this.queue.filter((r) => r !== request);
    return request;
  }

  /**
   * Grant the floor: to a queued request, or directly to a participant who did not ask. A current grant ends
   * first (returned as `replaced`).
   */
  give(input: { requestId?: string; participantId?: string; speaker?: string; seconds: number; grantedBy: string }): { grant: FloorGrant; ended: EndedGrant | null } {
    let request: SpeakingRequest | undefined;
    if (input.requestId) {
      request = this.queue.find((r) => r.id === input.requestId);
      if (!request) throw new AppError('floor_request_not_found');
    }
    const participantId = request?.participantId ?? input.participantId;
    if (!participantId) throw new AppError('floor_request_not_found');
    const ended = this.grant ? this.finish(this.grant.id, 'replaced') : null;
    if (request) this.queue = this.queue.filter((r) => r !== request);
    else this.queue = this.queue.filter((r) => !(r.participantId === participantId && r.enteredBy === participantId));
    const now = this.now();
    this.grant = {
      id: randomUUID(),
      participantId,
      speaker: request?.speaker ?? input.speaker ?? '',
      topic: request?.topic ?? '',
      requestId: request?.id ?? null,
      grantedAt: now,
      endsAt: now + input.seconds * 1000,
      grantedBy: input.grantedBy,
    };
    return { grant: this.grant, ended };
  }

  extend(grantId: string, seconds: number): FloorGrant {
    if (!this.grant || this.grant.id !== grantId) throw new AppError('floor_not_held');
    this.grant = { ...this.grant, endsAt: this.grant.endsAt + seconds * 1000 };
    return this.grant;
  }

  /** End the current grant; a stale id (the turn already ended) is refused. */
  finish(grantId: string, how: EndedGrant['how']): EndedGrant {
    const grant = this.grant;
    if (!grant || grant.id !== grantId) throw new AppError('floor_not_held');
    this.grant = null;
    // An expired turn lasted exactly its limit (a timer may fire a millisecond early, or late after a restart).
    const endedAt = how === 'expired' ? grant.endsAt : Math.min(this.now(), grant.endsAt);
    return { ...grant, endedAt, how, spokeMs: Math.max(0, endedAt - grant.grantedAt) };
  }

  /** A participant left: their requests go, and their turn ends. */
  dropParticipant(participantId: string): EndedGrant | null {
    this.queue = this.queue.filter((r) => r.participantId !== participantId && r.enteredBy !== participantId);
    return this.grant?.participantId === participantId ? this.finish(this.grant.id, 'left') : null;
  }
}
