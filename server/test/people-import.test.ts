/**
 * Importing people in bulk over HTTP (R1.1, R1.2, R1.3): CSV or XLSX, all or nothing with every faulty row and field
 * named; new accounts get a one-time sign-in link by mail (single use, expiring, only its hash stored) and set
 * their password through it; the operator imports anywhere, an organiser into their units. Then a meeting of a
 * thousand invitees, past the old cap of 500, booked, sent and entered.
 */
import ExcelJS from 'exceljs';
import { and, count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeetingView, UnitView } from '../../shared/api';
import { auditLog, mailOutbox, meetingInvitees, signInLinks, users } from '../db/schema';
import { createUser, ensureUnit, startTestServer, TestClient, type TestServer, sentText } from './support';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let server: TestServer;
let health: UnitView;
let finance: UnitView;
let healthOrganiser: Awaited<ReturnType<typeof createUser>>;
let delegate: Awaited<ReturnType<typeof createUser>>;

const db = () => server.app.database.db;
const unitByName = async (name: string) => ((await server.operator.get('/api/units')).body.units as UnitView[]).find((u) => u.name === name)!;
const csv = (rows: string[][]) => rows.map((r) => r.join(',')).join('\n');
const importCsv = (client: TestClient, rows: string[][]) => client.post('/api/users/import', { format: 'csv', content: csv(rows) });
const userCount = async () => (await db().select({ n: count() }).from(users))[0]!.n;
/** The link mailed to `email`: the token is the address's fragment. */
async function linkTokenOf(email: string): Promise<string> {
  const mails = await db().select().from(mailOutbox).where(and(eq(mailOutbox.to, email), eq(mailOutbox.kind, 'sign_in_link')));
  const m = /\/welcome#([A-Za-z0-9_-]+)/.exec(mails.length ? sentText(server, mails.at(-1)!) : '');
  if (!m) throw new Error(`no sign-in link mailed to ${email}`);
  return m[1]!;
}
const redeem = (token: string, password: string) => new TestClient(server.url).post('/api/sign-in-links/redeem', { token, password });

beforeAll(async () => {
  server = await startTestServer();
  await ensureUnit(server, 'Sở Y tế tỉnh Lâm Đồng');
  await ensureUnit(server, 'Sở Tài chính tỉnh Lâm Đồng');
  health = await unitByName('Sở Y tế tỉnh Lâm Đồng');
  finance = await unitByName('Sở Tài chính tỉnh Lâm Đồng');
  healthOrganiser = await createUser(server, 'Mai Thị Y', health.name, { role: 'organiser' });
  delegate = await createUser(server, 'Nguyễn Văn Đại', health.name);
}, 120_000);
afterAll(() => server?.close());

