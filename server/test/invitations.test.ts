/**
 * Invitations by e-mail (R2.4, M8.1b), change and cancellation notices (R2.6, D24.3), the outbox and the reminders
 * (M6.1, D19.3). A local SMTP server (smtp-server) receives what the server delivers; mailparser and node-ical read it.
 */
import { randomBytes } from 'node:crypto';
import type { ParsedMail } from 'mailparser';
import ical, { type VEvent } from 'node-ical';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { mailOutbox } from '../db/schema';
import { readPdf } from '../pdf/read-pdf';
import { vnDateTime } from '../pdf/vn-date';
import { startMailCatcher, type MailCatcher } from './mail-catcher';
import { createUser, ensureUnit, startTestServer, TestClient, type TestServer } from './support';

const HOUR = 3_600_000;
const PASSWORD = 'mat-khau-giao-ban-12';
type User = Awaited<ReturnType<typeof createUser>>;

/** A Vietnamese civil day `days` from today at `hour`:00 in Hà Nội. */
const vnAt = (days: number, hour: number) => {
  const vnToday = new Date(Date.now() + 7 * HOUR).toISOString().slice(0, 10);
  return new Date(Date.parse(`${vnToday}T00:00:00Z`) + days * 24 * HOUR + (hour - 7) * HOUR);
};

/** The people and rooms of one test server: a province with its office (host), a department, a room. */
interface Cast {
  province: string;
  office: string;
  finance: string;
  organiser: User;
  chair: User;
  chairTechnician: User;
  invitee: User;
  financeHead: User;
  roomTechnician: User;
  roomEmail: string;
  room: string;
}

async function cast(server: TestServer): Promise<Cast> {
  const province = await ensureUnit(server, 'UBND tỉnh Lâm Đồng');
  const office = await ensureUnit(server, 'Văn phòng UBND tỉnh Lâm Đồng', province);
  const finance = await ensureUnit(server, 'Sở Tài chính Lâm Đồng', province);
  const organiser = await createUser(server, 'Lê Thị Văn', 'Văn phòng UBND tỉnh Lâm Đồng', { role: 'organiser' });
  const chair = await createUser(server, 'Trần Văn Chủ', 'UBND tỉnh Lâm Đồng', { title: 'Chủ tịch UBND tỉnh' });
  const chairTechnician = await createUser(server, 'Phạm Văn Kỹ', 'Văn phòng UBND tỉnh Lâm Đồng', { role: 'technician', title: 'Kỹ thuật viên' });
  await server.operator.request('PATCH', `/api/users/${chairTechnician.id}`, { phone: '0912 345 678' });
  const invitee = await createUser(server, 'Hoàng Thị Mời', 'Sở Tài chính Lâm Đồng', { title: 'Phó Giám đốc Sở Tài chính' });
  const financeHead = await createUser(server, 'Đỗ Văn Trưởng', 'Sở Tài chính Lâm Đồng', { role: 'organiser', title: 'Giám đốc Sở Tài chính' });
  const roomTechnician = await createUser(server, 'Vũ Văn Máy', 'Sở Tài chính Lâm Đồng', { role: 'technician' });
  const ep = await server.operator.post('/api/endpoints', { name: 'Phòng họp Sở Tài chính', unitId: finance, location: 'Tầng 2', equipment: 'Camera', networkAddress: '10.70.0.2', capacity: 20 });
  expect(ep.status, JSON.stringify(ep.body)).toBe(201);
  const room = ep.body.endpoint.id as string;
  const roomEmail = `phong-hop-${randomBytes(3).toString('hex')}@example.vn`;
  expect((await server.operator.post(`/api/endpoints/${room}/account`, { email: roomEmail })).status).toBe(201);
  expect((await server.operator.post(`/api/endpoints/${room}/technicians`, { userId: roomTechnician.id, contact: '0987 654 321' })).status).toBe(201);
  return { province, office, finance, organiser, chair, chairTechnician, invitee, financeHead, roomTechnician, roomEmail, room };
}

