/**
 * Vietnamese administrative documents as PDF (Decree 30/2020/NĐ-CP, Appendix I; VIETNAMESE-CONVENTIONS.md):
 * invitations (giấy mời), the weekly schedule, notices. A4, margins top 20, bottom 20, left 30, right 15 mm, Liberation
 * Serif 2 (metric-compatible with Times New Roman, full Vietnamese glyphs) embedded; the two-column header (issuing
 * body | national motto, place and date), the type and subject, the body (paragraphs, lists, simple tables), the
 * signature block on the right and `Nơi nhận:` on the left, page numbers from page 2 centred at the top.
 *
 * General on purpose: callers describe the document (`AdminDocument`), this module lays it out.
 */
import fs from 'node:fs';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { vnLongDate } from './vn-date';

/** A piece of text with its own style inside a paragraph or list item. */
export interface Run {
  text: string;
  bold?: boolean;
  italic?: boolean;
}
export type RichText = string | Run[];

export type Block =
  /** A body paragraph: justified with a first-line indent unless told otherwise. */
  | { kind: 'paragraph'; text: RichText; align?: 'justify' | 'left' | 'center'; indent?: boolean }
  /** Items each on their own line, introduced by `bullet` (default `- `), indented like paragraphs. */
  | { kind: 'list'; items: RichText[]; bullet?: string }
  /** A simple grid; `width`s are relative. The header row repeats on each new page. */
  | { kind: 'table'; columns: { header: string; width: number; align?: 'left' | 'center' | 'right' }[]; rows: string[][]; fontSize?: number };

export interface AdminDocument {
  header: {
    /** Cơ quan chủ quản, upright capitals (optional). */
    parentBody?: string;
    /** The issuing unit, bold capitals. */
    unit: string;
    /** Số và ký hiệu, e.g. `…/GM-UBND`; `Số: ` is printed before it. */
    number?: string;
    /** Trích yếu of a dispatch (công văn), `V/v …`, printed under the number in the left column. */
    about?: string;
    /** Địa danh, e.g. `Lâm Đồng`. */
    place: string;
    date: Date;
  };
  /** `GIẤY MỜI`, `THÔNG BÁO`, `LỊCH CÔNG TÁC TUẦN` … (printed in capitals); empty for a dispatch (`header.about`). */
  type: string;
  /** Trích yếu, in bold under the type. */
  subject?: string;
  /**
   * `Kính gửi:` — to whom the document is addressed, under the subject: one on the same line, several as a list.
   * A document with addressees lists `Như trên` among its recipients.
   */
  addressees?: string[];
  blocks: Block[];
  signature?: SignatureBlock;
  /**
   * Several signature blocks side by side in one row instead (minutes: `THƯ KÝ` on the left, `CHỦ TỌA` on the
   * right), in the order they sign; no `Nơi nhận:` beside them.
   */
  signatures?: SignatureBlock[];
  /** `Nơi nhận:` lines (without the leading dash); `- Lưu: VT.` is added when missing. */
  recipients?: string[];
  /** Landscape A4 (wide tables such as a weekly schedule). */
  landscape?: boolean;
  /** Body size, 13 or 14 pt (default 14). */
  fontSize?: 13 | 14;
  /** PDF metadata title; defaults to the type and subject. */
  title?: string;
}

export interface SignatureBlock {
  /** `KT. CHỦ TỊCH`, `TL. CHÁNH VĂN PHÒNG` … (bold capitals). */
  authority?: string;
  /** The signer's title (bold capitals). */
  title: string;
  /** The signer's name (bold); empty leaves the space only. */
  name: string;
}

/**
 * Each signature block's space carries an empty PDF signature field named `signature-1`, `signature-2` … in the
 * order the blocks sign: the digital signatures (server/signatures/) fill them one by one.
 */
export const SIGNATURE_FIELD_PREFIX = 'signature-';

const MM = 72 / 25.4;
const MARGINS = { top: 20 * MM, bottom: 20 * MM, left: 30 * MM, right: 15 * MM };
/**
 * Liberation Serif 2 (Debian package fonts-liberation2): the 1.07 faces of the older package fonts-liberation have no
 * Vietnamese letters with two marks (ệ, ư, ở …) and would print blanks, so they are not used.
 */
