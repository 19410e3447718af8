import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv';

describe('CSV reader', () => {
  it('reads quoted fields, doubled quotes, CRLF, a BOM and Vietnamese text', () => {
    expect(parseCsv('\uFEFFcode,name\r\nSO-TC,"Sở Tài chính, tỉnh ""Đắk Nông"""\r\n\r\nX,y\n')).toEqual([
      ['code', 'name'],
      ['SO-TC', 'Sở Tài chính, tỉnh "Đắk Nông"'],
      ['X', 'y'],
    ]);
  });
  it('keeps empty fields', () => {
    expect(parseCsv('a,,c')).toEqual([['a', '', 'c']]);
  });
});
