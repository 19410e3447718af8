/**
 * The roster grouped by unit, in the order a Vietnamese meeting reads it (VIETNAMESE-CONVENTIONS.md): the chair's
 * unit first with the chair at its head, then the other units in Vietnamese collation, those without a unit last;
 * within a unit by title of office (heads before their deputies, leaders before staff), then by given name.
 * Pure, and cheap at a thousand participants: the keys of a participant are computed once per roster line object
 * (the live view keeps the objects of those who did not change).
 */
import type { ParticipantView } from '../../../shared/protocol';
import { foldDiacritics } from '../../../shared/slug';

const collator = new Intl.Collator('vi');

/** Lower case, without diacritics, single spaces: `Phó Giám đốc` → `pho giam doc`. */
export function foldText(text: string): string {
  return foldDiacritics(text).toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * Heads of office by seniority, as the folded start of a title (`Giám đốc Sở Tài chính` → `giam doc`). A deputy
 * (`Phó …`) comes right after the head it deputises; `Thứ trưởng` is the deputy of `Bộ trưởng`.
 */
const HEADS: readonly (readonly [string, number])[] = [
  ['bi thu', 10],
  ['chu tich', 20],
  ['bo truong', 30],
  ['thu truong', 31],
  ['tong cuc truong', 40],
  ['cuc truong', 50],
  ['vu truong', 50],
  ['vien truong', 50],
  ['giam doc', 50],
  ['truong ban', 50],
  // The office and the inspectorate of a department come after its director and deputies; in the province's
  // office (Văn phòng UBND tỉnh) the Chánh Văn phòng is the first anyway.
  ['chanh van phong', 55],
  ['chanh thanh tra', 55],
  ['truong phong', 60],
  ['uy vien', 65],
  ['chuyen vien cao cap', 80],
  ['chuyen vien chinh', 81],
  ['chuyen vien', 82],
  ['can bo', 83],
];
/** A title we do not know still comes before no title at all. */
const OTHER_TITLE = 70;
const NO_TITLE = 90;

/** Seniority of a title of office: lower comes first. */
export function titleRank(title: string): number {
  const folded = foldText(title);
  if (!folded) return NO_TITLE;
  const deputy = folded.startsWith('pho ');
  const rest = deputy ? folded.slice(4) : folded;
  const head = HEADS.find(([start]) => rest === start || rest.startsWith(`${start} `));
  if (!head) return OTHER_TITLE + (deputy ? 1 : 0);
  return head[1] + (deputy ? 1 : 0);
}

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

/** Within a unit: the chair, then by title of office, then by given name, then the whole name. */
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
