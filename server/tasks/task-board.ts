/**
 * The follow-up board (R4.2, D12.5), pure: tasks counted per unit (the assignee unit, or the assignee person's unit)
 * and per meeting — done, in progress, overdue — and the same as a workbook (XLSX: a sheet per view and the list).
 */
import ExcelJS from 'exceljs';
import type { TaskBoardResponse, TaskCounts, TaskState } from '../../shared/api';
import { vnShortDate } from '../pdf/vn-date';
import { civilDate } from '../conclusions/notice-content';

export type BoardTask = TaskBoardResponse['tasks'][number] & { unitId: string; meetingStartsAt: string };

const empty = (): TaskCounts => ({ total: 0, done: 0, inProgress: 0, overdue: 0 });
const add = (c: TaskCounts, state: TaskState) => {
  c.total += 1;
  if (state === 'done') c.done += 1;
  else if (state === 'overdue') c.overdue += 1;
  else c.inProgress += 1;
};

export function buildBoard(tasks: BoardTask[]): TaskBoardResponse {
  const collator = new Intl.Collator('vi');
  const byUnit = new Map<string, TaskBoardResponse['byUnit'][number]>();
  const byMeeting = new Map<string, TaskBoardResponse['byMeeting'][number]>();
  const totals = empty();
  for (const t of tasks) {
    const u = byUnit.get(t.unitId) ?? { unit: { id: t.unitId, name: t.unitName }, ...empty() };
    const m = byMeeting.get(t.meetingId) ?? { meeting: { id: t.meetingId, title: t.meetingTitle, startsAt: t.meetingStartsAt }, ...empty() };
    add(u, t.state);
    add(m, t.state);
    add(totals, t.state);
    byUnit.set(t.unitId, u);
    byMeeting.set(t.meetingId, m);
  }
  return {
    byUnit: [...byUnit.values()].sort((a, b) => collator.compare(a.unit.name, b.unit.name)),
    byMeeting: [...byMeeting.values()].sort((a, b) => b.meeting.startsAt.localeCompare(a.meeting.startsAt)),
    totals,
    tasks: tasks.map(({ unitId: _unitId, meetingStartsAt: _startsAt, ...t }) => t),
  };
}

const stateLabels: Record<TaskState, string> = { done: 'Đã hoàn thành', in_progress: 'Đang thực hiện', overdue: 'Quá hạn' };
const countHeaders = ['Tổng số', 'Đã hoàn thành', 'Đang thực hiện', 'Quá hạn'];
const countsOf = (c: TaskCounts) => [c.total, c.done, c.inProgress, c.overdue];

export async function boardXlsx(board: TaskBoardResponse, generatedAt: Date): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'GiaoBan';
  book.created = generatedAt;
  const font = { name: 'Times New Roman', size: 12 };
  const sheet = (name: string, title: string, headers: string[], rows: (string | number)[][], widths: number[]) => {
    const ws = book.addWorksheet(name, { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
    ws.getCell(1, 1).value = title;
    ws.getCell(1, 1).font = { ...font, bold: true, size: 14 };
    ws.getCell(2, 1).value = `Lập lúc: ${vnShortDate(generatedAt)}`;
    ws.getCell(2, 1).font = { ...font, italic: true };
    const header = ws.getRow(4);
    headers.forEach((h, i) => {
      const cell = header.getCell(i + 1);
      cell.value = h;
      cell.font = { ...font, bold: true };
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
    });
    rows.forEach((values, r) =>
      values.forEach((v, c) => {
        const cell = ws.getCell(5 + r, c + 1);
        cell.value = v;
        cell.font = font;
      }),
    );
    for (let r = 4; r <= 4 + rows.length; r++)
      for (let c = 1; c <= headers.length; c++) ws.getCell(r, c).border = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } };
    widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
    ws.views = [{ state: 'frozen', ySplit: 4 }];
  };
  sheet(
    'Theo đơn vị',
    'TÌNH HÌNH THỰC HIỆN KẾT LUẬN THEO ĐƠN VỊ',
    ['STT', 'Đơn vị', ...countHeaders],
    [...board.byUnit.map((u, i) => [i + 1, u.unit.name, ...countsOf(u)]), ['', 'Tổng cộng', ...countsOf(board.totals)]],
    [6, 40, 12, 14, 14, 12],
  );
  sheet(
    'Theo cuộc họp',
    'TÌNH HÌNH THỰC HIỆN KẾT LUẬN THEO CUỘC HỌP',
    ['STT', 'Cuộc họp', 'Ngày họp', ...countHeaders],
    board.byMeeting.map((m, i) => [i + 1, m.meeting.title, vnShortDate(new Date(m.meeting.startsAt)), ...countsOf(m)]),
    [6, 50, 12, 12, 14, 14, 12],
  );
  sheet(
    'Nhiệm vụ',
    'DANH SÁCH NHIỆM VỤ',
    ['STT', 'Cuộc họp', 'Nhiệm vụ', 'Người/đơn vị thực hiện', 'Đơn vị', 'Thời hạn', 'Tình trạng'],
    board.tasks.map((t, i) => [i + 1, t.meetingTitle, t.description, t.assigneeName, t.unitName, civilDate(t.deadline), stateLabels[t.state]]),
    [6, 36, 50, 30, 30, 12, 16],
  );
  return Buffer.from(await book.xlsx.writeBuffer());
}
