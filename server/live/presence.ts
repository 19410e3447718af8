/**
 * Being in a meeting (R3.1, R3.2, R3.7, R3.10): entering (one presence per account), leaving, a connection lost
 * and taken back, and the presences a restart left behind. A lost connection does not end the presence at once:
 * the participant has `resumeGraceMs` to come back with their resume token — into the same presence, without the
 * lobby or the password, with the media kept when Janus kept it; past that they are counted as having left when
 * the connection was lost.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { LeaveReason, MeetingRole } from '../../shared/protocol';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import type { SignedIn } from '../auth/auth.service';
import type { MeetingEventType } from '../meetings/meeting.repository';
import { serialise, type ClientLink } from './client-link';
import { permissionsOf } from './meeting-roles';
import type { LiveDeps } from './live-deps';
import type { LiveMeeting } from './live-meeting';
import { Participant, type EndpointRef } from './participant';

export const hashResumeToken = (token: string) => createHash('sha256').update(token).digest('hex');

function newResumeToken(): { token: string; hash: string } {
  const token = randomBytes(24).toString('base64url');
  return { token, hash: hashResumeToken(token) };
}

/** `joined`: the whole view once (roster from each participant's cached line), with a resume token. */
export function joinedFrame(lm: LiveMeeting, p: Participant, token: string, opts: { resumed: boolean; keepMedia: boolean; mediaAvailable: boolean }): string {
  const m = lm.meeting;
  const head = JSON.stringify({
    type: 'joined',
    v: PROTOCOL_VERSION,
    participantId: p.id,
    meeting: { id: m.id, title: m.title, slug: m.slug, chairId: m.chairId, startsAt: m.startsAt.toISOString(), endsAt: m.endsAt.toISOString() },
    media: opts.mediaAvailable ? 'available' : 'unavailable',
    resumeToken: token,
    resumed: opts.resumed,
    keepMedia: opts.keepMedia,
    seq: lm.state.seq,
    state: lm.state.stateFor(p),
  });
  lm.sentYou.set(p, JSON.stringify(lm.state.you(p)));
  return `{"roster":${lm.state.rosterJson()},${head.slice(1)}`;
}

/** The whole view again, for a client that fell behind. */
export function snapshotFrame(lm: LiveMeeting, p: Participant): string {
  const head = JSON.stringify({ type: 'snapshot', seq: lm.state.seq, state: lm.state.stateFor(p) });
  lm.sentYou.set(p, JSON.stringify(lm.state.you(p)));
  return `{"roster":${lm.state.rosterJson()},${head.slice(1)}`;
}

/** Enter the room (R3.1): one presence per account (R1.3) — a second one replaces the first, both are told. */
export async function enter(deps: LiveDeps, lm: LiveMeeting, link: ClientLink, signedIn: SignedIn, role: MeetingRole, endpoint: EndpointRef | null): Promise<Participant> {
  const { user, sessionId } = signedIn;
  const { token, hash } = newResumeToken();
  const p = new Participant(user, sessionId, role, endpoint, lm.meeting.chairId, { resumeHash: hash });
  p.audible = role === 'chair'; // the chair speaks freely; everyone else enters muted (R3.3)
  const other = lm.state.participantOf(user.id);
  if (other) {
    await dismiss(deps, lm, other, 'replaced');
    await deps.audit.record({ actorId: user.id, action: 'meeting.presence_replaced', targetType: 'meeting', targetId: lm.id, data: { replacedParticipantId: other.id, newParticipantId: p.id, otherSession: other.sessionId !== sessionId } });
  }
  p.link = link;
  lm.state.add(p);
  lm.keep(p);
  lm.changed();
  link.send(joinedFrame(lm, p, token, { resumed: false, keepMedia: false, mediaAvailable: deps.media.available }));
  if (other) link.send(serialise({ type: 'notice', id: 'replaced_other_presence' }));
  lm.log('joined', user.id, { participantId: p.id, role, endpointId: endpoint?.id ?? null });
  lm.media.prepare();
  lm.media.subscribeToAll(p);
  deps.logger.info({ meetingId: lm.id, userId: user.id, participantId: p.id, role }, 'participant joined');
  return p;
}

/**
 * Take a presence back through a new connection (its resume token matched): after a lost connection, a reloaded
 * page or a restart of the server. The media stays when Janus still has the participant's handles; otherwise the
 * client publishes again.
 */