function meetingBody(c: Cast, startsAt: Date, over: Record<string, unknown> = {}) {
  return {
    title: 'Giao ban kinh tế - xã hội tháng 12',
    type: 'socio_economic_briefing',
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 3 * HOUR).toISOString(),
    hostUnitId: c.office,
    chairId: c.chair.id,
    chairTechnicianId: c.chairTechnician.id,
    inviteeIds: [c.invitee.id],
    endpointIds: [c.room],
    unitIds: [c.finance],
    agenda: [{ title: 'Báo cáo tình hình kinh tế - xã hội', presenterName: 'Giám đốc Sở Tài chính', minutes: 30 }],
    backdropText: 'HỘI NGHỊ GIAO BAN TRỰC TUYẾN THÁNG 12/2026',
    slug: `giao-ban-${randomBytes(4).toString('hex')}`,
    password: PASSWORD,
    notStateSecret: true,
    ...over,
  };
}

/**
 * A meeting of the office's unit: within 3 days an emergency the office books (D19.2), else the organiser's booking,
 * approved by the office unless `approve` is false.
 */
async function createMeeting(server: TestServer, c: Cast, startsAt: Date, over: Record<string, unknown> = {}, approve = true, by?: TestClient) {
  const emergency = (over.emergency as boolean | undefined) ?? startsAt.getTime() - Date.now() < 3 * 24 * HOUR;
  const res = await (by ?? (emergency ? server.operator : c.organiser.client)).post('/api/meetings', meetingBody(c, startsAt, { emergency, ...over }));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  // emergencies stand at once (D21.1); others wait for the office's approval
  if (approve && res.body.meeting.approval.status === 'pending') {
    const approved = await server.operator.post(`/api/meetings/${res.body.meeting.id}/approve`);
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  }
  return res.body.meeting as { id: string; slug: string; version: number; startsAt: string; approval: { status: string } };
}

const eventOf = (ics: string) => Object.values(ical.sync.parseICS(ics)).find((x): x is VEvent => x?.type === 'VEVENT')!;
const toOf = (m: ParsedMail) => (Array.isArray(m.to) ? m.to : m.to ? [m.to] : []).flatMap((a) => a.value.map((v) => v.address!.toLowerCase()));