const FONT_DIR = '/usr/share/fonts/truetype/liberation2';
const FONT_FILES = { regular: 'LiberationSerif-Regular.ttf', bold: 'LiberationSerif-Bold.ttf', italic: 'LiberationSerif-Italic.ttf', boldItalic: 'LiberationSerif-BoldItalic.ttf' } as const;
type FontName = keyof typeof FONT_FILES;

export class PdfFontMissingError extends Error {}

let fontCache: Record<FontName, Buffer> | undefined;
/** The four Liberation Serif faces (Debian package fonts-liberation), read once. */
function fonts(): Record<FontName, Buffer> {
  if (fontCache) return fontCache;
  const loaded = {} as Record<FontName, Buffer>;
  for (const [name, file] of Object.entries(FONT_FILES) as [FontName, string][]) {
    const p = path.join(FONT_DIR, file);
    if (!fs.existsSync(p)) throw new PdfFontMissingError(`PDF font missing: ${p} — install the Debian package fonts-liberation2 (scripts/setup.sh does)`);
    loaded[name] = fs.readFileSync(p);
  }
  return (fontCache = loaded);
}

const faceOf = (r: { bold?: boolean; italic?: boolean }): FontName => (r.bold ? (r.italic ? 'boldItalic' : 'bold') : r.italic ? 'italic' : 'regular');
const runsOf = (t: RichText): Run[] => (typeof t === 'string' ? [{ text: t }] : t);

