/**
 * Phones and tablets (issue 18.5): the meeting room as a chair and a delegate see it, the join page, the schedule
 * and the replies, at 390×844 and 768×1024: nothing wider than the screen, a compact header, the controls labelled
 * and within reach, no notice over the control bar. Screenshots go to tmp/screens for a person to look at.
 */
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createUser } from '../server/test/support';
import { enterMeeting, signInOnPage } from './browser';
import { bookMeeting, participantPage, server, useBrowserSuite } from './harness';

useBrowserSuite();

const SIZES = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'tablet', width: 768, height: 1024 },
];
const SHOTS = 'tmp/screens/phone';

async function shot(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
}

/** What overflows the screen sideways: the page's width beyond the viewport (0 when nothing does). */
const sidewaysOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** The box of the first element matching a selector, or null when it is not displayed. */
async function box(page: Page, selector: string) {
  return page.locator(selector).first().boundingBox();
}

/** An element's text is cut when its content is wider or taller than its box (ellipsis, clamp, hidden overflow). */
const isCut = (page: Page, selector: string) =>
  page.locator(selector).first().evaluate((el) => el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1);

describe('phones and tablets (issue 18.5)', () => {
  it('the join page, the room as chair and delegate, the schedule, home and replies fit 390×844 and 768×1024', { timeout: 240_000 }, async () => {
    const chair = await createUser(server, 'Nguyễn Văn Chủ Trì Dài Tên', 'Văn phòng Ủy ban nhân dân tỉnh Đắk Nông', { title: 'Phó Chủ tịch UBND tỉnh' });
    const delegate = await createUser(server, 'Trần Thị Đại Biểu', 'Sở Kế hoạch và Đầu tư tỉnh Đắk Nông');
    const slug = 'giao-ban-tren-dien-thoai';
    const title = 'Giao ban trực tuyến tình hình kinh tế - xã hội tháng 12 năm 2026 và nhiệm vụ trọng tâm tháng 01 năm 2027';
    const meeting = await bookMeeting({
      title,
      startsAt: new Date(Date.now() - 5 * 60_000).toISOString(),
      endsAt: new Date(Date.now() + 2 * 3600_000).toISOString(),
      chairId: chair.id,
      notStateSecret: true,
      emergency: true,
      inviteeIds: [delegate.id],
      slug,
      password: 'hop-dien-thoai',
    });
    const phone = SIZES[0]!;
    const { page: chairPage } = await participantPage();
    await chairPage.setViewportSize(phone);
    await enterMeeting(chairPage, slug, chair, 'hop-dien-thoai');
    const { page: delegatePage } = await participantPage();
    await delegatePage.setViewportSize(phone);
    await delegatePage.goto(`/${slug}`);
    await signInOnPage(delegatePage, delegate.email, delegate.password);
    await delegatePage.getByTestId('meeting-password').fill('hop-dien-thoai');
    await delegatePage.getByTestId('meeting-password-submit').click();
    await delegatePage.getByTestId('join-button').waitFor();

    // The join page: the header one compact row whose menu opens the links; nothing sideways.
    for (const size of SIZES) {
      await delegatePage.setViewportSize(size);
      await shot(delegatePage, `join-${size.name}`);
      expect(await sidewaysOverflow(delegatePage), `join page, ${size.name}`).toBeLessThanOrEqual(0);
      const header = (await box(delegatePage, '.app-header'))!;
      expect(header.height, `header height, ${size.name}`).toBeLessThanOrEqual(size.name === 'phone' ? 64 : 110);
    }
    await delegatePage.setViewportSize(phone);
    expect(await delegatePage.getByTestId('nav-schedule').isVisible()).toBe(false);
    await delegatePage.getByTestId('header-menu-toggle').click();
    expect(await delegatePage.getByTestId('nav-schedule').isVisible()).toBe(true);
    expect(await delegatePage.getByTestId('sign-out').isVisible()).toBe(true);
    await delegatePage.getByTestId('header-menu-toggle').click();
    expect(await delegatePage.getByTestId('nav-schedule').isVisible()).toBe(false);

    await delegatePage.getByTestId('join-button').click();
    await delegatePage.locator('[data-testid="meeting-room"][data-state="joined"]').waitFor({ timeout: 20_000 });
    await expect.poll(() => delegatePage.getByTestId('tile').count(), { timeout: 15_000 }).toBe(2);
    await expect.poll(() => chairPage.getByTestId('tile').count(), { timeout: 15_000 }).toBe(2);

    for (const size of SIZES) {
      for (const [who, page] of [['chair', chairPage], ['delegate', delegatePage]] as const) {
        await page.setViewportSize(size);
        await page.waitForTimeout(300);
        await shot(page, `room-${who}-${size.name}`);
        const where = `${who}, ${size.name}`;
        expect(await sidewaysOverflow(page), where).toBeLessThanOrEqual(0);
        // The title is shown whole (it wraps), and so is the name in the main frame.
        expect(await page.locator('.room-heading').textContent()).toBe(title);
        expect(await isCut(page, '.room-heading'), `title cut, ${where}`).toBe(false);
        const main = await page.getByTestId('stage').getAttribute('data-main');
        expect(main, where).toBeTruthy();
        expect(await isCut(page, `[data-testid="tile"][data-participant-id="${main}"] .tile-name`), `name in the main frame cut, ${where}`).toBe(false);
        // Every control shows its label, inside the screen, in the lower part of it (the thumb's reach).
        const controls = page.locator('.room-controls button.control');
        const count = await controls.count();
        expect(count, where).toBeGreaterThanOrEqual(5);
        for (let i = 0; i < count; i++) {
          const control = controls.nth(i);
          if (!(await control.isVisible())) continue;
          const label = (await control.locator('span').first().boundingBox())!;
          expect(label.width, `label of control ${i}, ${where}`).toBeGreaterThan(12);
          const b = (await control.boundingBox())!;
          expect(b.x).toBeGreaterThanOrEqual(0);
          expect(b.x + b.width).toBeLessThanOrEqual(size.width + 0.5);
          expect(b.y + b.height).toBeLessThanOrEqual(size.height + 0.5);
          expect(b.y, `control ${i} within the thumb's reach, ${where}`).toBeGreaterThan(size.height * 0.6);
        }
      }
    }

    // On the phone the chair's tools are folded under one button: the frames start high on the screen.
    await chairPage.setViewportSize(phone);
    expect(await chairPage.getByTestId('mute-all').isVisible()).toBe(false);
    const stage = (await box(chairPage, '[data-testid="tile"]'))!;
    expect(stage.y, 'first frame starts under a compact header').toBeLessThan(200);
    await chairPage.getByTestId('chair-tools-toggle').click();
    expect(await chairPage.getByTestId('mute-all').isVisible()).toBe(true);
    // The chair starts the recording from there: the delegate's notice stands above the control bar, not over it.
    chairPage.once('dialog', (d) => void d.accept());
    await chairPage.getByTestId('recording-toggle').click();
    for (const size of SIZES) {
      await delegatePage.setViewportSize(size);
      const notice = delegatePage.locator('[data-testid="notice"][data-notice-id="recording_started"]');
      await notice.waitFor({ timeout: 10_000 });
      await shot(delegatePage, `room-notice-${size.name}`);
      const n = (await notice.boundingBox())!;
      const bar = (await box(delegatePage, '.room-controls'))!;
      expect(n.y + n.height, `notice over the control bar, ${size.name}`).toBeLessThanOrEqual(bar.y + 0.5);
      expect(n.x).toBeGreaterThanOrEqual(0);
      expect(n.x + n.width).toBeLessThanOrEqual(size.width + 0.5);
    }
    await chairPage.getByTestId('recording-toggle').click();

    // Everyday pages: the schedule and home for the delegate, the replies for the chair.
    const { page: chairDesk } = await participantPage();
    await chairDesk.goto('/login');
    await signInOnPage(chairDesk, chair.email, chair.password);
    await chairDesk.getByTestId('user-name').waitFor();
    for (const size of SIZES) {
      for (const [name, page, path] of [
        ['schedule', delegatePage, '/schedule'],
        ['home', delegatePage, '/'],
        ['replies', chairDesk, `/meetings/${meeting.id}/replies`],
      ] as const) {
        await page.setViewportSize(size);
        await page.goto(path);
        await page.locator('main, .page').first().waitFor();
        await page.waitForTimeout(800);
        await shot(page, `${name}-${size.name}`);
        expect(await sidewaysOverflow(page), `${name}, ${size.name}`).toBeLessThanOrEqual(0);
        const header = (await box(page, '.app-header'))!;
        expect(header.height, `${name} header, ${size.name}`).toBeLessThanOrEqual(size.name === 'phone' ? 64 : 110);
      }
    }
  });
});
