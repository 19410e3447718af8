import { describe, expect, it } from 'vitest';
import { renderAdminDocument } from './admin-document';
import { readPdf } from './read-pdf';
import { vnDateTime, vnLongDate } from './vn-date';

const MM = 72 / 25.4;

describe('M8.1b administrative documents in the form of Decree 30/2020', () => {
  it('renders an A4 giấy mời whose Vietnamese text (motto, type, dates with diacritics) reads back', async () => {
    const pdf = await renderAdminDocument({
      header: { parentBody: 'Ủy ban nhân dân tỉnh Lâm Đồng', unit: 'Văn phòng UBND tỉnh', number: '15/GM-VP', place: 'Lâm Đồng', date: new Date('2027-01-04T17:30:00Z') },
      type: 'Giấy mời',
      subject: 'Họp Ban chỉ đạo phòng chống thiên tai',
      blocks: [
        { kind: 'paragraph', text: [{ text: 'Thời gian: ', bold: true }, { text: vnDateTime(new Date('2026-12-07T01:00:00Z')) }] },
        { kind: 'list', items: ['Nội dung phông: Hội nghị trực tuyến', 'Đường dẫn: https://giaoban.example.vn/pctt'] },
        { kind: 'table', columns: [{ header: 'Thứ, ngày', width: 2 }, { header: 'Nội dung', width: 5 }], rows: Array.from({ length: 60 }, (_, i) => [`Dòng ${i + 1}`, 'Làm việc với Sở Nông nghiệp và Môi trường']) },
      ],
      signature: { authority: 'TL. Chủ tịch', title: 'Chánh Văn phòng', name: 'Nguyễn Văn Ánh' },
      recipients: ['Như trên;', 'Chủ tịch, các PCT UBND tỉnh;'],
    });
    const { text, pages, sizes, items } = await readPdf(pdf);
    expect(sizes[0]!.width).toBeCloseTo(210 * MM, 0);
    expect(sizes[0]!.height).toBeCloseTo(297 * MM, 0);
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(text).toContain('GIẤY MỜI');
    expect(text).toContain('VĂN PHÒNG UBND TỈNH');
    expect(text).toContain('Lâm Đồng, ngày 05 tháng 01 năm 2027');
    expect(text).toContain('08:00, Thứ Hai, ngày 07 tháng 12 năm 2026');
    expect(text).toContain('Nơi nhận:');
    expect(text).toContain('Lưu: VT.');
    expect(text).toContain('Nguyễn Văn Ánh');
    // the table ran onto a second page, numbered at the top; the first page carries no number
    expect(pages.length).toBeGreaterThan(1);
    expect(items[1]!.filter((i) => i.top < 20 * MM && i.str.trim()).map((i) => i.str.trim())).toEqual(['2']);
    expect(items[0]!.filter((i) => i.top < 20 * MM && i.str.trim())).toEqual([]);
  });

  it('writes dates in the long form: a leading zero for days below 10 and for January and February only', () => {
    expect(vnLongDate(new Date('2027-01-04T17:30:00Z'))).toBe('ngày 05 tháng 01 năm 2027');
    expect(vnLongDate(new Date('2020-05-21T03:00:00Z'))).toBe('ngày 21 tháng 5 năm 2020');
    expect(vnDateTime(new Date('2026-12-06T23:59:00Z'))).toBe('06:59, Thứ Hai, ngày 07 tháng 12 năm 2026');
  });
});
