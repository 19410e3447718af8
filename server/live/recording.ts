/**
 * Recording a meeting (R3.6): only with the chair's consent (M6.3), shown to everyone while it runs; each stop —
 * by the chair, by the meeting's end, or by a lost Janus — hands Janus's files to the converter.
 */
import path from 'node:path';
import { AppError } from '../errors';
import type { LiveDeps } from './live-deps';
import type { LiveMeeting } from './live-meeting';
import type { Participant } from './participant';

export async function setRecording(deps: LiveDeps, lm: LiveMeeting, by: Participant, on: boolean): Promise<void> {
  if (lm.state.recording === on) return;
  await lm.media.setRecording(on).catch((err: Error) => {
    deps.logger.error({ err: err.message, meetingId: lm.id }, 'recording could not be switched');
    throw new AppError('recording_unavailable');
  });
  lm.changed();
  lm.logBy(on ? 'recording_started' : 'recording_stopped', by);
  await deps.audit.record({ actorId: by.user.id, action: on ? 'meeting.recording_started' : 'meeting.recording_stopped', targetType: 'meeting', targetId: lm.id });
  lm.send('all', { type: 'notice', id: on ? 'recording_started' : 'recording_stopped' });
  if (!on) recordingStopped(deps, lm);
}

/**
 * Janus was lost while recording: everyone is told the recording stopped, the meeting log says so and why, and
 * what Janus wrote until then is converted like any stopped recording. The chair starts it again if wanted.
 */
export function recordingInterrupted(deps: LiveDeps, lm: LiveMeeting): void {
  lm.send('all', { type: 'notice', id: 'recording_interrupted' });
  recordingStopped(deps, lm);
  lm.log('recording_stopped', null, { cause: 'media_lost' });
}

export function recordingStopped(deps: LiveDeps, lm: LiveMeeting): void {
  if (deps.recordings && deps.recordingsDir) deps.recordings.recordingStopped(lm.id, path.join(deps.recordingsDir, lm.id), new Map(lm.state.feedLabels));
}
