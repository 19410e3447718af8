/**
 * Taking up a meeting that a previous run of this instance — or another instance whose lease ran out — left
 * behind (R7.2): its floor with the time that was left, the queue in order, layout, lock, recording and presenters,
 * and every participant, each waiting to take their presence back. The meeting log records one service
 * interruption, not people leaving. When this instance's Janus still holds the meeting's room (the server was
 * restarted, Janus was not), the room and every participant's handles are taken over and no media renegotiates;
 * otherwise a new room is opened and the clients publish again.
 */
import type { UserRepository } from '../organisation/user.repository';
import { resumeFloor } from './floor-control';
import type { LiveDeps } from './live-deps';
import type { LiveMeeting } from './live-meeting';
import type { Lease, LiveRepository } from './live.repository';
import type { MeetingMediaRecord } from './meeting-media';
import type { MeetingStateRecord } from './meeting-state';
import { Participant, type ParticipantRecord } from './participant';
import { waitForReturn } from './presence';

export async function takeOver(deps: LiveDeps, repo: LiveRepository, users: UserRepository, lm: LiveMeeting, lease: Lease): Promise<void> {
  const record = lease.state as unknown as MeetingStateRecord;
  lm.state.restore(record);
  const rows = await repo.participants(lm.id);
  const people = new Map((await users.findByIds(rows.map((r) => r.userId))).map((u) => [u.id, u]));
  const since = lease.updatedAt ?? new Date();
  const participants: Participant[] = [];
  for (const row of rows) {
    const kept = row.record as unknown as ParticipantRecord;
    const user = people.get(row.userId);
    if (!user || user.disabledAt) continue;
    const p = new Participant(user, kept.sessionId, kept.role, kept.endpoint, lm.meeting.chairId, { id: kept.id, joinedAt: new Date(kept.joinedAt), resumeHash: kept.resumeHash });
    p.attendees = kept.attendees;
    p.audio = kept.audio;
    p.video = kept.video;
    p.audible = kept.audible;
    p.leaveRequested = kept.leaveRequested;
    p.leaveConsented = kept.leaveConsented;
    p.lostAt = since;
    lm.state.add(p);
    participants.push(p);
  }
  const media = lease.media as unknown as MeetingMediaRecord | null;
  const adopted = media ? await lm.media.adopt(media, participants.map((p) => [p, (rows.find((r) => r.id === p.id)!.record as unknown as ParticipantRecord).media])) : false;
  if (!adopted) lm.state.setRecording(false);
  lm.log('service_interrupted', null, { since: since.toISOString(), previousOwner: lease.previousOwner, mediaKept: adopted, participants: participants.length });
  resumeFloor(deps, lm);
  for (const p of participants) {
    lm.state.setHealth(p.id, { participantId: p.id, state: 'dropped', sendKbps: 0, receiveKbps: 0, lossPercent: 100, jitterMs: 0, rttMs: null, at: since.toISOString() });
    waitForReturn(deps, lm, p, deps.resumeGraceMs);
  }
  deps.logger.info({ meetingId: lm.id, participants: participants.length, mediaKept: adopted, previousOwner: lease.previousOwner }, 'meeting taken up after an interruption');
}

