/**
 * Reading a people import (R1.2): the file as a table (CSV, or the first sheet of an XLSX workbook), its columns by
 * English id or Vietnamese heading, and every row checked — all faults gathered as `row N: column` → reason, the
 * way the units import reports them (unit.service.ts). Pure but for the XLSX reader; the service adds the facts
 * from the database (units, e-mails taken, what the actor may grant).
 */
import ExcelJS from 'exceljs';
import { personImportRow, type Role } from '../../shared/api';
import { foldDiacritics } from '../../shared/slug';
import { AppError, fieldsOf } from '../errors';
import { parseCsv } from '../http/csv';

/** A heading as a column id: `Họ và tên` → `ho_va_ten`. */
const headingKey = (h: string) => foldDiacritics(h).toLowerCase().trim().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
const ALIASES: Record<string, string> = {
  ho_ten: 'name',
  ho_va_ten: 'name',
  thu_dien_tu: 'email',
  e_mail: 'email',
  ma_don_vi: 'unit_code',
  don_vi: 'unit_code',
  chuc_vu: 'title',
  dien_thoai: 'phone',
  so_dien_thoai: 'phone',
  vai_tro: 'role',
};
export const columnOf = (heading: string) => {
  const key = headingKey(heading);
  return ALIASES[key] ?? key;
};

/** The file as rows of cell texts, the heading row first. A workbook that cannot be read is `import_invalid`. */
export async function readTable(format: 'csv' | 'xlsx', content: string): Promise<string[][]> {
  if (format === 'csv') return parseCsv(content);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(content, 'base64') as unknown as ArrayBuffer);
  } catch {
    throw new AppError('import_invalid', { file: 'not an XLSX workbook' });
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new AppError('import_invalid', { file: 'the workbook has no sheet' });
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    // cell.text: a formula's result, a hyperlink's text (e-mails often are), a date as shown
    for (let c = 1; c <= sheet.columnCount; c++) cells.push(row.getCell(c).text ?? '');
    rows.push(cells);
  });
  return rows.filter((r) => r.some((c) => c.trim() !== ''));
}

export interface PersonRow {
  line: number;
  name: string;
  email: string;
  unitCode: string;
  title: string;
  phone: string;
  role: Role;
}

/** What the database knows, for the checks that need it. */
export interface ImportFacts {
  /** Unit id by code (codes upper-case). */
  unitByCode: ReadonlyMap<string, string>;
  /** Units the actor may add people to. */
  mayAddTo(unitId: string): boolean;
  /** Roles the actor may grant. */
  mayGrant(role: Role): boolean;
  /** E-mails (lower-case) that already have an account. */
  emailsTaken: ReadonlySet<string>;
}

/** The rows as given, or the faults of the header and rows (before any database fact). */
export function parseRows(table: string[][], maxRows: number): { rows: PersonRow[]; errors: Record<string, string> } {
  const header = (table[0] ?? []).map(columnOf);
  const missing = ['name', 'email', 'unit_code'].filter((c) => !header.includes(c));
  if (missing.length) throw new AppError('import_invalid', { header: `expected columns name, email, unit_code (missing: ${missing.join(', ')})` });
  const body = table.slice(1);
  if (body.length === 0) throw new AppError('import_invalid', { rows: 'no rows' });
  if (body.length > maxRows) throw new AppError('import_invalid', { rows: `at most ${maxRows} rows` });
  const errors: Record<string, string> = {};
  const rows: PersonRow[] = [];
  body.forEach((cells, i) => {
    const line = i + 2; // 1-based, after the header
    const record = Object.fromEntries(header.map((h, j) => [h, cells[j] ?? '']));
    const parsed = personImportRow.safeParse(record);
    if (!parsed.success) {
      for (const [field, message] of Object.entries(fieldsOf(parsed.error.issues))) errors[`row ${line}: ${field}`] = message;
      return;
    }
    const d = parsed.data;
    rows.push({ line, name: d.name, email: d.email, unitCode: d.unit_code, title: d.title, phone: d.phone, role: d.role });
  });
  return { rows, errors };
}

/** The faults only the database reveals, and duplicates within the file; added to `errors`. */
export function checkRows(rows: readonly PersonRow[], facts: ImportFacts, errors: Record<string, string>): void {
  const seen = new Map<string, number>();
  for (const r of rows) {
    const first = seen.get(r.email);
    if (first !== undefined) errors[`row ${r.line}: email`] = `duplicate of row ${first}`;
    else seen.set(r.email, r.line);
    if (facts.emailsTaken.has(r.email)) errors[`row ${r.line}: email`] = 'an account with this e-mail exists';
    const unitId = facts.unitByCode.get(r.unitCode);
    if (!unitId) errors[`row ${r.line}: unit_code`] = `no unit ${r.unitCode}`;
    else if (!facts.mayAddTo(unitId)) errors[`row ${r.line}: unit_code`] = 'not one of your units';
    // a guest is invited to one meeting, a room's account comes with its endpoint: neither is imported as staff
    if (r.role === 'guest' || r.role === 'endpoint') errors[`row ${r.line}: role`] = 'guests and room accounts are not imported';
    else if (!facts.mayGrant(r.role)) errors[`row ${r.line}: role`] = 'not a role you may grant';
  }
}
