/**
 * The chair ends the meeting for everyone (R3.13), after giving the conclusions (R3.5): status, the conclusions, the
 * `ended` event and the audit entries in one transaction (MeetingService.markEnded); then the turn in progress closes, everyone is told and disconnected, the Janus room is
 * destroyed and nothing of the meeting stays live in the database.
 */
import type { ConclusionInput, MeetingOutcomeInput } from '../../shared/api';
import { writeOutcome } from '../reports/outcome';
import { AppError } from '../errors';
import type { LiveDeps } from './live-deps';
import type { LiveMeeting } from './live-meeting';
import type { LiveRepository } from './live.repository';
import type { Participant } from './participant';
import { serialise } from './client-link';
import { recordingStopped } from './recording';

export async function endMeeting(deps: LiveDeps, repo: LiveRepository, lm: LiveMeeting, by: Participant, conclusions: { conclusions: ConclusionInput[]; noConclusions: boolean }, outcome?: MeetingOutcomeInput): Promise<void> {
  if (!(await deps.meetings.mayEnd(by.user, lm.meeting))) throw new AppError('chair_only');
  // R3.5: the conclusions (or the confirmation that there are none) before anything ends
  if (conclusions.conclusions.length === 0 && !conclusions.noConclusions) throw new AppError('meeting_conclusions_required');
  await lm.flushNow(); // what happened before the end is logged before it
  if (!(await deps.meetings.markEnded(by.user, lm.id, async (tx) => {
    const data = await deps.conclusions.recordAtEnd(tx, lm.id, by.user.id, conclusions);
    if (!outcome) return data;
    await writeOutcome(tx, lm.id, by.user.id, outcome); // R5.2: the chair's judgment
    return { ...data, outcome: outcome.met ? 'met' : 'fell_short', outcomeCause: outcome.met ? null : outcome.cause };
  }))) throw new AppError('meeting_ended');
  const { state } = lm;
  const holder = state.floor.holder;
  if (holder) {
    const ended = state.floor.finish(holder.id, 'revoked');
    lm.log('floor_ended', state.participants.get(ended.participantId)?.user.id ?? null, { grantId: ended.id, participantId: ended.participantId, speaker: ended.speaker, how: 'meeting_ended', spokeMs: ended.spokeMs });
  }
  const closed = Buffer.from(serialise({ type: 'closed', reason: 'meeting_ended' }));
  for (const p of state.participants.values()) {
    p.left = true;
    p.link?.send(closed);
    p.link?.close();
    lm.log('left', p.user.id, { participantId: p.id, reason: 'meeting_ended', early: false, consent: true });
  }
  for (const entry of state.lobby.values()) {
    entry.link.send(closed);
    entry.link.close();
  }
  await lm.flushNow();
  lm.dispose();
  await repo.forget(lm.id);
  const wasRecording = state.recording;
  await lm.media.close();
  if (wasRecording) recordingStopped(deps, lm);
  for (const p of state.participants.values()) p.resetMedia();
  deps.logger.info({ meetingId: lm.id, by: by.user.id }, 'meeting ended');
}
