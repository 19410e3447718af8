/**
 * What a meeting document really is, from its bytes (R2.1): the first bytes ("magic") of each accepted format,
 * and for Office Open XML files the names in the zip's central directory (`[Content_Types].xml` and the part of
 * the claimed application: `word/`, `xl/` or `ppt/`), read without extracting anything.
 */
import fs from 'node:fs/promises';
import type { DocumentMediaType } from '../../shared/api/documents';

const PDF = Buffer.from('%PDF-', 'latin1');
const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff]);

type Check = { magic: Buffer; zipPart?: string };
const checks: Record<DocumentMediaType, Check> = {
  'application/pdf': { magic: PDF },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { magic: ZIP, zipPart: 'word/' },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { magic: ZIP, zipPart: 'xl/' },
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': { magic: ZIP, zipPart: 'ppt/' },
  'application/msword': { magic: OLE },
  'application/vnd.ms-excel': { magic: OLE },
  'application/vnd.ms-powerpoint': { magic: OLE },
  'image/png': { magic: PNG },
  'image/jpeg': { magic: JPEG },
};

/** How many leading bytes `matchesType` needs. */
export const HEAD_BYTES = 8;

/**
 * Whether a file whose first bytes are `head` (and, for a zip, whose entry names are `zipNames`) is of the claimed
 * type. `zipNames` null means the central directory could not be read: an Office file is then refused.
 */
export function matchesType(type: DocumentMediaType, head: Buffer, zipNames: readonly string[] | null): boolean {
  const check = checks[type];
  if (head.length < check.magic.length || !head.subarray(0, check.magic.length).equals(check.magic)) return false;
  if (!check.zipPart) return true;
  if (!zipNames) return false;
  return zipNames.includes('[Content_Types].xml') && zipNames.some((n) => n.startsWith(check.zipPart!));
}

/** Whether the claimed type needs the zip's entry names. */
export const needsZipNames = (type: DocumentMediaType) => Boolean(checks[type].zipPart);

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const MAX_ENTRIES = 10_000;

/** The entry names of a zip archive held in `buf` (its central directory), or null if it is not a readable zip. */
export function zipEntryNamesOf(buf: Buffer): string[] | null {
  // The end of central directory record is the last 22 bytes plus a comment of up to 65535 bytes.
  const floor = Math.max(0, buf.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = buf.length - 22; i >= floor; i--) {
    if (buf.readUInt32LE(i) === EOCD_SIGNATURE) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const entries = buf.readUInt16LE(eocd + 10);
  const size = buf.readUInt32LE(eocd + 12);
  const offset = buf.readUInt32LE(eocd + 16);
  if (offset + size > buf.length || entries > MAX_ENTRIES) return null;
  const names: string[] = [];
  let p = offset;
  for (let n = 0; n < entries; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL_SIGNATURE) return null;
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    if (p + 46 + nameLength > buf.length) return null;
    names.push(buf.toString('utf8', p + 46, p + 46 + nameLength));
    p += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

/** The zip entry names of the file at `file`, reading only its end (central directory), or null. */
export async function zipEntryNames(file: string): Promise<string[] | null> {
  const handle = await fs.open(file, 'r');
  try {
    const { size } = await handle.stat();
    if (size < 22) return null;
    // Read the tail that holds the end record; then the central directory it points to.
    const tailLength = Math.min(size, 22 + 0xffff);
    const tail = Buffer.alloc(tailLength);
    await handle.read(tail, 0, tailLength, size - tailLength);
    let eocd = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD_SIGNATURE) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) return null;
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    if (cdOffset + cdSize > size || cdSize > 16 * 1024 * 1024) return null;
    // Rebuild a small buffer: central directory followed by the end record, with the offset made 0.
    const cd = Buffer.alloc(cdSize);
    await handle.read(cd, 0, cdSize, cdOffset);
    const end = Buffer.from(tail.subarray(eocd, eocd + 22));
    end.writeUInt32LE(0, 16);
    return zipEntryNamesOf(Buffer.concat([cd, end]));
  } finally {
    await handle.close();
  }
}
