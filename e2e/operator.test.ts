/**
 * The foundation's administration as a person does it, through the web UI only: an operator's first sign-in with
 * a one-time password, creating accounts and a meeting, a new official joining by the link, and the language
 * switch. The API is used only to create the operator account the first test starts from.
 *
 * The tests run in order and share the operator's browser context (tests 1 and 2). At most three contexts are
 * open at a time.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureUnit, startTestServer, type TestServer } from '../server/test/support';
import { inboundStats, launchChromium, newParticipantPage, signInOnPage } from './browser';

let server: TestServer;
let browser: Browser;
/** The operator created in test 1, signed in with their own password, for test 2. */
let operator: { context: BrowserContext; page: Page } | undefined;

beforeAll(async () => {
  server = await startTestServer({ SERVE_WEB: 'true' });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** On the forced password-change page: the current (one-time) password, then the new one twice. */
async function changePassword(page: Page, current: string, next: string) {
  await page.getByTestId('current-password').fill(current);
  await page.getByTestId('new-password').fill(next);
  await page.getByTestId('new-password-confirm').fill(next);
  await page.getByTestId('change-password-submit').click();
}

/** A `datetime-local` value (Vietnam time) `days` from today at `hour`:00. */
function vietnamDateTime(days: number, hour: number): string {
  const day = new Date(Date.now() + days * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' });
  return `${day}T${String(hour).padStart(2, '0')}:00`;
}

/** Create an account on /admin/users and return the one-time password the page shows. */
async function createUserInUi(page: Page, person: { name: string; unit: string; email: string }) {
  await page.getByTestId('user-name-input').fill(person.name);
  await page.getByTestId('user-unit-input').fill(person.unit);
  await page.getByTestId('user-email-input').fill(person.email);
  await page.getByTestId('user-role-input').selectOption('user');
  await page.getByTestId('user-submit').click();
  const notice = page.getByTestId('user-created');
  await expect.poll(() => notice.textContent()).toContain(person.name);
  const temporaryPassword = (await page.getByTestId('temporary-password').textContent())!.trim();
  expect(temporaryPassword.length).toBeGreaterThanOrEqual(10);
  // The list shows the new account, marked as still on its temporary password.
  const row = page.locator(`[data-testid="user-item"][data-email="${person.email}"]`);
  await expect.poll(() => row.textContent()).toContain(person.name);
  expect(await row.textContent()).toContain(person.unit);
  expect(await row.locator('.badge').count()).toBe(1);
  return temporaryPassword;
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

    const { context, page } = await newParticipantPage(browser, server.url);
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

    // A strong one is accepted and the page the operator asked for appears.
    await changePassword(page, temporaryPassword, 'Van-hanh-manh-2026');
    await page.getByTestId('user-list').waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/users');
    expect(await page.getByTestId('user-name').textContent()).toBe('Vũ Thị Vận Hành');

    // The home page lists all meetings for the operator.
    await page.locator('.brand').click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Tất cả cuộc họp');
    expect(new URL(page.url()).pathname).toBe('/');
    operator = { context, page };
  });

  it('M8.1 the operator creates an account and a meeting in the UI; the new person signs in and joins by the link', async () => {
    if (!operator) throw new Error('needs the operator signed in by the first test');
    const { page } = operator;
    const official = { name: 'Hoàng Văn Tư', unit: 'Sở Nội vụ', email: 'hoang.van.tu@example.vn' };
    const chair = { name: 'Đinh Thị Chủ Trì', unit: 'Văn phòng UBND tỉnh', email: 'dinh.thi.chu.tri@example.vn' };

    await page.goto('/admin/users');
    const officialPassword = await createUserInUi(page, official);
    const chairPassword = await createUserInUi(page, chair);
    expect(chairPassword).not.toBe(officialPassword);

    // The meeting: a Vietnamese title fills a diacritic-free link address by itself.
    await page.goto('/admin/meetings/new');
    await page.getByTestId('meeting-title').fill('Họp Dự án Đắk Nông');
    const slug = await page.getByTestId('meeting-slug').inputValue();
    expect(slug).toContain('hop-du-an-dak-nong');
    await page.getByTestId('meeting-start').fill(vietnamDateTime(1, 8));
    await page.getByTestId('meeting-end').fill(vietnamDateTime(1, 10));
    await page.getByTestId('meeting-chair').selectOption({ label: `${chair.name} — ${chair.unit}` });
    await page.locator(`[data-testid="meeting-invitee"][data-email="${official.email}"]`).check();
    await page.getByTestId('meeting-new-password').fill('dak-nong-2026');
    await page.getByTestId('meeting-submit').click();
    const link = (await page.getByTestId('meeting-link').textContent())!.trim();
    expect(link).toBe(`${server.url}/${slug}`);

    // The new official opens the link in their own browser.
    const first = await newParticipantPage(browser, server.url);
    await firstSignInAndJoin(first.page, link, slug, official.email, officialPassword, 'dak-nong-2026');
    await expect.poll(() => first.page.getByTestId('roster-item').allTextContents()).toEqual([expect.stringContaining(official.name)]);
    expect(await first.page.getByTestId('roster-item').textContent()).toContain('(Bạn)');

    // The chair joins too.
    const second = await newParticipantPage(browser, server.url);
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

  it('language switch: Vietnamese by default, English on request, kept after a reload', async () => {
    const { page } = await newParticipantPage(browser, server.url);
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
