/**
 * Meetings in progress: who is in each, the rules of entering, leaving and ending, and the relay between each
 * participant's socket and the meeting's media. The room state lives here, in memory; every change that matters
 * is also written to the meeting log.
 */
import type { Logger } from 'pino';
import type { ClientMessage, LeaveReason, ServerMessage } from '../../shared/protocol';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import type { SignedIn } from '../auth/auth.service';
import { AppError } from '../errors';
import type { MediaService } from '../media/media.service';
import type { MeetingRepository, MeetingRow } from '../meetings/meeting.repository';
import type { AuditService } from '../audit/audit.service';
import type { MeetingService } from '../meetings/meeting.service';
import { MeetingMedia } from './meeting-media';
import { Participant, type ParticipantSocket } from './participant';

class LiveMeeting {
  readonly participants = new Map<string, Participant>();
  readonly media: MeetingMedia;
  constructor(
    readonly meeting: MeetingRow,
    mediaService: MediaService,
    logger: Logger,
  ) {
    this.media = new MeetingMedia(meeting.id, meeting.title, mediaService, () => this.participants.values(), logger);
  }

  broadcast(message: ServerMessage): void {
    for (const p of this.participants.values()) p.socket.send(message);
  }

  roster() {
    return [...this.participants.values()].map((p) => p.view(this.meeting.chairId));
  }
}

export class LiveService {
  private readonly live = new Map<string, LiveMeeting>();
  /** Which live meeting each participant is in. */
  private readonly whereIs = new Map<Participant, LiveMeeting>();

  constructor(
    private readonly meetings: MeetingService,
    private readonly repo: MeetingRepository,
    private readonly media: MediaService,
    private readonly audit: AuditService,
    private readonly logger: Logger,
  ) {
    media.on('unavailable', () => {
      for (const lm of this.live.values()) {
        lm.media.reset();
        lm.broadcast({ type: 'media_state', state: 'unavailable' });
      }
    });
    media.on('available', () => {
      for (const lm of this.live.values()) lm.broadcast({ type: 'media_state', state: 'available' });
    });
  }

  /** Enter a meeting: the same checks as the HTTP access check, then the roster. */
  async join(signedIn: SignedIn, socket: ParticipantSocket, message: Extract<ClientMessage, { type: 'join' }>): Promise<Participant> {
    if (message.v !== PROTOCOL_VERSION) throw new AppError('protocol_version_unsupported');
    if (signedIn.user.mustChangePassword) throw new AppError('password_change_required');
    const { meeting, endpoint } = await this.meetings.checkEntry(signedIn.user, signedIn.sessionId, message.slug.toLowerCase(), message.password);
    if (meeting.status === 'scheduled') await this.repo.transition(meeting.id, ['scheduled'], 'open');
    let lm = this.live.get(meeting.id);
    if (!lm) {
      lm = new LiveMeeting(meeting, this.media, this.logger);
      this.live.set(meeting.id, lm);
    }
    // One person is present once (R1.3): a second join on the same account replaces the first; both are told.
    const p = new Participant(signedIn.user, signedIn.sessionId, socket, endpoint);
    let replaced = false;
    for (const other of lm.participants.values()) {
      if (other.user.id === signedIn.user.id) {
        other.socket.send({ type: 'closed', reason: 'replaced' });
        await this.remove(other, 'replaced');
        other.socket.close();
        replaced = true;
        await this.audit.record({ actorId: signedIn.user.id, action: 'meeting.presence_replaced', targetType: 'meeting', targetId: meeting.id, data: { replacedParticipantId: other.id, newParticipantId: p.id, otherSession: other.sessionId !== signedIn.sessionId } });
      }
    }
    lm.participants.set(p.id, p);
    this.whereIs.set(p, lm);
    socket.send({
      type: 'joined',
      v: PROTOCOL_VERSION,
      participantId: p.id,
      meeting: { id: meeting.id, title: meeting.title, slug: meeting.slug, chairId: meeting.chairId, endsAt: meeting.endsAt.toISOString() },
      roster: lm.roster(),
      media: this.media.available ? 'available' : 'unavailable',
    });
    if (replaced) socket.send({ type: 'notice', id: 'replaced_other_presence' });
    lm.broadcast({ type: 'roster', roster: lm.roster() });
    lm.media.prepare();
    lm.media.subscribeToAll(p);
    await this.repo.logEvent(meeting.id, 'joined', signedIn.user.id, { participantId: p.id });
    this.logger.info({ meetingId: meeting.id, userId: signedIn.user.id, participantId: p.id }, 'participant joined');
    return p;
  }

