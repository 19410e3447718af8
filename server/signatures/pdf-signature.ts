/**
 * PDF signatures as incremental updates (ISO 32000-1 §12.8, PAdES): the document is never rewritten; each signature
 * appends the signature dictionary, an appearance and the filled signature field, a cross-reference section and a
 * trailer pointing back (/Prev), so every earlier signature still covers the bytes it signed. The documents come
 * from `server/pdf/admin-document.ts` (PDFKit: classic cross-reference tables, one empty signature field per
 * signature block); the parser here reads that kind of file only (no cross-reference streams) and refuses others.
 */
import { SIGNATURE_FIELD_PREFIX } from '../pdf/admin-document';

export class PdfStructureError extends Error {}

/** Room for the CMS in /Contents (bytes): a certificate chain of three RSA certificates fits with margin. */
const CONTENTS_BYTES = 16384;

interface PdfIndex {
  offsets: Map<number, number>;
  size: number;
  root: string;
  info?: string;
  id?: string;
  startxref: number;
}

const latin1 = (b: Buffer) => b.toString('latin1');

function readIndex(pdf: Buffer): PdfIndex {
  const text = latin1(pdf.subarray(Math.max(0, pdf.length - 1024)));
  const m = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(text);
  if (!m) throw new PdfStructureError('no startxref at the end');
  const startxref = Number(m[1]);
  const offsets = new Map<number, number>();
  let trailer: string | undefined;
  let at: number | undefined = startxref;
  const seen = new Set<number>();
  while (at !== undefined && !seen.has(at)) {
    seen.add(at);
    const chunk = latin1(pdf.subarray(at, Math.min(pdf.length, at + 1_000_000)));
    if (!chunk.startsWith('xref')) throw new PdfStructureError('cross-reference streams are not supported');
    let pos = 4;
    const header = /\s*(\d+)\s+(\d+)\s*?[\r\n]+/y;
    for (;;) {
      header.lastIndex = pos;
      const h = header.exec(chunk);
      if (!h) break;
      const first = Number(h[1]);
      const count = Number(h[2]);
      pos = header.lastIndex;
      for (let i = 0; i < count; i++) {
        const entry = chunk.slice(pos, pos + 20);
        const e = /^(\d{10}) (\d{5}) ([nf])/.exec(entry);
        if (!e) throw new PdfStructureError('bad cross-reference entry');
        if (e[3] === 'n' && !offsets.has(first + i)) offsets.set(first + i, Number(e[1]));
        pos += 20;
      }
    }
    const t = chunk.indexOf('trailer', pos);
    const end = chunk.indexOf('startxref', t);
    const dict = chunk.slice(t + 7, end);
    trailer ??= dict;
    const prev = /\/Prev\s+(\d+)/.exec(dict);
    at = prev ? Number(prev[1]) : undefined;
  }
  if (!trailer) throw new PdfStructureError('no trailer');
  const root = /\/Root\s+(\d+\s+\d+\s+R)/.exec(trailer)?.[1];
  const size = Number(/\/Size\s+(\d+)/.exec(trailer)?.[1]);
  if (!root || !size) throw new PdfStructureError('trailer without /Root or /Size');
  return {
    offsets,
    size,
    root,
    startxref,
    info: /\/Info\s+(\d+\s+\d+\s+R)/.exec(trailer)?.[1],
    id: /\/ID\s*(\[[^\]]*\])/.exec(trailer)?.[1],
  };
}

const refNumber = (ref: string) => Number(ref.trim().split(/\s+/)[0]);

/** The dictionary text of object `num` (between `obj` and `endobj` or `stream`). */
function readObject(pdf: Buffer, index: PdfIndex, num: number): string {
  const offset = index.offsets.get(num);
  if (offset === undefined) throw new PdfStructureError(`object ${num} not found`);
  const chunk = latin1(pdf.subarray(offset, Math.min(pdf.length, offset + 65536)));
  const start = chunk.indexOf('obj');
  let end = chunk.indexOf('endobj', start);
  const stream = chunk.indexOf('stream', start);
  if (stream !== -1 && stream < end) end = stream;
  if (start === -1 || end === -1) throw new PdfStructureError(`object ${num} unreadable`);
  return chunk.slice(start + 3, end).trim();
}

interface SignatureField {
  num: number;
  name: string;
  dict: string;
  signed: boolean;
}

/** The signature fields of the document's form, in their order. */
function signatureFields(pdf: Buffer, index: PdfIndex): SignatureField[] {
  const root = readObject(pdf, index, refNumber(index.root));
  const acroRef = /\/AcroForm\s+(\d+\s+\d+\s+R)/.exec(root)?.[1];
  if (!acroRef) return [];
  const acro = readObject(pdf, index, refNumber(acroRef));
  const fields = /\/Fields\s*\[([^\]]*)\]/.exec(acro)?.[1] ?? '';
  const result: SignatureField[] = [];
  for (const m of fields.matchAll(/(\d+)\s+\d+\s+R/g)) {
    const num = Number(m[1]);
    const dict = readObject(pdf, index, num);
    const name = /\/T\s*\(([^)]*)\)/.exec(dict)?.[1];
    if (!/\/FT\s*\/Sig/.test(dict) || !name) continue;
    result.push({ num, name, dict, signed: /\/V\s+\d+\s+\d+\s+R/.test(dict) });
  }
  return result;
}

