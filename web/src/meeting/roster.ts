import type { ParticipantView } from '../../../shared/protocol';
import { comparePeople } from '../format';

/** The chair first, then everyone by given name (Vietnamese collation). */
export function orderRoster(roster: readonly ParticipantView[]): ParticipantView[] {
  return [...roster].sort((a, b) => Number(b.isChair) - Number(a.isChair) || comparePeople(a, b));
}

export function initials(name: string): string {
  const words = name.trim().split(/\s+/);
  const given = words.at(-1) ?? '';
  return (words.length > 1 ? (words[0]?.[0] ?? '') + (given[0] ?? '') : given.slice(0, 2)).toUpperCase();
}
