/**
 * Finding someone in a roster of a thousand (pure): search by name, title, unit, endpoint or the people present in
 * a room, without diacritics or case (`nguyen van` finds `Nguyễn Văn An`, `so tai chinh` finds `Sở Tài chính`);
 * the filters a chair needs (asking for the floor, audible, connection lost, identity incomplete, asking to leave);
 * and the rows the roster list shows: unit headers with their counts, then the lines of the unit unless collapsed.
 */
import type { ParticipantView, SpeakingRequestView } from '../../../shared/protocol';
import { foldText } from '../../../shared/people-order';
import type { UnitGroup } from './roster-groups';

/** The words of a query, folded. */
export function queryWords(query: string): string[] {
  return foldText(query).split(/[^a-z0-9]+/).filter(Boolean);
}

/**
 * What a search looks through, folded: each text's words after a space, the texts apart (` nguyen van an | so tai
 * chinh`), so that a phrase is found within one text and a word at the beginning of any word.
 */
export function searchable(...texts: (string | null | undefined)[]): string {
  return texts
    .map((text) => (text ? foldText(text).split(/[^a-z0-9]+/).filter(Boolean).join(' ') : ''))
    .filter(Boolean)
    .map((words) => ` ${words}`)
    .join(' |');
}

/** Every word of the query begins a word of the text, in any order. An empty query matches everything. */
export function matchesWords(text: string, words: readonly string[]): boolean {
  return words.every((word) => text.includes(` ${word}`));
}

/** The query's words follow each other in one of the texts (the last may be the beginning of a word). */
export function matchesPhrase(text: string, words: readonly string[]): boolean {
  return text.includes(` ${words.join(' ')}`);
}

/**
 * How a query matches among `texts`: as a phrase when some text has it (`nguyen van` → `Nguyễn Văn …`, not
 * `Nguyễn Thị Vân` nor a Nguyễn of `Văn phòng`), otherwise its words in any order (`an nguyen` → `Nguyễn Văn An`).
 */
export function matcherFor(words: readonly string[], texts: Iterable<string>): (text: string) => boolean {
  if (words.length === 0) return () => true;
  if (words.length > 1) {
    for (const text of texts) if (matchesPhrase(text, words)) return (t) => matchesPhrase(t, words);
  }
  return (t) => matchesWords(t, words);
}

const participantTexts = new WeakMap<ParticipantView, string>();

/** A participant is found by name, title, unit, endpoint (room) and the people present in the room. */
export function participantText(p: ParticipantView): string {
  let text = participantTexts.get(p);
  if (text === undefined) {
    text = searchable(p.name, p.title, p.unit, p.endpoint, p.attendees);
    participantTexts.set(p, text);
  }
  return text;
}

/** The items a query finds, each searched through `textOf` (a `searchable` text); phrase first, see matcherFor. */
export function findItems<T>(items: readonly T[], query: string, textOf: (item: T) => string): T[] {
  const words = queryWords(query);
  if (words.length === 0) return [...items];
  const texts = items.map(textOf);
  const match = matcherFor(words, texts);
  return items.filter((_, i) => match(texts[i]!));
}

/** The roster's participants a query finds. */
export function findParticipants(people: readonly ParticipantView[], query: string): ParticipantView[] {
  return findItems(people, query, participantText);
}

/**
 * The speaking requests a query finds, by the speaker's name (a room speaks for someone present), the topic, and
 * the name, title, unit and room of the participant who asked; phrase first, as for people.
 */
export function findRequests(queue: readonly SpeakingRequestView[], query: string, byId: ReadonlyMap<string, ParticipantView>): SpeakingRequestView[] {
  return findItems(queue, query, (r) => {
    const p = byId.get(r.participantId);
    return searchable(r.speaker, r.topic) + (p ? ` |${participantText(p)}` : '');
  });
}

// ------------------------------------------------------------------------------------------ filters

export const rosterFilters = ['requesting', 'audible', 'lost', 'incomplete', 'leaving'] as const;
export type RosterFilter = (typeof rosterFilters)[number];

export interface FilterContext {
  /** Participants with a request to speak in the queue. */
  requesting: ReadonlySet<string>;
}

export function passesFilter(p: ParticipantView, filter: RosterFilter | null, ctx: FilterContext): boolean {
  switch (filter) {
    case null:
      return true;
    case 'requesting':
      return ctx.requesting.has(p.id);
    case 'audible':
      return p.audible;
    case 'lost':
      return p.connection === 'lost';
    case 'incomplete':
      return p.identityIncomplete;
    case 'leaving':
      return p.leaveRequested !== null;
  }
}

/** How many lines each filter would show (for the filter buttons). */
export function filterCounts(roster: readonly ParticipantView[], ctx: FilterContext): Record<RosterFilter, number> {
  const counts: Record<RosterFilter, number> = { requesting: 0, audible: 0, lost: 0, incomplete: 0, leaving: 0 };
  for (const p of roster) for (const f of rosterFilters) if (passesFilter(p, f, ctx)) counts[f] += 1;
  return counts;
}

/** Those who asked to speak, by participant id, with their place in the queue (1 = next). */
export function queuePlaces(queue: readonly SpeakingRequestView[]): Map<string, number> {
  const places = new Map<string, number>();
  queue.forEach((r, index) => {
    if (!places.has(r.participantId)) places.set(r.participantId, index + 1);
  });
  return places;
}

// ------------------------------------------------------------------------------------------ rows

export type RosterRow =
  | { kind: 'unit'; key: string; unit: string; shown: number; total: number; collapsed: boolean }
  | { kind: 'person'; key: string; participant: ParticipantView; unit: string };

export interface RowOptions {
  query: string;
  filter: RosterFilter | null;
  ctx: FilterContext;
  /** Units whose lines are folded away (by unit name; '' is the group without a unit). */
  collapsed: ReadonlySet<string>;
}

export interface RosterRows {
  rows: RosterRow[];
  /** Lines that match, collapsed or not. */
  matches: number;
  /** Row index of the first matching line shown (for Enter in the search box), or -1. */
  firstPerson: number;
}

/**
 * The rows of the roster list: each unit with a matching line gets a header (`shown` lines of `total`), then its
 * lines unless collapsed. With a query or a filter, units without a match are left out. A thousand lines take
 * about a millisecond (the folded texts are kept per roster line object).
 */
export function rosterRows(groups: readonly UnitGroup[], options: RowOptions): RosterRows {
  const filtered = groups.flatMap((g) => g.people.filter((p) => passesFilter(p, options.filter, options.ctx)));
  const found = new Set(findParticipants(filtered, options.query));
  const rows: RosterRow[] = [];
  let matches = 0;
  let firstPerson = -1;
  for (const group of groups) {
    const shown = group.people.filter((p) => found.has(p));
    if (shown.length === 0) continue;
    matches += shown.length;
    const collapsed = options.collapsed.has(group.unit);
    rows.push({ kind: 'unit', key: `unit:${group.unit}`, unit: group.unit, shown: shown.length, total: group.people.length, collapsed });
    if (collapsed) continue;
    if (firstPerson < 0) firstPerson = rows.length;
    for (const p of shown) rows.push({ kind: 'person', key: p.id, participant: p, unit: group.unit });
  }
  return { rows, matches, firstPerson };
}
