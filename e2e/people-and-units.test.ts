/**
 * People imported in bulk and invited units naming their attendees, in the browser (R1.2, R1.3, R2.1, R2.5;
 * issue 13.4, issue 14.12): an organiser imports a file on the people page — a faulty one is refused with every
 * line and column named, a good XLSX creates the accounts — and an imported person sets their password through the
 * mailed one-time link. Then the organiser of an invited unit names that person on the meeting's page, and the
 * person enters the meeting directly, without the lobby. The API only books the meeting and reads the outbox.
 */
import ExcelJS from 'exceljs';
import { and, eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { mailOutbox, users } from '../server/db/schema';
import { createUser, ensureUnit, sentText } from '../server/test/support';
import { signInOnPage } from './browser';
import { bookMeeting, joinedSocket, participantPage, server, useBrowserSuite } from './harness';

useBrowserSuite();

const HEALTH = 'Sở Y tế tỉnh Đắk Nông';
const PASSWORD = 'giao-ban-y-te';
const shots = process.env.E2E_SCREENSHOTS; // a folder to keep what a person sees, when set

async function openAs(who: { email: string; password: string }, path: string): Promise<Page> {
  const { page } = await participantPage();
  await page.goto(path);
  await page.waitForURL((url) => url.pathname === '/login');
  await signInOnPage(page, who.email, who.password);
  await page.waitForURL((url) => url.pathname === path);
  return page;
}

async function linkOf(email: string): Promise<string> {
  const [mail] = await server.app.database.db.select().from(mailOutbox).where(and(eq(mailOutbox.to, email), eq(mailOutbox.kind, 'sign_in_link')));
  const url = /https?:\/\/\S+\/welcome#[A-Za-z0-9_-]+/.exec(mail ? sentText(server, mail) : '')?.[0];
  if (!url) throw new Error(`no sign-in link mailed to ${email}`);
  return new URL(url).pathname + new URL(url).hash;
}

describe('people imported in bulk, and an invited unit naming who attends for it', () => {
  it('an organiser imports people; a faulty file names every line and column; an imported person sets a password through the link, is named by the unit and enters directly', async () => {
    const healthId = await ensureUnit(server, HEALTH);
    const code = ((await server.operator.get('/api/units')).body.units as { id: string; code: string }[]).find((u) => u.id === healthId)!.code;
    const healthOrganiser = await createUser(server, 'Mai Thị Y', HEALTH, { role: 'organiser', title: 'Chánh Văn phòng Sở' });

    // the people page, as the unit's organiser
    const page = await openAs(healthOrganiser, '/admin/users');
    const form = page.getByTestId('people-import-form');
    const faulty = ['Họ và tên,Thư điện tử,Mã đơn vị', `Trần Văn Tốt,tot@example.vn,${code}`, 'X,khong-phai-thu,KHONG-CO', `Lê Thị Trùng,tot@example.vn,${code}`].join('\n');
    await form.getByTestId('people-import-file').setInputFiles({ name: 'can-bo.csv', mimeType: 'text/csv', buffer: Buffer.from(faulty, 'utf8') });
    await form.getByTestId('people-import-submit').click();
    const errors = form.getByTestId('people-import-error');
    await expect.poll(() => errors.count()).toBe(3);
    expect(await form.getByTestId('people-import-errors').textContent()).toContain('chưa tài khoản nào được tạo');
    const listed = await errors.evaluateAll((els) => els.map((e) => [e.getAttribute('data-line'), e.getAttribute('data-column'), e.textContent]));
    expect(listed.map(([line, column]) => `${line}:${column}`)).toEqual(['3:email', '3:name', '4:email']);
    expect(listed[2]![2]).toContain('trùng thư điện tử với dòng 2');
    expect(await server.app.database.db.select().from(users).where(eq(users.email, 'tot@example.vn'))).toEqual([]);
    if (shots) await page.screenshot({ path: `${shots}/import-errors.png`, fullPage: true });

    // a good workbook
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('Cán bộ');
    sheet.addRow(['Họ và tên', 'Thư điện tử', 'Mã đơn vị', 'Chức vụ']);
    sheet.addRow(['Nguyễn Thị Nhập', 'nguyen.nhap@example.vn', code, 'Trưởng phòng Nghiệp vụ Y']);
    sheet.addRow(['Đỗ Văn Khẩu', 'do.khau@example.vn', code, 'Chuyên viên']);
    await form.getByTestId('people-import-file').setInputFiles({ name: 'can-bo.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(await wb.xlsx.writeBuffer()) });
    await form.getByTestId('people-import-submit').click();
    await expect.poll(() => page.getByTestId('user-saved').textContent()).toContain('Đã tạo 2 tài khoản; đã gửi 2 thư có liên kết đăng nhập.');
    await page.locator('[data-testid="user-item"][data-email="nguyen.nhap@example.vn"]').waitFor();
    expect(await form.getByTestId('people-import-error').count()).toBe(0);

    // the imported person opens the mailed link and sets a password: signed in at once
    const { page: newcomer } = await participantPage();
    await newcomer.goto(await linkOf('nguyen.nhap@example.vn'));
    await newcomer.getByTestId('welcome-password').fill('Mat-khau-cua-toi-2026');
    await newcomer.getByTestId('welcome-confirm').fill('Mat-khau-cua-toi-2026');
    await newcomer.getByTestId('welcome-submit').click();
    await newcomer.getByTestId('user-name').waitFor();
    expect(new URL(newcomer.url()).hash).toBe('');
    const [imported] = await server.app.database.db.select().from(users).where(eq(users.email, 'nguyen.nhap@example.vn'));

    // a meeting of the province inviting the health department as a unit
    const chair = await createUser(server, 'Trịnh Văn Chủ', 'UBND tỉnh Đắk Nông', { title: 'Chủ tịch UBND tỉnh' });
    const startsAt = new Date(Date.now() + 30 * 60_000);
    const meeting = await bookMeeting({
      title: 'Giao ban phòng chống dịch',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 2 * 3_600_000).toISOString(),
      checkAt: new Date(Date.now() - 60_000).toISOString(), // the system check has begun: the room is open
      chairId: chair.id,
      unitIds: [healthId],
      slug: 'giao-ban-phong-dich',
      password: PASSWORD,
      notStateSecret: true,
      emergency: true,
    });
    // the invitations go out: the unit's organiser gets one, the person not yet
    expect((await server.operator.post(`/api/meetings/${meeting.id}/invitations/send`, { password: PASSWORD })).status).toBe(200);

    // the unit's organiser, on the meeting's page, follows "name who attends" and picks the person
    await page.goto(`/${meeting.slug}`);
    await page.getByTestId('unit-attendees-link').click();
    await page.waitForURL((url) => url.pathname === `/meetings/${meeting.id}/units/${healthId}/attendees`);
    const attendees = page.getByTestId('attendees-form');
    await attendees.getByRole('searchbox').first().fill('nguyen thi nhap'); // no diacritics, as people type
    await attendees.locator(`[data-testid="attendees-person"][data-user-id="${imported!.id}"]`).check();
    await attendees.getByTestId('attendees-password').fill(PASSWORD);
    await attendees.getByTestId('attendees-save').click();
    const saved = page.getByTestId('attendees-saved');
    await expect.poll(() => saved.textContent()).toContain('Đã lưu: 1 người, 0 phòng họp. Đã gửi giấy mời cho 1 người nhận mới.');
    if (shots) await page.screenshot({ path: `${shots}/unit-attendees.png`, fullPage: true });

    // the chair is in; the named person enters without the lobby
    const chairSocket = await joinedSocket(chair.client, meeting.slug, PASSWORD);
    try {
      await newcomer.goto(`/${meeting.slug}`);
      await newcomer.getByTestId('meeting-password').fill(PASSWORD);
      await newcomer.getByTestId('meeting-password-submit').click();
      await newcomer.getByTestId('join-button').waitFor();
      expect(await newcomer.getByTestId('lobby-notice').count()).toBe(0);
      await newcomer.getByTestId('join-button').click();
      await newcomer.locator('[data-testid="meeting-room"][data-state="joined"]').waitFor({ timeout: 20_000 });
      expect(await newcomer.getByTestId('lobby-waiting').count()).toBe(0);
      if (shots) await newcomer.screenshot({ path: `${shots}/attendee-in-room.png` });
    } finally {
      chairSocket.close();
    }
  }, 180_000);
});