/** Renders the document; rejects with PdfFontMissingError when the fonts are not installed. */
export function renderAdminDocument(input: AdminDocument): Promise<Buffer> {
  const faces = fonts();
  const size = input.fontSize ?? 14;
  const doc = new PDFDocument({
    size: 'A4',
    layout: input.landscape ? 'landscape' : 'portrait',
    margins: MARGINS,
    bufferPages: true,
    autoFirstPage: true,
    lang: 'vi-VN',
    info: { Title: input.title ?? [input.type, input.subject].filter(Boolean).join(' — '), Creator: 'GiaoBan', Producer: 'GiaoBan' },
  });
  for (const [name, data] of Object.entries(faces)) doc.registerFont(name, data);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const left = MARGINS.left;
  const width = doc.page.width - MARGINS.left - MARGINS.right;
  const bottom = () => doc.page.height - MARGINS.bottom;

  // ---- header: two columns (issuing body | motto), each centred in its column
  const leftW = Math.min(80 * MM, width * 0.42);
  const rightX = left + leftW;
  const rightW = width - leftW;
  const top = doc.y;
  let y = top;
  const centred = (text: string, x: number, w: number, face: FontName, pt: number) => {
    doc.font(face).fontSize(pt).text(text, x, y, { width: w, align: 'center' });
    y = doc.y;
  };
  const rule = (x: number, w: number, lineWidth: number) => {
    doc.moveTo(x + (w - lineWidth) / 2, y + 1).lineTo(x + (w + lineWidth) / 2, y + 1).lineWidth(0.6).stroke();
    y += 4;
  };
  if (input.header.parentBody) centred(input.header.parentBody.toLocaleUpperCase('vi'), left, leftW, 'regular', 12);
  centred(input.header.unit.toLocaleUpperCase('vi'), left, leftW, 'bold', 12);
  rule(left, leftW, leftW / 3);
  y += 4;
  centred(`Số: ${input.header.number ?? '      /      '}`, left, leftW, 'regular', 13);
  if (input.header.about) centred(input.header.about, left, leftW, 'regular', 12);
  const leftEnd = y;

  y = top;
  centred('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', rightX, rightW, 'bold', 12);
  const motto = 'Độc lập - Tự do - Hạnh phúc';
  centred(motto, rightX, rightW, 'bold', 13);
  rule(rightX, rightW, doc.font('bold').fontSize(13).widthOfString(motto));
  y += 4;
  centred(`${input.header.place}, ${vnLongDate(input.header.date)}`, rightX, rightW, 'italic', 13);
  y = Math.max(y, leftEnd) + 14;

  // ---- type and subject
  doc.y = y;
  if (input.type) doc.font('bold').fontSize(14).text(input.type.toLocaleUpperCase('vi'), left, y, { width, align: 'center' });
  if (input.subject) doc.font('bold').fontSize(14).text(input.subject, left, doc.y + 2, { width, align: 'center' });
  doc.y += 12;

  // ---- Kính gửi: one addressee on the line itself, several each on a line of its own, the last ending with "."
  const addressees = input.addressees ?? [];
  if (addressees.length === 1) {
    doc.font('regular').fontSize(size).text(`Kính gửi: ${addressees[0]}.`, left, doc.y, { width, align: 'center' });
    doc.y += 8;
  } else if (addressees.length > 1) {
    const labelW = doc.font('regular').fontSize(size).widthOfString('Kính gửi: ');
    const listX = left + width * 0.25;
    const top = doc.y;
    doc.text('Kính gửi:', listX - labelW, top, { width: labelW, lineBreak: false });
    doc.y = top;
    addressees.forEach((a, i) => doc.text(`- ${a}${i === addressees.length - 1 ? '.' : ';'}`, listX, doc.y, { width: width * 0.75 }));
    doc.y += 8;
  }

  // ---- body
  const indent = 12.7 * MM; // first-line indent 1.27 cm
  const writeRich = (t: RichText, opts: { align: 'justify' | 'left' | 'center'; indent: number; x: number; w: number }) => {
    const runs = runsOf(t).filter((r) => r.text.length > 0);
    if (!runs.length) return;
    runs.forEach((r, i) => {
      const last = i === runs.length - 1;
      doc.font(faceOf(r)).fontSize(size);
      const o = { width: opts.w, align: opts.align, lineGap: 2, continued: !last, ...(i === 0 ? { indent: opts.indent } : {}) };
      if (i === 0) doc.text(r.text, opts.x, doc.y, o);
      else doc.text(r.text, o);
    });
    doc.y += 6; // at least 6 pt between paragraphs
  };
  for (const block of input.blocks) {
    if (block.kind === 'paragraph') {
      const align = block.align ?? 'justify';
      writeRich(block.text, { align, indent: block.indent === false || align === 'center' ? 0 : indent, x: left, w: width });
    } else if (block.kind === 'list') {
      for (const item of block.items) {
        const runs = runsOf(item);
        writeRich([{ text: block.bullet ?? '- ' }, ...runs], { align: 'justify', indent, x: left, w: width });
      }
    } else {
      drawTable(doc, block, left, width, bottom);
    }
  }

  // ---- empty signature fields, one per signature block (filled by the digital signatures in order)
  const signatureFields: PDFKit.PDFKitReference[] = [];
  const signatureField = (x: number, top: number, w: number, h: number) => {
    const pageHeight = doc.page.height;
    const field = doc.ref({
      Type: 'Annot',
      Subtype: 'Widget',
      FT: 'Sig',
      T: new String(`${SIGNATURE_FIELD_PREFIX}${signatureFields.length + 1}`),
      F: 4,
      Rect: [x, pageHeight - (top + h), x + w, pageHeight - top],
      P: doc.page.dictionary,
    });
    (field as unknown as { end(): void }).end();
    doc.page.annotations.push(field);
    signatureFields.push(field);
  };
  const SIGN_SPACE = 64;

  // ---- several signature blocks side by side (minutes: secretary | chair)
  if (input.signatures?.length) {
    doc.y += 10;
    const blocks = input.signatures;
    const colW = width / blocks.length;
    const sigLines = Math.max(...blocks.map((b) => [b.authority, b.title].filter(Boolean).length));
    if (doc.y + (sigLines + 1) * 18 + SIGN_SPACE + 10 > bottom()) doc.addPage();
    const startY = doc.y;
    let endY = startY;
    blocks.forEach((block, i) => {
      const x = left + i * colW;
      y = startY;
      if (block.authority) centred(block.authority.toLocaleUpperCase('vi'), x, colW, 'bold', 13);
      centred(block.title.toLocaleUpperCase('vi'), x, colW, 'bold', 13);
      signatureField(x + 8, y + 2, colW - 16, SIGN_SPACE - 4);
      y += SIGN_SPACE;
      if (block.name) centred(block.name, x, colW, 'bold', 14);
      endY = Math.max(endY, y);
    });
    doc.y = endY;
  }

  // ---- signature (right) and recipients (left), side by side
  if (input.signature || input.recipients) {
    doc.y += 10;
    const sigW = width * 0.5;
    const sigX = left + width - sigW;
    const recW = width * 0.5 - 10;
    const sigLines = [input.signature?.authority, input.signature?.title].filter(Boolean).length;
    const needed = Math.max((sigLines + 1) * 18 + 70, (input.recipients?.length ?? 0) * 14 + 30);
    if (doc.y + needed > bottom()) doc.addPage();
    const startY = doc.y;
    let endY = startY;
    if (input.signature) {
      y = startY;
      if (input.signature.authority) centred(input.signature.authority.toLocaleUpperCase('vi'), sigX, sigW, 'bold', 13);
      centred(input.signature.title.toLocaleUpperCase('vi'), sigX, sigW, 'bold', 13);
      signatureField(sigX + 16, y + 2, sigW - 32, SIGN_SPACE - 4);
      y += SIGN_SPACE; // space for the signature or the digital-signature appearance
      if (input.signature.name) centred(input.signature.name, sigX, sigW, 'bold', 14);
      endY = Math.max(endY, y);
    }
    if (input.recipients) {
      const lines = input.recipients.some((r) => /^Lưu\b/.test(r)) ? input.recipients : [...input.recipients, 'Lưu: VT.'];
      doc.font('boldItalic').fontSize(12).text('Nơi nhận:', left, startY, { width: recW });
      for (const line of lines) doc.font('regular').fontSize(11).text(`- ${line}`, left, doc.y, { width: recW });
      endY = Math.max(endY, doc.y);
    }
    doc.y = endY;
  }

  if (signatureFields.length) {
    // PDFKit's own form (ended with the document); signatures only, no appearances
    // to regenerate (SigFlags 3: signatures exist, append only)
    doc.font('regular').initForm();
    const form = (doc as unknown as { _root: { data: { AcroForm: { data: Record<string, unknown> & { Fields: unknown[] } } } } })._root.data.AcroForm.data;
    form.Fields.push(...signatureFields);
    delete form.NeedAppearances;
    form.SigFlags = 3;
  }

  // ---- page numbers from page 2, centred at the top (in the top margin)
  const range = doc.bufferedPageRange();
  for (let i = range.start + 1; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const savedTop = doc.page.margins.top;
    doc.page.margins.top = 0;
    doc.font('regular').fontSize(13).text(String(i - range.start + 1), left, 8 * MM, { width, align: 'center', lineBreak: false });
    doc.page.margins.top = savedTop;
  }
  doc.end();
  return done;
}

