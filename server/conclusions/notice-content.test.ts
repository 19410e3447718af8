import { describe, expect, it } from 'vitest';
import { civilDate, noticeDocument } from './notice-content';

describe('R4.1 the conclusions notice in Decree 30 form', () => {
  const doc = noticeDocument({
    hostUnit: { name: 'Văn phòng UBND tỉnh Lâm Đồng', parentName: 'UBND tỉnh Lâm Đồng' },
    place: 'Lâm Đồng',
    meetingTitle: 'Giao ban tháng 12',
    chair: { name: 'Trịnh Văn Chủ', title: 'Chủ tịch UBND tỉnh' },
    number: '25/TB-VPUBND',
    date: new Date('2027-01-05T02:00:00Z'),
    opening: 'Ngày 04/01/2027, …',
    conclusions: [
      { text: 'Đẩy nhanh giải ngân', tasks: [{ description: 'Tổng hợp báo cáo.', assignee: 'Sở Tài chính', deadline: '2027-01-15' }] },
      { text: 'Rà soát thủ tục', tasks: [] },
    ],
    signer: { authority: 'TL. Chủ tịch UBND tỉnh', title: 'Chánh Văn phòng', name: 'Lê Thị Tổ' },
    recipients: ['Chủ tịch UBND tỉnh (để báo cáo)', 'Sở Tài chính'],
  });

  it('is issued by the office for the chair, with its subject, number and recipients', () => {
    expect(doc.type).toBe('Thông báo');
    expect(doc.subject).toBe('Kết luận của Chủ tịch UBND tỉnh Trịnh Văn Chủ tại cuộc họp Giao ban tháng 12');
    expect(doc.header).toMatchObject({ unit: 'Văn phòng UBND tỉnh Lâm Đồng', parentBody: 'UBND tỉnh Lâm Đồng', number: '25/TB-VPUBND', place: 'Lâm Đồng' });
    expect(doc.signature).toEqual({ authority: 'TL. Chủ tịch UBND tỉnh', title: 'Chánh Văn phòng', name: 'Lê Thị Tổ' });
    expect(doc.recipients).toEqual(['Chủ tịch UBND tỉnh (để báo cáo)', 'Sở Tài chính']);
  });

  it('numbers the conclusions, each task with who and by when, and closes with the usual line', () => {
    const text = JSON.stringify(doc.blocks);
    expect(text).toContain('"1. "');
    expect(text).toContain('"2. "');
    expect(text).toContain('Sở Tài chính: ');
    expect(text).toContain('Tổng hợp báo cáo; ');
    expect(text).toContain(`thời hạn hoàn thành: ${civilDate('2027-01-15')}.`);
    expect(civilDate('2027-01-15')).toBe('15/01/2027');
    expect(doc.blocks.at(-1)).toEqual({ kind: 'paragraph', text: 'Văn phòng UBND tỉnh Lâm Đồng thông báo để các cơ quan, đơn vị, cá nhân liên quan biết, thực hiện./.' });
  });
});
