import { describe, expect, it } from 'vitest';
import { bookingWarningText } from './booking-warnings';
import { setLocale } from '../i18n';

describe('booking warnings as the organiser reads them', () => {
  it('names the holiday and its day; a weekend by its day; the invitation notice by its numbers', () => {
    setLocale('vi');
    expect(bookingWarningText({ rule: 'day_off', date: '2027-02-08', name: 'Tết Nguyên đán', weekday: 1 })).toBe('Lưu ý: cuộc họp rơi vào ngày nghỉ lễ Tết Nguyên đán (Thứ Hai, 08/02/2027).');
    expect(bookingWarningText({ rule: 'day_off', date: '2026-12-13', name: '', weekday: 0 })).toBe('Lưu ý: cuộc họp rơi vào ngày nghỉ cuối tuần (Chủ nhật, 13/12/2026).');
    expect(bookingWarningText({ rule: 'invitation_notice', requirement: 'R2.4', article: 'D7.3', required: 3, actual: 1 })).toContain('3 ngày làm việc');
    setLocale('en');
    expect(bookingWarningText({ rule: 'day_off', date: '2027-09-02', name: 'Quốc khánh', weekday: 4 })).toBe('Note: the meeting falls on a public holiday, Quốc khánh (Thursday, 02/09/2027).');
    setLocale('vi');
  });
});
