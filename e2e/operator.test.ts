/**
 * The administration as a person does it, through the web UI only: an operator's first sign-in with a one-time
 * password, building the unit tree by hand and from CSV (R1.1), creating accounts with unit, title and role
 * (R1.2) and a meeting, a new official joining by the link; an organiser managing the people of their own units
 * and creating a meeting for them; and the language switch. The API is used only to create the accounts and
 * records a test starts from, and to check what the UI did.
 *
 * The tests run in order and share the operator's browser context (tests 1 and 2). At most three contexts are
 * open at a time.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { generate } from 'otplib';
import { foldDiacritics } from '../shared/slug';
import { createUser, ensureUnit, rememberTotp, totpCodeFor } from '../server/test/support';
import { dateTimeValue, fillDateTime, inboundStats, openAdminItem, signInOnPage } from './browser';
import { participantPage, server, signedInPage, useBrowserSuite } from './harness';

/** The operator created in test 1, signed in with their own password, for test 2. */
let operator: { context: BrowserContext; page: Page } | undefined;

useBrowserSuite();

/** On the forced password-change page: the current (one-time) password, then the new one twice. */
async function changePassword(page: Page, current: string, next: string) {
  await page.getByTestId('current-password').fill(current);
  await page.getByTestId('new-password').fill(next);
  await page.getByTestId('new-password-confirm').fill(next);
  await page.getByTestId('change-password-submit').click();
}

/** A date-and-time value `YYYY-MM-DDTHH:mm` (Vietnam time) `days` from today at `hour`:00. */
function vietnamDateTime(days: number, hour: number): string {
  const day = new Date(Date.now() + days * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' });
  return `${day}T${String(hour).padStart(2, '0')}:00`;
}

/** The options of a unit picker as shown (indentation removed). */
async function optionNames(page: Page, testId: string): Promise<string[]> {
  const texts = await page.getByTestId(testId).locator('option').allTextContents();
  return texts.map((text) => text.replace(/\u00a0/g, ' ').trim());
}

/** Choose a unit by its name in an indented unit picker. */
async function selectUnit(page: Page, testId: string, name: string) {
  const options = page.getByTestId(testId).locator('option');
  await expect.poll(() => optionNames(page, testId)).toContain(name);
  const index = (await optionNames(page, testId)).indexOf(name);
  await page.getByTestId(testId).selectOption((await options.nth(index).getAttribute('value'))!);
}

/** Create an account on /admin/users and return the one-time password the page shows. */
async function createUserInUi(page: Page, person: { name: string; title: string; unit: string; email: string; role?: string }) {
  await page.getByTestId('user-name-input').fill(person.name);
  await page.getByTestId('user-title-input').fill(person.title);
  await selectUnit(page, 'user-unit-input', person.unit);
  await page.getByTestId('user-email-input').fill(person.email);
  await page.getByTestId('user-role-input').selectOption(person.role ?? 'delegate');
  await page.getByTestId('user-submit').click();
  const notice = page.getByTestId('user-created');
  await expect.poll(() => notice.textContent()).toContain(`${person.title} ${person.name}`);
  const temporaryPassword = (await page.getByTestId('temporary-password').textContent())!.trim();
  expect(temporaryPassword.length).toBeGreaterThanOrEqual(10);
  // The list shows the new account with its title before the name, marked as still on its temporary password.
  const row = page.locator(`[data-testid="user-item"][data-email="${person.email}"]`);
  await expect.poll(() => row.getByTestId('user-display-name').textContent()).toBe(`${person.title} ${person.name}`);
  expect(await row.textContent()).toContain(person.unit);
  expect(await row.locator('.badge').count()).toBe(1);
  return temporaryPassword;
}

/** The unit tree's rows as `depth name`, in the order shown. */
async function unitRows(page: Page): Promise<string[]> {
  const rows = page.getByTestId('unit-item');
  const out: string[] = [];
  for (let i = 0; i < (await rows.count()); i++) {
    const row = rows.nth(i);
    out.push(`${await row.getAttribute('data-depth')} ${(await row.getByTestId('unit-name').textContent())!.trim()}`);
  }
  return out;
}

/**
 * A person opens the meeting link, signs in with their one-time password, changes it, is brought back to the
 * meeting, enters the meeting password, passes the device check and joins.
 */
async function firstSignInAndJoin(page: Page, link: string, slug: string, email: string, temporaryPassword: string, meetingPassword: string) {
  await page.goto(link);
  await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('next') === `/${slug}`);
  await signInOnPage(page, email, temporaryPassword);
  await page.getByTestId('change-password-submit').waitFor();
  await changePassword(page, temporaryPassword, 'Mat-khau-rieng-2026');
  // Back on the meeting they came for, without opening the link again.
  await page.getByTestId('meeting-password').waitFor();
  expect(new URL(page.url()).pathname).toBe(`/${slug}`);
  await page.getByTestId('meeting-password').fill(meetingPassword);
  await page.getByTestId('meeting-password-submit').click();
  await page.getByTestId('device-check').waitFor();
  await page.getByTestId('join-button').click();
  await page.getByTestId('meeting-room').waitFor();
}

