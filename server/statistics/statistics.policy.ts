/** Who sees which units' statistics (issue 17 point 2, M13.5). Pure. */
import type { Actor } from '../organisation/organisation.policy';

export const statisticsPolicy = {
  /**
   * The operator sees every unit; a unit's office (an organiser) its unit and the units under it; nobody else sees
   * statistics (a delegate, a technician, a secretary, a guest, a room's account).
   */
  scope: (actor: Actor): { all: true } | { root: string } | null =>
    actor.role === 'operator' ? { all: true } : actor.role === 'organiser' ? { root: actor.unitId } : null,
};
