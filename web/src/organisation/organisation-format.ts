/**
 * Pure helpers of the organisation pages (R1.1, R1.2): names with their title of office, the roles a person may
 * hand out and the units they manage, the reasons a unit cannot be deleted, and the errors of a CSV import, all
 * in the current language.
 */
import { organiserGrantableRoles, roles, type Role, type UnitView, type UserView } from '../../../shared/api';
import { unitSubtree } from '../endpoints/endpoint-format';
import { matchesSearch } from '../format';
import { t, type MessageKey } from '../i18n';

/** `Phó Chủ tịch UBND tỉnh Nguyễn Bốn`: the title of office (chức vụ) before the full name. */
export function nameWithTitle(person: { name: string; title?: string | null }): string {
  const title = person.title?.trim();
  return title ? `${title} ${person.name}` : person.name;
}

export const roleLabel = (role: Role): string => t(`role.${role}` as MessageKey);

/** The roles `actor` may give (the server checks the same rule: organisation.policy.ts). */
export function grantableRoles(actor: Pick<UserView, 'role'>): Role[] {
  if (actor.role === 'operator') return [...roles];
  if (actor.role === 'organiser') return roles.filter((r) => organiserGrantableRoles.includes(r));
  return [];
}

/** May open the people page: the operator (everyone) and organisers (their unit and the units under it). */
export const managesPeople = (actor: Pick<UserView, 'role'>): boolean => actor.role === 'operator' || actor.role === 'organiser';

/** May create meetings: the operator for any unit, organisers for their units. */
export const createsMeetings = managesPeople;

/** The units `actor` manages people and meetings in, in tree order. */
export function managedUnits<U extends Pick<UnitView, 'id' | 'parentId'>>(units: readonly U[], actor: Pick<UserView, 'role' | 'unitId'>): U[] {
  if (actor.role === 'operator') return [...units];
  if (actor.role !== 'organiser') return [];
  const own = unitSubtree(units, actor.unitId);
  return units.filter((u) => own.has(u.id));
}

/** Whether `actor` may change `person` (their unit is managed and their present role is one actor may give). */
export function mayEdit(actor: Pick<UserView, 'role' | 'unitId'>, person: Pick<UserView, 'role' | 'unitId'>, managed: ReadonlySet<string>): boolean {
  return managed.has(person.unitId) && grantableRoles(actor).includes(person.role);
}

/** Search over name, title, unit, e-mail and phone, with or without diacritics. */
export function matchesPerson(person: Pick<UserView, 'name' | 'title' | 'unit' | 'email' | 'phone'>, query: string): boolean {
  if (!query.trim()) return true;
  return matchesSearch([person.name, person.title, person.unit, person.email, person.phone].join(' '), query);
}

/** Units shown for a search (name or code, with or without diacritics), with their ancestors for context. */
export function filterUnits<U extends Pick<UnitView, 'id' | 'parentId' | 'name' | 'code'>>(units: readonly U[], query: string): U[] {
  if (!query.trim()) return [...units];
  const byId = new Map(units.map((u) => [u.id, u]));
  const keep = new Set<string>();
  for (const u of units) {
    if (!matchesSearch(`${u.name} ${u.code}`, query)) continue;
    let cur: U | undefined = u;
    while (cur && !keep.has(cur.id)) {
      keep.add(cur.id);
      cur = cur.parentId ? byId.get(cur.parentId) : undefined;
    }
  }
  return units.filter((u) => keep.has(u.id));
}

/** `unit_not_empty` fields (`people: '3'`, `meetings: '1'`, `children`, `endpoints`) as one translated sentence. */
export function unitNotEmptyText(unitName: string, fields: Record<string, string> | undefined): string {
  const reasons: string[] = [];
  if (fields?.people) reasons.push(t('units.reasonPeople', { count: fields.people }));
  if (fields?.meetings) reasons.push(t('units.reasonMeetings', { count: fields.meetings }));
  if (fields?.children) reasons.push(t('units.reasonChildren'));
  if (fields?.endpoints) reasons.push(t('units.reasonEndpoints'));
  if (reasons.length === 0) return t('unit_not_empty');
  return t('units.notEmpty', { name: unitName, reasons: reasons.join(', ') });
}

/** One error of a CSV import: the line of the file (1 = the header), the column, and what is wrong. */
export interface CsvError {
  line: number | null;
  column: string;
  message: string;
}

/** The server's English reasons (server/organisation/unit.service.ts) and zod's, in the current language. */
function csvMessage(column: string, message: string): string {
  let m: RegExpExecArray | null;
  if ((m = /^duplicate of row (\d+)$/.exec(message))) return t('units.csv.duplicate', { line: m[1]! });
  if (message === 'a unit with this code exists') return t('units.csv.codeExists');
  if ((m = /^no unit (.+)$/.exec(message))) return t('units.csv.noParent', { code: m[1]! });
  if (message === 'parents form a cycle') return t('units.csv.cycle');
  if (column === 'header') return t('units.csv.header');
  if (column === 'rows') return t('units.csv.noRows');
  if (column === 'code') return t('units.csv.codeInvalid');
  if (column === 'name') return t('units.csv.nameInvalid');
  return message;
}

/** `csv_invalid` fields (`row 3: name` → message, `header` → message) as a list in file order. */
export function csvErrors(fields: Record<string, string> | undefined): CsvError[] {
  const out: CsvError[] = [];
  for (const [key, message] of Object.entries(fields ?? {})) {
    const m = /^row (\d+): (.+)$/.exec(key);
    const line = m ? Number(m[1]) : key === 'header' ? 1 : null;
    const column = m ? m[2]! : key;
    out.push({ line, column, message: csvMessage(column, message) });
  }
  return out.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || a.column.localeCompare(b.column));
}

/** The server's reasons for a people import (server/organisation/people-import.ts), in the current language. */
function importMessage(column: string, message: string): string {
  let m: RegExpExecArray | null;
  if ((m = /^duplicate of row (\d+)$/.exec(message))) return t('users.import.duplicate', { line: m[1]! });
  if (message === 'an account with this e-mail exists') return t('users.import.exists');
  if ((m = /^no unit (.+)$/.exec(message))) return t('users.import.noUnit', { code: m[1]! });
  if (message === 'not one of your units') return t('users.import.notYourUnit');
  if (message === 'not a role you may grant') return t('users.import.notGrantable');
  if (message === 'not a role') return t('users.import.notRole');
  if (message === 'guests and room accounts are not imported') return t('users.import.notImported');
  if (message === 'not an e-mail address') return t('users.import.email');
  if (message.startsWith('required, 2 to')) return t('users.import.name');
  if (message === 'required') return t('users.import.required');
  if (message.startsWith('at most') && column !== 'rows') return t('users.import.tooLong');
  if (column === 'header') return t('users.import.header');
  if (column === 'rows') return message === 'no rows' ? t('users.import.noRows') : t('users.import.tooMany');
  if (column === 'file') return t('users.import.notXlsx');
  return message;
}

/** `import_invalid` fields (`row 3: email` → reason, `header`, `rows`, `file`) as a list in file order. */
export function importErrors(fields: Record<string, string> | undefined): CsvError[] {
  const out: CsvError[] = [];
  for (const [key, message] of Object.entries(fields ?? {})) {
    const m = /^row (\d+): (.+)$/.exec(key);
    const line = m ? Number(m[1]) : key === 'header' ? 1 : null;
    const column = m ? m[2]! : key;
    out.push({ line, column, message: importMessage(column, message) });
  }
  return out.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || a.column.localeCompare(b.column));
}
