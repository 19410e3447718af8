/** A participant's own presence: the people in a room (R3.2), leaving and asking the chair's consent to leave (R3.7). */
import { AppError } from '../../errors';
import { permissionsOf } from '../meeting-roles';
import { remove } from '../presence';
import type { Commands } from './command';

export const presenceCommands: Commands<'set_attendees' | 'leave' | 'request_leave' | 'consent_leave'> = {
  set_attendees: {
    run({ lm, p }, message) {
      p.attendees = message.attendees;
      lm.touch(p);
      lm.logBy('attendees_named', p, { attendees: message.attendees });
    },
  },
  /** The Leave button: free for some roles; early and without consent it is still allowed, and recorded. */
  leave: {
    async run({ deps, lm, p }) {
      const early = Date.now() < lm.meeting.endsAt.getTime();
      const consent = permissionsOf(p.role).leaveFreely || p.leaveConsented;
      await remove(deps, lm, p, 'left', { early, consent });
    },
  },
  request_leave: {
    run({ lm, p }, message) {
      p.leaveRequested = message.reason;
      lm.touch(p);
      lm.logBy('leave_requested', p, { reason: message.reason });
      const chair = lm.state.participantOf(lm.meeting.chairId);
      if (chair) lm.send([chair], { type: 'notice', id: 'leave_requested', detail: p.displayName });
    },
  },
  consent_leave: {
    run({ lm, p }, message) {
      if (p.role !== 'chair') throw new AppError('chair_only');
      const subject = lm.target(message.participantId);
      if (subject.leaveRequested === null) throw new AppError('leave_request_not_found');
      subject.leaveRequested = null;
      subject.leaveConsented = message.consent;
      lm.touch(subject);
      lm.logBy(message.consent ? 'leave_consented' : 'leave_refused', p, { participantId: subject.id, userId: subject.user.id });
      lm.send([subject], { type: 'notice', id: message.consent ? 'leave_consented' : 'leave_refused' });
    },
  },
};
