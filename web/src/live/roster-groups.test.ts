import { describe, expect, it } from 'vitest';
import { person } from './participant-fixture';
import { compareInUnit, groupByUnit, orderRoster } from './roster-groups';

describe('grouping by unit', () => {
  it('puts the chair’s unit first, then the units in Vietnamese order, and those without a unit last', () => {
    const roster = [
      person('Lê Văn Tám', 'Sở Y tế'),
      person('Trần Thị Bình', ''),
      person('Nguyễn Bốn', 'UBND tỉnh Đắk Nông', { isChair: true, role: 'chair' }),
      person('Phạm Văn Đức', 'Sở Đầu tư'),
      person('Hoàng Văn Anh', 'Sở Dân tộc'),
      person('Vũ Thị Chi', 'Sở Y tế'),
      person('Đỗ Minh An', 'Sở Công Thương'),
    ];
    const groups = groupByUnit(roster);
    // Vietnamese collation: C < D < Đ, and Sở Dân tộc before Sở Đầu tư.
    expect(groups.map((g) => g.unit)).toEqual(['UBND tỉnh Đắk Nông', 'Sở Công Thương', 'Sở Dân tộc', 'Sở Đầu tư', 'Sở Y tế', '']);
    expect(groups.map((g) => g.people.length)).toEqual([1, 1, 1, 1, 2, 1]);
  });

  it('orders a unit by title, then by given name, the chair at its head', () => {
    const unit = 'Sở Tài chính';
    const roster = [
      person('Nguyễn Văn Bình', unit, { title: 'Chuyên viên' }),
      person('Trần Văn An', unit, { title: 'Chuyên viên' }),
      person('Lê Thị Yến', unit, { title: 'Giám đốc' }),
      person('Phạm Văn Cường', unit, { title: 'Phó Giám đốc' }),
      person('Đặng Thu Hà', unit, { title: 'Phó Giám đốc' }),
      person('Vũ Văn Chủ', unit, { title: 'Chuyên viên', isChair: true }),
      person('Bùi Ánh', unit),
    ];
    expect(groupByUnit(roster)[0]!.people.map((p) => p.name)).toEqual([
      'Vũ Văn Chủ',
      'Lê Thị Yến',
      'Phạm Văn Cường', // Cường before Hà by given name
      'Đặng Thu Hà',
      'Trần Văn An',
      'Nguyễn Văn Bình',
      'Bùi Ánh',
    ]);
  });

  it('sorts given names with Vietnamese collation (A < Ă < Â < B, D < Đ)', () => {
    const unit = 'Sở Nội vụ';
    const names = ['Lê Văn Đông', 'Lê Văn Dũng', 'Lê Văn Bảo', 'Lê Văn Âu', 'Lê Văn Ăn', 'Lê Văn An'];
    const sorted = names.map((n) => person(n, unit)).sort(compareInUnit).map((p) => p.name);
    expect(sorted).toEqual(['Lê Văn An', 'Lê Văn Ăn', 'Lê Văn Âu', 'Lê Văn Bảo', 'Lê Văn Dũng', 'Lê Văn Đông']);
  });

  it('groups units by their trimmed name and keeps every participant exactly once', () => {
    const roster = Array.from({ length: 1000 }, (_, i) => person(`Người ${i}`, i % 7 === 0 ? ' Sở Xây dựng ' : `Đơn vị ${i % 40}`));
    const groups = groupByUnit(roster);
    expect(groups.find((g) => g.unit === 'Sở Xây dựng')?.people.length).toBe(143);
    expect(new Set(orderRoster(roster).map((p) => p.id)).size).toBe(1000);
    expect(groups.reduce((n, g) => n + g.people.length, 0)).toBe(1000);
  });
});