export async function resume(deps: LiveDeps, lm: LiveMeeting, p: Participant, link: ClientLink): Promise<void> {
  const previous = p.link;
  if (previous && previous.id !== link.id) previous.close(4000); // a connection the server had not yet seen die
  clearTimeout(lm.resumeTimers.get(p.id));
  lm.resumeTimers.delete(p.id);
  const wasLost = previous === null;
  const { token, hash } = newResumeToken();
  lm.state.rehash(p, hash);
  p.lostAt = null;
  lm.state.relink(p, link);
  if (lm.state.health.get(p.id)?.state === 'dropped') lm.state.setHealth(p.id, null);
  const keepMedia = deps.media.available && lm.media.hasLiveHandles(p);
  if (!keepMedia) await lm.media.drop(p).catch(() => undefined);
  lm.keep(p);
  lm.changed();
  link.send(joinedFrame(lm, p, token, { resumed: true, keepMedia, mediaAvailable: deps.media.available }));
  if (wasLost) lm.log('resumed', p.user.id, { participantId: p.id, keepMedia });
  if (keepMedia) lm.media.resync(p);
  else lm.media.subscribeToAll(p);
}

/**
 * The connection dropped without leaving (network lost, tab killed, server of the connection gone): the presence
 * waits `resumeGraceMs` to be taken back; technicians see it dropped at once (R3.10).
 */
export function lose(deps: LiveDeps, lm: LiveMeeting, p: Participant, lostAt = new Date()): void {
  if (p.left) return;
  lm.state.relink(p, null);
  p.lostAt = lostAt;
  lm.state.setHealth(p.id, { participantId: p.id, state: 'dropped', sendKbps: 0, receiveKbps: 0, lossPercent: 100, jitterMs: 0, rttMs: null, at: lostAt.toISOString() });
  lm.changed();
  waitForReturn(deps, lm, p, deps.resumeGraceMs);
}

/** Give a lost presence `graceMs` to come back; then it has left, as of when its connection was lost. */
export function waitForReturn(deps: LiveDeps, lm: LiveMeeting, p: Participant, graceMs: number): void {
  clearTimeout(lm.resumeTimers.get(p.id));
  lm.resumeTimers.set(
    p.id,
    setTimeout(() => {
      lm.resumeTimers.delete(p.id);
      if (p.left || p.link) return;
      const at = p.lostAt ?? new Date();
      // A lost connection is no leave: what the log says of consent is only what the chair gave, whatever the role.
      void remove(deps, lm, p, 'left', { early: at.getTime() < lm.meeting.endsAt.getTime(), consent: p.leaveConsented, dropped: true }, at).catch((err: Error) =>
        deps.logger.warn({ err: err.message, participantId: p.id }, 'ending a lost presence failed'),
      );
    }, graceMs),
  );
}

/** The presence ends: roster, floor, presentation and media let go of it, and the meeting log says how. */
export async function remove(deps: LiveDeps, lm: LiveMeeting, p: Participant, reason: LeaveReason, data: Record<string, unknown> = {}, at = new Date()): Promise<void> {
  if (p.left) return;
  p.left = true;
  clearTimeout(lm.resumeTimers.get(p.id));
  lm.resumeTimers.delete(p.id);
  const { state } = lm;
  const theirs = state.floor.requests.filter((r) => r.participantId === p.id || r.enteredBy === p.id);
  const ended = state.floor.dropParticipant(p.id);
  if (theirs.length) state.queueChanged(...theirs);
  state.delete(p);
  if (ended) {
    lm.clearFloorTimers();
    state.floorChanged();
    lm.log('floor_ended', p.user.id, { grantId: ended.id, participantId: p.id, speaker: ended.speaker, how: ended.how, spokeMs: ended.spokeMs }, at);
  }
  lm.forget(p);
  lm.changed();
  const type: MeetingEventType = reason === 'replaced' ? 'replaced' : reason === 'removed' ? 'removed' : 'left';
  lm.log(type, p.user.id, { participantId: p.id, reason, ...data }, at);
  await lm.media.drop(p).catch((err: Error) => deps.logger.debug({ err: err.message }, 'dropping media failed'));
  deps.logger.info({ meetingId: lm.id, participantId: p.id, reason }, 'participant left');
}

/** Close a presence from the server's side: told why, then the connection closes. */
export async function dismiss(deps: LiveDeps, lm: LiveMeeting, p: Participant, reason: LeaveReason, message?: string, data: Record<string, unknown> = {}): Promise<void> {
  const link = p.link;
  link?.send(serialise({ type: 'closed', reason, ...(message ? { message } : {}) }));
  await remove(deps, lm, p, reason, data);
  link?.close();
}
