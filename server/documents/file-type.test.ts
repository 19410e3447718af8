import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { docxLike, makeZip, tinyPng } from '../test/document-fixtures';
import { HEAD_BYTES, matchesType, zipEntryNames, zipEntryNamesOf } from './file-type';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('R2.1 meeting documents are what they claim to be', () => {
  it('a PDF, a PNG, a JPEG and a legacy Office file are recognised by their first bytes', () => {
    expect(matchesType('application/pdf', Buffer.from('%PDF-1.4\n%…'), null)).toBe(true);
    expect(matchesType('application/pdf', tinyPng(), null)).toBe(false);
    expect(matchesType('image/png', tinyPng().subarray(0, HEAD_BYTES), null)).toBe(true);
    expect(matchesType('image/jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), null)).toBe(true);
    expect(matchesType('image/jpeg', tinyPng(), null)).toBe(false);
    const ole = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]);
    expect(matchesType('application/msword', ole, null)).toBe(true);
    expect(matchesType('application/msword', Buffer.from('%PDF-1.4'), null)).toBe(false);
    expect(matchesType('application/pdf', Buffer.from('%PD'), null)).toBe(false);
  });

  it('an Office Open XML file needs [Content_Types].xml and the part of its application', () => {
    const docx = docxLike();
    const names = zipEntryNamesOf(docx);
    expect(names).toEqual(['[Content_Types].xml', '_rels/.rels', 'word/document.xml']);
    expect(matchesType(DOCX, docx, names)).toBe(true);
    expect(matchesType(XLSX, docx, names)).toBe(false); // a Word file claimed as a spreadsheet
    const plainZip = makeZip({ 'word/document.xml': 'x' });
    expect(matchesType(DOCX, plainZip, zipEntryNamesOf(plainZip))).toBe(false);
    expect(matchesType(DOCX, docx, null)).toBe(false);
    expect(zipEntryNamesOf(Buffer.from('PK\x03\x04 not really a zip at all, no end record'))).toBeNull();
  });

  it('reads the central directory from a file without extracting', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gb-zip-'));
    try {
      const file = path.join(dir, 'a.docx');
      fs.writeFileSync(file, docxLike());
      expect(await zipEntryNames(file)).toContain('word/document.xml');
      fs.writeFileSync(file, tinyPng());
      expect(await zipEntryNames(file)).toBeNull();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
