import { afterEach, describe, expect, it } from 'vitest';
import type { UnitView, UserView } from '../../../shared/api';
import { sortPeople } from '../../../shared/people-order';
import { setLocale } from '../i18n';
import { csvErrors, filterUnits, importErrors, grantableRoles, managedUnits, matchesPerson, mayEdit, nameWithTitle, roleLabel, unitNotEmptyText } from './organisation-format';

const unit = (id: string, parentId: string | null, name = id, code = id.toUpperCase()): UnitView => ({ id, parentId, name, code, people: 0, meetings: 0 });
const tree = [unit('tinh', null, 'UBND tỉnh Đắk Nông', 'DNO'), unit('so', 'tinh', 'Sở Tài chính', 'DNO-STC'), unit('xa', 'so', 'Phòng Ngân sách', 'DNO-NS'), unit('bo', null, 'Bộ Tài nguyên và Môi trường', 'BTNMT')];

afterEach(() => setLocale('vi'));

describe('people (R1.2)', () => {
  it('R1.2 shows the title of office before the name', () => {
    expect(nameWithTitle({ name: 'Nguyễn Bốn', title: 'Phó Chủ tịch UBND tỉnh' })).toBe('Phó Chủ tịch UBND tỉnh Nguyễn Bốn');
    expect(nameWithTitle({ name: 'Nguyễn Bốn', title: '  ' })).toBe('Nguyễn Bốn');
  });

  it('R1.2 names every role in Vietnamese', () => {
    expect(grantableRoles({ role: 'operator' }).map(roleLabel)).toEqual([
      'Quản trị hệ thống',
      'Cán bộ tổ chức họp',
      'Thư ký',
      'Cán bộ kỹ thuật',
      'Đại biểu',
      'Khách mời',
      'Tài khoản phòng họp',
    ]);
  });

  it('R1.2 an organiser gives only the roles below their own, in their own units', () => {
    expect(grantableRoles({ role: 'organiser' })).toEqual(['secretary', 'technician', 'delegate', 'guest', 'endpoint']);
    expect(grantableRoles({ role: 'delegate' })).toEqual([]);
    const organiser = { role: 'organiser' as const, unitId: 'so' };
    expect(managedUnits(tree, organiser).map((u) => u.id)).toEqual(['so', 'xa']);
    expect(managedUnits(tree, { role: 'operator', unitId: 'bo' })).toHaveLength(4);
    expect(managedUnits(tree, { role: 'secretary', unitId: 'tinh' })).toEqual([]);
    const managed = new Set(['so', 'xa']);
    expect(mayEdit(organiser, { role: 'delegate', unitId: 'xa' }, managed)).toBe(true);
    expect(mayEdit(organiser, { role: 'delegate', unitId: 'tinh' }, managed)).toBe(false);
    expect(mayEdit(organiser, { role: 'organiser', unitId: 'so' }, managed)).toBe(false);
  });

  it('R1.2 finds people with or without diacritics and sorts them by given name', () => {
    const person = (name: string, title = ''): Pick<UserView, 'name' | 'title' | 'unit' | 'email' | 'phone'> => ({ name, title, unit: 'Sở Tài chính', email: 'x@example.vn', phone: '' });
    expect(matchesPerson(person('Nguyễn Bốn', 'Phó Chủ tịch'), 'nguyen bon')).toBe(true);
    expect(matchesPerson(person('Nguyễn Bốn', 'Phó Chủ tịch'), 'phó chủ')).toBe(true);
    expect(matchesPerson(person('Đỗ Thu Thủy'), 'do thu')).toBe(true);
    expect(matchesPerson(person('Đỗ Thu Thủy'), 'tai chinh')).toBe(true);
    expect(matchesPerson(person('Đỗ Thu Thủy'), 'hoa')).toBe(false);
    expect(sortPeople([person('Trần Văn Năm'), person('Nguyễn Bốn'), person('Lê Thị An')]).map((p) => p.name)).toEqual(['Lê Thị An', 'Nguyễn Bốn', 'Trần Văn Năm']);
  });
});

