/**
 * Meetings in progress (R3): entering directly or through the lobby, the roster, the floor with its time limits
 * enforced in Janus, the chair's controls, layout, recording, chat, incidents and connection health. Each command
 * is checked against the sender's role in the meeting first; a refused or stale command changes nothing. Every
 * event that matters is written to the meeting log (attendance, speaking time, consent, incidents).
 */
import path from 'node:path';
import type { Logger } from 'pino';
import type { ClientMessage, LeaveReason, MeetingRole, NoticeId } from '../../shared/protocol';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import type { AuditService } from '../audit/audit.service';
import { AppError } from '../errors';
import type { MediaService } from '../media/media.service';
import type { MeetingEventType, MeetingRepository } from '../meetings/meeting.repository';
import type { MeetingService } from '../meetings/meeting.service';
import { warnAt, type EndedGrant } from './floor';
import { LiveMeeting, type Connection, type LobbyEntry } from './live-meeting';
import { permissionsOf, type May } from './meeting-roles';
import { Participant, screenFeedId } from './participant';

type Msg<T extends ClientMessage['type']> = Extract<ClientMessage, { type: T }>;

/** Told when recording stops or the meeting ends, to turn Janus's files into playable ones (R3.6). */
export interface RecordingSink {
  recordingStopped(meetingId: string, recDir: string, feeds: Map<string, { userId: string; label: string }>): void;
}

export interface LiveOptions {
  /** Where each meeting's recordings go: `<recordingsDir>/<meetingId>`. */
  recordingsDir?: string;
  recordings?: RecordingSink;
  /** No statistics for this long: the endpoint is flagged as dropped (R3.10). */
  statsSilenceMs?: number;
  /** The meeting's PDF documents that may be shown to everyone (R3.11). */
  documents?: PresentableDocuments;
}

export interface PresentableDocuments {
  /** The document, if it is a PDF of this meeting that has not been deleted. */
  presentable(meetingId: string, documentId: string): Promise<{ id: string; name: string } | null>;
}

export class LiveService {
  private readonly live = new Map<string, LiveMeeting>();
  /** Which live meeting each participant is in. */
  private readonly whereIs = new Map<Participant, LiveMeeting>();
  private readonly waitingIn = new Map<LobbyEntry, LiveMeeting>();

  constructor(
    private readonly meetings: MeetingService,
    private readonly repo: MeetingRepository,
    private readonly media: MediaService,
    private readonly audit: AuditService,
    private readonly logger: Logger,
    private readonly options: LiveOptions = {},
  ) {
    media.on('unavailable', () => {
      for (const lm of this.live.values()) {
        const wasRecording = lm.media.isRecording;
        lm.media.reset();
        lm.broadcast({ type: 'media_state', state: 'unavailable' });
        if (wasRecording) void this.recordingInterrupted(lm);
        lm.sendState();
      }
    });
    media.on('available', () => {
      for (const lm of this.live.values()) lm.broadcast({ type: 'media_state', state: 'available' });
    });
  }

  // ------------------------------------------------------------------------------------------ entering

  /** Enter a meeting: the same checks as the HTTP access check; then the room, or the lobby (R3.1). */
  async join(conn: Connection, message: Msg<'join'>): Promise<void> {
    if (message.v !== PROTOCOL_VERSION) throw new AppError('protocol_version_unsupported');
    const { user, sessionId } = conn.signedIn;
    if (user.mustChangePassword) throw new AppError('password_change_required');
    const entry = await this.meetings.checkEntry(user, sessionId, message.slug.toLowerCase(), message.password, conn.ip);
    const { meeting } = entry;
    if (meeting.status === 'scheduled') await this.repo.transition(meeting.id, ['scheduled'], 'open');
    let lm = this.live.get(meeting.id);
    if (!lm) {
      const recDir = this.options.recordingsDir ? path.join(this.options.recordingsDir, meeting.id) : undefined;
      lm = new LiveMeeting(meeting, this.media, this.logger, recDir);
      this.live.set(meeting.id, lm);
    }
    const runsMeeting = entry.role === 'chair' || entry.role === 'chair_technician';
    const lobbyReason: LobbyEntry['reason'] | null = !entry.role
      ? entry.lobbyReason!
      : lm.removedUserIds.has(user.id)
        ? 'removed'
        : lm.locked && !runsMeeting && !lm.participantOf(user.id)
          ? 'locked'
          : null;
    if (lobbyReason) {
      const waiting = lm.newLobbyEntry(conn, lobbyReason, entry.role ?? (entry.endpoint ? 'endpoint' : 'delegate'), entry.endpoint);
      conn.waiting = waiting;
      this.waitingIn.set(waiting, lm);
      conn.socket.send({ type: 'lobby', reason: lobbyReason });
      await this.repo.logEvent(meeting.id, 'lobby_waiting', user.id, { reason: lobbyReason });
      lm.sendState();
      return;
    }
    await this.enter(lm, conn, entry.role!, entry.endpoint);
  }

