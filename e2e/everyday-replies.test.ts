/**
 * Issue 15 in Chromium, as a person's eyes see it:
 *  1. the invitation's reply link (`/meetings/<id>/replies`) is where the invitee answers, one click after signing in;
 *  3. the organisation's own words (approving office, deciding authority) in the pending notice and approval panel,
 *     articles in words and no internal code, "maket" in the invitation's details;
 *  5. sending the invitations without a mail server says plainly that nothing was sent, what waits in the outbox and
 *     why, and which room and person the invitation cannot reach.
 * One browser context at a time.
 */
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { mailOutbox } from '../server/db/schema';
import { createUser, ensureUnit } from '../server/test/support';
import { signInOnPage } from './browser';
import { bookMeeting, participantPage, server, signedInPage, useBrowserSuite } from './harness';

useBrowserSuite({ closePagesAfterEach: true });

const DAY = 86_400_000;
const UNIT = 'Sở Công Thương tỉnh Đắk Nông';

async function meetingWith(organiserClient: Parameters<typeof bookMeeting>[1], over: Record<string, unknown>) {
  const startsAt = new Date(Date.now() + 10 * DAY);
  return bookMeeting(
    {
      title: 'Giao ban công thương quý IV',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 2 * 3_600_000).toISOString(),
      slug: `ct-${randomBytes(3).toString('hex')}`,
      password: 'mat-khau-hop',
      notStateSecret: true,
      backdropText: 'HỘI NGHỊ GIAO BAN CÔNG THƯƠNG',
      ...over,
    },
    organiserClient,
  );
}

