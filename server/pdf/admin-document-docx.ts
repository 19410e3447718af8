/**
 * The same Vietnamese administrative document (`AdminDocument`, Decree 30/2020 form) as a Word file (.docx, the `docx`
 * package), for the office to edit further: A4, the same margins, Times New Roman, the two-column header (issuing
 * body | national motto, place and date), type and subject, the body, the signature blocks, page numbers from page 2.
 * LibreOffice opens it (tested by converting it to PDF and reading the text back).
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type ParagraphChild,
} from 'docx';
import type { AdminDocument, RichText } from './admin-document';
import { vnLongDate } from './vn-date';

const FONT = 'Times New Roman';
/** twentieths of a point per millimetre */
const MM = 1440 / 25.4;
const noBorder = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const noBorders = { top: noBorder, bottom: noBorder, left: noBorder, right: noBorder, insideHorizontal: noBorder, insideVertical: noBorder };

const run = (text: string, pt: number, style: { bold?: boolean; italics?: boolean } = {}) => new TextRun({ text, font: FONT, size: pt * 2, ...style });
const runsOf = (t: RichText, pt: number): ParagraphChild[] =>
  (typeof t === 'string' ? [{ text: t }] : t).map((r) => run(r.text, pt, { bold: 'bold' in r ? r.bold : undefined, italics: 'italic' in r ? r.italic : undefined }));
const centred = (text: string, pt: number, style: { bold?: boolean; italics?: boolean } = {}, after = 0) =>
  new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after }, children: [run(text, pt, style)] });
const cell = (children: Paragraph[], widthPct: number) => new TableCell({ children, width: { size: widthPct, type: WidthType.PERCENTAGE }, borders: noBorders });
const twoColumns = (left: Paragraph[], right: Paragraph[], leftPct = 42) =>
  new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, borders: noBorders, rows: [new TableRow({ children: [cell(left, leftPct), cell(right, 100 - leftPct)] })] });

export function renderAdminDocx(input: AdminDocument): Promise<Buffer> {
  const size = input.fontSize ?? 14;
  const children: (Paragraph | Table)[] = [];
  const h = input.header;
  children.push(
    twoColumns(
      [
        ...(h.parentBody ? [centred(h.parentBody.toLocaleUpperCase('vi'), 12)] : []),
        centred(h.unit.toLocaleUpperCase('vi'), 12, { bold: true }),
        centred('_______', 12, {}, 120),
        centred(`Số: ${h.number ?? '      /      '}`, 13),
        ...(h.about ? [centred(h.about, 12)] : []),
      ],
      [
        centred('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 12, { bold: true }),
        centred('Độc lập - Tự do - Hạnh phúc', 13, { bold: true }),
        centred('___________________________', 13, {}, 120),
        centred(`${h.place}, ${vnLongDate(h.date)}`, 13, { italics: true }),
      ],
    ),
  );
  if (input.type) children.push(new Paragraph({ spacing: { before: 240 }, alignment: AlignmentType.CENTER, children: [run(input.type.toLocaleUpperCase('vi'), 14, { bold: true })] }));
  else children.push(new Paragraph({ spacing: { before: 240 }, children: [] }));
  if (input.subject) children.push(centred(input.subject, 14, { bold: true }, 240));
  for (const a of input.addressees ?? []) children.push(centred(`Kính gửi: ${a}.`, size, {}, 120));

  const body = (t: RichText, opts: { align?: 'justify' | 'left' | 'center'; indent?: boolean } = {}) =>
    new Paragraph({
      alignment: opts.align === 'center' ? AlignmentType.CENTER : opts.align === 'left' ? AlignmentType.LEFT : AlignmentType.JUSTIFIED,
      indent: opts.indent === false || opts.align === 'center' ? undefined : { firstLine: Math.round(12.7 * MM) },
      spacing: { after: 120, line: 300 },
      children: runsOf(t, size),
    });
  for (const block of input.blocks) {
    if (block.kind === 'paragraph') children.push(body(block.text, block));
    else if (block.kind === 'list') for (const item of block.items) children.push(body([{ text: block.bullet ?? '- ' }, ...(typeof item === 'string' ? [{ text: item }] : item)]));
    else {
      const pt = block.fontSize ?? 12;
      const total = block.columns.reduce((s, c) => s + c.width, 0);
      const row = (cells: string[], bold: boolean) =>
        new TableRow({
          tableHeader: bold,
          children: block.columns.map((c, i) => new TableCell({ width: { size: Math.round((c.width / total) * 100), type: WidthType.PERCENTAGE }, children: [new Paragraph({ children: [run(cells[i] ?? '', pt, { bold })] })] })),
        });
      children.push(new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [row(block.columns.map((c) => c.header), true), ...block.rows.map((r) => row(r, false))] }));
    }
  }

  const signatureBlock = (s: { authority?: string; title: string; name: string }) => [
    ...(s.authority ? [centred(s.authority.toLocaleUpperCase('vi'), 13, { bold: true })] : []),
    centred(s.title.toLocaleUpperCase('vi'), 13, { bold: true }, 1200),
    centred(s.name, 14, { bold: true }),
  ];
  // blocks side by side (minutes: secretary | chair), or the signature with `Nơi nhận:` on its left
  const [leftBlock, rightBlock] = input.signatures?.length === 2 ? input.signatures : [undefined, input.signature];
  const left = leftBlock
    ? signatureBlock(leftBlock)
    : input.recipients
      ? [
          new Paragraph({ children: [run('Nơi nhận:', 12, { bold: true, italics: true })] }),
          ...(input.recipients.some((r) => /^Lưu\b/.test(r)) ? input.recipients : [...input.recipients, 'Lưu: VT.']).map((l) => new Paragraph({ children: [run(`- ${l}`, 11)] })),
        ]
      : [new Paragraph({ children: [] })];
  if (rightBlock || leftBlock || input.recipients) {
    children.push(new Paragraph({ spacing: { before: 240 }, children: [] }));
    children.push(twoColumns(left, rightBlock ? signatureBlock(rightBlock) : [new Paragraph({ children: [] })], 50));
  }

  const doc = new Document({
    creator: 'GiaoBan',
    title: input.title ?? [input.type, input.subject].filter(Boolean).join(' — '),
    styles: { default: { document: { run: { font: FONT, size: size * 2 } } } },
    sections: [
      {
        properties: {
          titlePage: true, // page numbers from page 2 (the first page has its own, empty header)
          page: {
            size: input.landscape ? { width: Math.round(297 * MM), height: Math.round(210 * MM), orientation: 'landscape' as never } : { width: Math.round(210 * MM), height: Math.round(297 * MM) },
            margin: { top: Math.round(20 * MM), bottom: Math.round(20 * MM), left: Math.round(30 * MM), right: Math.round(15 * MM) },
          },
        },
        headers: {
          default: new Header({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: 26 })] })] }),
          first: new Header({ children: [new Paragraph({ children: [] })] }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
