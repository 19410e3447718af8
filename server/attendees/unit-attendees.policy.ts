/**
 * Who names the attendees of an invited unit (R2.1, R2.5): the unit's own organisers — the head's office, the same
 * who answer the invitation for it (repliesPolicy) — and the operator. An organiser of a unit above is not the
 * unit's office. Those named must belong to the unit or a unit under it. Pure: the service gathers the facts.
 */
import type { Actor } from '../organisation/organisation.policy';

export const unitAttendeesPolicy = {
  mayName: (actor: Pick<Actor, 'role' | 'unitId'>, unitId: string): boolean => actor.role === 'operator' || (actor.role === 'organiser' && actor.unitId === unitId),
  /** Attendees change until the meeting ends; never once cancelled or rejected. */
  isOpen: (meeting: { status: string; approval: string }): boolean => (meeting.status === 'scheduled' || meeting.status === 'open') && meeting.approval !== 'rejected',
};

/** The ids among `chosen` that are not in `allowed` (people or rooms outside the unit's subtree, or unknown). */
export const outside = (chosen: readonly string[], allowed: ReadonlySet<string>): string[] => chosen.filter((id) => !allowed.has(id));
