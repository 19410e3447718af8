/** The order of the connection health rows (R3.10): the worst first (dropped, poor, good), then by name. */
import type { HealthView } from '../../../shared/protocol';

const collator = new Intl.Collator('vi');
const rank = (h: HealthView) => (h.state === 'dropped' ? 0 : h.state === 'poor' ? 1 : 2);

/** One collator for every comparison: `localeCompare(…, 'vi')` builds one per call, too slow for a thousand rows. */
export function orderHealth(health: readonly HealthView[], names: ReadonlyMap<string, string>): HealthView[] {
  const name = (h: HealthView) => names.get(h.participantId) ?? '';
  return [...health].sort((a, b) => rank(a) - rank(b) || collator.compare(name(a), name(b)));
}
