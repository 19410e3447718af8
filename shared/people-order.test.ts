import { describe, expect, it } from 'vitest';
import { comparePeople, foldText, sortPeople, titleRank } from './people-order';

describe('titles of office (sorting within a unit)', () => {
  it('puts heads before their deputies, leaders before staff, and no title last', () => {
    const titles = ['Chuyên viên', 'Phó Giám đốc Sở Tài chính', '', 'Trưởng phòng Ngân sách', 'Chánh Văn phòng Sở', 'Giám đốc Sở Tài chính', 'Phó Trưởng phòng Ngân sách', 'Kế toán'];
    const sorted = [...titles].sort((a, b) => titleRank(a) - titleRank(b));
    expect(sorted).toEqual(['Giám đốc Sở Tài chính', 'Phó Giám đốc Sở Tài chính', 'Chánh Văn phòng Sở', 'Trưởng phòng Ngân sách', 'Phó Trưởng phòng Ngân sách', 'Kế toán', 'Chuyên viên', '']);
  });

  it('ranks a province’s and a ministry’s leaders', () => {
    expect(titleRank('Chủ tịch UBND tỉnh')).toBeLessThan(titleRank('Phó Chủ tịch UBND tỉnh'));
    expect(titleRank('Phó Chủ tịch UBND tỉnh')).toBeLessThan(titleRank('Chánh Văn phòng UBND tỉnh'));
    expect(titleRank('Bộ trưởng')).toBeLessThan(titleRank('Thứ trưởng'));
    expect(titleRank('Thứ trưởng')).toBeLessThan(titleRank('Cục trưởng'));
    // Without diacritics and in any case, as people type them.
    expect(titleRank('PHO GIAM DOC')).toBe(titleRank('Phó Giám đốc'));
    // A word that merely begins like a title is not that title.
    expect(titleRank('Giám đốcx')).toBe(titleRank('Thư ký'));
  });
});

describe('lists of people', () => {
  it('sort by unit, then title of office, then given name, with Vietnamese collation', () => {
    const people = [
      { name: 'Trần Văn Ánh', title: 'Chuyên viên', unit: 'Sở Tài chính' },
      { name: 'Lê Thị Bình', title: '', unit: '' },
      { name: 'Nguyễn Văn Đức', title: 'Giám đốc Sở', unit: 'Sở Tài chính' },
      { name: 'Phạm An', title: 'Chuyên viên', unit: 'Sở Tài chính' },
      { name: 'Hoàng Văn Em', title: 'Phó Giám đốc Sở', unit: 'Sở Tài chính' },
      { name: 'Vũ Thị Dung', title: 'Chủ tịch', unit: 'UBND tỉnh' },
      { name: 'Đặng Văn Cường', title: 'Trưởng phòng', unit: 'Sở Đầu tư' },
    ];
    expect(sortPeople(people).map((p) => p.name)).toEqual([
      'Đặng Văn Cường', // Sở Đầu tư: Đ right after D, before T
      'Nguyễn Văn Đức', // Sở Tài chính: the director
      'Hoàng Văn Em', // his deputy
      'Phạm An', // staff by given name: An before Ánh
      'Trần Văn Ánh',
      'Vũ Thị Dung', // UBND tỉnh
      'Lê Thị Bình', // no unit: last
    ]);
  });

  it('reads the unit from a server row (`unitName`) as from a view (`unit`)', () => {
    expect(comparePeople({ name: 'A', unitName: 'Sở Y tế' }, { name: 'B', unit: 'Sở Xây dựng' })).toBeGreaterThan(0);
  });

  it('folds text for comparison', () => {
    expect(foldText('  Sở  Tài chính ĐẮK Nông ')).toBe('so tai chinh dak nong');
  });
});
