/**
 * The floor applied to Janus (R3.3–R3.5): a grant opens exactly the speaker's microphone in the media server, a
 * timer warns before the end and closes it at the limit; revoking, muting and the speaker leaving close it too.
 * Every change runs inside `LiveMeeting.serially` (the callers see to it) and ends in the meeting log.
 */
import { AppError } from '../errors';
import type { EndedGrant } from './floor';
import { warnAt } from './floor';
import type { LiveDeps } from './live-deps';
import type { LiveMeeting } from './live-meeting';
import type { Participant } from './participant';
import { stopPresenting } from './presenting';

export async function grantFloor(
  deps: LiveDeps,
  lm: LiveMeeting,
  by: Participant,
  input: { requestId?: string; participantId?: string; seconds?: number },
): Promise<void> {
  const { state } = lm;
  const seconds = input.seconds ?? lm.meeting.speakingSeconds;
  let speaker: string | undefined;
  if (!input.requestId) {
    if (!input.participantId) throw new AppError('validation_failed', { participantId: 'requestId or participantId' });
    speaker = lm.target(input.participantId).displayName;
  } else if (!state.floor.requests.some((r) => r.id === input.requestId)) throw new AppError('floor_request_not_found');
  const holderBefore = state.floor.holder;
  const request = state.floor.requests.find((r) => r.id === input.requestId);
  const ownQueued = state.floor.requests.filter((r) => r.participantId === input.participantId && r.enteredBy === input.participantId);
  const { grant, ended } = state.floor.give({ requestId: input.requestId, participantId: input.participantId, speaker, seconds, grantedBy: by.id });
  state.queueChanged(...(request ? [request] : ownQueued));
  state.floorChanged([holderBefore?.participantId]);
  lm.changed();
  if (ended) await closeTurn(lm, ended, holderBefore?.participantId === grant.participantId);
  const speakerP = state.participants.get(grant.participantId);
  if (!speakerP) {
    state.floor.finish(grant.id, 'left');
    throw new AppError('participant_not_found');
  }
  await lm.media.setAudible(speakerP, true);
  lm.touch(speakerP);
  scheduleFloorEnd(deps, lm, grant.id, grant.endsAt);
  lm.logBy('floor_granted', by, { grantId: grant.id, participantId: grant.participantId, userId: speakerP.user.id, speaker: grant.speaker, seconds, requestId: grant.requestId });
  lm.send([speakerP], { type: 'notice', id: 'floor_granted_to_you' });
}

/** Timers for the warning and the end of the current turn; replaced whenever the turn changes. */
export function scheduleFloorEnd(deps: LiveDeps, lm: LiveMeeting, grantId: string, endsAt: number): void {
  const holder = lm.state.floor.holder;
  if (holder?.id !== grantId) return; // the turn already ended (e.g. its speaker left): keep no timers for it
  lm.clearFloorTimers();
  const now = Date.now();
  lm.floorTimers.push(
    setTimeout(() => {
      const current = lm.state.floor.holder;
      const speaker = current?.id === grantId ? lm.state.participants.get(current.participantId) : undefined;
      if (speaker) lm.send([speaker], { type: 'notice', id: 'floor_ending_soon' });
    }, Math.max(0, warnAt(holder) - now)),
    setTimeout(() => {
      void lm.serially(() => endFloor(lm, grantId, 'expired')).catch((err: Error) => {
        if (!(err instanceof AppError)) deps.logger.warn({ err: err.message }, 'ending the floor failed');
      });
    }, Math.max(0, endsAt - now)),
  );
}

export async function endFloor(lm: LiveMeeting, grantId: string, how: 'expired' | 'revoked', by?: Participant): Promise<void> {
  const ended = lm.state.floor.finish(grantId, how);
  lm.clearFloorTimers();
  lm.state.floorChanged([ended.participantId]);
  lm.changed();
  await closeTurn(lm, ended, false, by);
}

/** The turn is over: the speaker's microphone closes in Janus (unless they keep speaking in the next turn). */
export async function closeTurn(lm: LiveMeeting, ended: EndedGrant, sameSpeakerNext: boolean, by?: Participant): Promise<void> {
  const speaker = lm.state.participants.get(ended.participantId);
  lm.log('floor_ended', speaker?.user.id ?? null, {
    grantId: ended.id,
    participantId: ended.participantId,
    speaker: ended.speaker,
    how: ended.how,
    spokeMs: ended.spokeMs,
    by: by?.user.id ?? null,
  });
  if (speaker) lm.send([speaker], { type: 'notice', id: 'floor_ended' });
  if (speaker && speaker.role !== 'chair' && !sameSpeakerNext) {
    await lm.media.setAudible(speaker, false);
    lm.touch(speaker);
  }
  // A screen shared by right of the floor stops with the turn, whatever the client does (R3.11).
  if (speaker && !sameSpeakerNext && !lm.state.mayPresent(speaker)) await stopPresenting(lm, speaker);
}

/** Close a participant's microphone in Janus; a floor they hold ends (R3.3). */
export async function mute(deps: LiveDeps, lm: LiveMeeting, subject: Participant, by: Participant): Promise<void> {
  const holder = lm.state.floor.holder;
  if (holder?.participantId === subject.id) {
    const ended = lm.state.floor.finish(holder.id, 'revoked');
    lm.clearFloorTimers();
    lm.state.floorChanged([subject.id]);
    lm.changed();
    await closeTurn(lm, ended, false, by);
  }
  await lm.media.setAudible(subject, false);
  lm.touch(subject);
  lm.send([subject], { type: 'notice', id: 'muted_by_chair' });
  lm.logBy('muted', by, { participantId: subject.id, userId: subject.user.id });
  await deps.audit.record({ actorId: by.user.id, action: 'meeting.muted', targetType: 'meeting', targetId: lm.id, data: { userId: subject.user.id } });
}

/** A turn left behind by a restart: its timers run again from the stored end; one that ran out closes now. */
export function resumeFloor(deps: LiveDeps, lm: LiveMeeting): void {
  const holder = lm.state.floor.holder;
  if (holder) scheduleFloorEnd(deps, lm, holder.id, holder.endsAt);
}
