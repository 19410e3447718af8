/**
 * Who judges meetings, reads figures and writes the quarterly report (R5.1, R5.2; M13.5). Pure.
 * A unit's office is its organisers (they act for their unit); the operator sees every unit and consolidates.
 */
import type { Actor } from '../organisation/organisation.policy';
import type { UnitTree } from '../organisation/unit-tree';

export const reportsPolicy = {
  /** Figures of these units: the operator any; an organiser their unit and the units under it. */
  readFigures: (actor: Actor, unitIds: string[] | undefined, tree: UnitTree) =>
    actor.role === 'operator' || (actor.role === 'organiser' && unitIds !== undefined && unitIds.every((u) => tree.contains(actor.unitId, u))),
  /** Draft, edit, send for signing and submit the unit's own report: its organisers. */
  writeReport: (actor: Actor, unitId: string) => actor.role === 'organiser' && actor.unitId === unitId,
  /** Read a unit's report: its organisers and the operator. */
  readReport: (actor: Actor, unitId: string) => actor.role === 'operator' || (actor.role === 'organiser' && actor.unitId === unitId),
  /** Who has submitted, the consolidated report of the ministry. */
  consolidate: (actor: Actor) => actor.role === 'operator',
};