describe('people import (R1.2): all or nothing, every fault named', () => {
  it('names every faulty row and field of a CSV, and writes nothing', async () => {
    const before = await userCount();
    const res = await importCsv(server.operator, [
      ['Họ và tên', 'Thư điện tử', 'Mã đơn vị', 'Vai trò'],
      ['Trần Văn Tốt', 'tot@example.vn', health.code, ''],
      ['X', 'khong-phai-thu', 'KHONG-CO', 'vua'],
      ['Lê Thị Trùng', 'tot@example.vn', finance.code, 'delegate'],
      ['Mai Thị Có Rồi', healthOrganiser.email, health.code, 'secretary'],
    ]);
    expect(res.status).toBe(400);
    expect(res.body.error.id).toBe('import_invalid');
    expect(res.body.error.fields).toEqual({
      'row 3: name': 'required, 2 to 120 characters',
      'row 3: email': 'not an e-mail address',
      'row 3: role': 'not a role',
      'row 4: email': 'duplicate of row 2',
      'row 5: email': 'an account with this e-mail exists',
    });
    expect(await userCount()).toBe(before);
    // the unit code of row 3 is checked once its row is otherwise readable
    const second = await importCsv(server.operator, [['name', 'email', 'unit_code'], ['Trần Văn Tốt', 'tot@example.vn', 'KHONG-CO']]);
    expect(second.body.error.fields).toEqual({ 'row 2: unit_code': 'no unit KHONG-CO' });
    expect((await importCsv(server.operator, [['name', 'mail']])).body.error.fields).toEqual({ header: 'expected columns name, email, unit_code (missing: email, unit_code)' });
  });

  it('creates accounts without a password, each mailed a one-time link; the person sets a password through it and signs in', async () => {
    const res = await importCsv(server.operator, [
      ['name', 'email', 'unit_code', 'title', 'phone', 'role'],
      ['Phạm Văn Nhập', 'pham.nhap@example.vn', health.code, 'Chuyên viên', '0912345678', ''],
      ['Đỗ Thị Khẩu', 'do.khau@example.vn', finance.code, 'Kế toán trưởng', '', 'secretary'],
    ]);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ created: 2, linksSent: 2 });
    const [row] = await db().select().from(users).where(eq(users.email, 'pham.nhap@example.vn'));
    expect(row).toMatchObject({ name: 'Phạm Văn Nhập', title: 'Chuyên viên', phone: '0912345678', role: 'delegate', unitId: health.id });
    expect(row!.passwordHash.startsWith('$argon2')).toBe(false);

    // no password signs in before the link is used
    expect((await new TestClient(server.url).login('pham.nhap@example.vn', '!sign-in-link')).status).toBe(401);
    const token = await linkTokenOf('pham.nhap@example.vn');
    // the outbox keeps the link sealed: neither the stored mail nor the operator reading the outbox has the token
    const [mail] = await db().select().from(mailOutbox).where(and(eq(mailOutbox.to, 'pham.nhap@example.vn'), eq(mailOutbox.kind, 'sign_in_link')));
    expect(mail!.text + mail!.html).not.toContain(token);
    const shown = await server.operator.get(`/api/mail/outbox/${mail!.id}`);
    expect(shown.status).toBe(200);
    expect(JSON.stringify(shown.body)).not.toContain(token);
    expect(shown.body.mail.text).toContain('••••••');
    // only the hash is stored
    const stored = await db().select().from(signInLinks).where(eq(signInLinks.userId, row!.id));
    expect(stored).toHaveLength(1);
    expect(stored[0]!.tokenHash).not.toContain(token);
    expect(stored[0]!.expiresAt.getTime()).toBeGreaterThan(Date.now() + 6 * DAY);

    expect((await redeem(token, 'ngan')).body.error.id).toBe('password_too_weak');
    const used = await redeem(token, 'Mat-khau-moi-2026');
    expect(used.status, JSON.stringify(used.body)).toBe(200);
    expect(used.body).toEqual({ email: 'pham.nhap@example.vn' });
    const person = new TestClient(server.url);
    expect((await person.login('pham.nhap@example.vn', 'Mat-khau-moi-2026')).status).toBe(200);
    expect((await person.get('/api/auth/me')).body.user.mustChangePassword).toBe(false);

    // once only
    const again = await redeem(token, 'Mat-khau-khac-2026');
    expect(again.status).toBe(410);
    expect(again.body.error.id).toBe('sign_in_link_invalid');
    expect((await redeem('x'.repeat(43), 'Mat-khau-khac-2026')).body.error.id).toBe('sign_in_link_invalid');

    const audit = await db().select().from(auditLog).where(sql`${auditLog.action} in ('user.imported', 'user.sign_in_link_used')`);
    expect(audit.find((a) => a.action === 'user.imported')!.data).toMatchObject({ format: 'csv', created: 2, linksSent: 2, roles: { delegate: 1, secretary: 1 } });
    expect(audit.filter((a) => a.action === 'user.sign_in_link_used').map((a) => [a.actorId, a.targetId])).toEqual([[row!.id, row!.id]]);
    // nothing secret in the audit trail
    expect(JSON.stringify(audit)).not.toContain(token);
  });

  it('an expired link is refused; a new one issued by a manager works and ends the old ones', async () => {
    expect((await importCsv(server.operator, [['name', 'email', 'unit_code'], ['Vũ Văn Hạn', 'vu.han@example.vn', health.code]])).status).toBe(200);
    const first = await linkTokenOf('vu.han@example.vn');
    const [row] = await db().select().from(users).where(eq(users.email, 'vu.han@example.vn'));
    await db().update(signInLinks).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(signInLinks.userId, row!.id));
    expect((await redeem(first, 'Mat-khau-moi-2026')).body.error.id).toBe('sign_in_link_invalid');

    expect((await delegate.client.post(`/api/users/${row!.id}/sign-in-link`)).status).toBe(403);
    expect((await healthOrganiser.client.post(`/api/users/${row!.id}/sign-in-link`)).status).toBe(200);
    const second = await linkTokenOf('vu.han@example.vn');
    expect(second).not.toBe(first);
    expect((await redeem(second, 'Mat-khau-moi-2026')).status).toBe(200);
    const issued = await db().select().from(auditLog).where(and(eq(auditLog.action, 'user.sign_in_link_issued'), eq(auditLog.targetId, row!.id)));
    expect(issued).toHaveLength(1);
  });

  it('reads an XLSX workbook as the CSV', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('Danh sách');
    sheet.addRow(['Họ và tên', 'Thư điện tử', 'Mã đơn vị', 'Chức vụ']);
    sheet.addRow(['Hoàng Thị Bảng', { text: 'hoang.bang@example.vn', hyperlink: 'mailto:hoang.bang@example.vn' }, finance.code, 'Chuyên viên']);
    const content = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
    const res = await server.operator.post('/api/users/import', { format: 'xlsx', content });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.created).toBe(1);
    const broken = await server.operator.post('/api/users/import', { format: 'xlsx', content: Buffer.from('not a workbook').toString('base64') });
    expect(broken.body.error).toMatchObject({ id: 'import_invalid', fields: { file: 'not an XLSX workbook' } });
  });

  it('an organiser imports into their units only, with the roles they may grant; others are refused', async () => {
    const mine = await importCsv(healthOrganiser.client, [['name', 'email', 'unit_code', 'role'], ['Trịnh Văn Mình', 'trinh.minh@example.vn', health.code, 'technician']]);
    expect(mine.status, JSON.stringify(mine.body)).toBe(200);
    const theirs = await importCsv(healthOrganiser.client, [
      ['name', 'email', 'unit_code', 'role'],
      ['Lý Văn Ngoài', 'ly.ngoai@example.vn', finance.code, ''],
      ['Tạ Thị Quyền', 'ta.quyen@example.vn', health.code, 'organiser'],
      ['Khách Mời', 'khach@example.vn', health.code, 'guest'],
    ]);
    expect(theirs.body.error.fields).toEqual({
      'row 2: unit_code': 'not one of your units',
      'row 3: role': 'not a role you may grant',
      'row 4: role': 'guests and room accounts are not imported',
    });
    const refused = await importCsv(delegate.client, [['name', 'email', 'unit_code'], ['Ai Đó', 'ai.do@example.vn', health.code]]);
    expect(refused.status).toBe(403);
    expect(refused.body.error.id).toBe('forbidden');
    expect(await db().select().from(users).where(eq(users.email, 'ai.do@example.vn'))).toEqual([]);
  });
});