  private async enter(lm: LiveMeeting, conn: Connection, role: MeetingRole, endpoint: LobbyEntry['endpoint']): Promise<Participant> {
    const { user, sessionId } = conn.signedIn;
    const meeting = lm.meeting;
    // One person is present once (R1.3): a second join on the same account replaces the first; both are told.
    const p = new Participant(user, sessionId, conn.socket, role, endpoint);
    p.audible = role === 'chair'; // the chair speaks freely; everyone else enters muted (R3.3)
    let replaced = false;
    for (const other of [...lm.participants.values()]) {
      if (other.user.id !== user.id) continue;
      other.socket.send({ type: 'closed', reason: 'replaced' });
      await this.remove(other, 'replaced');
      other.socket.close();
      replaced = true;
      await this.audit.record({ actorId: user.id, action: 'meeting.presence_replaced', targetType: 'meeting', targetId: meeting.id, data: { replacedParticipantId: other.id, newParticipantId: p.id, otherSession: other.sessionId !== sessionId } });
    }
    lm.participants.set(p.id, p);
    this.whereIs.set(p, lm);
    conn.participant = p;
    conn.waiting = undefined;
    lm.dropped.delete(user.id);
    conn.socket.send({
      type: 'joined',
      v: PROTOCOL_VERSION,
      participantId: p.id,
      meeting: { id: meeting.id, title: meeting.title, slug: meeting.slug, chairId: meeting.chairId, endsAt: meeting.endsAt.toISOString() },
      roster: lm.roster(),
      media: this.media.available ? 'available' : 'unavailable',
    });
    if (replaced) conn.socket.send({ type: 'notice', id: 'replaced_other_presence' });
    lm.sendRoster();
    lm.sendState();
    lm.media.prepare();
    lm.media.subscribeToAll(p);
    await this.repo.logEvent(meeting.id, 'joined', user.id, { participantId: p.id, role, endpointId: endpoint?.id ?? null });
    this.logger.info({ meetingId: meeting.id, userId: user.id, participantId: p.id, role }, 'participant joined');
    return p;
  }

  // ------------------------------------------------------------------------------------------ commands

