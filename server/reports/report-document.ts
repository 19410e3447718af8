/**
 * The quarterly report on the template of M's appendix ("MẪU BÁO CÁO TÌNH HÌNH HỌP TRỰC TUYẾN"), as an
 * administrative document (PDF through `server/pdf/admin-document.ts`, DOCX through its Word twin) and as a
 * spreadsheet (XLSX): the unit's parent and name, the national motto, `Số: …`, `V/v báo cáo tình hình họp trực
 * tuyến Quý … năm …`, place and date, `Kính gửi`, the opening sentence citing the decision, section 1 with the
 * table (STT, Nội dung, Số lượng cuộc họp, Số lượng người tham gia, Tỷ lệ đạt yêu cầu (%), Kinh phí (nếu có),
 * Ghi chú), section 2 (proposals), the closing sentence, `Nơi nhận` and the signer's block. The ministry's
 * consolidated report is the same document with one annex table per unit.
 */
import ExcelJS from 'exceljs';
import type { ReportTableLine } from '../../shared/api';
import type { AdminDocument, Block } from '../pdf/admin-document';
import { vnLongDate } from '../pdf/vn-date';
import { romanQuarter } from './report-period';
import { vnNumber } from './report-table';

/** The decision the opening sentence cites (M); the organisation's own when it has another. */
export const REPORT_DECISION =
  'Quyết định số 1151/QĐ-BTNMT ngày 21 tháng 5 năm 2020 của Bộ trưởng Bộ Tài nguyên và Môi trường ban hành Quy chế tổ chức họp trực tuyến của Bộ Tài nguyên và Môi trường';

export const TABLE_HEADERS = ['STT', 'Nội dung', 'Số lượng cuộc họp', 'Số lượng người tham gia', 'Tỷ lệ đạt yêu cầu (%)', 'Kinh phí (nếu có)', 'Ghi chú'] as const;

export interface ReportDocumentInput {
  unit: { name: string; parentName: string | null };
  year: number;
  quarter: number;
  number: string;
  place: string;
  date: Date;
  /** `Bộ Tài nguyên và Môi trường (qua Cục Công nghệ thông tin …)`. */
  addressee: string;
  /** The body the closing sentence sends the report to (`Cục Công nghệ thông tin …`), and for what. */
  closingTo: string;
  /** What for: `để tổng hợp, báo cáo Lãnh đạo Bộ` (a unit), `để theo dõi, chỉ đạo` (the consolidated report). */
  closingPurpose?: string;
  table: ReportTableLine[];
  proposals: string;
  recipients: string[];
  signer: { authority?: string; title: string; name: string };
  /** The ministry's consolidated report: one annex table per unit. */
  annexes?: { unitName: string; table: ReportTableLine[] }[];
  /** When row 1 was counted (shown under the table). */
  figuresAt?: Date;
}

const cells = (l: ReportTableLine): string[] => [l.stt, l.content, vnNumber(l.meetings), vnNumber(l.participants), vnNumber(l.metPercent), l.cost === null ? '' : l.cost === 0 && l.level !== 'total' ? '' : `${vnNumber(l.cost)}`, l.note];

export function tableBlock(table: ReportTableLine[]): Block {
  const widths = [6, 34, 11, 12, 11, 13, 23];
  return {
    kind: 'table',
    fontSize: 11,
    columns: TABLE_HEADERS.map((header, i) => ({ header, width: widths[i]!, align: i === 1 || i === 6 ? ('left' as const) : ('center' as const) })),
    rows: table.map(cells),
  };
}

export const reportSubject = (quarter: number, year: number) => `V/v báo cáo tình hình họp trực tuyến Quý ${romanQuarter(quarter)} năm ${year}`;