describe('units (R1.1)', () => {
  it('R1.1 a search keeps the matching units and their ancestors, in tree order', () => {
    expect(filterUnits(tree, 'ngan sach').map((u) => u.id)).toEqual(['tinh', 'so', 'xa']);
    expect(filterUnits(tree, 'btnmt').map((u) => u.id)).toEqual(['bo']);
    expect(filterUnits(tree, '')).toHaveLength(4);
  });

  it('R1.1 says what keeps a unit from being deleted', () => {
    expect(unitNotEmptyText('Sở Tài chính', { people: '3', meetings: '1', children: 'has sub-units', endpoints: 'has endpoints' })).toBe(
      'Không thể xóa “Sở Tài chính”: đơn vị còn 3 người dùng, 1 cuộc họp, đơn vị trực thuộc, điểm cầu.',
    );
    setLocale('en');
    expect(unitNotEmptyText('Sở Tài chính', { people: '2' })).toBe('“Sở Tài chính” cannot be deleted: it still has 2 people.');
  });

  it('R1.1 lists the errors of a CSV import by line and column, translated', () => {
    const errors = csvErrors({
      'row 8: code': 'duplicate of row 7',
      'row 3: name': 'Too small: expected string to have >=2 characters',
      'row 5: parent_code': 'no unit KHONG-CO',
      'row 6: code': 'a unit with this code exists',
      'row 4: code': 'code: letters, digits, . _ -, at most 32',
      'row 10: parent_code': 'parents form a cycle',
    });
    expect(errors.map((e) => `${e.line} ${e.column}: ${e.message}`)).toEqual([
      '3 name: tên đơn vị phải có từ 2 đến 200 ký tự',
      '4 code: mã chỉ gồm chữ cái không dấu, chữ số, dấu . _ -, tối đa 32 ký tự',
      '5 parent_code: không có đơn vị mã KHONG-CO, trong hệ thống hay trong tệp',
      '6 code: đã có đơn vị mang mã này',
      '8 code: mã trùng với dòng 7',
      '10 parent_code: các đơn vị cấp trên tạo thành vòng lặp',
    ]);
    expect(csvErrors({ header: 'expected columns code,name,parent_code' })).toEqual([{ line: 1, column: 'header', message: 'dòng tiêu đề phải có các cột code,name,parent_code' }]);
    expect(csvErrors({ rows: 'no rows' })[0]).toMatchObject({ line: null, message: 'tệp không có dòng dữ liệu nào' });
  });
});

describe('people import errors (R1.2)', () => {
  it('lists each faulty line and column in file order, with the reason in Vietnamese, then in English', () => {
    const fields = {
      'row 4: email': 'duplicate of row 2',
      'row 3: unit_code': 'no unit SO-XX',
      'row 3: role': 'not a role you may grant',
      'row 5: email': 'an account with this e-mail exists',
      header: 'expected columns name, email, unit_code (missing: email)',
    };
    expect(importErrors(fields)).toEqual([
      { line: 1, column: 'header', message: 'thiếu cột bắt buộc (Họ và tên, Thư điện tử, Mã đơn vị)' },
      { line: 3, column: 'role', message: 'bạn không được cấp vai trò này' },
      { line: 3, column: 'unit_code', message: 'không có đơn vị mã SO-XX' },
      { line: 4, column: 'email', message: 'trùng thư điện tử với dòng 2' },
      { line: 5, column: 'email', message: 'đã có tài khoản dùng thư điện tử này' },
    ]);
    setLocale('en');
    expect(importErrors({ 'row 2: email': 'not an e-mail address', file: 'not an XLSX workbook' })).toEqual([
      { line: null, column: 'file', message: 'not a readable Excel (XLSX) file' },
      { line: 2, column: 'email', message: 'not an e-mail address' },
    ]);
  });
});