  /** Everything a connection may send after `join`: lobby waiters may only leave. */
  async handle(conn: Connection, message: ClientMessage): Promise<void> {
    if (message.type === 'join') throw new AppError('already_joined');
    const p = conn.participant;
    if (!p) {
      if (conn.waiting && message.type === 'leave') return this.disconnect(conn);
      throw new AppError('not_joined');
    }
    const lm = this.whereIs.get(p);
    if (!lm) throw new AppError('not_joined');
    const may = permissionsOf(p.role);
    const need = (right: keyof May) => {
      if (!may[right]) throw new AppError('meeting_role_forbidden');
    };
    switch (message.type) {
      case 'publish':
        return this.publish(lm, p, message);
      case 'unpublish_screen':
        await lm.media.unpublishScreen(p);
        await this.log(lm, 'presentation_stopped', p);
        lm.sendRoster();
        lm.sendState();
        return;
      case 'subscriber_answer':
        if (!p.answer(message.jsep)) throw new AppError('media_negotiation_failed', undefined, 'no offer is waiting for an answer');
        return;
      case 'trickle':
        await lm.media.trickle(p, message.peer, message.candidate).catch((err: Error) => this.logger.debug({ err: err.message }, 'trickle failed'));
        return;
      case 'set_media':
        p.audio = message.audio;
        p.video = message.video;
        lm.sendRoster();
        return;
      case 'set_attendees':
        p.attendees = message.attendees;
        await this.log(lm, 'attendees_named', p, { attendees: message.attendees });
        lm.sendRoster();
        return;
      case 'leave':
        return this.leaveByChoice(lm, p);
      case 'request_leave':
        p.leaveRequested = message.reason;
        await this.log(lm, 'leave_requested', p, { reason: message.reason });
        for (const q of lm.participants.values()) if (q.role === 'chair') q.socket.send({ type: 'notice', id: 'leave_requested', detail: p.displayName });
        lm.sendRoster();
        return;
      case 'consent_leave':
        return this.consentLeave(lm, p, message);
      case 'admit':
        need('admit');
        return this.admit(lm, p, message.lobbyId, message.asObserver);
      case 'refuse':
        need('admit');
        return this.refuse(lm, p, message.lobbyId, message.reason);
      case 'request_floor':
        return this.requestFloor(lm, p, message);
      case 'withdraw_floor': {
        const request = lm.floor.withdraw(message.requestId, p.id, may.controlFloor);
        await this.log(lm, 'floor_withdrawn', p, { requestId: request.id, speaker: request.speaker });
        lm.sendState();
        return;
      }
      // Floor changes run one at a time per meeting (LiveMeeting.serially): each waits for Janus in between.
      case 'grant_floor':
        need('controlFloor');
        return lm.serially(() => this.grantFloor(lm, p, message));
      case 'extend_floor':
        need('controlFloor');
        return lm.serially(async () => {
          const grant = lm.floor.extend(message.grantId, message.seconds);
          this.scheduleFloorEnd(lm, grant.id, grant.endsAt);
          await this.log(lm, 'floor_extended', p, { grantId: grant.id, seconds: message.seconds });
          lm.sendState();
        });
      case 'revoke_floor':
        need('controlFloor');
        return lm.serially(() => this.endFloor(lm, message.grantId, 'revoked', p));
      case 'mute':
        need('moderate');
        return lm.serially(async () => {
          const target = this.target(lm, message.participantId);
          await this.mute(lm, target, p);
          lm.sendRoster();
          lm.sendState();
        });
      case 'mute_all':
        need('moderate');
        return lm.serially(async () => {
          for (const q of [...lm.participants.values()]) if (q.role !== 'chair' && q.audible) await this.mute(lm, q, p);
          lm.sendRoster();
          lm.sendState();
        });
      case 'remove':
        need('moderate');
        return this.removeByChair(lm, p, this.target(lm, message.participantId), message.reason);
      case 'lock':
        need('moderate');
        if (lm.locked === message.locked) return;
        lm.locked = message.locked;
        await this.log(lm, message.locked ? 'locked' : 'unlocked', p);
        lm.broadcast({ type: 'notice', id: message.locked ? 'meeting_locked' : 'meeting_unlocked' });
        lm.sendState();
        return;
      case 'set_layout':
        need('layout');
        if (message.pinned) this.target(lm, message.pinned);
        lm.layout = { mode: message.mode, pinned: message.pinned };
        await this.log(lm, 'layout_changed', p, { mode: message.mode, pinned: message.pinned });
        lm.sendState();
        return;
      case 'set_recording':
        need('record');
        return this.setRecording(lm, p, message.recording);
      case 'present_document':
        return this.presentDocument(lm, p, message);
      case 'stop_document':
        if (lm.document?.participantId !== p.id && !may.controlFloor) throw new AppError('presentation_not_allowed');
        return this.stopDocument(lm, p);
      case 'allow_presentation': {
        need('controlFloor');
        const target = this.target(lm, message.participantId);
        if (message.allowed) lm.presenters.add(target.id);
        else {
          lm.presenters.delete(target.id);
          if (!lm.mayPresent(target)) await this.stopPresenting(lm, target);
        }
        target.socket.send({ type: 'notice', id: message.allowed ? 'presentation_allowed' : 'presentation_withdrawn' });
        lm.sendRoster();
        lm.sendState();
        return;
      }
      case 'chat': {
        if (message.channel === 'technicians') need('technicianChat');
        const chat = { id: crypto.randomUUID(), channel: message.channel, from: p.id, fromName: p.displayName, text: message.text, at: new Date().toISOString() };
        // In the log before anyone sees it: what was said is what was kept.
        await this.log(lm, 'chat', p, { channel: message.channel, text: message.text });
        const to = message.channel === 'meeting' ? [...lm.participants.values()] : lm.technicians();
        for (const q of to) q.socket.send({ type: 'chat', message: chat });
        return;
      }
      case 'report_incident': {
        need('reportIncident');
        const incident = { id: crypto.randomUUID(), participantId: p.id, from: p.displayName, cause: message.cause, remedy: message.remedy, expectedMinutes: message.expectedMinutes, at: new Date().toISOString() };
        await this.log(lm, 'incident', p, { cause: message.cause, remedy: message.remedy, expectedMinutes: message.expectedMinutes });
        await this.audit.record({ actorId: p.user.id, action: 'meeting.incident_reported', targetType: 'meeting', targetId: lm.meeting.id, data: { cause: message.cause, remedy: message.remedy, expectedMinutes: message.expectedMinutes } });
        for (const q of lm.technicians()) q.socket.send({ type: 'incident', incident });
        return;
      }
      case 'stats': {
        const poor = message.lossPercent > 5 || (message.rttMs ?? 0) > 500 || message.jitterMs > 100;
        p.health = { participantId: p.id, state: poor ? 'poor' : 'good', sendKbps: message.sendKbps, receiveKbps: message.receiveKbps, lossPercent: message.lossPercent, jitterMs: message.jitterMs, rttMs: message.rttMs, at: new Date().toISOString() };
        lm.sendStateSoon();
        return;
      }
      case 'end_meeting':
        return this.end(p, lm);
    }
  }

