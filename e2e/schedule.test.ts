/**
 * Meeting documents, the weekly schedule and the operator's holidays in the browser (R2.1, R2.4, R2.7, M12.2):
 * the organiser uploads a PDF from the manage page and sees a mismatched file refused with a clear message; an
 * invitee sees the document on the meeting's page; the schedule shows the meeting on its day, and a calendar
 * subscription address is shown once; the operator adds a day off on /admin/holidays. One browser at a time.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { addDays, weekday } from '../shared/calendar/working-days';
import { isoWeekOfDate } from '../server/schedule/iso-week';
import { tinyPng } from '../server/test/document-fixtures';
import { createUser, ensureUnit } from '../server/test/support';
import { bookMeeting, server, signedInPage, useBrowserSuite } from './harness';
import { openAdminItem } from './browser';

const HOUR = 3_600_000;

useBrowserSuite();

describe('documents, schedule and holidays in the browser', () => {
  it('R2.1/R2.4/M12.2 the organiser uploads a document, the invitee reads it, the schedule shows the meeting, the operator adds a day off', async () => {
    const unit = await ensureUnit(server, 'UBND tỉnh Lâm Đồng');
    const organiser = await createUser(server, 'Lê Thị Văn', 'UBND tỉnh Lâm Đồng', { role: 'organiser' });
    const chair = await createUser(server, 'Trần Văn Chủ', 'UBND tỉnh Lâm Đồng', { title: 'Chủ tịch UBND tỉnh' });
    const invitee = await createUser(server, 'Phạm Thị Mời', 'UBND tỉnh Lâm Đồng');
    // a meeting on Tuesday 09:00 two weeks ahead, booked by the operator (approved at once)
    const today = new Date(Date.now() + 7 * HOUR).toISOString().slice(0, 10);
    const tuesday = addDays(today, 14 - ((weekday(today) + 6) % 7) + 1);
    const startsAt = new Date(`${tuesday}T09:00:00+07:00`);
    const slug = `so-lieu-${randomBytes(3).toString('hex')}`;
    const { id: meetingId } = await bookMeeting({
      title: 'Giao ban kinh tế - xã hội tháng 12',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 2 * HOUR).toISOString(),
      hostUnitId: unit,
      chairId: chair.id,
      inviteeIds: [invitee.id],
      slug,
      password: 'mat-khau-hop',
      notStateSecret: true,
    });

    // the organiser on the manage page
    const page = await signedInPage(organiser.email, organiser.password);
    await page.goto(`/meetings/${meetingId}/manage`);
    const panel = page.getByTestId('documents-panel');
    await panel.waitFor();
    await page.getByTestId('document-file').setInputFiles({ name: 'Báo cáo tháng 11.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n') });
    await page.getByTestId('document-submit').click();
    await page.getByTestId('document-uploaded').waitFor();
    await expect.poll(() => page.getByTestId('document-row').count()).toBe(1);
    expect(await panel.textContent()).toContain('Báo cáo tháng 11.pdf');
    // a picture claimed as a PDF: refused with a clear message, nothing added
    await page.getByTestId('document-file').setInputFiles({ name: 'anh.pdf', mimeType: 'application/pdf', buffer: tinyPng() });
    await page.getByTestId('document-submit').click();
    await expect.poll(() => panel.getByTestId('error-message').textContent()).toContain('Nội dung tệp không đúng với loại tệp đã khai báo');
    expect(await page.getByTestId('document-row').count()).toBe(1);
    // the draft minutes kind is offered only to a meeting that needs minutes (R2.7)
    expect(await page.getByTestId('document-kind').locator('option').count()).toBe(1);

    // the schedule: the meeting on its Tuesday, and a subscription address shown once
    const week = isoWeekOfDate(tuesday).label;
    await page.getByTestId('nav-schedule').click();
    await page.getByTestId('schedule-page').waitFor();
    await page.goto(`/schedule?week=${week}`);
    const day = page.locator(`[data-testid="schedule-day"][data-date="${tuesday}"]`);
    await expect.poll(() => day.textContent()).toContain('Giao ban kinh tế - xã hội tháng 12');
    expect(await day.textContent()).toContain('Thứ Ba');
    expect(await day.textContent()).toContain('09:00');
    expect(await page.getByTestId('schedule-pdf').getAttribute('href')).toBe(`/api/schedule.pdf?week=${week}`);
    await page.getByTestId('schedule-next').click();
    await expect.poll(() => page.getByTestId('schedule-meeting').count()).toBe(0);
    await page.getByTestId('schedule-previous').click();
    await expect.poll(() => page.getByTestId('schedule-meeting').count()).toBe(1);
    await page.getByTestId('schedule-subscribe').click();
    const url = await page.getByTestId('schedule-feed-url').inputValue();
    expect(url).toMatch(/\/api\/schedule\/feed\/[A-Za-z0-9_-]+\.ics$/);
    const ics = await (await fetch(url)).text();
    expect(ics).toContain(`UID:${meetingId}@giaoban`);
    await page.context().close();

    // the invitee sees the document on the meeting's page, without upload or delete
    const reader = await signedInPage(invitee.email, invitee.password);
    await reader.goto(`/${slug}`);
    await reader.getByTestId('documents-panel').waitFor();
    await expect.poll(() => reader.getByTestId('document-row').count()).toBe(1);
    expect(await reader.getByTestId('document-upload').count()).toBe(0);
    expect(await reader.getByTestId('document-delete').count()).toBe(0);
    const href = await reader.getByTestId('document-row').locator('a').getAttribute('href');
    expect(href).toMatch(new RegExp(`^/api/meetings/${meetingId}/documents/`));
    await reader.context().close();

    // the operator adds a day off on /admin/holidays
    const me = await server.operator.get('/api/auth/me');
    const operatorPage = await signedInPage(me.body.user.email, 'Operator-password-1');
    await openAdminItem(operatorPage, 'nav-holidays');
    await operatorPage.getByTestId('holidays-page').waitFor();
    await expect.poll(() => operatorPage.getByTestId('holiday-row').count()).toBeGreaterThan(5);
    const year = +today.slice(0, 4);
    const date = `${year}-12-24`;
    await operatorPage.getByTestId('holiday-date').fill(date);
    await operatorPage.getByTestId('holiday-name').fill('Nghỉ theo thông báo');
    await operatorPage.getByTestId('holiday-save').click();
    const row = operatorPage.locator(`[data-testid="holiday-row"][data-date="${date}"]`);
    await expect.poll(() => row.textContent()).toContain('Nghỉ theo thông báo');
    expect(await row.textContent()).toContain('Đã điều chỉnh');
    const list = await server.operator.get(`/api/holidays?year=${year}`);
    expect(list.body.holidays).toEqual(expect.arrayContaining([expect.objectContaining({ date, kind: 'day_off', source: 'override' })]));
    await row.getByTestId('holiday-reset').click();
    await expect.poll(() => row.count()).toBe(0);
  }, 240_000);
});
