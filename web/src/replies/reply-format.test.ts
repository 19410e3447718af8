import { describe, expect, it } from 'vitest';
import type { NotificationView } from '../../../shared/api';
import { replyNoticeLink, replyNoticeText } from './reply-format';

const notice = (kind: string, data: Record<string, unknown>): NotificationView => ({
  id: 1,
  kind,
  createdAt: '2026-12-01T01:00:00Z',
  readAt: null,
  data: { meetingId: 'm1', meetingTitle: 'Giao ban tháng 12', slug: 'giao-ban', startsAt: '2026-12-10T01:30:00Z', ...data },
});

describe('R2.5 the bell reads the notices of replies', () => {
  it('R2.5: a decline with its reason, leading the organiser to the compiled list', () => {
    const n = notice('reply_answered', { invitee: 'Nguyễn Văn An', answer: 'declined', reason: 'Đi công tác' });
    expect(replyNoticeText(n)).toBe('Nguyễn Văn An trả lời giấy mời họp “Giao ban tháng 12”: Không tham dự. Lý do: Đi công tác');
    expect(replyNoticeLink(n)).toBe('/meetings/m1/replies');
  });
  it("D8.3: the chair's refusal carries the reason; the approved substitute is told when, in Hà Nội time", () => {
    const refused = notice('reply_substitute_decided', { invitee: 'Phạm Thị Bình', substitute: 'Bùi Thị Hà', decision: 'refuse', reason: 'Cần Giám đốc dự' });
    expect(replyNoticeText(refused)).toBe('Chủ trì không đồng ý để Bùi Thị Hà dự họp thay Phạm Thị Bình tại cuộc họp “Giao ban tháng 12”. Lý do: Cần Giám đốc dự');
    expect(replyNoticeLink(refused)).toBe('/giao-ban');
    const approved = notice('reply_substitute_approved', { invitee: 'Phạm Thị Bình', substitute: 'Bùi Thị Hà', decision: 'approve' });
    expect(replyNoticeText(approved)).toBe('Chủ trì đồng ý để đồng chí dự họp thay Phạm Thị Bình tại cuộc họp “Giao ban tháng 12” lúc 10/12/2026 08:30.');
  });
  it('other notices are not replies', () => {
    expect(replyNoticeText(notice('technician_changed', {}))).toBeNull();
    expect(replyNoticeLink(notice('technician_changed', {}))).toBeNull();
  });
});
