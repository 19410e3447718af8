/**
 * The table of M's appendix (R5.2), as lines: row 1 (the shared system: hosted by the unit, hosted by other units)
 * from the system's records, rows 2 (other systems the unit runs itself: internal, with outside units) and 3
 * (rented services, one line per provider, the group line carrying their total cost) as the office entered them,
 * row 4 the totals. Notes name the cause of every meeting that fell short. Pure.
 */
import type { ReportEnteredLineInput, ReportTableLine } from '../../shared/api';
import { shortfallCauses, type ShortfallCause } from '../../shared/causes';
import type { FigureRow } from './figures';

export const causeText: Record<ShortfallCause, string> = {
  transmission: 'do chất lượng đường truyền không bảo đảm',
  endpoint_equipment: 'do trang thiết bị đầu, cuối',
  software_operation: 'do thao tác sử dụng phần mềm',
  other: 'do nguyên nhân khác',
};

export interface TableInput {
  hosted: FigureRow;
  guest: FigureRow;
  otherInternal: ReportEnteredLineInput;
  otherExternal: ReportEnteredLineInput;
  rented: (ReportEnteredLineInput & { provider: string })[];
}

/** "Không đạt yêu cầu: 1 cuộc do chất lượng đường truyền không bảo đảm; 2 cuộc do nguyên nhân khác." */
export function shortfallNote(row: FigureRow): string {
  const parts = shortfallCauses.filter((c) => row.shortfalls[c] > 0).map((c) => `${row.shortfalls[c]} cuộc ${causeText[c]}`);
  return parts.length ? `Không đạt yêu cầu: ${parts.join('; ')}.` : '';
}

const percent = (met: number, meetings: number) => (meetings > 0 ? Math.round((met / meetings) * 1000) / 10 : null);

interface Leaf {
  meetings: number;
  participants: number;
  /** Meetings that met requirements; null when the share was not given. */
  met: number | null;
  cost: number;
}
const fromFigures = (r: FigureRow): Leaf => ({ meetings: r.meetings, participants: r.participants, met: r.met, cost: 0 });
const fromEntered = (l: ReportEnteredLineInput): Leaf => ({ meetings: l.meetings, participants: l.participants, met: l.metPercent === null ? null : (l.metPercent * l.meetings) / 100, cost: l.cost });

const line = (stt: string, content: string, leaf: Leaf, note: string, showCost: boolean): ReportTableLine => ({
  stt,
  content,
  level: 'line',
  meetings: leaf.meetings,
  participants: leaf.participants,
  metPercent: leaf.met === null ? null : percent(leaf.met, leaf.meetings),
  cost: showCost ? leaf.cost : null,
  note,
});
const group = (stt: string, content: string, cost: number | null = null): ReportTableLine => ({ stt, content, level: 'group', meetings: null, participants: null, metPercent: null, cost, note: '' });

export function reportTable(input: TableInput): ReportTableLine[] {
  const hosted = fromFigures(input.hosted);
  const guest = fromFigures(input.guest);
  const internal = fromEntered(input.otherInternal);
  const external = fromEntered(input.otherExternal);
  const rented = input.rented.map((r) => ({ r, leaf: fromEntered(r) }));
  const leaves = [hosted, guest, internal, external, ...rented.map((x) => x.leaf)];
  const known = leaves.filter((l) => l.met !== null);
  const total: ReportTableLine = {
    stt: '4',
    content: 'Tổng cộng',
    level: 'total',
    meetings: leaves.reduce((s, l) => s + l.meetings, 0),
    participants: leaves.reduce((s, l) => s + l.participants, 0),
    metPercent: percent(
      known.reduce((s, l) => s + (l.met ?? 0), 0),
      known.reduce((s, l) => s + l.meetings, 0),
    ),
    cost: leaves.reduce((s, l) => s + l.cost, 0),
    note: '',
  };
  return [
    group('1', 'Họp qua Hệ thống họp trực tuyến dùng chung của Bộ:'),
    line('', '- Do đơn vị chủ trì (kể cả họp nội bộ)', hosted, shortfallNote(input.hosted), false),
    line('', '- Do đơn vị khác chủ trì', guest, shortfallNote(input.guest), false),
    group('2', 'Họp qua hệ thống họp trực tuyến khác do đơn vị tự vận hành:'),
    line('', '- Họp nội bộ đơn vị', internal, input.otherInternal.note, true),
    line('', '- Với đơn vị ngoài', external, input.otherExternal.note, true),
    group('3', 'Thuê của các nhà cung cấp dịch vụ:', rented.reduce((s, x) => s + x.leaf.cost, 0)),
    ...rented.map(({ r, leaf }) => line('', `- ${r.provider}`, leaf, r.note, true)),
    total,
  ];
}

/** Totals over units' inputs (the ministry's consolidated report): figures summed, providers merged by name. */
export function sumInputs(inputs: TableInput[]): TableInput {
  const addRow = (a: FigureRow, b: FigureRow): FigureRow => ({
    meetings: a.meetings + b.meetings,
    participants: a.participants + b.participants,
    met: a.met + b.met,
    shortfalls: Object.fromEntries(shortfallCauses.map((c) => [c, a.shortfalls[c] + b.shortfalls[c]])) as Record<ShortfallCause, number>,
  });
  const emptyRow = (): FigureRow => ({ meetings: 0, participants: 0, met: 0, shortfalls: { transmission: 0, endpoint_equipment: 0, software_operation: 0, other: 0 } });
  const addLine = (a: ReportEnteredLineInput, b: ReportEnteredLineInput): ReportEnteredLineInput => {
    const metA = a.metPercent === null ? null : (a.metPercent * a.meetings) / 100;
    const metB = b.metPercent === null ? null : (b.metPercent * b.meetings) / 100;
    const meetings = a.meetings + b.meetings;
    const knownMeetings = (metA === null ? 0 : a.meetings) + (metB === null ? 0 : b.meetings);
    const met = (metA ?? 0) + (metB ?? 0);
    return { meetings, participants: a.participants + b.participants, metPercent: knownMeetings > 0 ? Math.round((met / knownMeetings) * 1000) / 10 : null, cost: a.cost + b.cost, note: '' };
  };
  const emptyLine = (): ReportEnteredLineInput => ({ meetings: 0, participants: 0, metPercent: null, cost: 0, note: '' });
  const providers = new Map<string, ReportEnteredLineInput & { provider: string }>();
  for (const i of inputs)
    for (const r of i.rented) {
      const key = r.provider.trim().toLocaleLowerCase('vi');
      const before = providers.get(key);
      providers.set(key, before ? { ...addLine(before, r), provider: before.provider } : { ...r, note: '' });
    }
  return {
    hosted: inputs.reduce((s, i) => addRow(s, i.hosted), emptyRow()),
    guest: inputs.reduce((s, i) => addRow(s, i.guest), emptyRow()),
    otherInternal: inputs.reduce((s, i) => addLine(s, i.otherInternal), emptyLine()),
    otherExternal: inputs.reduce((s, i) => addLine(s, i.otherExternal), emptyLine()),
    rented: [...providers.values()],
  };
}

/** Vietnamese numbers: `.` groups thousands, `,` is the decimal mark. */
export const vnNumber = (n: number | null) => (n === null ? '' : new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 }).format(n));
