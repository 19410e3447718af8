import { describe, expect, it } from 'vitest';
import { ApiError } from '../api';
import { setLocale } from '../i18n';
import { meetingFieldLabel as label, refusalDetail } from './refusal-format';

describe('a booking refusal as the organiser reads it (R2.3, R2.4)', () => {
  it('quotes the article and its words, never the raw keys rule, article, requirement', () => {
    setLocale('vi');
    const late = new ApiError('meeting_booking_too_late', 409, 'x', { rule: 'booking_lead_time', article: 'D19.2', requirement: 'R2.3' });
    const shown = refusalDetail(late, label);
    expect(shown.fields).toEqual([]);
    expect(shown.rule?.article).toBe('Điều 19 khoản 2, Quy định ban hành kèm theo Quyết định số 1681/QĐ-UBND');
    expect(shown.rule?.words).toContain('trước thời điểm diễn ra cuộc họp ít nhất 02 ngày');
    const text = [...shown.fields, shown.rule!.article, shown.rule!.words].join(' ');
    expect(text).not.toMatch(/\b(rule|article|requirement|booking_lead_time|D19\.2|R2\.3)\b/);

    const check = refusalDetail(new ApiError('meeting_check_time_too_late', 409, 'x', { rule: 'check_time', article: 'D19.3', requirement: 'R2.4' }), label);
    expect(check.rule?.article).toContain('Điều 19 khoản 3');
    expect(check.rule?.words).toContain('trước ít nhất 01 giờ');
  });

  it('names the form’s own fields by their labels and drops what is no field of the form', () => {
    setLocale('vi');
    const doubled = refusalDetail(new ApiError('meeting_endpoint_double_booked', 409, 'x', { endpointIds: 'a,b', requirement: 'R2.3' }), label);
    expect(doubled).toEqual({ fields: [label('endpointIds')], rule: null });
    const capacity = refusalDetail(new ApiError('meeting_media_capacity_exceeded', 409, 'x', { capacity: '50', requirement: 'R2.3' }), label);
    expect(capacity).toEqual({ fields: [], rule: null });
    setLocale('en');
    expect(refusalDetail(new ApiError('validation_failed', 400, 'x', { article: 'D7.3' }), label).rule?.article).toContain('Article 7(3)');
    setLocale('vi');
  });
});
