/**
 * Replies to an invitation in the browser (R2.5, M8.1e, D8.3): on the meeting's page a delegate declines with a
 * reason and another proposes a substitute; the chair approves the substitute on the replies page; the organiser's
 * replies page, open all along and never reloaded, shows both rows change (it refreshes itself every 5 s).
 * The API only creates the accounts and the meeting and checks what the UI did. At most three contexts at once.
 */
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createUser } from '../server/test/support';
import { signInOnPage } from './browser';
import { bookMeeting, participantPage, server, useBrowserSuite } from './harness';

const DAY = 86_400_000;

useBrowserSuite();

/** A page signed in as `who`, opened at `path` (the sign-in brings them back to it). */
async function openAs(who: { email: string; password: string }, path: string): Promise<Page> {
  const { page } = await participantPage();
  await page.goto(path);
  await page.waitForURL((url) => url.pathname === '/login');
  await signInOnPage(page, who.email, who.password);
  await page.waitForURL((url) => url.pathname === path);
  return page;
}

const row = (page: Page, inviteeId: string) => page.locator(`[data-testid="replies-row"][data-invitee-id="${inviteeId}"]`);

describe('R2.5 replies to an invitation in the browser', () => {
  it('R2.5/D8.3: a delegate declines with a reason, another sends a substitute the chair approves; the organiser sees both live', async () => {
    const unit = 'UBND tỉnh Kon Tum';
    const organiser = await createUser(server, 'Lê Thị Tổ', unit, { role: 'organiser', title: 'Chánh Văn phòng' });
    const chair = await createUser(server, 'Trịnh Văn Chủ', unit, { title: 'Chủ tịch UBND tỉnh' });
    const an = await createUser(server, 'Nguyễn Văn An', unit, { title: 'Giám đốc Sở Tài chính' });
    const binh = await createUser(server, 'Phạm Thị Bình', unit, { title: 'Giám đốc Sở Xây dựng' });
    const ha = await createUser(server, 'Bùi Thị Hà', unit, { title: 'Phó Giám đốc Sở Xây dựng' });
    const startsAt = new Date(Date.now() + 3 * DAY);
    const slug = `giao-ban-${randomBytes(3).toString('hex')}`;
    const meeting = await bookMeeting({
      title: 'Giao ban kinh tế - xã hội tháng 12',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 2 * 3_600_000).toISOString(),
      chairId: chair.id,
      inviteeIds: [an.id, binh.id],
      slug,
      password: 'mat-khau-gb',
      notStateSecret: true,
      // the system check has begun: the room is open for entry (D19.3), so the substitute's entry is seen now
      checkAt: new Date(Date.now() - 60_000).toISOString(),
    }, organiser.client);
    const meetingId = meeting.id;
    if (meeting.approval?.status === 'pending') {
      expect((await server.operator.post(`/api/meetings/${meetingId}/approve`)).status).toBe(200);
    }

    // The organiser opens the compiled list (from the manage page's link) and leaves it open.
    const organiserPage = await openAs(organiser, `/meetings/${meetingId}/manage`);
    await organiserPage.getByTestId('manage-replies-link').click();
    await organiserPage.waitForURL((url) => url.pathname === `/meetings/${meetingId}/replies`);
    await expect.poll(() => row(organiserPage, an.id).getAttribute('data-answer')).toBe('none');
    expect(await row(organiserPage, binh.id).getAttribute('data-answer')).toBe('none');
    expect(await organiserPage.getByTestId('replies-summary').getAttribute('data-not-answered')).toBe('2');
    expect(await organiserPage.getByTestId('substitute-approve').count()).toBe(0);
    // a mark that a reload would wipe out
    await organiserPage.evaluate(() => ((window as unknown as { __notReloaded: boolean }).__notReloaded = true));

    // An declines on the meeting's page; a reason is required.
    const anPage = await openAs(an, `/${slug}`);
    const anReply = anPage.getByTestId('invitation-reply');
    await anReply.getByTestId('reply-decline').click();
    await anReply.getByTestId('reply-submit').click();
    await expect.poll(() => anReply.getByTestId('error-message').textContent()).toContain('lý do');
    await anReply.getByTestId('reply-reason').fill('Đi công tác tại Hà Nội theo lịch của Bộ');
    await anReply.getByTestId('reply-submit').click();
    await expect.poll(() => anReply.getByTestId('reply-status').getAttribute('data-answer')).toBe('declined');
    await anPage.context().close();

    // Bình sends Hà instead, found with the person picker.
    const binhPage = await openAs(binh, `/${slug}`);
    const binhReply = binhPage.getByTestId('invitation-reply');
    await binhReply.getByTestId('reply-substitute').click();
    await binhReply.getByTestId('reply-substitute-search').fill('Hà');
    await expect.poll(() => binhReply.getByTestId('reply-substitute-person').locator(`option[value="${ha.id}"]`).count()).toBe(1);
    await binhReply.getByTestId('reply-substitute-person').selectOption(ha.id);
    await binhReply.getByTestId('reply-reason').fill('Dự hội nghị của Bộ Xây dựng');
    await binhReply.getByTestId('reply-submit').click();
    await expect.poll(() => binhReply.getByTestId('reply-status').getAttribute('data-answer')).toBe('substitute');
    expect(await binhReply.getByTestId('reply-status').getAttribute('data-substitute-status')).toBe('proposed');
    await binhPage.context().close();

    // The organiser's page, not reloaded, shows both answers; the organiser cannot approve.
    await expect.poll(() => row(organiserPage, an.id).getAttribute('data-answer'), { timeout: 15_000 }).toBe('declined');
    expect(await row(organiserPage, an.id).getByTestId('replies-reason').textContent()).toContain('Đi công tác tại Hà Nội');
    await expect.poll(() => row(organiserPage, binh.id).getAttribute('data-substitute-status'), { timeout: 15_000 }).toBe('proposed');
    expect(await organiserPage.getByTestId('substitute-approve').count()).toBe(0);

    // The chair goes from the meeting's page to the list and approves.
    const chairPage = await openAs(chair, `/${slug}`);
    await chairPage.getByTestId('replies-page-link').click();
    await chairPage.waitForURL((url) => url.pathname === `/meetings/${meetingId}/replies`);
    await row(chairPage, binh.id).getByTestId('substitute-approve').click();
    await expect.poll(() => row(chairPage, binh.id).getAttribute('data-substitute-status')).toBe('approved');
    await chairPage.context().close();

    // …and the organiser's page follows, still without a reload.
    await expect.poll(() => row(organiserPage, binh.id).getAttribute('data-substitute-status'), { timeout: 15_000 }).toBe('approved');
    const summary = organiserPage.getByTestId('replies-summary');
    expect(await summary.getAttribute('data-declined')).toBe('1');
    expect(await summary.getAttribute('data-substitutes-approved')).toBe('1');
    expect(await summary.getAttribute('data-not-answered')).toBe('0');
    expect(await organiserPage.evaluate(() => (window as unknown as { __notReloaded?: boolean }).__notReloaded)).toBe(true);

    // The substitute may now enter directly (R3.1), like any invitee.
    const access = await ha.client.post(`/api/meetings/by-slug/${slug}/access`, { password: 'mat-khau-gb' });
    expect(access.body.admission).toBe('direct');

    // In the organiser's edit form she is ticked, says whom she attends for, and cannot be unticked by mistake.
    await organiserPage.goto(`/meetings/${meetingId}/manage`);
    await organiserPage.getByTestId('meeting-edit-open').click();
    const haBox = organiserPage.locator(`[data-testid="meeting-edit-invitee"][data-user-id="${ha.id}"]`);
    await expect.poll(() => haBox.isChecked()).toBe(true);
    expect(await haBox.isDisabled()).toBe(true);
    expect(await organiserPage.getByTestId('meeting-edit-invitees').getByTestId('invitee-substitute-for').textContent()).toContain(`dự thay ${binh.name}`);
    await organiserPage.context().close();
  });
});
