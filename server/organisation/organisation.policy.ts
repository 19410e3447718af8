/**
 * Who may manage what in the organisation (R1.1, R1.2). Every check runs on the server; refusals are
 * `forbidden` with nothing changed. An organiser acts for their own unit and every unit under it.
 */
import { organiserGrantableRoles, type Role } from '../../shared/api';
import type { UserRow } from './user.repository';
import type { UnitTree } from './unit-tree';

/** The signed-in person: their row plus their unit's name. */
export type Actor = UserRow & { unitName: string };

export const organisationPolicy = {
  manageUnits: (actor: Actor) => actor.role === 'operator',
  /** The organisation's own words (approving office, deciding authority). */
  manageSettings: (actor: Actor) => actor.role === 'operator',
  /** Create or change accounts of people in `unitId`. */
  managePeopleIn: (actor: Actor, unitId: string, tree: UnitTree) =>
    actor.role === 'operator' || (actor.role === 'organiser' && tree.contains(actor.unitId, unitId)),
  grantRole: (actor: Actor, role: Role) => actor.role === 'operator' || (actor.role === 'organiser' && organiserGrantableRoles.includes(role)),
  /** See the list of people (directory): staff roles see their subtree, the operator all. */
  seePeopleIn: (actor: Actor, unitId: string, tree: UnitTree) =>
    actor.role === 'operator' || (['organiser', 'secretary', 'technician'].includes(actor.role) && tree.contains(actor.unitId, unitId)),
  /** The organisation-wide directory (name, title, unit) for choosing a meeting's people: those who book meetings. */
  seeDirectory: (actor: Actor) => actor.role === 'operator' || actor.role === 'organiser',
  manageEndpointsIn: (actor: Actor, unitId: string, tree: UnitTree) =>
    actor.role === 'operator' || (actor.role === 'organiser' && tree.contains(actor.unitId, unitId)),
  readAudit: (actor: Actor) => actor.role === 'operator',
};
