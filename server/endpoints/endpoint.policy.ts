/**
 * Who may do what with endpoints (R1.4). Managing (details, technicians, the room's account) follows the
 * organisation's rule: operators everywhere, organisers in their unit subtree. A technician may change the status
 * of the endpoints they are currently assigned to (D14.2: they report faults). Guests, outsiders limited to one
 * meeting, do not see the registry (network addresses, technicians' phones).
 */
import { organisationPolicy, type Actor } from '../organisation/organisation.policy';
import type { UnitTree } from '../organisation/unit-tree';

/** How the actor stands towards an endpoint, for seeing its technicians' phones and e-mails. */
export interface EndpointContactRelation {
  /** The technicians currently assigned to it. */
  currentTechnicianIds: readonly string[];
  /** It is invited to a meeting (not ended or cancelled) that the actor chairs, is the chair's technician of, or organises. */
  inMeetingRunByActor: boolean;
}

export const endpointPolicy = {
  see: (actor: Actor) => actor.role !== 'guest',
  /**
   * Technicians' phones and e-mails (personal data) go only to those who need to call them: the operator, people of
   * the endpoint's own unit and those who manage it, its technicians, and the organiser, chair and chair's
   * technician of a meeting it is invited to. Everyone else sees who the technician is, not how to reach them.
   */
  seeContacts: (actor: Actor, unitId: string, tree: UnitTree, rel: EndpointContactRelation) =>
    actor.role === 'operator' ||
    actor.unitId === unitId ||
    organisationPolicy.manageEndpointsIn(actor, unitId, tree) ||
    rel.currentTechnicianIds.includes(actor.id) ||
    rel.inMeetingRunByActor,
  manage: (actor: Actor, unitId: string, tree: UnitTree) => organisationPolicy.manageEndpointsIn(actor, unitId, tree),
  /** Whether the actor manages endpoints anywhere (the technician picker, the create form). */
  manageAny: (actor: Actor) => actor.role === 'operator' || actor.role === 'organiser',
  changeStatus: (actor: Actor, unitId: string, tree: UnitTree, currentTechnicianIds: readonly string[]) =>
    organisationPolicy.manageEndpointsIn(actor, unitId, tree) || (actor.role === 'technician' && currentTechnicianIds.includes(actor.id)),
};