  // ------------------------------------------------------------------------------------------ documents

  /**
   * Show a meeting's PDF to everyone, or turn its page (R3.11). Everyone's client renders the same page of the
   * document it downloads itself; the presenter leads. One presentation at a time.
   */
  private async presentDocument(lm: LiveMeeting, p: Participant, message: Msg<'present_document'>): Promise<void> {
    if (!lm.mayPresent(p)) throw new AppError('presentation_not_allowed');
    // One presentation at a time: a shared screen (even one's own) is stopped first.
    if (lm.presentation() || (lm.document && lm.document.participantId !== p.id)) throw new AppError('presentation_busy');
    if (lm.document?.documentId === message.documentId) {
      lm.document = { ...lm.document, page: message.page };
      lm.sendState();
      return;
    }
    const doc = await this.options.documents?.presentable(lm.meeting.id, message.documentId);
    if (!doc) throw new AppError('document_not_presentable');
    lm.document = { participantId: p.id, documentId: doc.id, name: doc.name, page: message.page };
    await this.log(lm, 'presentation_started', p, { documentId: doc.id, name: doc.name });
    lm.sendRoster();
    lm.sendState();
  }

  private async stopDocument(lm: LiveMeeting, by: Participant): Promise<void> {
    if (!lm.document) return;
    const { documentId, participantId } = lm.document;
    lm.document = null;
    await this.log(lm, 'presentation_stopped', by, { documentId, participantId });
    lm.sendState();
  }

  /** The participant's screen and shown document stop, as when their right to present ends (R3.11). */
  private async stopPresenting(lm: LiveMeeting, p: Participant): Promise<void> {
    await lm.media.unpublishScreen(p);
    if (lm.document?.participantId === p.id) await this.stopDocument(lm, p);
  }

  // ------------------------------------------------------------------------------------------ media

  private async publish(lm: LiveMeeting, p: Participant, message: Msg<'publish'>): Promise<void> {
    if (message.source === 'screen' && !lm.mayPresent(p)) throw new AppError('presentation_not_allowed');
    // One presentation at a time: a screen does not cover someone else's document.
    if (message.source === 'screen' && lm.document && lm.document.participantId !== p.id) throw new AppError('presentation_busy');
    const answer = await lm.media.publish(p, message.jsep, message.source).catch((err: Error) => {
      if (err instanceof AppError) throw err;
      this.logger.warn({ err: err.message, participantId: p.id }, 'publish failed');
      throw new AppError('media_negotiation_failed');
    });
    const feed = message.source === 'camera' ? p.id : screenFeedId(p.id);
    lm.feedLabels.set(feed, { userId: p.user.id, label: message.source === 'camera' ? p.displayName : `${p.displayName} (màn hình)` });
    p.socket.send({ type: 'publisher_answer', jsep: answer, source: message.source });
    if (message.source === 'screen') {
      await this.log(lm, 'presentation_started', p);
      lm.sendRoster();
      lm.sendState();
    }
  }

