/**
 * Who may do what with endpoints (R1.4). Managing (details, technicians, the room's account) follows the
 * organisation's rule: operators everywhere, organisers in their unit subtree. A technician may change the status
 * of the endpoints they are currently assigned to (D14.2: they report faults). Guests, outsiders limited to one
 * meeting, do not see the registry (network addresses, technicians' phones).
 */
import { organisationPolicy, type Actor } from '../organisation/organisation.policy';
import type { UnitTree } from '../organisation/unit-tree';

export const endpointPolicy = {
  see: (actor: Actor) => actor.role !== 'guest',
  manage: (actor: Actor, unitId: string, tree: UnitTree) => organisationPolicy.manageEndpointsIn(actor, unitId, tree),
  /** Whether the actor manages endpoints anywhere (the technician picker, the create form). */
  manageAny: (actor: Actor) => actor.role === 'operator' || actor.role === 'organiser',
  changeStatus: (actor: Actor, unitId: string, tree: UnitTree, currentTechnicianIds: readonly string[]) =>
    organisationPolicy.manageEndpointsIn(actor, unitId, tree) || (actor.role === 'technician' && currentTechnicianIds.includes(actor.id)),
};
