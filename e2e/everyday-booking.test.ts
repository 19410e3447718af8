/**
 * Issue 15 points 4, 6, 7 and 10 in Chromium, at the sizes where they matter (1440×900, a 768×1024 tablet, a 390×844
 * phone): the operator's first run (the checklist on an empty system, the administration menu that keeps the header
 * on one row, the unit tree with long names), the booking form in an English browser (dd/MM/yyyy and 24 h, a working
 * morning by default, the host room's technician, speaking time in minutes, errors that go once fixed, the meeting's
 * next steps), the home page's "today" with one button per meeting, and the waiting screen before the room opens.
 * Screenshots go to $E2E_SHOTS (default /tmp/giaoban-shots) for a person to look at.
 *
 * The tests run in order: the first one needs the system empty.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { defaultMeetingStart, vnIsoDateTime } from '../shared/calendar/working-days';
import type { HolidayView } from '../shared/api';
import { readPdf } from '../server/pdf/read-pdf';
import { createUser, ensureUnit } from '../server/test/support';
import { signInOnPage } from './browser';
import { bookMeeting, browser, server, signedInPage, useBrowserSuite } from './harness';

useBrowserSuite({ closePagesAfterEach: true });

const SIZES = { desktop: { width: 1440, height: 900 }, tablet: { width: 768, height: 1024 }, phone: { width: 390, height: 844 } } as const;
const SHOTS = process.env.E2E_SHOTS ?? '/tmp/giaoban-shots';
fs.mkdirSync(SHOTS, { recursive: true });
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
const OPERATOR = { email: 'admin@giaoban.local', password: 'Operator-password-1' };

type Box = { x: number; y: number; width: number; height: number };
const box = async (page: Page, selector: string): Promise<Box> => (await page.locator(selector).first().boundingBox())!;

describe('issue 15: everyday use', () => {
  it('point 10: an empty system shows the operator the first steps; the header stays one row; the unit tree keeps its marks beside long names', async () => {
    const page = await signedInPage(OPERATOR.email, OPERATOR.password);
    await page.setViewportSize(SIZES.desktop);

    // The checklist of an empty system: five steps, none done, each leading where it is done.
    const checklist = page.getByTestId('setup-checklist');
    await checklist.waitFor();
    expect(await checklist.getByRole('heading').textContent()).toBe('Các bước đầu tiên');
    const steps = checklist.getByTestId('setup-step');
    expect(await steps.evaluateAll((els) => els.map((e) => `${e.getAttribute('data-step')}:${e.getAttribute('data-done')}`))).toEqual([
      'units:false',
      'people:false',
      'endpoints:false',
      'mail:false',
      'holidays:false',
    ]);
    expect(await checklist.textContent()).toContain('Chưa cấu hình máy chủ thư (biến SMTP_URL)');
    expect(await checklist.getByRole('link', { name: 'Tạo cây đơn vị' }).getAttribute('href')).toBe('/admin/units');
    await shot(page, 'p10-home-empty-1440');

    // At 1440 px the header is one row: brand, navigation and the user's corner side by side.
    // (the phone's Menu button is not displayed, and the menu's wrapper lays its children out in the header's row)
    const tops = await page
      .locator('.app-header > *, .header-menu > *')
      .evaluateAll((els) => els.filter((e) => e.getBoundingClientRect().width > 0).map((e) => Math.round(e.getBoundingClientRect().top)));
    expect(tops.length).toBeGreaterThanOrEqual(4);
    expect(Math.max(...tops) - Math.min(...tops)).toBeLessThanOrEqual(8);
    expect((await box(page, '.app-header')).height).toBeLessThan(64);
    // The administration is one menu, by keyboard too: Enter opens it, Escape closes it and gives the focus back.
    const menuButton = page.getByTestId('nav-admin');
    expect(await menuButton.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByTestId('nav-units').count()).toBe(0);
    await menuButton.focus();
    await page.keyboard.press('Enter');
    expect(await menuButton.getAttribute('aria-expanded')).toBe('true');
    const items = page.locator(`#${await menuButton.getAttribute('aria-controls')} a`);
    expect(await items.allTextContents()).toEqual(['Bảng điều hành', 'Theo dõi nhiệm vụ', 'Sự cố', 'Báo cáo quý', 'Người dùng', 'Đơn vị', 'Điểm cầu', 'Thiết bị', 'Hộp thư đi', 'Ngày nghỉ lễ', 'Nhật ký kiểm toán', 'An toàn thông tin', 'Chứng thư số', 'Xác minh chữ ký số']);
    await shot(page, 'p10-admin-menu-1440');
    await page.keyboard.press('Escape');
    expect(await menuButton.getAttribute('aria-expanded')).toBe('false');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('nav-admin');

    // Units with long names, three levels deep.
    const province = await ensureUnit(server, 'Ủy ban nhân dân tỉnh Đắk Nông');
    const department = await ensureUnit(server, 'Sở Thông tin và Truyền thông tỉnh Đắk Nông', province);
    await ensureUnit(server, 'Trung tâm Công nghệ thông tin và Truyền thông thuộc Sở Thông tin và Truyền thông tỉnh Đắk Nông', department);
    await menuButton.click();
    await page.getByTestId('nav-units').click();
    expect(await menuButton.getAttribute('aria-expanded')).toBe('false');
    const deepest = page.locator('[data-testid="unit-item"][data-depth="2"]');
    await deepest.waitFor();
    for (const [name, size] of Object.entries(SIZES)) {
      await page.setViewportSize(size);
      for (const depth of ['1', '2']) {
        const row = page.locator(`[data-testid="unit-item"][data-depth="${depth}"]`);
        const mark = (await row.getByTestId('unit-tree-mark').boundingBox())!;
        const label = (await row.getByTestId('unit-name').boundingBox())!;
        // the mark stays on the name's first line, left of it, however the name wraps
        expect(Math.abs(mark.y - label.y), `${name} depth ${depth}`).toBeLessThanOrEqual(6);
        expect(mark.x + mark.width, `${name} depth ${depth}`).toBeLessThanOrEqual(label.x + 1);
      }
      await shot(page, `p10-units-${name}`);
    }

    // Back home, the units step is ticked by the data.
    await page.setViewportSize(SIZES.desktop);
    await page.locator('.brand').click();
    await expect.poll(() => page.locator('[data-testid="setup-step"][data-step="units"]').getAttribute('data-done')).toBe('true');
    expect(await page.getByTestId('setup-progress').textContent()).toContain('Đã xong 1/5 bước');
    // Tablet and phone: the menu still opens as a panel under its button (on the phone, inside the header's menu).
    for (const name of ['tablet', 'phone'] as const) {
      await page.setViewportSize(SIZES[name]);
      if (name === 'phone') await page.getByTestId('header-menu-toggle').click();
      await menuButton.click();
      const list = await box(page, '.nav-menu-list');
      expect(list.x).toBeGreaterThanOrEqual(0);
      expect(list.x + list.width).toBeLessThanOrEqual(SIZES[name].width);
      await shot(page, `p10-home-${name}`);
      await page.keyboard.press('Escape');
    }
  });

  it('point 4: the booking form in an English browser: dd/MM/yyyy and 24 h, a working morning, the host room’s technician, minutes; then the next steps', async () => {
    const hostUnit = await ensureUnit(server, 'Văn phòng UBND tỉnh Đắk Nông');
    const organiser = await createUser(server, 'Hoàng Văn Tổ', 'Văn phòng UBND tỉnh Đắk Nông', { role: 'organiser' });
    const chair = await createUser(server, 'Nguyễn Bốn', 'Văn phòng UBND tỉnh Đắk Nông', { title: 'Phó Chủ tịch UBND tỉnh' });
    const technician = await createUser(server, 'Lê Văn Kỹ', 'Văn phòng UBND tỉnh Đắk Nông', { role: 'technician', title: 'Chuyên viên' });
    const room = await server.operator.post('/api/endpoints', { name: 'Phòng họp số 1 UBND tỉnh', unitId: hostUnit });
    expect(room.status).toBe(201);
    expect((await server.operator.post(`/api/endpoints/${room.body.endpoint.id}/technicians`, { userId: technician.id, contact: '0912 345 678' })).status).toBe(201);

    // A browser in English, in New York: the fields still read day first, 24 h, Vietnam time.
    const context = await browser.newContext({ baseURL: server.url, locale: 'en-US', timezoneId: 'America/New_York', viewport: SIZES.desktop });
    try {
      const page = await context.newPage();
      await page.goto('/login');
      await signInOnPage(page, organiser.email, organiser.password);
      await page.getByTestId('nav-new-meeting').click();
      await page.getByTestId('meeting-title').waitFor();

      // The default start: 08:00 of the first working day leaving the 3 working days of notice (D7.3).
      const year = new Date(Date.now() + 7 * 3_600_000).getUTCFullYear();
      const days = (await Promise.all([year, year + 1].map((y) => organiser.client.get(`/api/holidays?year=${y}`)))).flatMap((r) => r.body.holidays as HolidayView[]);
      const expected = vnIsoDateTime(defaultMeetingStart(new Date(), new Set(days.filter((d) => d.kind === 'day_off').map((d) => d.date)), new Set(days.filter((d) => d.kind === 'working_day').map((d) => d.date))));
      const [y, m, d] = [expected.slice(0, 4), expected.slice(5, 7), expected.slice(8, 10)];
      expect(await page.getByTestId('meeting-start-date').inputValue()).toBe(`${d}/${m}/${y}`);
      expect(await page.getByTestId('meeting-start-hour').inputValue()).toBe('08');
      expect(await page.getByTestId('meeting-start-minute').inputValue()).toBe('00');
      expect(await page.getByTestId('meeting-end-hour').inputValue()).toBe('09');
      // 24 h: the hours are 00 … 23, never AM/PM
      const hours = await page.getByTestId('meeting-start-hour').locator('option').allTextContents();
      expect(hours).toHaveLength(24);
      expect(hours.at(-1)).toBe('23');
      expect(await page.getByRole('group', { name: 'Bắt đầu' }).textContent()).not.toMatch(/AM|PM/);
      // moving the start keeps the length; the end follows
      await page.getByTestId('meeting-start-hour').selectOption('14');
      expect(await page.getByTestId('meeting-end-hour').inputValue()).toBe('15');
      // a day that does not exist is said plainly, and forgotten once fixed
      await page.getByTestId('meeting-start-date').fill('31/02/2027');
      await page.getByTestId('meeting-start-invalid').waitFor();
      await page.getByTestId('meeting-start-date').fill(`${d}/${m}/${y}`);
      expect(await page.getByTestId('meeting-start-invalid').count()).toBe(0);
      expect(await page.getByTestId('meeting-check-at-date').inputValue()).toBe(`${d}/${m}/${y}`);
      expect(await page.getByTestId('meeting-check-at-hour').inputValue()).toBe('13');

      await page.getByTestId('meeting-title').fill('Giao ban công tác chuyển đổi số tháng 12');
      await page.getByTestId('meeting-chair').selectOption(chair.id);
      // The chair's technician follows the host room's; the hint names the room.
      expect(await page.getByTestId('meeting-chair-technician').inputValue()).toBe(technician.id);
      expect(await page.getByTestId('meeting-chair-technician-hint').textContent()).toContain('Phòng họp số 1 UBND tỉnh');
      // Speaking time in minutes.
      const speaking = page.getByTestId('meeting-speaking-time');
      expect(await speaking.locator('option:checked').textContent()).toBe('5 phút');
      await speaking.selectOption({ label: '10 phút' });
      await page.getByTestId('meeting-new-password').fill('chuyen-doi-so');
      for (const [name, size] of Object.entries(SIZES)) {
        await page.setViewportSize(size);
        await shot(page, `p4-form-${name}`);
      }
      await page.setViewportSize(SIZES.desktop);

      // Without the state-secret declaration: said; once ticked, the error is gone before saving again.
      await page.getByTestId('meeting-submit').click();
      const error = page.getByTestId('error-message');
      await expect.poll(() => error.textContent()).toContain('bí mật nhà nước');
      await page.getByTestId('meeting-not-state-secret').check();
      expect(await error.count()).toBe(0);
      await page.getByTestId('meeting-submit').click();

      // The meeting's page with what comes next.
      const created = page.getByTestId('meeting-created');
      await created.waitFor();
      expect(new URL(page.url()).pathname).toMatch(/^\/meetings\/[0-9a-f-]{36}\/manage$/);
      expect(await created.getByTestId('next-step-approval').getAttribute('data-state')).toBe('waiting');
      expect(await created.getByTestId('next-step-documents').textContent()).toContain('Tải tài liệu họp lên');
      expect(await created.getByTestId('next-step-invitations').textContent()).toContain('Gửi giấy mời');
      await created.getByTestId('next-step-invitations').getByRole('link').click();
      expect(new URL(page.url()).hash).toBe('#invitations');
      await shot(page, 'p4-created-1440');
      await page.setViewportSize(SIZES.phone);
      await shot(page, 'p4-created-phone');

      const id = new URL(page.url()).pathname.split('/')[2]!;
      const meeting = (await organiser.client.get(`/api/meetings/${id}`)).body.meeting;
      expect(meeting.chairTechnicianId).toBe(technician.id);
      expect(meeting.speakingSeconds).toBe(600);
      expect(vnIsoDateTime(meeting.startsAt)).toBe(`${y}-${m}-${d}T14:00:00.000+07:00`);
      // The invitation names the technician and their phone, not "not assigned".
      const pdf = await fetch(`${server.url}/api/meetings/${id}/invitation.pdf`, { headers: { cookie: organiser.client.cookie! } });
      const text = (await readPdf(Buffer.from(await pdf.arrayBuffer()))).text;
      expect(text).toContain('Lê Văn Kỹ');
      expect(text).not.toContain('chưa phân công');
    } finally {
      await context.close();
    }
  });

  it('points 6 and 7: home puts today first with a countdown and one button; before the room opens the link shows a waiting screen that turns into the entry', async () => {
    const delegate = await createUser(server, 'Trần Thị Năm', 'Sở Thông tin và Truyền thông tỉnh Đắk Nông', { title: 'Phó Giám đốc Sở' });
    const chair = await createUser(server, 'Nguyễn Văn Sáu', 'Ủy ban nhân dân tỉnh Đắk Nông', { title: 'Chủ tịch UBND tỉnh' });
    const hostUnitId = await ensureUnit(server, 'Ủy ban nhân dân tỉnh Đắk Nông');
    const now = Date.now();
    const book = (title: string, slug: string, startsIn: number, checkIn: number) =>
      bookMeeting({
        title,
        slug,
        hostUnitId,
        startsAt: new Date(now + startsIn).toISOString(),
        endsAt: new Date(now + startsIn + 2 * 3_600_000).toISOString(),
        checkAt: new Date(now + checkIn).toISOString(),
        chairId: chair.id,
        inviteeIds: [delegate.id],
        password: 'hop-2026',
        notStateSecret: true,
        emergency: true,
      });
    const MIN = 60_000;
    // open now (checked 50 minutes ago, starts in 10); opens in 30 s; in five days, unanswered
    const open = await book('Họp khẩn phòng chống lụt bão', 'hop-khan-lut-bao', 10 * MIN, -50 * MIN);
    const soon = await book('Giao ban kinh tế - xã hội', 'giao-ban-kt-xh', 61 * MIN, 30_000);
    // point 7's: opens in a minute (its link is opened while it waits)
    const waitingMeeting = await book('Họp trực tuyến chờ mở phòng', 'cho-mo-phong', 62 * MIN, MIN);
    const later = await book('Hội nghị sơ kết 6 tháng', 'so-ket-6-thang', 5 * 24 * 60 * MIN, 5 * 24 * 60 * MIN - 60 * MIN);
    // the delegate answered the one opening soon, not the one in five days
    expect((await delegate.client.put(`/api/meetings/${soon.id}/replies/person/${delegate.id}`, { answer: 'attending' })).status).toBe(200);

    const page = await signedInPage(delegate.email, delegate.password);
    await page.setViewportSize(SIZES.tablet);
    const today = page.getByTestId('home-today');
    await today.waitFor();
    const card = (slug: string) => page.locator(`[data-testid="meeting-item"][data-slug="${slug}"]`);
    // today's open meeting: "Vào họp", enabled, leading to its link
    const openCard = today.locator(`[data-testid="meeting-item"][data-slug="${open.slug}"]`);
    await openCard.waitFor();
    expect(await openCard.getAttribute('data-phase')).toBe('open');
    const join = openCard.getByTestId('meeting-action');
    expect(await join.textContent()).toBe('Vào họp');
    expect(await join.getAttribute('href')).toBe(`/${open.slug}`);
    expect(await openCard.getByTestId('meeting-countdown').textContent()).toMatch(/^Bắt đầu sau \d+ phút \d\d giây$/);
    // the one opening in 30 s: the entry, disabled, with the time it opens and a countdown
    const soonAction = card(soon.slug).getByTestId('meeting-action');
    expect(await soonAction.getAttribute('data-action')).toBe('join-later');
    expect(await soonAction.isDisabled()).toBe(true);
    expect(await card(soon.slug).getByTestId('meeting-countdown').textContent()).toMatch(/^Mở phòng sau 0 phút \d\d giây \(lúc \d\d:\d\d\)$/);
    // the next one: answer the invitation
    const laterCard = page.getByTestId('home-upcoming').locator(`[data-testid="meeting-item"][data-slug="${later.slug}"]`);
    await expect.poll(() => laterCard.getByTestId('meeting-action').getAttribute('data-action')).toBe('answer');
    expect(await laterCard.getByTestId('meeting-action').textContent()).toBe('Trả lời giấy mời');
    expect(await laterCard.getByTestId('meeting-action').getAttribute('href')).toBe(`/meetings/${later.id}/replies`); // the one page where an invitee answers
    // Today comes first; no raw join address anywhere; each button on one line.
    const [todayBox, upcomingBox] = [await box(page, '[data-testid="home-today"]'), await box(page, '[data-testid="home-upcoming"]')];
    expect(todayBox.y).toBeLessThan(upcomingBox.y);
    for (const [name, size] of Object.entries(SIZES)) {
      await page.setViewportSize(size);
      expect(await page.locator('main').textContent()).not.toContain(`/${open.slug}`);
      expect((await join.boundingBox())!.height, name).toBeLessThan(48);
      const cardBox = (await openCard.boundingBox())!;
      expect(cardBox.x + cardBox.width, name).toBeLessThanOrEqual(size.width);
      await shot(page, `p6-home-${name}`);
    }
    // the countdown reaches the opening: the button opens by itself
    await expect.poll(() => soonAction.getAttribute('data-action'), { timeout: 45_000 }).toBe('join');
    expect(await card(soon.slug).getAttribute('data-phase')).toBe('open');

    // Point 7: the link before the room opens — a waiting screen, not an error, nor the room.
    await page.setViewportSize(SIZES.phone);
    await page.goto(`/${waitingMeeting.slug}`);
    const waiting = page.getByTestId('meeting-waiting');
    await waiting.waitFor();
    expect(await waiting.getByRole('heading').textContent()).toBe('Phòng họp chưa mở');
    const opensAt = new Date(waitingMeeting.opensAt);
    const hhmm = (d: Date) => vnIsoDateTime(d).slice(11, 16);
    expect(await page.getByTestId('waiting-opens-at').textContent()).toContain(hhmm(opensAt));
    expect(await page.getByTestId('waiting-starts-at').textContent()).toContain(hhmm(new Date(waitingMeeting.startsAt)));
    expect(await page.getByTestId('waiting-countdown').textContent()).toMatch(/^[01] phút \d\d giây$/);
    expect(await page.getByTestId('meeting-password').count()).toBe(0);
    expect(await page.getByTestId('error-message').count()).toBe(0);
    await shot(page, 'p7-waiting-phone');
    await page.setViewportSize(SIZES.desktop);
    await shot(page, 'p7-waiting-1440');
    // the room opens: the entry takes the waiting screen's place, and it lets the delegate in
    await page.getByTestId('meeting-password').waitFor({ timeout: 65_000 });
    expect(await waiting.count()).toBe(0);
    await page.getByTestId('meeting-password').fill('hop-2026');
    await page.getByTestId('meeting-password-submit').click();
    await page.getByTestId('device-check').waitFor();
  });
});