describe('issue 15 in the browser', () => {
  it('15.1 the reply link of the invitation mail opens the page where the invitee answers, after signing in', async () => {
    const unit = await ensureUnit(server, UNIT);
    const chair = await createUser(server, 'Nguyễn Văn Chủ Trì', UNIT, { title: 'Giám đốc Sở' });
    const delegate = await createUser(server, 'Trần Thị Được Mời', UNIT, { title: 'Trưởng phòng' });
    const meeting = await meetingWith(server.operator, { hostUnitId: unit, chairId: chair.id, inviteeIds: [delegate.id] });
    expect((await server.operator.post(`/api/meetings/${meeting.id}/invitations/send`, { password: 'mat-khau-hop' })).status).toBe(200);

    // the link as the delegate's mail gives it
    const [mail] = await server.app.database.db.select().from(mailOutbox).where(and(eq(mailOutbox.to, delegate.email), eq(mailOutbox.kind, 'invitation')));
    const link = /https?:\/\/\S+\/meetings\/[0-9a-f-]{36}\/replies/.exec(mail!.text)?.[0];
    expect(link).toBeTruthy();
    const path = new URL(link!).pathname;
    expect(path).toBe(`/meetings/${meeting.id}/replies`);

    const { page } = await participantPage();
    await page.goto(path);
    await page.waitForURL((url) => url.pathname === '/login');
    await signInOnPage(page, delegate.email, delegate.password);
    await page.waitForURL((url) => url.pathname === path);
    // one page: the meeting, and the answer buttons right there
    await page.getByTestId('replies-meeting').waitFor();
    expect(await page.locator('h1').textContent()).toBe('Trả lời giấy mời');
    const card = page.getByTestId('invitation-reply');
    await card.waitFor();
    expect(await card.getByTestId('reply-status').getAttribute('data-answer')).toBe('none');
    await card.getByTestId('reply-attending').click();
    await expect.poll(() => card.getByTestId('reply-status').getAttribute('data-answer')).toBe('attending');
    expect(await card.getByTestId('reply-status').textContent()).toContain('Tham dự');
    // the compiled list is for those who manage the meeting, not for the invitee
    expect(await page.getByTestId('replies-list').count()).toBe(0);
    const replies = (await server.operator.get(`/api/meetings/${meeting.id}/replies`)).body.replies as { inviteeId: string; answer: string | null }[];
    expect(replies.find((r) => r.inviteeId === delegate.id)?.answer).toBe('attending');
  });

  it("15.3 the office's and the authority's names come from the organisation's settings; articles in words", async () => {
    // the operator names them on the units page
    const operatorPage = await signedInPage('admin@giaoban.local', 'Operator-password-1');
    await operatorPage.goto('/admin/units');
    const settings = operatorPage.getByTestId('organisation-settings');
    await settings.getByTestId('org-approving-office').fill('Văn phòng Bộ Công Thương');
    await settings.getByTestId('org-deciding-authority').fill('Bộ trưởng');
    await settings.getByTestId('org-settings-save').click();
    await settings.getByTestId('org-settings-saved').waitFor();
    await operatorPage.context().close();

    const unit = await ensureUnit(server, UNIT);
    const organiser = await createUser(server, 'Lê Thị Tổ Chức', UNIT, { role: 'organiser', title: 'Chánh Văn phòng Sở' });
    const chair = await createUser(server, 'Phạm Văn Chủ', UNIT);
    const meeting = await meetingWith(organiser.client, { hostUnitId: unit, chairId: chair.id, inviteeIds: [] });
    expect(meeting.approval?.status).toBe('pending');

    const page = await signedInPage(organiser.email, organiser.password);
    await page.goto(`/${meeting.slug}`);
    const pending = page.getByTestId('meeting-pending-notice');
    await pending.waitFor();
    expect(await pending.textContent()).toBe('Cuộc họp đang chờ Văn phòng Bộ Công Thương duyệt lịch; chưa thể vào họp.');
    // the backdrop is a "maket", not a "market"
    expect(await page.locator('main').textContent()).toContain('Nội dung phông (maket)');
    expect(await page.locator('main').textContent()).not.toContain('market');

    // booking an emergency is the office's: the refusal names who decides, and the article in words
    await page.goto('/admin/meetings/new');
    const hint = page.getByText('Cuộc họp đột xuất, khẩn cấp do Bộ trưởng quyết định', { exact: false });
    await hint.first().waitFor();
    const body = (await page.locator('main').textContent()) ?? '';
    expect(body).toContain('do Văn phòng Bộ Công Thương đăng ký');
    expect(body).not.toMatch(/\((R|M|D)\d/);
    expect(body).not.toContain('Văn phòng UBND tỉnh');
  });

  it('15.5 without a mail server the send says nothing went out, what waits and why, and who cannot be reached', async () => {
    const unit = await ensureUnit(server, UNIT);
    const chair = await createUser(server, 'Đỗ Văn Chủ Tọa', UNIT);
    const delegate = await createUser(server, 'Vũ Thị Đại Biểu', UNIT);
    const left = await createUser(server, 'Hồ Văn Đã Nghỉ', UNIT);
    const room = await server.operator.post('/api/endpoints', { name: 'Phòng họp huyện Krông Nô', unitId: unit });
    expect(room.status).toBe(201);
    const meeting = await meetingWith(server.operator, { hostUnitId: unit, chairId: chair.id, inviteeIds: [delegate.id, left.id], endpointIds: [room.body.endpoint.id] });
    expect((await server.operator.patch(`/api/users/${left.id}`, { disabled: true })).status).toBe(200);

    const page = await signedInPage('admin@giaoban.local', 'Operator-password-1');
    await page.goto(`/meetings/${meeting.id}/manage`);
    const panel = page.getByTestId('invitation-panel');
    await panel.waitFor();
    await page.getByTestId('invitations-password').fill('mat-khau-hop');
    await page.getByTestId('invitations-send').click();
    const result = page.getByTestId('invitations-result');
    await result.waitFor();
    const said = (await result.textContent()) ?? '';
    // never "Đã gửi 2 thư" when nothing was sent
    expect(said).not.toMatch(/Đã gửi \d+ thư/);
    expect(await result.getByTestId('invitations-count').textContent()).toBe('Chưa gửi được thư nào: chưa cấu hình máy chủ thư (SMTP). 2 thư đang nằm chờ trong hộp thư đi.');
    expect(said).toContain('SMTP_URL');
    await expect.poll(() => result.getByTestId('invitations-delivery').getAttribute('data-kept')).toBe('2');
    expect(await result.getByTestId('invitations-delivery').getAttribute('data-sent')).toBe('0');
    expect(await result.getByTestId('invitations-delivery').textContent()).toBe('Thư của cuộc họp trong hộp thư đi: lưu giữ, chưa gửi 2');
    expect(await result.getByTestId('unreachable-room').textContent()).toBe(
      'Phòng họp huyện Krông Nô — không ai nhận thư; cần tạo tài khoản phòng họp hoặc phân công cán bộ kỹ thuật',
    );
    expect(await result.getByTestId('unreachable-person').textContent()).toBe('Hồ Văn Đã Nghỉ — tài khoản đã bị khóa');
  });
});
