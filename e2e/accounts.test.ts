/**
 * Secure accounts in the browser (R1.3, R6.4): one's account page with the live sessions, "sign out elsewhere",
 * setting up the second factor and reading the sign-in log; the operator ending every session of a person from
 * the people list, which takes them out of the meeting they are in.
 */
import { generate } from 'otplib';
import { describe, expect, it } from 'vitest';
import { TestClient, createUser, ensureUnit, rememberTotp } from '../server/test/support';
import { openAdminItem, signInOnPage } from './browser';
import { bookMeeting, server, signedInPage, useBrowserSuite } from './harness';

useBrowserSuite();

describe('secure accounts in the browser (R1.3)', () => {
  it('R1.3 a person sees their sessions, signs out elsewhere, sets up a second factor and reads their sign-in log', async () => {
    const person = await createUser(server, 'Bùi Thị Riêng', 'Sở Tư pháp');
    await new TestClient(server.url).login(person.email, 'Sai-mat-khau-2026'); // someone tried the account
    const other = await signedInPage(person.email, person.password);
    const page = await signedInPage(person.email, person.password);

    await page.getByTestId('user-name').click();
    await page.waitForURL((url) => url.pathname === '/account');
    // three live sessions: this browser, the other one, and the first sign-in; this one is marked
    await expect.poll(() => page.getByTestId('session-item').count()).toBe(3);
    const current = page.locator('[data-testid="session-item"][data-current="true"]');
    expect(await current.textContent()).toContain('Thiết bị này');
    expect(await current.textContent()).toContain('Chrome · Linux');
    expect(await current.textContent()).toContain('127.0.0.1');
    // where a new password is chosen, the rule is shown
    expect(await page.getByTestId('password-rule').textContent()).toBe('Ít nhất 10 ký tự, có cả chữ và số, không trùng với email.');

    await page.getByTestId('sign-out-elsewhere').click();
    await expect.poll(() => page.getByTestId('sessions-ended').textContent()).toBe('Đã kết thúc 2 phiên đăng nhập.');
    await expect.poll(() => page.getByTestId('session-item').count()).toBe(1);
    await other.reload();
    await other.waitForURL((url) => url.pathname === '/login');
    expect((await person.client.get('/api/meetings')).body.error.id).toBe('unauthenticated');

    // the second factor: QR code and key, then a code from the app
    await page.getByTestId('second-factor-start').click();
    await page.getByTestId('second-factor-qr').waitFor();
    const key = (await page.getByTestId('second-factor-key').textContent())!.replace(/\s+/g, '');
    const step = Math.floor(Date.now() / 30_000);
    await page.getByTestId('second-factor-confirm-code').fill(await generate({ secret: key, epoch: step * 30 }));
    await page.getByTestId('second-factor-confirm').click();
    // the recovery codes, shown this once, before going on
    await page.getByTestId('recovery-code').first().waitFor();
    expect(await page.getByTestId('recovery-code').count()).toBe(10);
    await page.getByTestId('recovery-codes-done').click();
    await page.getByTestId('second-factor-on').waitFor();
    rememberTotp(server.url, person.email, key, step);

    // signing in again on the other browser needs the code now (signInOnPage gives it)
    await signInOnPage(other, person.email, person.password);
    await other.getByTestId('user-name').waitFor();

    // the sign-in log, newest first, failures marked
    await page.reload();
    await page.getByTestId('sign-in-log').waitFor();
    const outcomes = await page.getByTestId('sign-in-item').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-outcome')));
    expect(outcomes).toEqual(['success', 'success', 'success', 'wrong_password', 'success']);
    expect(await page.locator('[data-testid="sign-in-item"][data-outcome="wrong_password"]').textContent()).toContain('Sai mật khẩu');
    await page.context().close();
    await other.context().close();
  });

  it('R6.4 the operator ends every session of a person from the people list; they leave the meeting at once', async () => {
    const chair = await createUser(server, 'Ngô Văn Chủ', 'Sở Tư pháp');
    const leaked = await createUser(server, 'Lưu Thị Lộ', 'Sở Tư pháp');
    const slug = `lo-lot-${Date.now().toString(36)}`;
    await bookMeeting({
      title: 'Họp xử lý sự cố lộ tài khoản',
      startsAt: new Date(Date.now() - 600_000).toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      hostUnitId: await ensureUnit(server, 'Sở Tư pháp'),
      chairId: chair.id,
      notStateSecret: true,
      emergency: true,
      inviteeIds: [leaked.id],
      slug,
      password: 'su-co-2026',
    });

    const delegate = await signedInPage(leaked.email, leaked.password);
    await delegate.goto(`/${slug}`);
    await delegate.getByTestId('meeting-password').fill('su-co-2026');
    await delegate.getByTestId('meeting-password-submit').click();
    await delegate.getByTestId('join-button').click();
    await delegate.getByTestId('meeting-room').waitFor();

    const op = await signedInPage('admin@giaoban.local', 'Operator-password-1');
    await openAdminItem(op, 'nav-users');
    const row = op.locator(`[data-testid="user-item"][data-email="${leaked.email}"]`);
    await row.getByTestId('end-sessions').click();
    await row.getByTestId('end-sessions-confirm').click();
    await expect.poll(() => row.getByTestId('end-sessions-result').textContent()).toContain('Đã kết thúc 2 phiên đăng nhập.');

    // the delegate is out of the meeting at once, told why, and must sign in again
    const closed = delegate.getByTestId('closed-message');
    await expect.poll(() => closed.getAttribute('data-reason'), { timeout: 10_000 }).toBe('session_revoked');
    expect(await closed.textContent()).toContain('Phiên đăng nhập của bạn đã bị thu hồi');
    await delegate.goto('/');
    await delegate.waitForURL((url) => url.pathname === '/login');

    // the operator reads the person's sign-in log and sees no live session left
    await row.getByTestId('user-security').click();
    await op.getByTestId('user-security-page').waitFor();
    await op.getByTestId('sign-in-log').waitFor();
    expect(await op.getByTestId('session-item').count()).toBe(0);
    expect(await op.getByTestId('sign-in-item').count()).toBe(2);
    await op.context().close();
    await delegate.context().close();
  });
});