/** The participant id of `name` in this page's roster. */
async function participantId(page: Page, name: string): Promise<string> {
  const item = page.getByTestId('roster-item').filter({ hasText: name });
  await item.waitFor({ state: 'attached' });
  return (await item.getAttribute('data-participant-id'))!;
}

async function framesDecodedFrom(page: Page, id: string): Promise<number> {
  const stats = await inboundStats(page);
  return stats.filter((s) => s.participantId === id && s.kind === 'video').reduce((sum, s) => sum + (s.framesDecoded ?? 0), 0);
}

describe('administration through the web UI', () => {
  it('first start: the operator signs in with the one-time password and must change it', async () => {
    const email = 'vu.thi.van.hanh@example.vn';
    const res = await server.operator.post('/api/users', { name: 'Vũ Thị Vận Hành', unitId: await ensureUnit(server, 'Sở Thông tin và Truyền thông'), email, role: 'operator' });
    expect(res.status).toBe(201);
    const temporaryPassword = res.body.temporaryPassword as string;

    const { context, page } = await participantPage();
    await page.goto('/');
    await page.waitForURL((url) => url.pathname === '/login');
    await signInOnPage(page, email, temporaryPassword);

    // Forced to the password-change page; nothing else is reachable, not even by typing an address.
    await page.getByTestId('change-password-submit').waitFor();
    expect(await page.locator('.main-nav').count()).toBe(0);
    await page.goto('/admin/users');
    await page.getByTestId('change-password-submit').waitFor();
    expect(await page.getByTestId('user-list').count()).toBe(0);

    // A weak new password is refused with a Vietnamese message.
    await changePassword(page, temporaryPassword, 'abc123');
    await expect.poll(() => page.getByTestId('error-message').textContent()).toMatch(/mật khẩu/i);
    expect(await page.getByTestId('error-message').textContent()).toMatch(/quá yếu/);

    // A strong one is accepted; an operator must then set up the second factor (R1.3), still before anything else.
    await changePassword(page, temporaryPassword, 'Van-hanh-manh-2026');
    await page.getByTestId('second-factor-start').click();
    await page.getByTestId('second-factor-qr').waitFor();
    expect(await page.locator('.main-nav').count()).toBe(0);
    expect(await page.getByTestId('second-factor-qr').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    // The operator's phone: an authenticator app given the key shown under the QR code.
    const key = (await page.getByTestId('second-factor-key').textContent())!.replace(/\s+/g, '');
    await page.getByTestId('second-factor-confirm-code').fill('000000');
    await page.getByTestId('second-factor-confirm').click();
    await expect.poll(() => page.getByTestId('error-message').textContent()).toMatch(/Mã xác thực không đúng/);
    const step = Math.floor(Date.now() / 30_000);
    await page.getByTestId('second-factor-confirm-code').fill(await generate({ secret: key, epoch: step * 30 }));
    await page.getByTestId('second-factor-confirm').click();
    rememberTotp(server.url, email, key, step);
    await page.getByTestId('recovery-codes-done').click();

    // Then the page the operator asked for appears.
    await page.getByTestId('user-list').waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/users');
    expect(await page.getByTestId('user-name').textContent()).toBe('Vũ Thị Vận Hành');

    // The home page lists all meetings for the operator.
    await page.locator('.brand').click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Tất cả cuộc họp');
    expect(new URL(page.url()).pathname).toBe('/');

    // From now on, signing in asks for the code after the password, and nothing opens before it is given.
    await page.getByTestId('sign-out').click();
    await page.waitForURL((url) => url.pathname === '/login');
    await page.getByTestId('login-email').fill(email);
    await page.getByTestId('login-password').fill('Van-hanh-manh-2026');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('second-factor-code').waitFor();
    await page.goto('/admin/users');
    await page.getByTestId('second-factor-code').waitFor();
    expect(await page.locator('.main-nav').count()).toBe(0);
    await page.getByTestId('second-factor-code').fill(await totpCodeFor(server.url, email));
    await page.getByTestId('second-factor-submit').click();
    await page.getByTestId('user-list').waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/users');
    operator = { context, page };
  });

  it('M8.1 the operator creates an account and a meeting in the UI; the new person signs in and joins by the link', async () => {
    if (!operator) throw new Error('needs the operator signed in by the first test');
    const { page } = operator;
    const official = { name: 'Hoàng Văn Tư', title: 'Chuyên viên', unit: 'Sở Nội vụ', email: 'hoang.van.tu@example.vn' };
    const chair = { name: 'Đinh Thị Chủ Trì', title: 'Chánh Văn phòng', unit: 'Văn phòng UBND tỉnh', email: 'dinh.thi.chu.tri@example.vn' };

    // R1.1 the unit tree: the province by hand, its departments from a CSV file.
    await openAdminItem(page, 'nav-units');
    await page.getByTestId('unit-create-form').waitFor();
    await page.getByTestId('unit-name-input').fill('UBND tỉnh Đắk Nông');
    await page.getByTestId('unit-code-input').fill('dno');
    await page.getByTestId('unit-submit').click();
    await expect.poll(() => unitRows(page)).toContain('0 UBND tỉnh Đắk Nông');
    const before = await unitRows(page);

    // A file with errors: every line at fault is named, and nothing is imported.
    await page.getByTestId('unit-import-text').fill('code,name,parent_code\nDNO-SNV,Sở Nội vụ,DNO\nDNO-X,X,DNO\nDNO-Y,Sở Y tế,KHONG-CO\n');
    await page.getByTestId('unit-import-submit').click();
    await page.getByTestId('unit-import-errors').waitFor();
    const errors = page.getByTestId('unit-import-error');
    expect(await errors.count()).toBe(2);
    expect(await errors.nth(0).textContent()).toMatch(/^Dòng 3, cột name: tên đơn vị phải có từ 2 đến 200 ký tự/);
    expect(await errors.nth(1).textContent()).toMatch(/^Dòng 4, cột parent_code: không có đơn vị mã KHONG-CO/);
    expect(await unitRows(page)).toEqual(before);

    // The corrected file: each department lands under the province.
    await page.getByTestId('unit-import-text').fill('code,name,parent_code\nDNO-VP,Văn phòng UBND tỉnh,DNO\nDNO-SNV,Sở Nội vụ,DNO\n');
    await page.getByTestId('unit-import-submit').click();
    await expect.poll(() => page.getByTestId('unit-notice').textContent()).toBe('Đã nhập 2 đơn vị.');
    expect(await page.getByTestId('unit-import-errors').count()).toBe(0);
    await expect.poll(() => unitRows(page)).toEqual(expect.arrayContaining(['1 Sở Nội vụ', '1 Văn phòng UBND tỉnh']));
    const rows = await unitRows(page);
    expect(rows.indexOf('0 UBND tỉnh Đắk Nông')).toBeLessThan(rows.indexOf('1 Sở Nội vụ'));

    // The province still has sub-units: deleting it is refused, with the reason.
    const province = page.locator('[data-testid="unit-item"][data-code="DNO"]');
    await province.getByTestId('unit-delete').click();
    await page.getByTestId('unit-delete-confirm').click();
    await expect.poll(() => page.getByTestId('unit-error').textContent()).toBe('Không thể xóa “UBND tỉnh Đắk Nông”: đơn vị còn đơn vị trực thuộc.');
    expect(await unitRows(page)).toContain('0 UBND tỉnh Đắk Nông');

    await openAdminItem(page, 'nav-users');
    await page.getByTestId('user-create-form').waitFor();
    // The operator may give every role, named in Vietnamese.
    expect(await page.getByTestId('user-role-input').locator('option').allTextContents()).toEqual([
      'Quản trị hệ thống',
      'Cán bộ tổ chức họp',
      'Thư ký',
      'Cán bộ kỹ thuật',
      'Đại biểu',
      'Khách mời',
      'Tài khoản phòng họp',
    ]);
    const officialPassword = await createUserInUi(page, official);
    const chairPassword = await createUserInUi(page, chair);
    expect(chairPassword).not.toBe(officialPassword);

    // The meeting: a Vietnamese title fills a diacritic-free link address by itself.
    await page.getByTestId('nav-new-meeting').click();
    await page.getByTestId('meeting-title').fill('Họp Dự án Đắk Nông');
    const slug = await page.getByTestId('meeting-slug').inputValue();
    expect(slug).toContain('hop-du-an-dak-nong');
    await fillDateTime(page, 'meeting-start', vietnamDateTime(1, 8));
    await fillDateTime(page, 'meeting-end', vietnamDateTime(1, 10));
    await selectUnit(page, 'meeting-host-unit', 'Văn phòng UBND tỉnh');
    await page.getByTestId('meeting-chair').selectOption({ label: `${chair.title} ${chair.name} — ${chair.unit}` });
    // the invitees are the whole organisation's directory: found by name, without diacritics
    const invitees = page.getByTestId('meeting-invitees');
    await invitees.getByRole('searchbox').fill(foldDiacritics(official.name));
    await invitees.getByRole('checkbox', { name: `${official.title} ${official.name} — ${official.unit}` }).check();
    await page.getByTestId('meeting-new-password').fill('dak-nong-2026');
    // Tomorrow is inside the 2-day booking lead time (R2.3, D19.2): refused until declared an emergency, and never
    // without the declaration that the content is not a state secret (R2.2, M4).
    await page.getByTestId('meeting-submit').click();
    await page.getByText('không thuộc bí mật nhà nước trước khi đăng ký').waitFor();
    await page.getByTestId('meeting-not-state-secret').check();
    await page.getByTestId('meeting-submit').click();
    await page.getByText('Phải đăng ký cuộc họp trước ít nhất 02 ngày').waitFor();
    await page.getByTestId('meeting-emergency').check();
    await page.getByTestId('meeting-submit').click();
    const link = (await page.getByTestId('meeting-link').textContent())!.trim();
    expect(link).toBe(`${server.url}/${slug}`);
    const made = (await server.operator.get('/api/meetings')).body.meetings.find((m: { slug: string }) => m.slug === slug);
    expect(made.hostUnit.name).toBe('Văn phòng UBND tỉnh');

    // The room opens at the system check, tomorrow (D19.3): the office opens it now, giving its reason.
    await page.goto(`/meetings/${made.id}/manage`);
    const openEarly = page.getByTestId('open-early-panel');
    await openEarly.waitFor();
    await openEarly.getByTestId('open-early-reason').fill('Họp gấp theo chỉ đạo của Chủ tịch UBND tỉnh');
    await openEarly.getByTestId('open-early-button').click();
    await openEarly.waitFor({ state: 'detached' });
    const opened = (await server.operator.get(`/api/audit?action=meeting.opened_early&targetId=${made.id}`)).body.entries;
    expect(opened[0].data.reason).toBe('Họp gấp theo chỉ đạo của Chủ tịch UBND tỉnh');

    // The new official opens the link in their own browser.
    const first = await participantPage();
    await firstSignInAndJoin(first.page, link, slug, official.email, officialPassword, 'dak-nong-2026');
    await expect.poll(() => first.page.getByTestId('roster-item').allTextContents()).toEqual([expect.stringContaining(official.name)]);
    expect(await first.page.getByTestId('roster-item').textContent()).toContain('(Bạn)');

    // The chair joins too.
    const second = await participantPage();
    await firstSignInAndJoin(second.page, link, slug, chair.email, chairPassword, 'dak-nong-2026');

    for (const p of [first.page, second.page]) {
      await expect.poll(() => p.getByTestId('roster-item').count(), { timeout: 10_000 }).toBe(2);
      const names = (await p.getByTestId('roster-item').allTextContents()).join(' | ');
      expect(names).toContain(official.name);
      expect(names).toContain(chair.name);
    }
    expect(await second.page.getByTestId('roster-item').filter({ hasText: chair.name }).getByTestId('chair-marker').count()).toBe(1);

    // Each decodes video from the other.
    const chairId = await participantId(first.page, chair.name);
    const officialId = await participantId(second.page, official.name);
    await expect.poll(() => framesDecodedFrom(first.page, chairId), { timeout: 20_000, interval: 500 }).toBeGreaterThan(0);
    await expect.poll(() => framesDecodedFrom(second.page, officialId), { timeout: 20_000, interval: 500 }).toBeGreaterThan(0);

    // The operator's list now shows both accounts with their own passwords.
    await page.goto('/admin/users');
    for (const email of [official.email, chair.email]) {
      const row = page.locator(`[data-testid="user-item"][data-email="${email}"]`);
      await row.waitFor();
      expect(await row.locator('.badge').count()).toBe(0);
    }

    await first.context.close();
    await second.context.close();
    await operator.context.close();
  });

  it('R1.1 R1.2 an organiser manages the people of their own units and creates a meeting for them', async () => {
    // Their province with a department, a room, and an unrelated province (made through the API).
    const province = await ensureUnit(server, 'UBND tỉnh Gia Lai');
    await ensureUnit(server, 'Sở Y tế Gia Lai', province);
    const organiser = await createUser(server, 'Phạm Thị Hoa', 'UBND tỉnh Gia Lai', { role: 'organiser', title: 'Chánh Văn phòng' });
    const leader = await createUser(server, 'Nguyễn Bốn', 'UBND tỉnh Gia Lai', { title: 'Phó Chủ tịch UBND tỉnh' });
    await createUser(server, 'Lê Thị An', 'Sở Y tế Gia Lai', { title: 'Giám đốc Sở' });
    const stranger = await createUser(server, 'Lý Văn Khoa', 'UBND tỉnh Kon Tum');
    const room = await server.operator.post('/api/endpoints', { name: 'Phòng họp trực tuyến UBND tỉnh Gia Lai', unitId: province });
    expect(room.status).toBe(201);

    const page = await signedInPage(organiser.email, organiser.password);
    await openAdminItem(page, 'nav-users');
    await page.getByTestId('user-list').waitFor();

    // Only their units' people, sorted by unit, title of office and given name, with titles; the units page is not theirs.
    expect(await page.getByTestId('nav-units').count()).toBe(0);
    await expect.poll(() => page.getByTestId('user-display-name').allTextContents()).toEqual([
      'Giám đốc Sở Lê Thị An',
      'Phó Chủ tịch UBND tỉnh Nguyễn Bốn',
      'Chánh Văn phòng Phạm Thị Hoa',
    ]);
    expect(await page.locator(`[data-testid="user-item"][data-email="${stranger.email}"]`).count()).toBe(0);
    expect(await optionNames(page, 'user-unit-input')).toEqual(['— Chọn đơn vị —', 'UBND tỉnh Gia Lai', 'Sở Y tế Gia Lai']);
    expect(await page.getByTestId('user-role-input').locator('option').allTextContents()).toEqual(['Thư ký', 'Cán bộ kỹ thuật', 'Đại biểu', 'Khách mời', 'Tài khoản phòng họp']);
    // Their own account and other organisers' are not theirs to change.
    expect(await page.locator(`[data-testid="user-item"][data-email="${organiser.email}"]`).getByTestId('user-edit').count()).toBe(0);

    // Search with and without diacritics.
    await page.getByTestId('user-search').fill('nguyen bon');
    await expect.poll(() => page.getByTestId('user-display-name').allTextContents()).toEqual(['Phó Chủ tịch UBND tỉnh Nguyễn Bốn']);
    await page.getByTestId('user-search').fill('Sở Y tế');
    await expect.poll(() => page.getByTestId('user-display-name').allTextContents()).toEqual(['Giám đốc Sở Lê Thị An']);
    await page.getByTestId('user-search').fill('');

    // A secretary for the department; then a change of title and phone, and the account disabled.
    const secretary = { name: 'Đỗ Thu Thủy', title: 'Chuyên viên', unit: 'Sở Y tế Gia Lai', email: 'do.thu.thuy@example.vn', role: 'secretary' };
    await createUserInUi(page, secretary);
    const row = page.locator(`[data-testid="user-item"][data-email="${secretary.email}"]`);
    expect(await row.getByTestId('user-role').textContent()).toBe('Thư ký');
    await row.getByTestId('user-edit').click();
    await page.getByTestId('user-edit-title').fill('Phó Chánh Văn phòng Sở');
    await page.getByTestId('user-edit-phone').fill('0269 3824 123');
    await selectUnit(page, 'user-edit-unit', 'UBND tỉnh Gia Lai');
    await page.getByTestId('user-edit-disabled').check();
    await page.getByTestId('user-edit-save').click();
    await expect.poll(() => page.getByTestId('user-saved').textContent()).toBe(`Đã lưu thay đổi cho ${secretary.name}.`);
    await expect.poll(() => row.getByTestId('user-display-name').textContent()).toBe(`Phó Chánh Văn phòng Sở ${secretary.name}`);
    expect(await row.textContent()).toContain('0269 3824 123');
    expect(await row.textContent()).toContain('UBND tỉnh Gia Lai');
    expect(await row.getByTestId('user-disabled').textContent()).toBe('Đã khóa');
    const saved = (await server.operator.get('/api/users')).body.users.find((u: { email: string }) => u.email === secretary.email);
    expect(saved).toMatchObject({ title: 'Phó Chánh Văn phòng Sở', phone: '0269 3824 123', unitId: province, role: 'secretary', disabled: true });

    // A meeting of their unit, with the province's room.
    await page.getByTestId('nav-new-meeting').click();
    await page.getByTestId('meeting-title').fill('Giao ban UBND tỉnh Gia Lai');
    expect(await optionNames(page, 'meeting-host-unit')).toEqual(['— Chọn đơn vị —', 'UBND tỉnh Gia Lai', 'Sở Y tế Gia Lai']);
    expect(await page.getByTestId('meeting-host-unit').inputValue()).toBe(province);
    await fillDateTime(page, 'meeting-start', vietnamDateTime(9, 8));
    await fillDateTime(page, 'meeting-end', vietnamDateTime(9, 10));
    await page.getByTestId('meeting-chair').selectOption(leader.id);
    await page.locator(`[data-testid="meeting-endpoint"][data-endpoint-id="${room.body.endpoint.id}"]`).check();
    await page.getByTestId('meeting-new-password').fill('gia-lai-2026');
    await page.getByTestId('meeting-not-state-secret').check();
    // Tomorrow is too late for a unit's booking (D19.2): the refusal quotes the article, not the raw keys.
    await fillDateTime(page, 'meeting-start', vietnamDateTime(1, 8));
    await fillDateTime(page, 'meeting-end', vietnamDateTime(1, 10));
    await page.getByTestId('meeting-submit').click();
    const rule = page.getByTestId('refusal-rule');
    await expect.poll(() => rule.textContent()).toContain('Điều 19 khoản 2');
    expect(await rule.textContent()).toContain('trước thời điểm diễn ra cuộc họp ít nhất 02 ngày');
    expect(await page.getByTestId('refused-fields').count()).toBe(0);
    expect(await page.locator('main').textContent()).not.toMatch(/\b(rule|article|requirement)\b/);
    await fillDateTime(page, 'meeting-start', vietnamDateTime(9, 8));
    await fillDateTime(page, 'meeting-end', vietnamDateTime(9, 10));
    await page.getByTestId('meeting-submit').click();
    const slug = new URL((await page.getByTestId('meeting-link').textContent())!.trim()).pathname.slice(1);
    const meeting = (await server.operator.get('/api/meetings')).body.meetings.find((m: { slug: string }) => m.slug === slug);
    expect(meeting).toMatchObject({ hostUnit: { id: province }, chair: { id: leader.id }, endpoints: [{ id: room.body.endpoint.id }] });

    // The operator's pages stay closed to them, even by typing the address.
    await page.goto('/admin/units');
    await expect.poll(() => page.locator('main').textContent()).toContain('Bạn không có quyền');
    await page.context().close();
  });

  it('language switch: Vietnamese by default, English on request, kept after a reload', async () => {
    const { page } = await participantPage();
    await page.goto('/');
    await page.waitForURL((url) => url.pathname === '/login');
    await expect.poll(() => page.getByTestId('login-submit').textContent()).toBe('Đăng nhập');
    expect(await page.getAttribute('html', 'lang')).toBe('vi');

    await page.getByTestId('language-switch').click();
    await expect.poll(() => page.getByTestId('login-submit').textContent()).toBe('Sign in');
    expect(await page.getByTestId('language-switch').textContent()).toBe('Tiếng Việt');
    expect(await page.getAttribute('html', 'lang')).toBe('en');

    await page.reload();
    await expect.poll(() => page.getByTestId('login-submit').textContent()).toBe('Sign in');
    expect(await page.getAttribute('html', 'lang')).toBe('en');

    // A translated server refusal follows the language too.
    await signInOnPage(page, 'nobody@example.vn', 'Sai-mat-khau-1');
    await expect.poll(() => page.getByTestId('error-message').textContent()).toMatch(/password/i);

    await page.getByTestId('language-switch').click();
    await expect.poll(() => page.getByTestId('login-submit').textContent()).toBe('Đăng nhập');
    expect(await page.getByTestId('error-message').textContent()).toMatch(/mật khẩu/i);
  });
});

describe('the meeting itself through the web UI (R2.1, R2.3, D21.1)', () => {
  it('R2.1 R2.3 an organiser books with type and agenda (pending), keeps their edit through a conflicting one, the office approves and cancels', async () => {
    const province = await ensureUnit(server, 'UBND tỉnh Kon Tum');
    const district = await ensureUnit(server, 'UBND huyện Đăk Hà', province);
    const organiser = await createUser(server, 'Hà Thị Lịch', 'UBND tỉnh Kon Tum', { role: 'organiser', title: 'Phó Chánh Văn phòng' });
    const leader = await createUser(server, 'Y Ngọc', 'UBND tỉnh Kon Tum', { title: 'Phó Chủ tịch UBND tỉnh' });
    const officer = await createUser(server, 'Lò Văn Duyệt', 'UBND tỉnh Kon Tum', { role: 'operator', title: 'Chuyên viên Văn phòng' });

    // The organiser books a flood-control meeting with its agenda, invited unit, backdrop text and council flag.
    let page = await signedInPage(organiser.email, organiser.password);
    await page.getByTestId('nav-new-meeting').click();
    await page.getByTestId('meeting-title').fill('Họp Ban Chỉ đạo phòng chống lụt bão');
    await fillDateTime(page, 'meeting-start', vietnamDateTime(9, 8));
    await fillDateTime(page, 'meeting-end', vietnamDateTime(9, 11));
    // the system check follows the start, 1 hour before (D19.3)
    expect(await dateTimeValue(page, 'meeting-check-at')).toBe(vietnamDateTime(9, 7));
    await page.getByTestId('meeting-chair').selectOption(leader.id);
    await page.getByTestId('meeting-type').selectOption('flood_storm_control');
    expect(await page.getByTestId('meeting-type').locator('option:checked').textContent()).toBe('Ban Chỉ đạo phòng chống lụt bão');
    await page.getByTestId('agenda-add').click();
    await page.getByTestId('agenda-add').click();
    await page.getByTestId('agenda-title-0').fill('Báo cáo tình hình mưa lũ');
    await page.getByTestId('agenda-presenter-0').selectOption(leader.id);
    await page.getByTestId('agenda-minutes-0').fill('30');
    await page.getByTestId('agenda-title-1').fill('Ý kiến các địa phương');
    await page.getByTestId('agenda-presenter-name-1').fill('Chủ tịch UBND các huyện');
    await page.getByTestId('agenda-minutes-1').fill('45');
    await page.locator(`[data-testid="meeting-unit"][data-unit-id="${district}"]`).check();
    await page.getByTestId('meeting-backdrop').fill('HỌP BAN CHỈ ĐẠO PHÒNG CHỐNG LỤT BÃO TỈNH KON TUM');
    await page.getByTestId('meeting-needs-minutes').check();
    // a restricted meeting with a malformed network is stopped in the form
    await page.getByTestId('meeting-restricted').check();
    await page.getByTestId('meeting-networks').fill('10.0.0.0/8\n10.300.0.0/16');
    await page.getByTestId('meeting-new-password').fill('kon-tum-2026');
    await page.getByTestId('meeting-not-state-secret').check();
    await page.getByTestId('meeting-submit').click();
    await expect.poll(() => page.getByTestId('error-message').textContent()).toContain('10.300.0.0/16');
    await page.getByTestId('meeting-restricted').uncheck();
    await page.getByTestId('meeting-submit').click();
    await page.getByTestId('meeting-created-pending').waitFor();
    const slug = new URL((await page.getByTestId('meeting-link').textContent())!.trim()).pathname.slice(1);
    const booked = (await server.operator.get('/api/meetings')).body.meetings.find((m: { slug: string }) => m.slug === slug);
    expect(booked).toMatchObject({ type: 'flood_storm_control', needsMinutes: true, restricted: false, approval: { status: 'pending' }, units: [{ id: district }] });
    expect(booked.agenda.map((a: { title: string; minutes: number }) => [a.title, a.minutes])).toEqual([
      ['Báo cáo tình hình mưa lũ', 30],
      ['Ý kiến các địa phương', 45],
    ]);

    // The meeting page says it awaits the office; no password is asked yet.
    await page.goto(`/${slug}`);
    await page.getByTestId('meeting-pending-notice').waitFor();
    expect(await page.getByTestId('meeting-password').count()).toBe(0);
    expect(await page.getByTestId('agenda-item').count()).toBe(2);

    // The organiser edits the title while the office changes the backdrop: told of the conflict, their text kept.
    await page.goto(`/meetings/${booked.id}/manage`);
    await expect.poll(() => page.getByTestId('facts-type').textContent()).toBe('Ban Chỉ đạo phòng chống lụt bão');
    expect(await page.getByTestId('approve-button').count()).toBe(0);
    await page.getByTestId('meeting-edit-open').click();
    await page.getByTestId('meeting-edit-title').fill('Họp Ban Chỉ đạo PCLB (điều chỉnh)');
    const other = await server.operator.request('PATCH', `/api/meetings/${booked.id}`, { version: booked.version, backdropText: 'PHÔNG DO VĂN PHÒNG SỬA' });
    expect(other.status, JSON.stringify(other.body)).toBe(200);
    await page.getByTestId('meeting-edit-save').click();
    await page.getByTestId('version-conflict').waitFor();
    expect(await page.getByTestId('meeting-edit-title').inputValue()).toBe('Họp Ban Chỉ đạo PCLB (điều chỉnh)');
    await page.getByTestId('version-conflict-reload').click();
    await expect.poll(() => page.getByTestId('facts-backdrop').textContent()).toBe('PHÔNG DO VĂN PHÒNG SỬA');
    expect(await page.getByTestId('meeting-edit-title').inputValue()).toBe('Họp Ban Chỉ đạo PCLB (điều chỉnh)');
    await page.getByTestId('meeting-edit-save').click();
    await page.getByTestId('meeting-edit-saved').waitFor();
    const edited = (await server.operator.get(`/api/meetings/${booked.id}`)).body.meeting;
    expect(edited).toMatchObject({ title: 'Họp Ban Chỉ đạo PCLB (điều chỉnh)', backdropText: 'PHÔNG DO VĂN PHÒNG SỬA', version: 3 });
    await page.context().close();

    // The office sees the pending booking on its home page, refuses a rejection without reason, approves it.
    page = await signedInPage(officer.email, officer.password);
    const pending = page.locator(`[data-testid="pending-approval"][data-slug="${slug}"]`);
    await pending.waitFor();
    await pending.locator('a').click();
    await page.getByTestId('approval-panel').waitFor();
    await page.getByTestId('reject-button').click();
    await expect.poll(() => page.getByTestId('approval-panel').getByTestId('error-message').textContent()).toContain('lý do');
    await page.getByTestId('approve-button').click();
    await expect.poll(() => page.getByTestId('approval-badge').first().getAttribute('data-approval')).toBe('approved');
    expect(await page.getByTestId('approval-panel').count()).toBe(0);

    // …and cancels it with a reason: the meeting page then says so and asks for no password.
    await page.getByTestId('cancel-meeting').click();
    await page.getByTestId('cancel-reason').fill('Lãnh đạo tỉnh đi kiểm tra vùng lũ');
    await page.getByTestId('cancel-meeting-confirm').click();
    await expect.poll(() => page.getByTestId('facts-cancelled').textContent()).toContain('Lãnh đạo tỉnh đi kiểm tra vùng lũ');
    await page.goto(`/${slug}`);
    await page.getByTestId('meeting-cancelled-notice').waitFor();
    expect(await page.getByTestId('meeting-password').count()).toBe(0);
    await page.context().close();
  });
});
