import ical, { type VEvent } from 'node-ical';
import { describe, expect, it } from 'vitest';
import { readPdf } from '../pdf/read-pdf';
import { renderAdminDocument } from '../pdf/admin-document';
import { invitationDocument, invitationIcs, mailBody, mailSubject, placeOf, type InvitationFacts } from './invitation-content';

const facts = (over: Partial<InvitationFacts> = {}): InvitationFacts => ({
  meetingId: '6f1c2a4e-0000-4000-8000-000000000001',
  title: 'Giao ban kinh tế - xã hội tháng 12',
  type: 'socio_economic_briefing',
  typeNote: '',
  hostUnit: { name: 'Văn phòng UBND tỉnh', parentName: 'UBND tỉnh Lâm Đồng' },
  place: 'Lâm Đồng',
  chair: { name: 'Trần Văn Chủ', title: 'Chủ tịch UBND tỉnh' },
  startsAt: new Date('2026-12-07T01:00:00Z'), // 08:00 in Hà Nội, a Monday
  endsAt: new Date('2026-12-07T04:00:00Z'),
  checkAt: new Date('2026-12-07T00:00:00Z'),
  backdropText: 'HỘI NGHỊ GIAO BAN TRỰC TUYẾN THÁNG 12/2026',
  link: 'https://giaoban.example.vn/giao-ban-12',
  replyUrl: 'https://giaoban.example.vn/meetings/8a1c0e52-3f0b-4d0e-9a51-1b2c3d4e5f60/replies',
  technician: { name: 'Lê Văn Kỹ', phone: '0912 345 678', email: 'ky@example.vn', contact: '' },
  agenda: [{ title: 'Báo cáo tình hình kinh tế - xã hội', presenter: 'Giám đốc Sở Tài chính', minutes: 30 }],
  documents: [{ name: 'Bao-cao.pdf', url: 'https://giaoban.example.vn/api/meetings/x/documents/y' }],
  units: ['Sở Tài chính'],
  endpoints: ['Phòng họp tỉnh'],
  version: 1,
  cancelled: false,
  cancelReason: '',
  organizer: { name: 'Văn phòng UBND tỉnh', email: 'giaoban@example.vn' },
  signer: { name: 'Nguyễn Văn Ký', title: 'Chánh Văn phòng', email: 'ky.nv@example.vn' },
  addressees: ['Sở Tài chính', 'Phó Giám đốc Sở Tài chính Hoàng Thị Mời'],
  issuedAt: new Date('2026-12-01T02:00:00Z'),
  ...over,
});
const eventOf = (ics: string) => Object.values(ical.sync.parseICS(ics)).find((c): c is VEvent => c?.type === 'VEVENT')!;

describe('R2.4 the invitation states the facts of D19.3', () => {
  it('gives opening time, check time, backdrop, technician contact and link in Vietnamese, the password only when given', () => {
    const withPassword = mailBody(facts(), { kind: 'invitation', password: 'mat-khau-12' });
    expect(withPassword.text).toContain('08:00, Thứ Hai, ngày 07 tháng 12 năm 2026');
    expect(withPassword.text).toContain('07:00, Thứ Hai, ngày 07 tháng 12 năm 2026');
    expect(withPassword.text).toContain('HỘI NGHỊ GIAO BAN TRỰC TUYẾN THÁNG 12/2026');
    expect(withPassword.text).toContain('Lê Văn Kỹ, ĐT: 0912 345 678');
    expect(withPassword.text).toContain('https://giaoban.example.vn/giao-ban-12');
    expect(withPassword.text).toContain('Mật khẩu cuộc họp: mat-khau-12');
    expect(withPassword.html).toContain('mat-khau-12');
    expect(mailBody(facts(), { kind: 'invitation' }).text).not.toContain('mat-khau-12');
    expect(mailSubject(facts(), 'postponed')).toMatch(/^\[Hoãn\] /);
    expect(mailSubject(facts(), 'cancelled')).toMatch(/^\[Hủy\] /);
  });

  it('R2.5 says where to answer; after a postponement, whoever cannot come at the new time answers again; a cancellation asks nothing', () => {
    const reply = 'https://giaoban.example.vn/meetings/8a1c0e52-3f0b-4d0e-9a51-1b2c3d4e5f60/replies';
    expect(mailBody(facts(), { kind: 'invitation' }).text).toContain(`Xác nhận tham dự, báo vắng hoặc cử người dự thay tại: ${reply}`);
    const postponed = mailBody(facts(), { kind: 'postponed' });
    expect(postponed.text).toContain(`không thể dự vào thời gian mới, đề nghị báo vắng hoặc cử người dự thay tại: ${reply}`);
    expect(postponed.html).toContain(reply);
    expect(mailBody(facts(), { kind: 'cancelled' }).text).not.toContain(reply);
  });

  it('names the place of the document from the root unit', () => {
    expect(placeOf('UBND tỉnh Lâm Đồng')).toBe('Lâm Đồng');
    expect(placeOf('Ủy ban nhân dân thành phố Hải Phòng')).toBe('Hải Phòng');
    expect(placeOf('Bộ Tài nguyên và Môi trường')).toBe('Hà Nội');
  });

  it('lays the giấy mời out with the motto, the type and the title', async () => {
    const { text } = await readPdf(await renderAdminDocument(invitationDocument(facts())));
    expect(text).toContain('GIẤY MỜI');
    expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(text).toContain('Giao ban kinh tế - xã hội tháng 12');
    expect(text).toContain('Lâm Đồng, ngày 01 tháng 12 năm 2026');
    expect(text).not.toContain('Mật khẩu');
  });

  it('Decree 30: the parent body over the unit, "Kính gửi" to the invited, the signer’s title and name, "Như trên" under a "Kính gửi" only', async () => {
    const { text } = await readPdf(await renderAdminDocument(invitationDocument(facts())));
    const lines = text.split('\n').map((l) => l.trim());
    expect(lines.indexOf('UBND TỈNH LÂM ĐỒNG')).toBeGreaterThanOrEqual(0);
    expect(lines.indexOf('UBND TỈNH LÂM ĐỒNG')).toBeLessThan(lines.indexOf('VĂN PHÒNG UBND TỈNH'));
    expect(text).toMatch(/Kính gửi:\s*- Sở Tài chính;\s*- Phó Giám đốc Sở Tài chính Hoàng Thị Mời\./);
    expect(text.indexOf('Kính gửi')).toBeGreaterThan(text.indexOf('GIẤY MỜI'));
    expect(text.indexOf('Kính gửi')).toBeLessThan(text.indexOf('trân trọng kính mời'));
    expect(text).toContain('CHÁNH VĂN PHÒNG');
    expect(text).toContain('Nguyễn Văn Ký');
    expect(text).toMatch(/Nơi nhận:\s*- Như trên;\s*- Lưu: VT\./);

    const one = (await readPdf(await renderAdminDocument(invitationDocument(facts({ addressees: ['Sở Tài chính'] }))))).text;
    expect(one).toContain('Kính gửi: Sở Tài chính.');
    const nobody = (await readPdf(await renderAdminDocument(invitationDocument(facts({ addressees: [] }))))).text;
    expect(nobody).not.toContain('Kính gửi');
    expect(nobody).not.toContain('Như trên');
    expect(nobody).toContain('Lưu: VT.');
    // a signer without a title signs by order of the head of the issuing unit
    const untitled = (await readPdf(await renderAdminDocument(invitationDocument(facts({ signer: { name: 'Lê Thị Văn', title: '', email: 'van@example.vn' } }))))).text;
    expect(untitled).toContain('TL. THỦ TRƯỞNG ĐƠN VỊ');
    expect(untitled).toContain('Lê Thị Văn');
  });
});

