/** Who raises, sees and handles incidents (R3.10, R5.4). Pure. */
import type { Actor } from '../organisation/organisation.policy';
import type { IncidentScope } from './incident.repository';

export const incidentPolicy = {
  /** The register is for the operator, the units' offices (organisers) and technicians. */
  use: (actor: Actor) => actor.role === 'operator' || actor.role === 'organiser' || actor.role === 'technician',
  /** An incident of another unit than one's own: the operator only. */
  raiseFor: (actor: Actor, unitId: string) => actor.role === 'operator' || unitId === actor.unitId,
  /**
   * Whose incidents one sees (and may update or resolve): the operator all; an organiser their unit and those under
   * it; a technician their unit's and those of the endpoints they operate.
   */
  scope: (actor: Actor): IncidentScope =>
    actor.role === 'operator' ? { all: true } : actor.role === 'organiser' ? { unitRoot: actor.unitId } : { unitId: actor.unitId, technicianId: actor.id },
};
