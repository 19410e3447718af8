/**
 * Who may run a meeting's technical check, and for which side; who may see the readiness board (R2.6, D15.1, D16.1).
 */
import { AppError } from '../errors';
import { meetingPolicy } from '../meetings/meeting.policy';
import type { Actor } from '../organisation/organisation.policy';
import type { ReadinessMeetingRow } from './readiness.repository';

export interface EndpointRef {
  id: string;
  name: string;
  unit: string;
}

/** How the actor stands towards the meeting's check: the endpoints they operate, the room they are, the chair's side. */
export interface CheckerRelation {
  operated: EndpointRef[];
  account: EndpointRef | null;
}

export const readinessPolicy = {
  /**
   * The side a check is for: an invited endpoint (its current technician, or its own room account) or the chair's
   * side (`null`, its technician). `forbidden` for anyone else or another endpoint; several endpoints need a choice.
   */
  sideOf(actor: Actor, meeting: ReadinessMeetingRow, rel: CheckerRelation, endpointId: string | undefined): EndpointRef | null {
    if (endpointId !== undefined) {
      const chosen = rel.operated.find((e) => e.id === endpointId) ?? (rel.account?.id === endpointId ? rel.account : undefined);
      if (!chosen) throw new AppError('forbidden');
      return chosen;
    }
    if (rel.account) return rel.account;
    if (meeting.chairTechnicianId === actor.id) return null;
    if (rel.operated.length === 1) return rel.operated[0]!;
    if (rel.operated.length > 1) throw new AppError('technical_check_endpoint_required', { endpointId: 'required' });
    throw new AppError('forbidden');
  },

  /** The board: those who may manage the meeting, whoever booked it, the chair and the chair's technician. */
  canSeeBoard: (actor: Actor, meeting: ReadinessMeetingRow, inOwnUnits: boolean) =>
    meetingPolicy.canManage(actor, { invited: false, endpoint: null, inOwnUnits }) ||
    meeting.createdBy === actor.id ||
    meeting.chairId === actor.id ||
    meeting.chairTechnicianId === actor.id,
};
