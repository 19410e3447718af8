/** Who sends, sees and answers feedback (R5.5). Pure. */
import type { Actor } from '../organisation/organisation.policy';

export const feedbackPolicy = {
  /** Everyone with an account in a unit, not a guest nor a room's own account. */
  send: (actor: Actor) => actor.role !== 'guest' && actor.role !== 'endpoint',
  answer: (actor: Actor) => actor.role === 'operator',
  /** The scope of the list: everything, a unit's subtree, or one's own. */
  scope: (actor: Actor): 'all' | 'units' | 'own' => (actor.role === 'operator' ? 'all' : actor.role === 'organiser' ? 'units' : 'own'),
};
