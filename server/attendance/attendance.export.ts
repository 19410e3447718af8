/**
 * The attendance list as files (R4.3): CSV (UTF-8 with BOM, Vietnamese headers, times `dd/MM/yyyy HH:mm` in
 * Asia/Ho_Chi_Minh) and XLSX (a header block with the meeting's title and date, then the same table, with real
 * date and duration cells so that a spreadsheet can sum time present).
 */
import ExcelJS from 'exceljs';
import type { AttendanceLineView, AttendanceView } from '../../shared/api';
import type { MeetingRole } from '../../shared/protocol';
import { writeCsv } from '../http/csv';

export const HOME_TIME_ZONE = 'Asia/Ho_Chi_Minh';
/** Vietnam has kept UTC+7 without daylight saving since 1975: a fixed offset is exact. */
const HOME_OFFSET_MS = 7 * 3600_000;

const homeParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: HOME_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** `2027-01-05T07:30:00Z` → `05/01/2027 14:30`, whatever the server's own time zone. */
export function formatHomeDateTime(iso: string): string {
  const p: Record<string, string> = {};
  for (const part of homeParts.formatToParts(new Date(iso))) p[part.type] = part.value;
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

/** 3_723_000 → `1:02:03`. */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

export const roleLabels: Record<MeetingRole, string> = {
  chair: 'Chủ trì',
  chair_technician: 'Kỹ thuật điểm cầu chủ tọa',
  endpoint_technician: 'Kỹ thuật điểm cầu',
  endpoint: 'Điểm cầu',
  delegate: 'Đại biểu',
  observer: 'Cán bộ kỹ thuật (quan sát)',
};

export const attendanceHeaders = [
  'STT',
  'Họ và tên',
  'Chức vụ',
  'Đơn vị',
  'Điểm cầu',
  'Vai trò',
  'Vào lần đầu',
  'Rời lần cuối',
  'Thời gian có mặt (giờ:phút:giây)',
  'Số lần vào',
  'Rời sớm',
  'Được chủ trì đồng ý',
  'Mất kết nối',
  'Bị mời ra',
  'Số lượt phát biểu',
  'Thời gian phát biểu (giờ:phút:giây)',
];

const STILL_PRESENT = 'Còn trong phòng họp';
const yesNo = (v: boolean) => (v ? 'Có' : 'Không');

function textCells(line: AttendanceLineView, i: number): string[] {
  return [
    String(i + 1),
    line.name,
    line.title,
    line.unit,
    line.endpoint ?? '',
    roleLabels[line.role],
    formatHomeDateTime(line.firstJoin),
    line.lastLeave ? formatHomeDateTime(line.lastLeave) : STILL_PRESENT,
    formatDuration(line.presentMs),
    String(line.entries),
    yesNo(line.leftEarly),
    line.leftWithConsent === null ? '' : yesNo(line.leftWithConsent),
    yesNo(line.connectionLost),
    yesNo(line.removed),
    String(line.speakingTurns),
    formatDuration(line.speakingMs),
  ];
}

export function attendanceCsv(view: AttendanceView): string {
  return writeCsv([attendanceHeaders, ...view.lines.map(textCells)]);
}

/** A spreadsheet date cell shows the wall-clock time it holds: Vietnam's, shifted from UTC by the fixed offset. */
const homeDateCell = (iso: string) => new Date(new Date(iso).getTime() + HOME_OFFSET_MS);
const dayFraction = (ms: number) => Math.round(ms / 1000) / 86_400;

/** The header block's rows, then the table from row `ATTENDANCE_TABLE_ROW`. */
export const ATTENDANCE_TABLE_ROW = 7;

export async function attendanceXlsx(view: AttendanceView): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'GiaoBan';
  book.created = new Date(view.generatedAt);
  const sheet = book.addWorksheet('Điểm danh', { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  const { meeting } = view;
  const lastColumn = attendanceHeaders.length;
  const block = [
    ['DANH SÁCH THAM DỰ CUỘC HỌP', { bold: true, size: 14 }],
    [meeting.title, { bold: true, size: 13 }],
    [`Thời gian: ${formatHomeDateTime(meeting.startsAt)} – ${formatHomeDateTime(meeting.endsAt)}${meeting.endedAt ? ` (kết thúc lúc ${formatHomeDateTime(meeting.endedAt)})` : ''}`, {}],
    [`Đơn vị chủ trì: ${meeting.hostUnit}`, {}],
    [`Lập lúc: ${formatHomeDateTime(view.generatedAt)} — tính từ nhật ký cuộc họp`, { italic: true }],
  ] as const;
  block.forEach(([text, font], i) => {
    const row = sheet.getRow(i + 1);
    row.getCell(1).value = text;
    row.getCell(1).font = { name: 'Times New Roman', size: 12, ...font };
    sheet.mergeCells(i + 1, 1, i + 1, lastColumn);
    row.getCell(1).alignment = { horizontal: 'center' };
  });

  const header = sheet.getRow(ATTENDANCE_TABLE_ROW);
  attendanceHeaders.forEach((h, i) => {
    const cell = header.getCell(i + 1);
    cell.value = h;
    cell.font = { name: 'Times New Roman', size: 12, bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
  });
  view.lines.forEach((line, i) => {
    const row = sheet.getRow(ATTENDANCE_TABLE_ROW + 1 + i);
    const values: (string | number | Date)[] = [
      i + 1,
      line.name,
      line.title,
      line.unit,
      line.endpoint ?? '',
      roleLabels[line.role],
      homeDateCell(line.firstJoin),
      line.lastLeave ? homeDateCell(line.lastLeave) : STILL_PRESENT,
      dayFraction(line.presentMs),
      line.entries,
      yesNo(line.leftEarly),
      line.leftWithConsent === null ? '' : yesNo(line.leftWithConsent),
      yesNo(line.connectionLost),
      yesNo(line.removed),
      line.speakingTurns,
      dayFraction(line.speakingMs),
    ];
    values.forEach((v, c) => {
      const cell = row.getCell(c + 1);
      cell.value = v;
      cell.font = { name: 'Times New Roman', size: 12 };
      if (v instanceof Date) cell.numFmt = 'dd/mm/yyyy hh:mm';
      if (c === 8 || c === 15) cell.numFmt = '[h]:mm:ss';
    });
  });
  const widths = [6, 26, 22, 28, 24, 18, 17, 17, 12, 9, 9, 12, 10, 10, 11, 12];
  widths.forEach((w, i) => (sheet.getColumn(i + 1).width = w));
  const lastRow = ATTENDANCE_TABLE_ROW + view.lines.length;
  for (let r = ATTENDANCE_TABLE_ROW; r <= lastRow; r++) {
    for (let c = 1; c <= lastColumn; c++) {
      sheet.getCell(r, c).border = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } };
    }
  }
  sheet.views = [{ state: 'frozen', ySplit: ATTENDANCE_TABLE_ROW }];
  return Buffer.from(await book.xlsx.writeBuffer());
}
