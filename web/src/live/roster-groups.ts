/**
 * The roster grouped by unit, in the order a Vietnamese meeting reads it (VIETNAMESE-CONVENTIONS.md): the chair's
 * unit first with the chair at its head, then the other units in Vietnamese collation, those without a unit last;
 * within a unit by title of office (heads before their deputies, leaders before staff), then by given name.
 * Pure, and cheap at a thousand participants: the keys of a participant are computed once per roster line object
 * (the live view keeps the objects of those who did not change).
 */
import type { ParticipantView } from '../../../shared/protocol';
import { titleRank } from '../../../shared/people-order';

const collator = new Intl.Collator('vi');

interface PersonKeys {
  rank: number;
  given: string;
  name: string;
  unit: string;
}

const keysCache = new WeakMap<ParticipantView, PersonKeys>();

function keysOf(p: ParticipantView): PersonKeys {
  let keys = keysCache.get(p);
  if (!keys) {
    const name = p.name.trim();
    keys = { rank: titleRank(p.title), given: name.split(/\s+/).pop() ?? '', name, unit: p.unit.trim() };
    keysCache.set(p, keys);
  }
  return keys;
}

/**
 * Within a unit: the chair, then `compareTitleAndName` of shared/people-order.ts (title of office, given name, whole
 * name) on keys computed once per line object — a thousand-line roster is sorted on every change.
 */
export function compareInUnit(a: ParticipantView, b: ParticipantView): number {
  if (a.isChair !== b.isChair) return a.isChair ? -1 : 1;
  const x = keysOf(a);
  const y = keysOf(b);
  return x.rank - y.rank || collator.compare(x.given, y.given) || collator.compare(x.name, y.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export interface UnitGroup {
  /** The unit's name as shown (trimmed); '' for those without a unit. */
  unit: string;
  people: ParticipantView[];
}

/** The roster by unit: the chair's unit first, then by name in Vietnamese collation, no unit last. */
export function groupByUnit(roster: readonly ParticipantView[]): UnitGroup[] {
  const byUnit = new Map<string, ParticipantView[]>();
  let chairUnit: string | null = null;
  for (const p of roster) {
    const unit = keysOf(p).unit;
    if (p.isChair && chairUnit === null) chairUnit = unit;
    const list = byUnit.get(unit);
    if (list) list.push(p);
    else byUnit.set(unit, [p]);
  }
  const groups = [...byUnit].map(([unit, people]) => ({ unit, people: people.sort(compareInUnit) }));
  const place = (g: UnitGroup) => (g.unit === chairUnit ? 0 : g.unit === '' ? 2 : 1);
  return groups.sort((a, b) => place(a) - place(b) || collator.compare(a.unit, b.unit));
}

/** Everyone in the order of the grouped roster (the frames follow it too). */
export function orderRoster(roster: readonly ParticipantView[]): ParticipantView[] {
  return groupByUnit(roster).flatMap((g) => g.people);
}
