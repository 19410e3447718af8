import { describe, expect, it } from 'vitest';
import { dateTimeLocalToIso, dayToIso, formatDateField, parseDateField, formatDateTime, formatDateTimeSeconds, formatTimeRange, matchesSearch, toDateTimeLocalValue } from './format';
import { sortPeople } from '../../shared/people-order';

describe('dates in Asia/Ho_Chi_Minh', () => {
  it('shows UTC instants as Vietnam time dd/MM/yyyy HH:mm', () => {
    expect(formatDateTime('2027-01-05T07:30:00Z')).toBe('05/01/2027 14:30');
    expect(formatDateTime('2026-12-31T17:00:00Z')).toBe('01/01/2027 00:00');
  });

  it('shortens a range within one day and keeps both dates across midnight', () => {
    expect(formatTimeRange('2027-01-05T01:00:00Z', '2027-01-05T03:30:00Z')).toBe('05/01/2027 08:00 – 10:30');
    expect(formatTimeRange('2027-01-05T15:00:00Z', '2027-01-05T18:00:00Z')).toBe('05/01/2027 22:00 – 06/01/2027 01:00');
  });

  it('reads datetime-local values as Vietnam time, round trip', () => {
    expect(dateTimeLocalToIso('2027-01-05T14:30')).toBe('2027-01-05T14:30:00+07:00');
    expect(dateTimeLocalToIso('')).toBeNull();
    const iso = dateTimeLocalToIso('2027-03-01T08:15')!;
    expect(new Date(iso).toISOString()).toBe('2027-03-01T01:15:00.000Z');
    expect(toDateTimeLocalValue(new Date(iso))).toBe('2027-03-01T08:15');
  });
});

describe('the audit trail’s times (R1.5)', () => {
  it('shows seconds, in Vietnam time', () => {
    expect(formatDateTimeSeconds('2027-01-05T07:30:09Z')).toBe('05/01/2027 14:30:09');
    expect(formatDateTimeSeconds('2026-12-31T16:59:59.999Z')).toBe('31/12/2026 23:59:59');
  });

  it('turns a picked day into the whole of that day in Vietnam', () => {
    expect(dayToIso('2027-01-05')).toBe('2027-01-05T00:00:00+07:00');
    expect(dayToIso('2027-01-05', true)).toBe('2027-01-05T23:59:59.999+07:00');
    expect(new Date(dayToIso('2027-01-05')!).toISOString()).toBe('2027-01-04T17:00:00.000Z');
    expect(dayToIso('')).toBeNull();
    expect(dayToIso('05/01/2027')).toBeNull();
  });
});

describe('people', () => {
  it('sort by given name with Vietnamese collation', () => {
    const names = ['Trần Thị Bình', 'Nguyễn Văn An', 'Lê Văn Đức', 'Phạm Minh Dũng', 'Hoàng Anh'];
    expect(sortPeople(names.map((name) => ({ name }))).map((p) => p.name)).toEqual([
      'Nguyễn Văn An',
      'Hoàng Anh',
      'Trần Thị Bình',
      'Phạm Minh Dũng',
      'Lê Văn Đức',
    ]);
  });

  it('are found with or without diacritics', () => {
    expect(matchesSearch('Sở Tài nguyên và Môi trường tỉnh Đắk Nông', 'dak nong')).toBe(true);
    expect(matchesSearch('Đắk Nông', 'ĐẮK')).toBe(true);
    expect(matchesSearch('Hà Nội', 'hue')).toBe(false);
  });
});

describe('date fields typed dd/MM/yyyy, whatever the browser language', () => {
  it('reads and shows day first', () => {
    expect(parseDateField('05/01/2027')).toBe('2027-01-05');
    expect(parseDateField('5/1/2027')).toBe('2027-01-05');
    expect(parseDateField(' 05-01-2027 ')).toBe('2027-01-05');
    expect(parseDateField('31/02/2027')).toBeNull();
    expect(parseDateField('2027-01-05')).toBeNull();
    expect(parseDateField('')).toBeNull();
    expect(formatDateField('2027-01-05')).toBe('05/01/2027');
  });
});