  /** Everything a joined participant may send after `join`. */
  async handle(p: Participant, message: ClientMessage): Promise<void> {
    const lm = this.whereIs.get(p);
    if (!lm) throw new AppError('not_joined');
    switch (message.type) {
      case 'join':
        throw new AppError('already_joined');
      case 'publish': {
        const answer = await lm.media.publish(p, message.jsep).catch((err: Error) => {
          if (err instanceof AppError) throw err;
          this.logger.warn({ err: err.message, participantId: p.id }, 'publish failed');
          throw new AppError('media_negotiation_failed');
        });
        p.socket.send({ type: 'publisher_answer', jsep: answer });
        return;
      }
      case 'subscriber_answer':
        if (!p.answer(message.jsep)) throw new AppError('media_negotiation_failed', undefined, 'no offer is waiting for an answer');
        return;
      case 'trickle':
        await lm.media.trickle(p, message.peer, message.candidate).catch((err: Error) => {
          this.logger.debug({ err: err.message }, 'trickle failed');
        });
        return;
      case 'set_media':
        p.audio = message.audio;
        p.video = message.video;
        lm.broadcast({ type: 'roster', roster: lm.roster() });
        return;
      case 'leave':
        await this.leave(p, 'left');
        return;
      case 'end_meeting':
        await this.end(p, lm);
        return;
    }
  }

  /** The participant leaves (or their connection closed). */
  async leave(p: Participant, reason: LeaveReason): Promise<void> {
    if (!this.whereIs.has(p)) return;
    await this.remove(p, reason);
  }

  /**
   * Sessions that ended (signed out elsewhere, account disabled, leak response) leave their meetings at once:
   * told `closed: session_revoked`, socket closed.
   */
  async disconnectWhere(match: (p: Participant) => boolean, reason: LeaveReason = 'session_revoked'): Promise<number> {
    const hit = [...this.whereIs.keys()].filter(match);
    for (const p of hit) {
      p.socket.send({ type: 'closed', reason });
      await this.remove(p, reason);
      p.socket.close();
    }
    return hit.length;
  }

  /** Close every live meeting's media (server shutdown). */
  async shutdown(): Promise<void> {
    for (const lm of this.live.values()) {
      for (const p of lm.participants.values()) p.socket.close();
      await lm.media.close();
    }
    this.live.clear();
  }

  private async remove(p: Participant, reason: LeaveReason): Promise<void> {
    const lm = this.whereIs.get(p);
    if (!lm) return;
    this.whereIs.delete(p);
    p.left = true;
    lm.participants.delete(p.id);
    await lm.media.drop(p).catch((err: Error) => this.logger.debug({ err: err.message }, 'dropping media failed'));
    lm.broadcast({ type: 'roster', roster: lm.roster() });
    await this.repo.logEvent(lm.meeting.id, reason === 'replaced' ? 'replaced' : 'left', p.user.id, { participantId: p.id, reason });
    this.logger.info({ meetingId: lm.meeting.id, participantId: p.id, reason }, 'participant left');
  }

  /** The chair ends the meeting for everyone: all are disconnected and the room is destroyed (R3.13). */
  private async end(p: Participant, lm: LiveMeeting): Promise<void> {
    if (!(await this.meetings.mayEnd(p.user, lm.meeting))) throw new AppError('chair_only');
    if (!(await this.repo.transition(lm.meeting.id, ['scheduled', 'open'], 'ended'))) throw new AppError('meeting_ended');
    await this.repo.logEvent(lm.meeting.id, 'ended', p.user.id);
    await this.audit.record({ actorId: p.user.id, action: 'meeting.ended', targetType: 'meeting', targetId: lm.meeting.id });
    this.live.delete(lm.meeting.id);
    lm.broadcast({ type: 'closed', reason: 'meeting_ended' });
    for (const q of lm.participants.values()) {
      this.whereIs.delete(q);
      q.left = true;
      await this.repo.logEvent(lm.meeting.id, 'left', q.user.id, { participantId: q.id, reason: 'meeting_ended' });
      q.socket.close();
    }
    await lm.media.close();
    for (const q of lm.participants.values()) q.resetMedia();
    this.logger.info({ meetingId: lm.meeting.id, by: p.user.id }, 'meeting ended');
  }
}
