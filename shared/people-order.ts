/**
 * The order of a list of people, as a Vietnamese office reads it (VIETNAMESE-CONVENTIONS.md): by unit (Vietnamese
 * collation, those without a unit last), then by title of office (heads before their deputies, leaders before
 * staff), then by given name (the last word of a full name written family name first), then the whole name.
 * Shared by the server's lists (people, directory, invitees, attendance) and the web's (people page, the live
 * roster within a unit).
 */
import { foldDiacritics } from './slug';

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

/** The given name: the last word of the full name. */
export const givenName = (full: string): string => full.trim().split(/\s+/).at(-1) ?? '';

/** Within one unit: by title of office, then given name, then the whole name. */
export function compareTitleAndName(a: { name: string; title?: string }, b: { name: string; title?: string }): number {
  return titleRank(a.title ?? '') - titleRank(b.title ?? '') || collator.compare(givenName(a.name), givenName(b.name)) || collator.compare(a.name.trim(), b.name.trim());
}

/** Units in Vietnamese collation, those without a unit last. */
export function compareUnits(a: string, b: string): number {
  const x = a.trim();
  const y = b.trim();
  if (!x !== !y) return x ? -1 : 1;
  return collator.compare(x, y);
}

/** A person as lists know them: the unit's name is `unit` in views, `unitName` in the server's rows. */
export interface Orderable {
  name: string;
  title?: string;
  unit?: string;
  unitName?: string;
}

/** By unit, then title of office, then given name, then the whole name. */
export function comparePeople(a: Orderable, b: Orderable): number {
  return compareUnits(a.unit ?? a.unitName ?? '', b.unit ?? b.unitName ?? '') || compareTitleAndName(a, b);
}

export function sortPeople<T extends Orderable>(people: readonly T[]): T[] {
  return [...people].sort(comparePeople);
}
