import { describe, expect, it } from 'vitest';
import { monthsOf } from './figures';
import { quarterDeadline, quarterOf, quarterPeriod } from './report-period';
import { reportTable, shortfallNote, sumInputs, vnNumber, type TableInput } from './report-table';

const row = (meetings: number, participants: number, met: number, shortfalls: Partial<Record<'transmission' | 'endpoint_equipment' | 'software_operation' | 'other', number>> = {}) => ({
  meetings,
  participants,
  met,
  shortfalls: { transmission: 0, endpoint_equipment: 0, software_operation: 0, other: 0, ...shortfalls },
});
const line = (meetings: number, participants: number, metPercent: number | null, cost = 0) => ({ meetings, participants, metPercent, cost, note: '' });

describe('the quarter and its deadline (Hà Nội time)', () => {
  it('runs from midnight of the first day, due before the 1st of the last month', () => {
    expect(quarterPeriod(2027, 1)).toEqual({ from: new Date('2026-12-31T17:00:00Z'), to: new Date('2027-03-31T17:00:00Z') });
    expect(quarterPeriod(2027, 4).to).toEqual(new Date('2027-12-31T17:00:00Z'));
    expect(quarterDeadline(2027, 1)).toEqual({ at: new Date('2027-02-28T17:00:00Z'), date: '2027-03-01' });
    expect(quarterDeadline(2027, 4).date).toBe('2027-12-01');
    expect(quarterOf(new Date('2027-03-31T17:30:00Z'))).toEqual({ year: 2027, quarter: 2 });
    expect(quarterOf(new Date('2027-03-31T16:30:00Z'))).toEqual({ year: 2027, quarter: 1 });
    expect(monthsOf(new Date('2027-01-01T00:00:00+07:00'), new Date('2027-04-01T00:00:00+07:00'))).toEqual(['2027-01', '2027-02', '2027-03']);
  });
});

describe("the appendix's table", () => {
  const input: TableInput = {
    hosted: row(4, 30, 3, { transmission: 1 }),
    guest: row(2, 5, 1, { software_operation: 1 }),
    otherInternal: line(2, 10, 50),
    otherExternal: line(1, 4, null),
    rented: [{ provider: 'VNPT', ...line(1, 12, 100, 1_250_000) }, { provider: 'Viettel', ...line(2, 8, 50, 2_000_000) }],
  };
  it('rows 1–3 with their sub-lines, notes naming causes, row 4 totals weighted by meetings', () => {
    const t = reportTable(input);
    expect(t.map((l) => [l.stt, l.content])).toEqual([
      ['1', 'Họp qua Hệ thống họp trực tuyến dùng chung của Bộ:'],
      ['', '- Do đơn vị chủ trì (kể cả họp nội bộ)'],
      ['', '- Do đơn vị khác chủ trì'],
      ['2', 'Họp qua hệ thống họp trực tuyến khác do đơn vị tự vận hành:'],
      ['', '- Họp nội bộ đơn vị'],
      ['', '- Với đơn vị ngoài'],
      ['3', 'Thuê của các nhà cung cấp dịch vụ:'],
      ['', '- VNPT'],
      ['', '- Viettel'],
      ['4', 'Tổng cộng'],
    ]);
    expect(t[1]).toMatchObject({ meetings: 4, participants: 30, metPercent: 75, cost: null, note: 'Không đạt yêu cầu: 1 cuộc do chất lượng đường truyền không bảo đảm.' });
    expect(t[2]!.note).toBe('Không đạt yêu cầu: 1 cuộc do thao tác sử dụng phần mềm.');
    expect(t[5]).toMatchObject({ meetings: 1, metPercent: null });
    expect(t[6]).toMatchObject({ level: 'group', cost: 3_250_000, meetings: null });
    // met: 3 + 1 + 1 + (unknown) + 1 + 1 = 7 of 11 known meetings (the external line's share was not given)
    expect(t[9]).toMatchObject({ meetings: 12, participants: 69, metPercent: 63.6, cost: 3_250_000 });
    expect(shortfallNote(row(3, 3, 3))).toBe('');
  });
  it('sums units, merging providers by name', () => {
    const sum = sumInputs([input, { ...input, rented: [{ provider: 'vnpt', ...line(3, 30, 0, 750_000) }] }]);
    expect(sum.hosted).toEqual(row(8, 60, 6, { transmission: 2 }));
    expect(sum.rented).toEqual([
      { provider: 'VNPT', meetings: 4, participants: 42, metPercent: 25, cost: 2_000_000, note: '' },
      { provider: 'Viettel', meetings: 2, participants: 8, metPercent: 50, cost: 2_000_000, note: '' },
    ]);
    expect(sum.otherExternal.metPercent).toBeNull();
  });
  it('writes numbers the Vietnamese way', () => {
    expect(vnNumber(1_250_000)).toBe('1.250.000');
    expect(vnNumber(95.5)).toBe('95,5');
    expect(vnNumber(null)).toBe('');
  });
});
