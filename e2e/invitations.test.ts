/**
 * Invitations from the meeting's manage page (R2.4, M8.1b), as an organiser does it in Chromium: type the meeting
 * password, send, see how many mails went out; the mails are listed with their status (kept: no mail server in this
 * test) and one opens with the password in it; the outbox page lists them too. One browser at a time.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createUser, ensureUnit } from '../server/test/support';
import { bookMeeting, server, signedInPage, useBrowserSuite } from './harness';
import { openAdminItem } from './browser';

useBrowserSuite();

describe('invitations in the browser (R2.4)', () => {
  it('R2.4 an organiser sends the invitations with the password and sees each mail kept in the outbox', async () => {
    const unit = await ensureUnit(server, 'Văn phòng UBND tỉnh Đắk Nông');
    const organiser = await createUser(server, 'Hoàng Văn Tổ', 'Văn phòng UBND tỉnh Đắk Nông', { role: 'organiser' });
    const chair = await createUser(server, 'Nguyễn Bốn', 'Văn phòng UBND tỉnh Đắk Nông', { title: 'Chủ tịch UBND tỉnh' });
    const delegate = await createUser(server, 'Trần Thị Năm', 'Văn phòng UBND tỉnh Đắk Nông');
    const startsAt = new Date(Date.now() + 5 * 86_400_000);
    const password = `mk-${randomBytes(3).toString('hex')}`;
    const { id: meetingId } = await bookMeeting({
      title: 'Họp Ban chỉ đạo phòng chống thiên tai',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 2 * 3_600_000).toISOString(),
      hostUnitId: unit,
      chairId: chair.id,
      inviteeIds: [delegate.id],
      backdropText: 'HỌP BAN CHỈ ĐẠO PCTT',
      slug: `pctt-${randomBytes(3).toString('hex')}`,
      password,
      notStateSecret: true,
    }, organiser.client);
    // the office approves the booking (D21.1) before invitations go out
    expect((await server.operator.post(`/api/meetings/${meetingId}/approve`)).status).toBe(200);

    const page = await signedInPage(organiser.email, organiser.password);
    await page.goto(`/meetings/${meetingId}/manage`);
    const panel = page.getByTestId('invitation-panel');
    await panel.waitFor();
    await expect.poll(() => panel.getByTestId('outbox-empty').count()).toBe(1);

    // a wrong password is refused in Vietnamese, and nothing is sent
    await page.getByTestId('invitations-password').fill('sai-mat-khau');
    await page.getByTestId('invitations-send').click();
    await expect.poll(() => panel.textContent()).toContain('Mật khẩu cuộc họp không đúng');
    expect(await panel.getByTestId('outbox-item').count()).toBe(0);

    await page.getByTestId('invitations-password').fill(password);
    await page.getByTestId('invitations-send').click();
    await page.getByTestId('invitations-count').waitFor();
    expect(await page.getByTestId('invitations-count').getAttribute('data-count')).toBe('2'); // the chair and the delegate
    await expect.poll(() => panel.getByTestId('outbox-item').count()).toBe(2);
    expect(await panel.locator('[data-testid="outbox-item"][data-status="kept"]').count()).toBe(2);
    expect(await page.getByTestId('invitations-password').inputValue()).toBe('');

    await panel.getByTestId('outbox-open').first().click();
    const text = page.getByTestId('outbox-mail-text');
    await text.waitFor();
    // the outbox keeps only what must be sent: the password waits sealed and is never shown back (R6.1)
    expect(await text.textContent()).toContain('Mật khẩu cuộc họp: ••••••');
    expect(await text.textContent()).not.toContain(password);
    expect(await text.textContent()).toContain('HỌP BAN CHỈ ĐẠO PCTT');

    // the PDF link serves the giấy mời
    const href = await page.getByTestId('invitation-pdf-link').getAttribute('href');
    const pdf = await page.request.get(href!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');

    await openAdminItem(page, 'nav-outbox');
    await page.getByTestId('outbox-list').waitFor();
    expect(await page.getByTestId('outbox-item').count()).toBe(2);
    await page.context().close();
  });
});