  // ------------------------------------------------------------------------------------------ lobby

  private async admit(lm: LiveMeeting, by: Participant, lobbyId: string, asObserver: boolean): Promise<void> {
    const entry = lm.lobby.get(lobbyId);
    if (!entry) throw new AppError('lobby_entry_not_found');
    lm.lobby.delete(lobbyId);
    this.waitingIn.delete(entry);
    lm.removedUserIds.delete(entry.conn.signedIn.user.id);
    await this.repo.logEvent(lm.meeting.id, 'admitted', entry.conn.signedIn.user.id, { by: by.user.id, reason: entry.reason, asObserver });
    await this.audit.record({ actorId: by.user.id, action: 'meeting.admitted', targetType: 'meeting', targetId: lm.meeting.id, data: { userId: entry.conn.signedIn.user.id, asObserver } });
    await this.enter(lm, entry.conn, asObserver ? 'observer' : entry.role, entry.endpoint);
  }

  private async refuse(lm: LiveMeeting, by: Participant, lobbyId: string, reason: string): Promise<void> {
    const entry = lm.lobby.get(lobbyId);
    if (!entry) throw new AppError('lobby_entry_not_found');
    lm.lobby.delete(lobbyId);
    this.waitingIn.delete(entry);
    entry.conn.waiting = undefined;
    entry.conn.socket.send({ type: 'closed', reason: 'refused', ...(reason ? { message: reason } : {}) });
    entry.conn.socket.close();
    await this.repo.logEvent(lm.meeting.id, 'refused', entry.conn.signedIn.user.id, { by: by.user.id, reason });
    await this.audit.record({ actorId: by.user.id, action: 'meeting.refused', targetType: 'meeting', targetId: lm.meeting.id, data: { userId: entry.conn.signedIn.user.id, reason } });
    lm.sendState();
  }

  // ------------------------------------------------------------------------------------------ floor

  private async requestFloor(lm: LiveMeeting, p: Participant, message: Msg<'request_floor'>): Promise<void> {
    const may = permissionsOf(p.role);
    let speakerParticipant = p;
    let speaker = p.displayName;
    if (message.onBehalfOf) {
      if (!may.requestOnBehalf) throw new AppError('meeting_role_forbidden');
      // An endpoint's technician asks for someone in the room: the room's microphone opens (D16.2e).
      if (p.role === 'endpoint_technician') {
        const room = [...lm.participants.values()].find((q) => q.role === 'endpoint' && q.endpoint?.id === p.endpoint?.id);
        if (!room) throw new AppError('participant_not_found');
        speakerParticipant = room;
      }
      speaker = `${message.onBehalfOf} (${speakerParticipant.displayName})`;
    } else if (!may.requestFloor) throw new AppError('meeting_role_forbidden');
    const request = lm.floor.request({ participantId: speakerParticipant.id, speaker, topic: message.topic, enteredBy: p.id });
    await this.log(lm, 'floor_requested', p, { requestId: request.id, speaker, topic: message.topic, forParticipantId: speakerParticipant.id });
    lm.sendState();
  }

  private async grantFloor(lm: LiveMeeting, by: Participant, message: Msg<'grant_floor'>): Promise<void> {
    const seconds = message.seconds ?? lm.meeting.speakingSeconds;
    let speaker: string | undefined;
    if (!message.requestId) {
      if (!message.participantId) throw new AppError('validation_failed', { participantId: 'requestId or participantId' });
      speaker = this.target(lm, message.participantId).displayName;
    } else if (!lm.floor.requests.some((r) => r.id === message.requestId)) throw new AppError('floor_request_not_found');
    const holderBefore = lm.floor.holder;
    const { grant, ended } = lm.floor.give({ requestId: message.requestId, participantId: message.participantId, speaker, seconds, grantedBy: by.id });
    if (ended) await this.closeTurn(lm, ended, holderBefore?.participantId === grant.participantId);
    const speakerP = lm.participants.get(grant.participantId);
    if (!speakerP) {
      lm.floor.finish(grant.id, 'left');
      throw new AppError('participant_not_found');
    }
    await lm.media.setAudible(speakerP, true);
    this.scheduleFloorEnd(lm, grant.id, grant.endsAt);
    await this.log(lm, 'floor_granted', by, { grantId: grant.id, participantId: grant.participantId, userId: speakerP.user.id, speaker: grant.speaker, seconds, requestId: grant.requestId });
    speakerP.socket.send({ type: 'notice', id: 'floor_granted_to_you' });
    lm.sendRoster();
    lm.sendState();
  }

