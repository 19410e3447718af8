/** The chair's controls (R3.3, R3.7, R3.8, R3.13): microphones, sending someone out, lock, layout, recording, end. */
import { AppError } from '../../errors';
import { mute } from '../floor-control';
import { endMeeting } from '../meeting-end';
import { dismiss } from '../presence';
import { setRecording } from '../recording';
import type { Commands } from './command';

export const chairCommands: Commands<'mute' | 'mute_all' | 'remove' | 'lock' | 'set_layout' | 'set_recording' | 'end_meeting'> = {
  mute: {
    right: 'moderate',
    serial: true,
    run({ deps, lm, p }, message) {
      return mute(deps, lm, lm.target(message.participantId), p);
    },
  },
  mute_all: {
    right: 'moderate',
    serial: true,
    async run({ deps, lm, p }) {
      for (const q of [...lm.state.participants.values()]) if (q.role !== 'chair' && q.audible) await mute(deps, lm, q, p);
    },
  },
  /** Sent out (R3.2): they come back only through the lobby. */
  remove: {
    right: 'moderate',
    async run({ deps, lm, p }, message) {
      const subject = lm.target(message.participantId);
      if (subject.role === 'chair') throw new AppError('meeting_role_forbidden');
      lm.state.removedUserIds.add(subject.user.id);
      lm.changed();
      await dismiss(deps, lm, subject, 'removed', message.reason || undefined, { by: p.user.id, reason: message.reason });
      await deps.audit.record({ actorId: p.user.id, action: 'meeting.participant_removed', targetType: 'meeting', targetId: lm.id, data: { userId: subject.user.id, reason: message.reason } });
    },
  },
  lock: {
    right: 'moderate',
    run({ lm, p }, message) {
      if (lm.state.locked === message.locked) return;
      lm.state.setLocked(message.locked);
      lm.changed();
      lm.logBy(message.locked ? 'locked' : 'unlocked', p);
      lm.send('all', { type: 'notice', id: message.locked ? 'meeting_locked' : 'meeting_unlocked' });
    },
  },
  set_layout: {
    right: 'layout',
    run({ lm, p }, message) {
      if (message.pinned) lm.target(message.pinned);
      lm.state.setLayout({ mode: message.mode, pinned: message.pinned });
      lm.changed();
      lm.logBy('layout_changed', p, { mode: message.mode, pinned: message.pinned });
    },
  },
  set_recording: {
    right: 'record',
    run({ deps, lm, p }, message) {
      return setRecording(deps, lm, p, message.recording);
    },
  },
  end_meeting: {
    async run(ctx, message) {
      await endMeeting(ctx.deps, ctx.repo, ctx.lm, ctx.p, { conclusions: message.conclusions, noConclusions: message.noConclusions }, message.outcome);
      ctx.ended();
    },
  },
};
