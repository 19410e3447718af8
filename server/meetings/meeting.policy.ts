/** Who may do what with a meeting (R1.1, R1.2, R3.1). Every check runs on the server. */
import type { Actor } from '../organisation/organisation.policy';
import type { MeetingRow } from './meeting.repository';

/** How the actor stands towards one meeting, computed once per request. */
export interface MeetingRelation {
  /**
   * Invited as a person: by the meeting's organiser, named by an invited unit to attend for it, or a member of an
   * invited unit whose members are admitted (R2.1).
   */
  invited: boolean;
  /**
   * The actor answers for an invited unit: an organiser whose own unit is invited (the head's office, R2.5). They
   * see the meeting and its documents, name its attendees, and find it in their unit's schedule.
   */
  unitHead?: boolean;
  /** The actor is the account of an endpoint invited to the meeting. */
  endpoint: { id: string; name: string; unitName: string } | null;
  /** The meeting's host unit is the actor's unit or under it. */
  inOwnUnits: boolean;
}

const isChair = (actor: Actor, m: MeetingRow) => m.chairId === actor.id;
const isGuestOf = (actor: Actor, m: MeetingRow) => actor.role === 'guest' && actor.guestMeetingId === m.id;
const organises = (actor: Actor, rel: MeetingRelation) => actor.role === 'organiser' && rel.inOwnUnits;

export const meetingPolicy = {
  /**
   * An emergency booking (D19.2: decided by the chairman; D19.1: the office arranges it and tells everyone) skips the
   * 2-day lead time and the invitation notice: the office's operators declare it.
   */
  canDeclareEmergency: (actor: Actor) => actor.role === 'operator',
  /** Operators for any unit; organisers for their unit and the units under it. */
  canCreateFor: (actor: Actor, hostUnitInOwnUnits: boolean) => actor.role === 'operator' || (actor.role === 'organiser' && hostUnitInOwnUnits),
  /** Anyone of the organisation who has the link may see the meeting's page and knock (the lobby, R3.1); a guest only theirs. */
  canSee: (actor: Actor, m: MeetingRow) => actor.role !== 'guest' || isGuestOf(actor, m),
  /** See the meeting in one's list: operators all, staff their units', others those they are part of. */
  canList: (actor: Actor, m: MeetingRow, rel: MeetingRelation) =>
    actor.role === 'operator' ||
    ((actor.role === 'organiser' || actor.role === 'secretary') && rel.inOwnUnits) ||
    isChair(actor, m) ||
    rel.invited ||
    rel.unitHead === true ||
    rel.endpoint !== null ||
    isGuestOf(actor, m),
  /**
   * Only invited people (those a unit named for it and its admitted members included), invited endpoints' accounts,
   * the meeting's guests and the chair enter directly (R3.1). A unit's head who did not name themself knocks.
   */
  canEnter: (actor: Actor, m: MeetingRow, rel: MeetingRelation) =>
    actor.role !== 'guest' ? isChair(actor, m) || rel.invited || rel.endpoint !== null : isGuestOf(actor, m),
  canEnd: (actor: Actor, m: MeetingRow, rel: MeetingRelation) => isChair(actor, m) || actor.role === 'operator' || organises(actor, rel),
  /** Open the room before its system-check time, with a reason in the audit trail: the office only (D19.1). */
  canOpenEarly: (actor: Actor) => actor.role === 'operator',
  /** Approve or reject bookings: the provincial office, whose staff are the operators (D21.1). */
  canApprove: (actor: Actor) => actor.role === 'operator',
  /** Revoke the link and password, see who entered (R6.4); edit and cancel the meeting before it starts. */
  canManage: (actor: Actor, rel: MeetingRelation) => actor.role === 'operator' || organises(actor, rel),
  /** Attendance, recordings and reports of the meeting. */
  canSeeRecords: (actor: Actor, m: MeetingRow, rel: MeetingRelation) =>
    actor.role === 'operator' || ((actor.role === 'organiser' || actor.role === 'secretary') && rel.inOwnUnits) || isChair(actor, m),
};