  /** Timers for the warning and the end of the current turn; replaced whenever the turn changes. */
  private scheduleFloorEnd(lm: LiveMeeting, grantId: string, endsAt: number): void {
    if (lm.floor.holder?.id !== grantId) return; // the turn already ended (e.g. its speaker left): keep no timers for it
    lm.clearFloorTimers();
    const now = Date.now();
    lm.floorTimers.push(
      setTimeout(() => {
        const holder = lm.floor.holder;
        if (holder?.id === grantId) lm.participants.get(holder.participantId)?.socket.send({ type: 'notice', id: 'floor_ending_soon' });
      }, Math.max(0, warnAt(lm.floor.holder) - now)),
      setTimeout(() => {
        void lm.serially(() => this.endFloor(lm, grantId, 'expired')).catch((err: Error) => {
          if (!(err instanceof AppError)) this.logger.warn({ err: err.message }, 'ending the floor failed');
        });
      }, Math.max(0, endsAt - now)),
    );
  }

  private async endFloor(lm: LiveMeeting, grantId: string, how: 'expired' | 'revoked', by?: Participant): Promise<void> {
    const ended = lm.floor.finish(grantId, how);
    lm.clearFloorTimers();
    await this.closeTurn(lm, ended, false, by);
    lm.sendRoster();
    lm.sendState();
  }

  /** The turn is over: the speaker's microphone closes in Janus (unless they keep speaking in the next turn). */
  private async closeTurn(lm: LiveMeeting, ended: EndedGrant, sameSpeakerNext: boolean, by?: Participant): Promise<void> {
    const speaker = lm.participants.get(ended.participantId);
    if (speaker && speaker.role !== 'chair' && !sameSpeakerNext) await lm.media.setAudible(speaker, false);
    // A screen shared by right of the floor stops with the turn, whatever the client does (R3.11).
    if (speaker && !sameSpeakerNext && !lm.mayPresent(speaker)) await this.stopPresenting(lm, speaker);
    speaker?.socket.send({ type: 'notice', id: 'floor_ended' });
    await this.repo.logEvent(lm.meeting.id, 'floor_ended', speaker?.user.id ?? null, {
      grantId: ended.id,
      participantId: ended.participantId,
      speaker: ended.speaker,
      how: ended.how,
      spokeMs: ended.spokeMs,
      by: by?.user.id ?? null,
    });
  }

  private async mute(lm: LiveMeeting, target: Participant, by: Participant): Promise<void> {
    const holder = lm.floor.holder;
    if (holder?.participantId === target.id) {
      const ended = lm.floor.finish(holder.id, 'revoked');
      lm.clearFloorTimers();
      await this.closeTurn(lm, ended, false, by);
    }
    await lm.media.setAudible(target, false);
    target.socket.send({ type: 'notice', id: 'muted_by_chair' });
    await this.log(lm, 'muted', by, { participantId: target.id, userId: target.user.id });
    await this.audit.record({ actorId: by.user.id, action: 'meeting.muted', targetType: 'meeting', targetId: lm.meeting.id, data: { userId: target.user.id } });
  }

  // ------------------------------------------------------------------------------------------ chair's controls

  private async removeByChair(lm: LiveMeeting, by: Participant, target: Participant, reason: string): Promise<void> {
    if (target.role === 'chair') throw new AppError('meeting_role_forbidden');
    lm.removedUserIds.add(target.user.id);
    target.socket.send({ type: 'closed', reason: 'removed', ...(reason ? { message: reason } : {}) });
    await this.remove(target, 'removed', { by: by.user.id, reason });
    target.socket.close();
    await this.audit.record({ actorId: by.user.id, action: 'meeting.participant_removed', targetType: 'meeting', targetId: lm.meeting.id, data: { userId: target.user.id, reason } });
  }