export function reportDocument(input: ReportDocumentInput): AdminDocument {
  const period = `Quý ${romanQuarter(input.quarter)} năm ${input.year}`;
  const proposals = input.proposals.trim() ? input.proposals.split(/\n+/).map((p) => p.trim()).filter(Boolean) : ['Không có.'];
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      text: `Thực hiện ${REPORT_DECISION}, ${input.unit.name} báo cáo về tổ chức thực hiện họp trực tuyến ${period} với các nội dung cụ thể như sau:`,
    },
    { kind: 'paragraph', text: [{ text: '1. Thống kê tình hình thực hiện họp trực tuyến', bold: true }] },
    tableBlock(input.table),
    {
      kind: 'paragraph',
      text: [{ text: `(Số liệu dòng 1 lấy từ Hệ thống họp trực tuyến dùng chung${input.figuresAt ? `, tính đến ${vnLongDate(input.figuresAt)}` : ''}; cuộc họp chưa đạt yêu cầu được ghi rõ nguyên nhân trong cột “Ghi chú”.)`, italic: true }],
      indent: false,
    },
    { kind: 'paragraph', text: [{ text: '2. Đề xuất, kiến nghị', bold: true }] },
    ...proposals.map((p): Block => ({ kind: 'paragraph', text: p })),
    {
      kind: 'paragraph',
      text: `Trên đây là báo cáo tình hình họp trực tuyến ${period} của ${input.unit.name}, kính gửi ${input.closingTo} ${input.closingPurpose ?? 'để tổng hợp, báo cáo Lãnh đạo Bộ'}./.`,
    },
  ];
  for (const [i, annex] of (input.annexes ?? []).entries()) {
    blocks.push({ kind: 'paragraph', text: [{ text: `Phụ lục ${i + 1}. ${annex.unitName}`, bold: true }], indent: false });
    blocks.push(tableBlock(annex.table));
  }
  return {
    header: { parentBody: input.unit.parentName ?? undefined, unit: input.unit.name, number: input.number || undefined, about: reportSubject(input.quarter, input.year), place: input.place, date: input.date },
    type: '',
    addressees: [input.addressee],
    blocks,
    signature: input.signer,
    recipients: input.recipients.length ? input.recipients : ['Như trên'],
    fontSize: 13,
    title: `Báo cáo tình hình họp trực tuyến ${period} — ${input.unit.name}`,
  };
}

/** The same report as a workbook: the header lines, the table with real numbers, the proposals; annexes as sheets. */
export async function reportWorkbook(input: ReportDocumentInput): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'GiaoBan';
  const sheet = (name: string, title: string[], table: ReportTableLine[], tail: string[]) => {
    const ws = wb.addWorksheet(name.slice(0, 31).replace(/[\\/*?:[\]]/g, ' '));
    ws.columns = [{ width: 6 }, { width: 48 }, { width: 14 }, { width: 16 }, { width: 14 }, { width: 18 }, { width: 48 }];
    for (const t of title) {
      const row = ws.addRow([t]);
      ws.mergeCells(row.number, 1, row.number, 7);
      row.getCell(1).alignment = { horizontal: 'center', wrapText: true };
      row.font = { bold: true };
    }
    ws.addRow([]);
    const head = ws.addRow([...TABLE_HEADERS]);
    head.font = { bold: true };
    head.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    for (const l of table) {
      const row = ws.addRow([l.stt, l.content, l.meetings, l.participants, l.metPercent, l.cost === 0 && l.level === 'line' ? null : l.cost, l.note]);
      if (l.level !== 'line') row.font = { bold: true };
      row.getCell(6).numFmt = '#,##0';
      row.getCell(7).alignment = { wrapText: true };
    }
    for (const t of tail) ws.addRow([t]);
    return ws;
  };
  const period = `Quý ${romanQuarter(input.quarter)} năm ${input.year}`;
  sheet(
    'Báo cáo',
    [...(input.unit.parentName ? [input.unit.parentName.toLocaleUpperCase('vi')] : []), input.unit.name.toLocaleUpperCase('vi'), `Số: ${input.number || '…'}`, reportSubject(input.quarter, input.year), `BÁO CÁO TÌNH HÌNH HỌP TRỰC TUYẾN ${period.toLocaleUpperCase('vi')}`],
    input.table,
    ['', '2. Đề xuất, kiến nghị', ...(input.proposals.trim() ? input.proposals.split(/\n+/) : ['Không có.']), '', `${input.signer.authority ? `${input.signer.authority} ` : ''}${input.signer.title}: ${input.signer.name}`],
  );
  for (const [i, annex] of (input.annexes ?? []).entries()) sheet(`PL${i + 1} ${annex.unitName}`, [`Phụ lục ${i + 1}. ${annex.unitName}`, period], annex.table, []);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
