/**
 * Account recovery in Chromium (issue 15.2, R1.3): a delegate who forgot the password on the morning of the meeting
 * asks for a link on the sign-in page ("Quên mật khẩu?"), opens it from the mail and signs in with the new password;
 * someone who lost the phone signs in with one of the recovery codes shown once when the second factor was set up;
 * the operator issues a one-time password from the person's security page. One browser context at a time.
 */
import { and, eq } from 'drizzle-orm';
import { generate } from 'otplib';
import { describe, expect, it } from 'vitest';
import { mailOutbox } from '../server/db/schema';
import { TestClient, createUser, rememberTotp, sentText } from '../server/test/support';
import { participantPage, server, signedInPage, useBrowserSuite } from './harness';

useBrowserSuite({ closePagesAfterEach: true });

const UNIT = 'Sở Tư pháp tỉnh Đắk Nông';

describe('account recovery in the browser (issue 15.2)', () => {
  it('"Quên mật khẩu?": the link mailed through the outbox sets a new password and signs the person in', async () => {
    const person = await createUser(server, 'Nguyễn Thị Hay Quên', UNIT, { title: 'Chuyên viên' });
    const { page } = await participantPage();
    await page.goto('/login');
    await page.getByTestId('login-forgot').click();
    await page.waitForURL((url) => url.pathname === '/forgot-password');
    await page.getByTestId('forgot-email').fill(person.email);
    await page.getByTestId('forgot-submit').click();
    // the same words whether or not the address has an account
    expect(await page.getByTestId('forgot-done').textContent()).toBe(
      `Nếu ${person.email} là địa chỉ của một tài khoản, liên kết đặt lại mật khẩu đã được gửi tới địa chỉ đó (hiệu lực 30 phút). Không nhận được thư: đề nghị liên hệ quản trị hệ thống.`,
    );

    const [mail] = await server.app.database.db.select().from(mailOutbox).where(and(eq(mailOutbox.to, person.email), eq(mailOutbox.kind, 'password_reset')));
    const link = /https?:\/\/\S+\/reset-password#[A-Za-z0-9_-]+/.exec(sentText(server, mail!))?.[0];
    expect(link).toBeTruthy();
    const url = new URL(link!);
    await page.goto(url.pathname + url.hash);
    expect(await page.locator('h1').textContent()).toBe('Đặt lại mật khẩu');
    await page.getByTestId('welcome-password').fill('Mat-khau-moi-2026');
    await page.getByTestId('welcome-confirm').fill('Mat-khau-moi-2026');
    await page.getByTestId('welcome-submit').click();
    await page.getByTestId('user-name').waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    expect(new URL(page.url()).hash).toBe('');
    // the old password is gone, and so is the session it opened
    expect((await new TestClient(server.url).login(person.email, person.password)).body.error.id).toBe('invalid_credentials');
    expect((await person.client.get('/api/meetings')).body.error.id).toBe('unauthenticated');

    // the link works once: opened again, it is refused in words
    await page.context().clearCookies();
    await page.goto(url.pathname + url.hash);
    await page.getByTestId('welcome-password').fill('Mat-khau-khac-2026');
    await page.getByTestId('welcome-confirm').fill('Mat-khau-khac-2026');
    await page.getByTestId('welcome-submit').click();
    await expect.poll(() => page.getByTestId('error-message').textContent()).toContain('liên kết');
  });

  it('a lost phone: the recovery codes shown at enrolment sign in once each, instead of the code', async () => {
    const person = await createUser(server, 'Trần Văn Mất Máy', UNIT);
    const page = await signedInPage(person.email, person.password);
    await page.goto('/account');
    await page.getByTestId('second-factor-start').click();
    await page.getByTestId('second-factor-qr').waitFor();
    const key = (await page.getByTestId('second-factor-key').textContent())!.replace(/\s+/g, '');
    const step = Math.floor(Date.now() / 30_000);
    await page.getByTestId('second-factor-confirm-code').fill(await generate({ secret: key, epoch: step * 30 }));
    await page.getByTestId('second-factor-confirm').click();
    rememberTotp(server.url, person.email, key, step);
    // ten codes, shown this once
    await page.getByTestId('recovery-codes').waitFor();
    const codes = await page.getByTestId('recovery-code').allTextContents();
    expect(codes).toHaveLength(10);
    await page.getByTestId('recovery-codes-done').click();
    await page.getByTestId('second-factor-on').waitFor();
    await expect.poll(() => page.getByTestId('recovery-codes-left').getAttribute('data-count')).toBe('10');
    await page.context().close();

    // another browser, no phone: the password, then a recovery code
    const { page: laptop } = await participantPage();
    await laptop.goto('/login');
    await laptop.getByTestId('login-email').fill(person.email);
    await laptop.getByTestId('login-password').fill(person.password);
    await laptop.getByTestId('login-submit').click();
    await laptop.getByTestId('second-factor-step').waitFor();
    await laptop.getByTestId('second-factor-use-recovery').click();
    await laptop.getByTestId('recovery-code-input').fill(codes[0]!);
    await laptop.getByTestId('second-factor-submit').click();
    await laptop.getByTestId('user-name').waitFor();
    await laptop.goto('/account');
    await expect.poll(() => laptop.getByTestId('recovery-codes-left').getAttribute('data-count')).toBe('9');
    expect(await laptop.getByTestId('recovery-codes-left').textContent()).toBe('Còn 9 mã khôi phục chưa dùng.');

    // the same code does not sign in twice
    const again = new TestClient(server.url);
    await again.login(person.email, person.password);
    expect((await again.secondFactor(codes[0]!)).body.error.id).toBe('second_factor_invalid');
  });

  it("the operator issues a one-time password from the person's security page", async () => {
    const person = await createUser(server, 'Lê Thị Khóa', UNIT);
    const people = (await server.operator.get('/api/users')).body.users as { id: string; email: string }[];
    const id = people.find((p) => p.email === person.email)!.id;
    const page = await signedInPage('admin@giaoban.local', 'Operator-password-1');
    await page.goto(`/admin/users/${id}/security`);
    const recovery = page.getByTestId('account-recovery');
    await recovery.getByTestId('reset-password').click();
    await recovery.getByTestId('reset-password-confirm').click();
    const temporary = (await recovery.getByTestId('reset-password-value').textContent())!;
    expect(temporary.length).toBeGreaterThan(10);
    // the second factor is not offered for an account that has none
    expect(await recovery.getByTestId('reset-second-factor').count()).toBe(0);
    const signed = await new TestClient(server.url).login(person.email, temporary);
    expect(signed.body.user.mustChangePassword).toBe(true);
  });
});