describe('a meeting of a thousand (issue 13.4: no cap of 500)', () => {
  it('imports 1,000 people, books them all with their unit, sends the invitations, and one of them enters directly', async () => {
    const unitId = await ensureUnit(server, 'Sở Giáo dục và Đào tạo tỉnh Lâm Đồng');
    const education = await unitByName('Sở Giáo dục và Đào tạo tỉnh Lâm Đồng');
    const rows = Array.from({ length: 1_000 }, (_, i) => [`Cán bộ Giáo dục Số ${i + 1}`, `gd.${i + 1}@example.vn`, education.code]);
    const imported = await importCsv(server.operator, [['name', 'email', 'unit_code'], ...rows]);
    expect(imported.status, JSON.stringify(imported.body).slice(0, 300)).toBe(200);
    expect(imported.body.created).toBe(1_000);
    const ids = (await db().select({ id: users.id }).from(users).where(eq(users.unitId, unitId))).map((r) => r.id);
    expect(ids).toHaveLength(1_000);

    const chair = await createUser(server, 'Trương Văn Chủ Trì', 'UBND tỉnh Lâm Đồng');
    const startsAt = new Date(Date.now() + 5 * DAY);
    const booked = await server.operator.post('/api/meetings', {
      title: 'Hội nghị tổng kết năm học toàn ngành',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 3 * HOUR).toISOString(),
      chairId: chair.id,
      inviteeIds: ids,
      unitIds: [unitId],
      slug: 'tong-ket-nam-hoc',
      password: 'mat-khau-hoi-nghi',
      notStateSecret: true,
      // the system check has begun: the room is open (it opens at the check time, D19.3)
      checkAt: new Date(Date.now() - 60_000).toISOString(),
    });
    expect(booked.status, JSON.stringify(booked.body).slice(0, 300)).toBe(201);
    const meeting = booked.body.meeting as MeetingView;
    expect(meeting.invitees).toHaveLength(1_000);
    expect((await db().select({ n: count() }).from(meetingInvitees).where(eq(meetingInvitees.meetingId, meeting.id)))[0]!.n).toBe(1_000);
    // an edit of a thousand keeps its version check and its list
    const edited = await server.operator.patch(`/api/meetings/${meeting.id}`, { version: meeting.version, inviteeIds: ids.slice(0, 999), reason: 'Một người nghỉ' });
    expect(edited.status, JSON.stringify(edited.body).slice(0, 300)).toBe(200);
    expect((edited.body.meeting as MeetingView).invitees).toHaveLength(999);

    const sent = await server.operator.post(`/api/meetings/${meeting.id}/invitations/send`, { password: 'mat-khau-hoi-nghi' });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body.count).toBeGreaterThanOrEqual(1_000); // 999 invitees and the chair
    const invitations = await db().select({ n: count() }).from(mailOutbox).where(and(eq(mailOutbox.meetingId, meeting.id), eq(mailOutbox.kind, 'invitation')));
    expect(invitations[0]!.n).toBe(sent.body.count);

    // the 500th person sets a password and enters directly; the schedule of their unit lists the meeting
    const token = await linkTokenOf('gd.500@example.vn');
    expect((await redeem(token, 'Mat-khau-giao-duc-500')).status).toBe(200);
    const person = new TestClient(server.url);
    expect((await person.login('gd.500@example.vn', 'Mat-khau-giao-duc-500')).status).toBe(200);
    person.csrf = (await person.get('/api/auth/me')).body.csrfToken ?? person.csrf;
    const entry = await person.post(`/api/meetings/by-slug/${meeting.slug}/access`, { password: 'mat-khau-hoi-nghi' });
    expect(entry.body, JSON.stringify(entry.body)).toEqual({ admission: 'direct' });
  }, 240_000);
});