/** How many signature fields are still empty. */
export function emptySignatureFields(pdf: Buffer): number {
  return signatureFields(pdf, readIndex(pdf)).filter((f) => !f.signed && f.name.startsWith(SIGNATURE_FIELD_PREFIX)).length;
}

/** A PDF text string (UTF-16BE with its mark, hex): any Vietnamese text. */
export function pdfText(s: string): string {
  const utf16 = Buffer.from(s, 'utf16le').swap16();
  return `<FEFF${utf16.toString('hex').toUpperCase()}>`;
}

/** Reads a PDF string value: literal `( … )` or hex `< … >`, UTF-16BE when it starts with the mark. */
export function readPdfString(raw: string): string {
  let bytes: Buffer;
  if (raw.startsWith('<')) bytes = Buffer.from(raw.slice(1, -1).replace(/\s+/g, ''), 'hex');
  else
    bytes = Buffer.from(
      raw
        .slice(1, -1)
        .replace(/\\([nrtbf()\\]|[0-7]{1,3})/g, (_, c: string) => (/^[0-7]/.test(c) ? String.fromCharCode(parseInt(c, 8)) : ({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' } as Record<string, string>)[c] ?? c)),
      'latin1',
    );
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return bytes.subarray(2).swap16().toString('utf16le');
  return bytes.toString('latin1');
}

/** `D:YYYYMMDDHHmmSS+07'00'` in Vietnam's time. */
function pdfDate(d: Date): string {
  const local = new Date(d.getTime() + 7 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `D:${local.getUTCFullYear()}${p(local.getUTCMonth() + 1)}${p(local.getUTCDate())}${p(local.getUTCHours())}${p(local.getUTCMinutes())}${p(local.getUTCSeconds())}+07'00'`;
}

export interface SignatureAppearance {
  /** Lines of the visible stamp; drawn in a standard font, so letters outside Latin-1 are shown without marks. */
  lines: string[];
}

export interface SignPdfInput {
  /** Signer's name (/Name). */
  name: string;
  /** Why (/Reason): the signer's title and role. */
  reason: string;
  /** Where (/Location): the unit. */
  location: string;
  signingTime: Date;
  appearance?: SignatureAppearance;
  /** Makes the CMS over the covered bytes. */
  cms: (data: Buffer) => Buffer;
}

const ascii = (s: string) =>
  s
    .replace(/[đ]/g, 'd')
    .replace(/[Đ]/g, 'D')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '?')
    .replace(/([()\\])/g, '\\$1');

/**
 * Signs the next empty signature field (in the form's order) as an incremental update; throws PdfStructureError
 * when the document is not of the kind read here or has no empty field left.
 */
export function signNextField(pdf: Buffer, input: SignPdfInput): Buffer {
  const index = readIndex(pdf);
  const field = signatureFields(pdf, index).find((f) => !f.signed && f.name.startsWith(SIGNATURE_FIELD_PREFIX));
  if (!field) throw new PdfStructureError('no empty signature field left');
  const rect = (/\/Rect\s*\[([^\]]*)\]/.exec(field.dict)?.[1] ?? '0 0 0 0').trim().split(/\s+/).map(Number);
  const [x1 = 0, y1 = 0, x2 = 0, y2 = 0] = rect;
  const width = Math.abs(x2 - x1);
  const height = Math.abs(y2 - y1);

  const base = pdf[pdf.length - 1] === 0x0a ? pdf : Buffer.concat([pdf, Buffer.from('\n')]);
  const parts: Buffer[] = [base];
  let length = base.length;
  const written = new Map<number, number>();
  const add = (num: number, body: string | Buffer) => {
    written.set(num, length);
    const chunk = Buffer.concat([Buffer.from(`${num} 0 obj\n`, 'latin1'), typeof body === 'string' ? Buffer.from(body, 'latin1') : body, Buffer.from('\nendobj\n', 'latin1')]);
    parts.push(chunk);
    length += chunk.length;
  };

  const sigNum = index.size;
  const apNum = index.size + 1;
  const fontNum = index.size + 2;
  const byteRangePlaceholder = '/ByteRange [0 0000000000 0000000000 0000000000]';
  const contentsPlaceholder = `<${'0'.repeat(CONTENTS_BYTES * 2)}>`;
  add(
    sigNum,
    `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached ${byteRangePlaceholder} /Contents ${contentsPlaceholder} /M (${pdfDate(input.signingTime)}) /Name ${pdfText(input.name)} /Reason ${pdfText(input.reason)} /Location ${pdfText(input.location)} /Prop_Build << /App << /Name /GiaoBan >> >> >>`,
  );
  // the visible stamp in the signature block: a frame and the lines, Helvetica (every PDF reader has it)
  const lines = input.appearance?.lines ?? [];
  const pt = Math.min(9, lines.length ? (height - 6) / lines.length / 1.2 : 9);
  const text = lines.map((l, i) => `BT /F1 ${pt.toFixed(2)} Tf 4 ${(height - 4 - pt * 1.2 * (i + 1) + pt * 0.25).toFixed(2)} Td (${ascii(l)}) Tj ET`).join('\n');
  const stream = `q 0.75 0 0 RG 0.8 w 1 1 ${(width - 2).toFixed(2)} ${(height - 2).toFixed(2)} re S Q\n0.75 0 0 rg\n${text}\n`;
  add(apNum, `<< /Type /XObject /Subtype /Form /BBox [0 0 ${width.toFixed(2)} ${height.toFixed(2)}] /Resources << /Font << /F1 ${fontNum} 0 R >> >> /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`);
  add(fontNum, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  const fieldDict = field.dict.replace(/\/AP\s*<<[^>]*>>/, '').replace(/>>\s*$/, `/V ${sigNum} 0 R /AP << /N ${apNum} 0 R >>\n>>`);
  add(field.num, fieldDict);

  const xrefAt = length;
  const entries = [...written.entries()].sort((a, b) => a[0] - b[0]);
  let xref = 'xref\n';
  for (const [num, offset] of entries) xref += `${num} 1\n${String(offset).padStart(10, '0')} 00000 n \n`;
  xref += `trailer\n<< /Size ${index.size + 3} /Root ${index.root}${index.info ? ` /Info ${index.info}` : ''}${index.id ? ` /ID ${index.id}` : ''} /Prev ${index.startxref} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  parts.push(Buffer.from(xref, 'latin1'));
  const out = Buffer.concat(parts);

  // fill in the byte range, then the signature over it
  const sigOffset = written.get(sigNum)!;
  const contentsStart = out.indexOf(contentsPlaceholder, sigOffset, 'latin1');
  const contentsEnd = contentsStart + contentsPlaceholder.length;
  const range = `/ByteRange [0 ${contentsStart} ${contentsEnd} ${out.length - contentsEnd}]`.padEnd(byteRangePlaceholder.length, ' ');
  out.write(range, out.indexOf(byteRangePlaceholder, sigOffset, 'latin1'), 'latin1');
  const cms = input.cms(Buffer.concat([out.subarray(0, contentsStart), out.subarray(contentsEnd)]));
  if (cms.length > CONTENTS_BYTES) throw new PdfStructureError('signature larger than its room');
  out.write(cms.toString('hex').toUpperCase(), contentsStart + 1, 'latin1');
  return out;
}

export interface FoundSignature {
  byteRange: [number, number, number, number];
  cms: Buffer;
  /** Bytes the signature covers. */
  covered: Buffer;
  /** The range ends at the end of the file: nothing was added after this signature. */
  coversWholeFile: boolean;
  name: string | null;
  reason: string | null;
  location: string | null;
  signingTime: Date | null;
}

function parsePdfDate(raw: string): Date | null {
  const m = /D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Z+-])?(\d{2})?'?(\d{2})?/.exec(raw);
  if (!m) return null;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', sign, oh = '00', om = '00'] = m;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const offset = sign === '+' || sign === '-' ? (sign === '+' ? 1 : -1) * (Number(oh) * 60 + Number(om)) * 60_000 : 0;
  return new Date(utc - offset);
}

/** Every signature in any PDF, found by its /ByteRange (the verify page reads documents from elsewhere too). */
export function findSignatures(pdf: Buffer): FoundSignature[] {
  const text = latin1(pdf);
  const found: FoundSignature[] = [];
  for (const m of text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)) {
    const [a, b, c, d] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
    if (a !== 0 || b >= c || c + d > pdf.length || text[b] !== '<' || text[c - 1] !== '>') continue;
    const hex = text.slice(b + 1, c - 1).replace(/\s+/g, '');
    if (!/^[0-9a-fA-F]*$/.test(hex)) continue;
    // the signature dictionary around the match, for its name, reason, place and time
    const objStart = text.lastIndexOf(' obj', m.index);
    const objEnd = text.indexOf('endobj', m.index);
    const dict = text.slice(objStart, objEnd === -1 ? undefined : objEnd).replace(hex, '');
    const str = (key: string) => {
      const v = new RegExp(`/${key}\\s*(\\((?:\\\\.|[^\\\\)])*\\)|<[0-9A-Fa-f\\s]*>)`).exec(dict)?.[1];
      return v ? readPdfString(v) : null;
    };
    const when = str('M');
    found.push({
      byteRange: [a, b, c, d],
      cms: Buffer.from(hex, 'hex'),
      covered: Buffer.concat([pdf.subarray(a, b), pdf.subarray(c, c + d)]),
      coversWholeFile: c + d === pdf.length,
      name: str('Name'),
      reason: str('Reason'),
      location: str('Location'),
      signingTime: when ? parsePdfDate(when) : null,
    });
  }
  return found.sort((x, y) => x.byteRange[2] + x.byteRange[3] - (y.byteRange[2] + y.byteRange[3]));
}
