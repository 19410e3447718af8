/** Who may do what with a meeting. Every check runs on the server. */
import type { UserRow } from '../organisation/user.repository';
import type { MeetingRow } from './meeting.repository';

export const meetingPolicy = {
  canCreate: (actor: UserRow) => actor.role === 'operator',
  /** The operator sees every meeting; others the ones they chair or are invited to. */
  canSee: (actor: UserRow, meeting: MeetingRow, invited: boolean) => actor.role === 'operator' || meeting.chairId === actor.id || invited,
  /** Only the chair and invitees enter; the operator is not a participant unless invited. */
  canEnter: (actor: UserRow, meeting: MeetingRow, invited: boolean) => meeting.chairId === actor.id || invited,
  canEnd: (actor: UserRow, meeting: MeetingRow) => meeting.chairId === actor.id || actor.role === 'operator',
};
