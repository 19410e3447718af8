/**
 * Who reads and keeps the equipment records (R5.3). Pure.
 * - The asset register and the maintenance log of an endpoint: kept by the operator, the unit office (organisers
 *   of the endpoint's unit or a unit above it, who manage its endpoints) and its technicians (of its unit, or
 *   assigned to it: D14.1 they look after the equipment); read by those and by the people of the endpoint's unit.
 * - The checklist before and after a meeting: filled only by a technician of the endpoint's unit (or assigned to
 *   it) and by the operator (M10.3, D15, D16); read by those who may read the endpoint's records.
 * - The yearly evaluation (D13.4, D22.2): the operator for any unit or all of them; an organiser for their units.
 */
import type { Actor } from '../organisation/organisation.policy';
import type { UnitTree } from '../organisation/unit-tree';

export interface EndpointRelation {
  unitId: string;
  /** The actor is currently assigned to this endpoint as a technician. */
  assigned: boolean;
}

const technicianOf = (actor: Actor, ep: EndpointRelation) => actor.role === 'technician' && (actor.unitId === ep.unitId || ep.assigned);
const officeOf = (actor: Actor, ep: EndpointRelation, tree: UnitTree) => actor.role === 'organiser' && tree.contains(actor.unitId, ep.unitId);

export const equipmentPolicy = {
  /** Guests and rooms' own accounts see no register. */
  seeAny: (actor: Actor) => actor.role !== 'guest' && actor.role !== 'endpoint',
  read: (actor: Actor, ep: EndpointRelation, tree: UnitTree) =>
    actor.role === 'operator' || officeOf(actor, ep, tree) || technicianOf(actor, ep) || (equipmentPolicy.seeAny(actor) && actor.unitId === ep.unitId),
  edit: (actor: Actor, ep: EndpointRelation, tree: UnitTree) => actor.role === 'operator' || officeOf(actor, ep, tree) || technicianOf(actor, ep),
  fillChecklist: (actor: Actor, ep: EndpointRelation) => actor.role === 'operator' || technicianOf(actor, ep),
  /** The evaluation of a unit (null: all units, the operator only). */
  evaluate: (actor: Actor, unitId: string | null, tree: UnitTree) =>
    actor.role === 'operator' || (actor.role === 'organiser' && unitId !== null && tree.contains(actor.unitId, unitId)),
};