describe('with an SMTP server (SMTP_URL)', () => {
  let server: TestServer;
  let c: Cast;
  let smtp: MailCatcher;
  let meeting: Awaited<ReturnType<typeof createMeeting>>;
  const startsAt = vnAt(6, 8);
  const recipientsOf = (cc: Cast) => [cc.chair.email, cc.chairTechnician.email, cc.invitee.email, cc.financeHead.email, cc.roomEmail, cc.roomTechnician.email].map((e) => e.toLowerCase());
  const NOTICE = ['vnpt@example.vn', 'dienluc@example.vn'];

  const mailsWhere = (match: (m: ParsedMail) => boolean, count: number) => smtp.where(match, count);

  beforeAll(async () => {
    smtp = await startMailCatcher();
    server = await startTestServer({ SMTP_URL: smtp.url, NOTICE_CONTACTS: NOTICE.join(','), MAIL_FROM: 'Văn phòng UBND tỉnh <giaoban@lamdong.gov.vn>' });
    c = await cast(server);
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.close();
  });

  it('R2.4: a meeting waiting for the approval of the office cannot be sent (D21.1)', async () => {
    const pending = await createMeeting(server, c, vnAt(8, 8), { emergency: false }, false);
    expect(pending).toMatchObject({ approval: { status: 'pending' } });
    const notApproved = await c.organiser.client.post(`/api/meetings/${pending.id}/invitations/send`, { password: PASSWORD });
    expect(notApproved.body.error?.id, JSON.stringify(notApproved.body)).toBe('meeting_not_approved');
    expect((await server.operator.get(`/api/mail/outbox?meetingId=${pending.id}`)).body.mails).toEqual([]);
  });

  it('R2.4: a delegate is refused; a wrong password is refused and nothing is enqueued', async () => {
    meeting = await createMeeting(server, c, startsAt);
    const delegate = await c.invitee.client.post(`/api/meetings/${meeting.id}/invitations/send`, { password: PASSWORD });
    expect(delegate.status).toBe(403);
    expect(delegate.body.error.id).toBe('forbidden');

    const wrong = await c.organiser.client.post(`/api/meetings/${meeting.id}/invitations/send`, { password: 'not-the-password' });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.id).toBe('meeting_password_wrong');
    const outbox = await server.operator.get(`/api/mail/outbox?meetingId=${meeting.id}`);
    expect(outbox.status).toBe(200);
    expect(outbox.body.mails).toEqual([]);
  });

  it('R2.4: the invitation reaches every recipient with invite.ics and giay-moi.pdf, stating check time, backdrop, technician and password', async () => {
    const invitedNotices = async () => ((await c.invitee.client.get('/api/notifications')).body.notifications as { kind: string; data: { meetingId: string } }[]).filter((n) => n.kind === 'meeting_invited' && n.data.meetingId === meeting.id).length;
    expect(await invitedNotices()).toBe(0);
    const res = await c.organiser.client.post(`/api/meetings/${meeting.id}/invitations/send`, { password: PASSWORD });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // the invitee is also told in the application (the mail may wait in the outbox)
    expect(await invitedNotices()).toBe(1);
    const expected = recipientsOf(c);
    expect(res.body.count).toBe(expected.length + NOTICE.length);
    expect(res.body.warnings).toEqual([]); // declared urgent: exempt from the 3 working days (D7.3)
    const invitations = await mailsWhere((m) => m.subject?.startsWith('Giấy mời:') ?? false, expected.length);
    expect(invitations.flatMap(toOf).sort()).toEqual([...expected].sort());

    const link = `${server.url}/${meeting.slug}`;
    const checkAt = new Date(startsAt.getTime() - HOUR); // the default: 1 hour before (D19.3)
    for (const mail of invitations) {
      const names = mail.attachments.map((a) => a.filename).sort();
      expect(names).toEqual(['giay-moi.pdf', 'invite.ics']);
      const icsAttachment = mail.attachments.find((a) => a.filename === 'invite.ics')!;
      expect(icsAttachment.contentType).toBe('text/calendar');
      expect(icsAttachment.headers.get('content-type')).toMatchObject({ params: expect.objectContaining({ method: 'REQUEST' }) });
      const ics = icsAttachment.content.toString('utf8');
      expect(ics).toContain('METHOD:REQUEST');
      const ev = eventOf(ics);
      expect(ev.uid).toBe(`${meeting.id}@giaoban`);
      expect(Number(ev.sequence)).toBe(0);
      expect(new Date(ev.start).toISOString()).toBe(startsAt.toISOString());
      expect(String(ev.location)).toBe(link);

      const text = mail.text ?? '';
      expect(text).toContain(`Thời gian khai mạc: ${vnDateTime(startsAt)}`);
      expect(text).toContain(`Kiểm tra kỹ thuật tại các điểm cầu: ${vnDateTime(checkAt)}`);
      expect(startsAt.getTime() - checkAt.getTime()).toBeGreaterThanOrEqual(HOUR);
      expect(text).toContain('HỘI NGHỊ GIAO BAN TRỰC TUYẾN THÁNG 12/2026');
      expect(text).toContain('Kỹ thuật viên Phạm Văn Kỹ, ĐT: 0912 345 678');
      expect(text).toContain(`Mật khẩu cuộc họp: ${PASSWORD}`);
      expect(text).toContain(link);
    }
    // technicians get the system-check time first
    const technicianMail = invitations.find((m) => toOf(m).includes(c.roomTechnician.email.toLowerCase()))!;
    const lines = technicianMail.text!.split('\n');
    const notice = lines.findIndex((l) => l.startsWith(`LƯU Ý CÁN BỘ KỸ THUẬT: kiểm tra hệ thống lúc ${vnDateTime(checkAt)}`));
    expect(notice).toBeGreaterThan(0);
    expect(notice).toBeLessThan(lines.findIndex((l) => l.startsWith('Nội dung:')));
    expect(technicianMail.subject).toContain(`kiểm tra kỹ thuật lúc ${vnDateTime(checkAt).slice(0, 5)}`);
    expect(invitations.find((m) => toOf(m).includes(c.invitee.email.toLowerCase()))!.text).not.toContain('LƯU Ý CÁN BỘ KỸ THUẬT');

    const pdf = await readPdf(invitations[0]!.attachments.find((a) => a.filename === 'giay-moi.pdf')!.content);
    expect(pdf.text).toContain('GIẤY MỜI');
    expect(pdf.text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(pdf.text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(pdf.text).toContain('Giao ban kinh tế - xã hội tháng 12');
    // Decree 30: the parent body above the host unit, addressed to the invited, signed by whoever sent it
    expect(pdf.text.split('\n')[0]).toBe('UBND TỈNH LÂM ĐỒNG');
    expect(pdf.text).toMatch(/Kính gửi:\s*- Sở Tài chính Lâm Đồng;\s*- Phó Giám đốc Sở Tài chính Hoàng Thị Mời\./);
    expect(pdf.text).toContain(c.organiser.name);
    expect(pdf.text).toMatch(/Nơi nhận:\s*- Như trên;/);
    // the calendar entry names that real organiser and asks for no calendar reply (answers go through the link)
    const ics = invitations[0]!.attachments.find((a) => a.filename === 'invite.ics')!.content.toString('utf8').replace(/\r\n[ \t]/g, '');
    expect(ics).toMatch(new RegExp(`ORGANIZER;CN="?[^:]*${c.organiser.name}"?:mailto:${c.organiser.email.replace(/\./g, '\\.')}`, 'i'));
    expect(ics).not.toContain('giaoban@lamdong.gov.vn');
    expect(ics).not.toContain('RSVP=TRUE');

    // R2.6: telecom and power contacts get the schedule notice, without the password
    const notices = await mailsWhere((m) => m.subject?.startsWith('Thông báo lịch họp') ?? false, NOTICE.length);
    expect(notices.flatMap(toOf).sort()).toEqual([...NOTICE].sort());
    for (const n of notices) expect(n.text).not.toContain(PASSWORD);
  });

  it('M8.1b: the outbox lists the delivered mails without bodies; the body only for the organiser; a delegate is refused', async () => {
    let mails: { id: number; status: string; to: string }[] = [];
    for (let i = 0; i < 50; i++) {
      mails = (await c.organiser.client.get(`/api/mail/outbox?meetingId=${meeting.id}`)).body.mails;
      if (mails.length && mails.every((m) => m.status === 'sent')) break;
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(mails.length).toBe(recipientsOf(c).length + NOTICE.length);
    expect(mails.every((m) => m.status === 'sent')).toBe(true);
    expect(JSON.stringify(mails)).not.toContain(PASSWORD);
    expect(mails[0]).not.toHaveProperty('text');
    const invitation = mails.find((m) => m.to === c.invitee.email)!;
    const detail = await c.organiser.client.get(`/api/mail/outbox/${invitation.id}`);
    // the password reached the invitee (above) but the outbox keeps it no longer, and never shows it back (R6.1)
    expect(detail.body.mail.text).toContain('Mật khẩu cuộc họp: ••••••');
    expect(JSON.stringify(detail.body)).not.toContain(PASSWORD);
    expect(JSON.stringify((await server.operator.get(`/api/mail/outbox/${invitation.id}`)).body)).not.toContain(PASSWORD);
    const rows = await server.app.database.db.select().from(mailOutbox).where(eq(mailOutbox.meetingId, meeting.id));
    expect(rows.length).toBe(mails.length);
    for (const row of rows) {
      expect(row.sealedSecret).toBeNull();
      expect(JSON.stringify(row)).not.toContain(PASSWORD);
      for (const a of row.attachments) expect(Buffer.from(a.contentBase64, 'base64').toString('latin1')).not.toContain(PASSWORD);
    }
    expect((await c.invitee.client.get(`/api/mail/outbox?meetingId=${meeting.id}`)).body.error.id).toBe('forbidden');
    expect((await c.invitee.client.get(`/api/mail/outbox/${invitation.id}`)).body.error.id).toBe('forbidden');
    expect((await c.chairTechnician.client.get('/api/mail/outbox')).status).toBe(403);
  });

  it('R2.4: the PDF and the .ics from the meeting page are there for an invitee, without the password', async () => {
    const pdfRes = await fetch(`${server.url}/api/meetings/${meeting.id}/invitation.pdf`, { headers: { cookie: c.invitee.client.cookie! } });
    expect(pdfRes.status).toBe(200);
    expect(pdfRes.headers.get('content-type')).toBe('application/pdf');
    const pdf = await readPdf(Buffer.from(await pdfRes.arrayBuffer()));
    expect(pdf.text).toContain('GIẤY MỜI');
    expect(pdf.text).not.toContain(PASSWORD);
    const icsRes = await fetch(`${server.url}/api/meetings/${meeting.id}/invitation.ics`, { headers: { cookie: c.invitee.client.cookie! } });
    const ics = await icsRes.text();
    expect(eventOf(ics).uid).toBe(`${meeting.id}@giaoban`);
    expect(ics).not.toContain(PASSWORD);
    const outsider = new TestClient(server.url);
    expect((await outsider.get(`/api/meetings/${meeting.id}/invitation.pdf`)).status).toBe(401);
  });

  it('R2.6, D24.3: after the meeting is postponed every recipient gets an update with SEQUENCE 1; a cancellation sends METHOD:CANCEL', async () => {
    const later = new Date(startsAt.getTime() + 2 * HOUR);
    const current = (await c.organiser.client.get(`/api/meetings/${meeting.id}`)).body.meeting;
    const patched = await c.organiser.client.request('PATCH', `/api/meetings/${meeting.id}`, {
      version: current.version,
      startsAt: later.toISOString(),
      endsAt: new Date(later.getTime() + 3 * HOUR).toISOString(),
      reason: 'Điểm cầu tỉnh mất điện',
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    const expected = recipientsOf(c);
    const updates = await mailsWhere((m) => m.subject?.startsWith('[Hoãn] Giấy mời') ?? false, expected.length);
    expect(updates.flatMap(toOf).sort()).toEqual([...expected].sort());
    for (const u of updates) {
      const ics = u.attachments.find((a) => a.filename === 'invite.ics')!.content.toString('utf8');
      const ev = eventOf(ics);
      expect(ev.uid).toBe(`${meeting.id}@giaoban`);
      expect(Number(ev.sequence)).toBe(1);
      expect(new Date(ev.start).toISOString()).toBe(later.toISOString());
      expect(u.text).toContain('Lý do: Điểm cầu tỉnh mất điện');
      expect(u.text).not.toContain(PASSWORD);
    }
    expect((await mailsWhere((m) => m.subject?.startsWith('[Hoãn] Thông báo lịch họp') ?? false, NOTICE.length)).length).toBe(NOTICE.length);
    const bell = (await c.invitee.client.get('/api/notifications')).body.notifications as { kind: string; data: { meetingId: string; change: string } }[];
    expect(bell.some((n) => n.kind === 'meeting_changed' && n.data.meetingId === meeting.id && n.data.change === 'postponed')).toBe(true);

    const cancelled = await c.organiser.client.post(`/api/meetings/${meeting.id}/cancel`, { reason: 'Bão số 9 đổ bộ' });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    const cancels = await mailsWhere((m) => m.subject?.startsWith('[Hủy] Giấy mời') ?? false, expected.length);
    expect(cancels.flatMap(toOf).sort()).toEqual([...expected].sort());
    for (const m of cancels) {
      const ics = m.attachments.find((a) => a.filename === 'invite.ics')!.content.toString('utf8');
      expect(ics).toContain('METHOD:CANCEL');
      const ev = eventOf(ics);
      expect(String(ev.status)).toBe('CANCELLED');
      expect(Number(ev.sequence)).toBe(2);
      expect(m.text).toContain('Bão số 9 đổ bộ');
    }
  });
});

describe('without SMTP_URL (the embedded default)', () => {
  let server: TestServer;
  let c: Cast;

  beforeAll(async () => {
    server = await startTestServer();
    c = await cast(server);
  });
  afterAll(() => server?.close());

  it('R2.4: sending warns when fewer than 3 working days remain (D7.3), and sends', async () => {
    // booked by the office itself: approved at once (D21.1)
    const meeting = await createMeeting(server, c, vnAt(2, 8), { emergency: false }, true, server.operator);
    const res = await c.organiser.client.post(`/api/meetings/${meeting.id}/invitations/send`, { password: PASSWORD });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.warnings).toEqual([expect.objectContaining({ rule: 'invitation_notice', article: 'D7.3', required: 3 })]);
    expect(res.body.warnings[0].actual).toBeLessThan(3);
  });

  it('M8.1b: without a mail server the mails are kept in the outbox and listed', async () => {
    const meeting = await createMeeting(server, c, vnAt(12, 8));
    const res = await c.organiser.client.post(`/api/meetings/${meeting.id}/invitations/send`, { password: PASSWORD });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.count).toBe(6);
    const mails = (await server.operator.get(`/api/mail/outbox?meetingId=${meeting.id}`)).body.mails as { status: string; kind: string; attachments: { filename: string }[] }[];
    expect(mails).toHaveLength(6);
    expect(mails.every((m) => m.status === 'kept' && m.kind === 'invitation')).toBe(true);
    expect(mails[0]!.attachments.map((a) => a.filename).sort()).toEqual(['giay-moi.pdf', 'invite.ics']);
    // kept until a mail server sends them: the password waits sealed beside each mail, in clear nowhere (R6.1)
    const rows = await server.app.database.db.select().from(mailOutbox).where(eq(mailOutbox.meetingId, meeting.id));
    for (const row of rows) {
      expect(row.sealedSecret).toMatch(/^gb1\./);
      expect(JSON.stringify(row)).not.toContain(PASSWORD);
    }
    const shown = await c.organiser.client.get(`/api/mail/outbox/${rows[0]!.id}`);
    expect(shown.body.mail.text).toContain('Mật khẩu cuộc họp: ••••••');
    expect(JSON.stringify(shown.body)).not.toContain(PASSWORD);
    // the organiser of the host unit lists their subtree's mails without naming the meeting
    const own = (await c.organiser.client.get('/api/mail/outbox')).body.mails as { meetingId: string }[];
    expect(own.filter((m) => m.meetingId === meeting.id)).toHaveLength(6);
    // an audit row in the same transaction
    const audit = await server.operator.get('/api/audit?action=meeting.invitations_sent');
    expect((audit.body.entries as { targetId: string }[]).some((e) => e.targetId === meeting.id)).toBe(true);
  });

  it('D24.3: a change before any invitation went out sends nothing', async () => {
    const meeting = await createMeeting(server, c, vnAt(15, 8));
    const patched = await c.organiser.client.request('PATCH', `/api/meetings/${meeting.id}`, { version: meeting.version, title: 'Giao ban kinh tế - xã hội (điều chỉnh)', reason: 'Đổi tên' });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect((await server.operator.get(`/api/mail/outbox?meetingId=${meeting.id}`)).body.mails).toEqual([]);
  });

  it('M6.1, D19.3: the reminders go out once each — the system check to technicians and rooms, joining early to the invited', async () => {
    const startsAt = vnAt(9, 14);
    const checkAt = new Date(startsAt.getTime() - 2 * HOUR);
    const meeting = await createMeeting(server, c, startsAt, { checkAt: checkAt.toISOString() });
    const outbox = async (kind: string) => ((await server.operator.get(`/api/mail/outbox?meetingId=${meeting.id}`)).body.mails as { kind: string; to: string }[]).filter((m) => m.kind === kind);
    const { invitations } = server.app;
    const atCheck = new Date(checkAt.getTime() - 14 * 60_000);

    // nobody is reminded of a meeting they were not invited to yet
    await invitations.runReminders(atCheck);
    expect(await outbox('check_reminder')).toHaveLength(0);
    const sent = await c.organiser.client.post(`/api/meetings/${meeting.id}/invitations/send`, { password: PASSWORD });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);

    await invitations.runReminders(new Date(checkAt.getTime() - 20 * 60_000));
    expect(await outbox('check_reminder')).toHaveLength(0);

    await invitations.runReminders(atCheck);
    await invitations.runReminders(new Date(atCheck.getTime() + 60_000));
    const checks = await outbox('check_reminder');
    expect(checks.map((m) => m.to).sort()).toEqual([c.chairTechnician.email, c.roomEmail, c.roomTechnician.email].map((e) => e.toLowerCase()).sort());
    expect(await outbox('early_reminder')).toHaveLength(0);

    const early = new Date(startsAt.getTime() - 9 * 60_000);
    await invitations.runReminders(early);
    await invitations.runReminders(new Date(early.getTime() + 60_000));
    const earlies = await outbox('early_reminder');
    expect(earlies.map((m) => m.to).sort()).toEqual([c.chair.email, c.invitee.email, c.financeHead.email].map((e) => e.toLowerCase()).sort());
    expect(await outbox('check_reminder')).toHaveLength(3);
    const bell = (await c.invitee.client.get('/api/notifications')).body.notifications as { kind: string; data: { meetingId: string; reminder: string } }[];
    expect(bell.filter((n) => n.kind === 'meeting_reminder' && n.data.meetingId === meeting.id).map((n) => n.data.reminder)).toEqual(['early']);

    // postponed by a day: both reminders are due again at the new times
    const current = (await c.organiser.client.get(`/api/meetings/${meeting.id}`)).body.meeting as { version: number };
    const later = (d: Date) => new Date(d.getTime() + 24 * HOUR).toISOString();
    const moved = await c.organiser.client.request('PATCH', `/api/meetings/${meeting.id}`, { version: current.version, startsAt: later(startsAt), endsAt: later(new Date(startsAt.getTime() + 3 * HOUR)), reason: 'Hoãn một ngày' });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    await invitations.runReminders(new Date(atCheck.getTime() + 24 * HOUR));
    expect(await outbox('check_reminder')).toHaveLength(6);
    await invitations.runReminders(new Date(early.getTime() + 24 * HOUR));
    expect(await outbox('early_reminder')).toHaveLength(6);
  });
});