  private async consentLeave(lm: LiveMeeting, by: Participant, message: Msg<'consent_leave'>): Promise<void> {
    if (by.role !== 'chair') throw new AppError('chair_only');
    const target = this.target(lm, message.participantId);
    if (target.leaveRequested === null) throw new AppError('leave_request_not_found');
    target.leaveRequested = null;
    target.leaveConsented = message.consent;
    await this.log(lm, message.consent ? 'leave_consented' : 'leave_refused', by, { participantId: target.id, userId: target.user.id });
    target.socket.send({ type: 'notice', id: message.consent ? 'leave_consented' : 'leave_refused' });
    lm.sendRoster();
  }

  private async setRecording(lm: LiveMeeting, by: Participant, on: boolean): Promise<void> {
    if (lm.media.isRecording === on) return;
    await lm.media.setRecording(on).catch((err: Error) => {
      this.logger.error({ err: err.message, meetingId: lm.meeting.id }, 'recording could not be switched');
      throw new AppError('recording_unavailable');
    });
    await this.log(lm, on ? 'recording_started' : 'recording_stopped', by);
    await this.audit.record({ actorId: by.user.id, action: on ? 'meeting.recording_started' : 'meeting.recording_stopped', targetType: 'meeting', targetId: lm.meeting.id });
    lm.broadcast({ type: 'notice', id: on ? 'recording_started' : 'recording_stopped' });
    lm.sendState();
    if (!on) this.recordingStopped(lm);
  }

  /**
   * Janus was lost while recording (R3.6): everyone is told the recording stopped, the meeting log says so and why,
   * and what Janus wrote until then is converted like any stopped recording. The chair starts it again if wanted.
   */
  private async recordingInterrupted(lm: LiveMeeting): Promise<void> {
    lm.broadcast({ type: 'notice', id: 'recording_interrupted' });
    this.recordingStopped(lm);
    await this.repo
      .logEvent(lm.meeting.id, 'recording_stopped', null, { cause: 'media_lost' })
      .catch((err: Error) => this.logger.error({ err: err.message, meetingId: lm.meeting.id }, 'the interrupted recording could not be logged'));
  }

  private recordingStopped(lm: LiveMeeting): void {
    if (this.options.recordings && this.options.recordingsDir) {
      this.options.recordings.recordingStopped(lm.meeting.id, path.join(this.options.recordingsDir, lm.meeting.id), new Map(lm.feedLabels));
    }
  }

  // ------------------------------------------------------------------------------------------ leaving and ending

  /** The Leave button: free for some roles; early and without consent it is still allowed, and recorded (R3.7). */
  private async leaveByChoice(lm: LiveMeeting, p: Participant): Promise<void> {
    const early = Date.now() < lm.meeting.endsAt.getTime();
    const consent = permissionsOf(p.role).leaveFreely || p.leaveConsented;
    await this.remove(p, 'left', { early, consent });
  }

  /** The connection closed (tab closed, network gone) or a lobby waiter left. */
  async disconnect(conn: Connection): Promise<void> {
    if (conn.waiting) {
      const lm = this.waitingIn.get(conn.waiting);
      this.waitingIn.delete(conn.waiting);
      lm?.lobby.delete(conn.waiting.id);
      conn.waiting = undefined;
      lm?.sendState();
    }
    const p = conn.participant;
    if (!p || !this.whereIs.has(p)) return;
    const lm = this.whereIs.get(p)!;
    // A connection lost without leaving: flagged to the technicians until the same account comes back (R3.10).
    lm.dropped.set(p.user.id, { userId: p.user.id, participantId: p.id, state: 'dropped', sendKbps: 0, receiveKbps: 0, lossPercent: 100, jitterMs: 0, rttMs: null, at: new Date().toISOString() });
    await this.remove(p, 'left', { early: Date.now() < lm.meeting.endsAt.getTime(), consent: permissionsOf(p.role).leaveFreely || p.leaveConsented, dropped: true });
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
    for (const [entry, lm] of [...this.waitingIn]) {
      if (!match({ sessionId: entry.conn.signedIn.sessionId, user: entry.conn.signedIn.user } as Participant)) continue;
      entry.conn.socket.send({ type: 'closed', reason });
      await this.disconnect(entry.conn);
      entry.conn.socket.close();
      lm.sendState();
    }
    return hit.length;
  }