function drawTable(doc: PDFKit.PDFDocument, table: Extract<Block, { kind: 'table' }>, x: number, width: number, bottom: () => number) {
  const pt = table.fontSize ?? 12;
  const total = table.columns.reduce((s, c) => s + c.width, 0);
  const widths = table.columns.map((c) => (c.width / total) * width);
  const pad = 3;
  const rowHeight = (cells: string[], face: FontName) => {
    doc.font(face).fontSize(pt);
    return Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: widths[i]! - 2 * pad }))) + 2 * pad;
  };
  const drawRow = (cells: string[], face: FontName, header: boolean) => {
    const h = rowHeight(cells, face);
    let top = doc.y;
    if (top + h > bottom()) {
      doc.addPage();
      top = doc.y;
      if (!header) drawRow(table.columns.map((c) => c.header), 'bold', true);
      top = doc.y;
    }
    let cx = x;
    cells.forEach((c, i) => {
      const w = widths[i]!;
      doc.rect(cx, top, w, h).lineWidth(0.5).stroke();
      doc.font(face).fontSize(pt).text(c, cx + pad, top + pad, { width: w - 2 * pad, align: header ? 'center' : (table.columns[i]!.align ?? 'left') });
      cx += w;
    });
    doc.x = x;
    doc.y = top + h;
  };
  drawRow(table.columns.map((c) => c.header), 'bold', true);
  for (const row of table.rows) drawRow(table.columns.map((_, i) => row[i] ?? ''), 'regular', false);
  doc.y += 8;
}