describe('R2.6 iCalendar: one UID per meeting, SEQUENCE follows the version, cancellation', () => {
  it('sends a REQUEST with UID, SEQUENCE 0, times in UTC, the link as location, attendees and alarms', () => {
    const ics = invitationIcs(facts(), { method: 'REQUEST', attendees: [{ name: 'Trần Văn Chủ', email: 'chu@example.vn', role: 'chair' }, { name: 'Lê Văn Kỹ', email: 'ky@example.vn' }], technical: true });
    expect(ics).toContain('METHOD:REQUEST');
    const ev = eventOf(ics);
    expect(ev.uid).toBe('6f1c2a4e-0000-4000-8000-000000000001@giaoban');
    expect(Number(ev.sequence)).toBe(0);
    expect(new Date(ev.start).toISOString()).toBe('2026-12-07T01:00:00.000Z');
    expect(new Date(ev.end!).toISOString()).toBe('2026-12-07T04:00:00.000Z');
    expect(String(ev.location)).toBe('https://giaoban.example.vn/giao-ban-12');
    expect(String(ev.status)).toBe('CONFIRMED');
    const attendees = ([] as unknown[]).concat(ev.attendee ?? []).map((a) => JSON.stringify(a));
    expect(attendees.join(' ')).toContain('chu@example.vn');
    expect(attendees.join(' ')).toContain('ky@example.vn');
    expect(ics).toContain('TRIGGER:-PT10M');
    expect(ics).toContain('TRIGGER:-PT1H');
  });

  it('R2.5 names the signer as ORGANIZER and asks calendars for no reply: answers go through the reply page', () => {
    const ics = invitationIcs(facts(), { method: 'REQUEST', attendees: [{ name: 'Trần Văn Chủ', email: 'chu@example.vn', role: 'chair' }, { name: 'Lê Văn Kỹ', email: 'ky@example.vn' }] });
    const ev = eventOf(ics);
    const organizer = ev.organizer as unknown as { val: string; params: { CN: string } };
    expect(organizer.val.toLowerCase()).toBe('mailto:ky.nv@example.vn');
    expect(organizer.params.CN).toBe('Chánh Văn phòng Nguyễn Văn Ký');
    expect(ics).not.toContain('giaoban@example.vn');
    expect(ics.replace(/\r\n[ \t]/g, '')).not.toMatch(/RSVP=TRUE/);
    for (const a of ([] as { params: { RSVP?: string | boolean } }[]).concat((ev.attendee ?? []) as never)) expect(String(a.params.RSVP).toUpperCase()).toBe('FALSE');
    expect(String(ev.description)).toContain('https://giaoban.example.vn/meetings/8a1c0e52-3f0b-4d0e-9a51-1b2c3d4e5f60/replies');
  });

  it('cancels with METHOD:CANCEL, STATUS:CANCELLED and the bumped SEQUENCE', () => {
    const ics = invitationIcs(facts({ version: 3, cancelled: true, cancelReason: 'Bão số 9' }), { method: 'CANCEL', attendees: [] });
    expect(ics).toContain('METHOD:CANCEL');
    const ev = eventOf(ics);
    expect(String(ev.status)).toBe('CANCELLED');
    expect(Number(ev.sequence)).toBe(2);
    expect(ics).not.toContain('BEGIN:VALARM');
  });
});
