import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { checkRows, columnOf, parseRows, readTable, type ImportFacts } from './people-import';

const facts = (over: Partial<ImportFacts> = {}): ImportFacts => ({
  unitByCode: new Map([
    ['SO-YT', 'u-health'],
    ['SO-TC', 'u-finance'],
  ]),
  mayAddTo: (u) => u === 'u-health',
  mayGrant: (r) => r !== 'operator' && r !== 'organiser',
  emailsTaken: new Set(['da.co@example.vn']),
  ...over,
});

const errorsOf = async (fn: () => unknown) => {
  try {
    await fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return (e as AppError).fields;
  }
  throw new Error('expected a refusal');
};

describe('people import', () => {
  it('reads Vietnamese headings as the column ids', () => {
    expect(['Họ và tên', 'Thư điện tử', 'Mã đơn vị', 'Chức vụ', 'Số điện thoại', 'Vai trò', 'email', 'unit_code'].map(columnOf)).toEqual(['name', 'email', 'unit_code', 'title', 'phone', 'role', 'email', 'unit_code']);
  });

  it('takes good rows, defaulting the role to delegate and folding the e-mail to lower case', () => {
    const { rows, errors } = parseRows([['name', 'email', 'unit_code', 'title'], ['Nguyễn Văn An', 'An.Nguyen@Example.vn', 'so-yt', 'Chuyên viên']], 100);
    expect(errors).toEqual({});
    expect(rows).toEqual([{ line: 2, name: 'Nguyễn Văn An', email: 'an.nguyen@example.vn', unitCode: 'SO-YT', title: 'Chuyên viên', phone: '', role: 'delegate' }]);
  });

  it('names every faulty row and field, from the file and from the database', () => {
    const table = [
      ['name', 'email', 'unit_code', 'role'],
      ['Nguyễn Văn An', 'an@example.vn', 'SO-YT', ''],
      ['B', 'not-an-email', '', 'king'],
      ['Trần Thị Cúc', 'an@example.vn', 'SO-TC', 'organiser'],
      ['Lê Đa Có', 'da.co@example.vn', 'SO-XX', 'delegate'],
      ['Phòng họp số 2', 'phong2@example.vn', 'SO-YT', 'endpoint'],
    ];
    const { rows, errors } = parseRows(table, 100);
    checkRows(rows, facts(), errors);
    expect(errors).toEqual({
      'row 3: name': 'required, 2 to 120 characters',
      'row 3: email': 'not an e-mail address',
      'row 3: unit_code': 'required',
      'row 3: role': 'not a role',
      'row 4: email': 'duplicate of row 2',
      'row 4: unit_code': 'not one of your units',
      'row 4: role': 'not a role you may grant',
      'row 5: email': 'an account with this e-mail exists',
      'row 5: unit_code': 'no unit SO-XX',
      'row 6: role': 'guests and room accounts are not imported',
    });
  });

  it('refuses a file without the required columns, without rows, or with too many', async () => {
    expect(await errorsOf(() => parseRows([['name', 'mail']], 10))).toEqual({ header: 'expected columns name, email, unit_code (missing: email, unit_code)' });
    expect(await errorsOf(() => parseRows([['name', 'email', 'unit_code']], 10))).toEqual({ rows: 'no rows' });
    expect(await errorsOf(() => parseRows([['name', 'email', 'unit_code'], ['a', 'b', 'c'], ['a', 'b', 'c']], 1))).toEqual({ rows: 'at most 1 rows' });
  });

  it('reads the first sheet of an XLSX workbook, e-mails as hyperlinks included, and refuses what is not one', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('Cán bộ');
    sheet.addRow(['Họ và tên', 'Thư điện tử', 'Mã đơn vị']);
    sheet.addRow(['Nguyễn Văn An', { text: 'an@example.vn', hyperlink: 'mailto:an@example.vn' }, 'SO-YT']);
    sheet.addRow([]);
    const content = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
    expect(await readTable('xlsx', content)).toEqual([
      ['Họ và tên', 'Thư điện tử', 'Mã đơn vị'],
      ['Nguyễn Văn An', 'an@example.vn', 'SO-YT'],
    ]);
    expect(await errorsOf(() => readTable('xlsx', Buffer.from('name,email\n').toString('base64')))).toEqual({ file: 'not an XLSX workbook' });
  });
});
