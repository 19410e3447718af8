/** Who watches the console (R3.10, M9.2). Pure. */
import type { Actor } from '../organisation/organisation.policy';

export const consolePolicy = {
  /** The operator (the office that runs the system) watches connections and acknowledges alarms. */
  watch: (actor: Actor) => actor.role === 'operator',
};