  /** Close every live meeting's media (server shutdown). */
  async shutdown(): Promise<void> {
    for (const lm of this.live.values()) {
      for (const p of lm.participants.values()) p.socket.close();
      if (lm.media.isRecording) this.recordingStopped(lm);
      await lm.media.close();
      lm.dispose();
    }
    this.live.clear();
  }

  private async remove(p: Participant, reason: LeaveReason, data: Record<string, unknown> = {}): Promise<void> {
    const lm = this.whereIs.get(p);
    if (!lm) return;
    this.whereIs.delete(p);
    p.left = true;
    lm.participants.delete(p.id);
    lm.presenters.delete(p.id);
    if (lm.document?.participantId === p.id) lm.document = null;
    if (lm.layout.pinned === p.id) lm.layout = { ...lm.layout, pinned: null };
    const ended = lm.floor.dropParticipant(p.id);
    if (ended) {
      lm.clearFloorTimers();
      await this.repo.logEvent(lm.meeting.id, 'floor_ended', p.user.id, { grantId: ended.id, participantId: p.id, speaker: ended.speaker, how: ended.how, spokeMs: ended.spokeMs });
    }
    await lm.media.drop(p).catch((err: Error) => this.logger.debug({ err: err.message }, 'dropping media failed'));
    lm.sendRoster();
    lm.sendState();
    const type: MeetingEventType = reason === 'replaced' ? 'replaced' : reason === 'removed' ? 'removed' : 'left';
    await this.repo.logEvent(lm.meeting.id, type, p.user.id, { participantId: p.id, reason, ...data });
    this.logger.info({ meetingId: lm.meeting.id, participantId: p.id, reason }, 'participant left');
  }

  /** The chair ends the meeting for everyone: all are disconnected and the room is destroyed (R3.13). */
  private async end(p: Participant, lm: LiveMeeting): Promise<void> {
    if (!(await this.meetings.mayEnd(p.user, lm.meeting))) throw new AppError('chair_only');
    if (!(await this.meetings.markEnded(p.user, lm.meeting.id))) throw new AppError('meeting_ended');
    this.live.delete(lm.meeting.id);
    lm.dispose();
    const holder = lm.floor.holder;
    if (holder) {
      const ended = lm.floor.finish(holder.id, 'revoked');
      await this.repo.logEvent(lm.meeting.id, 'floor_ended', lm.participants.get(ended.participantId)?.user.id ?? null, { grantId: ended.id, participantId: ended.participantId, speaker: ended.speaker, how: 'meeting_ended', spokeMs: ended.spokeMs });
    }
    lm.broadcast({ type: 'closed', reason: 'meeting_ended' });
    for (const q of lm.participants.values()) {
      this.whereIs.delete(q);
      q.left = true;
      await this.repo.logEvent(lm.meeting.id, 'left', q.user.id, { participantId: q.id, reason: 'meeting_ended', early: false, consent: true });
      q.socket.close();
    }
    for (const entry of lm.lobby.values()) {
      this.waitingIn.delete(entry);
      entry.conn.socket.send({ type: 'closed', reason: 'meeting_ended' });
      entry.conn.socket.close();
    }
    const wasRecording = lm.media.isRecording;
    await lm.media.close();
    if (wasRecording) this.recordingStopped(lm);
    for (const q of lm.participants.values()) q.resetMedia();
    this.logger.info({ meetingId: lm.meeting.id, by: p.user.id }, 'meeting ended');
  }

  // ------------------------------------------------------------------------------------------ helpers

  private target(lm: LiveMeeting, participantId: string): Participant {
    const target = lm.participants.get(participantId);
    if (!target) throw new AppError('participant_not_found');
    return target;
  }

  private log(lm: LiveMeeting, type: MeetingEventType, by: Participant, data: Record<string, unknown> = {}): Promise<void> {
    return this.repo.logEvent(lm.meeting.id, type, by.user.id, { participantId: by.id, ...data });
  }

  /** For tests and diagnostics: the live state of a meeting. */
  liveMeeting(meetingId: string): LiveMeeting | undefined {
    return this.live.get(meetingId);
  }
}

export type { NoticeId };
