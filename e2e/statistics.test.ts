/**
 * Statistics in the browser (issue 17 point 2): a unit's office opens /statistics from the menu, picks a period,
 * sees the charts drawn (Chart.js on a canvas, loaded on demand) with their tables, narrows to one unit, and
 * downloads a chart's figures as CSV — only its own units' figures.
 */
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seedHeldMeeting } from '../server/test/statistics-seed';
import { createUser, ensureUnit } from '../server/test/support';
import { server, signedInPage, useBrowserSuite } from './harness';

useBrowserSuite();

/** How many pixels of a canvas are painted (not fully transparent). */
const paintedPixels = (page: Page, testId: string) =>
  page.getByTestId(testId).evaluate((canvas: HTMLCanvasElement) => {
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted++;
    return painted;
  });

const tableRows = (page: Page, testId: string) =>
  page.getByTestId(testId).locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent?.trim() ?? '')));

describe('statistics in the browser (issue 17 point 2)', () => {
  it("a unit's office sees its units' meetings charted and tabled, narrows to one unit and downloads the CSV", async () => {
    const province = await ensureUnit(server, 'UBND tỉnh Biểu Đồ');
    const health = await ensureUnit(server, 'Sở Y tế Biểu Đồ', province);
    const other = await ensureUnit(server, 'UBND tỉnh Ngoài Biểu Đồ');
    const office = await createUser(server, 'Nguyễn Thị Văn Phòng', 'UBND tỉnh Biểu Đồ', { role: 'organiser' });
    const delegate = await createUser(server, 'Lý Văn Đại Biểu', 'Sở Y tế Biểu Đồ', { role: 'delegate' });
    const outsider = await createUser(server, 'Mai Thị Ngoài', 'UBND tỉnh Ngoài Biểu Đồ', { role: 'organiser' });
    const { db } = server.app.database;
    await seedHeldMeeting(db, { hostUnitId: province, chairId: office.id, endedAt: '2026-07-10T10:00:00+07:00', outcome: 'met', joiners: [office.id, delegate.id, outsider.id] });
    await seedHeldMeeting(db, { hostUnitId: health, chairId: delegate.id, endedAt: '2026-08-05T10:00:00+07:00', outcome: 'fell_short', cause: 'transmission', joiners: [delegate.id, office.id] });
    await seedHeldMeeting(db, { hostUnitId: other, chairId: outsider.id, endedAt: '2026-08-20T10:00:00+07:00', incident: true, joiners: [outsider.id, delegate.id] });
    await seedHeldMeeting(db, { hostUnitId: other, chairId: outsider.id, endedAt: '2026-08-21T10:00:00+07:00', outcome: 'met', joiners: [outsider.id] });

    const page = await signedInPage(office.email, office.password);
    await page.getByTestId('nav-statistics').click();
    await page.waitForURL((url) => url.pathname === '/statistics');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Thống kê họp trực tuyến');
    await page.getByTestId('statistics-from').fill('01/07/2026');
    await page.getByTestId('statistics-to').fill('31/08/2026');
    await page.getByTestId('statistics-apply').click();
    expect(await page.getByTestId('statistics-preset').inputValue()).toBe('custom');

    // the months: July 1 meeting, August 2 (its department hosted one and attended the other province's)
    await expect.poll(() => tableRows(page, 'table-meetings')).toEqual([['07/2026', '1'], ['08/2026', '2']]);
    expect(await tableRows(page, 'table-participants')).toEqual([['07/2026', '3'], ['08/2026', '4']]);
    expect(await tableRows(page, 'table-met')).toEqual([['07/2026', '1', '1', '100,0 %'], ['08/2026', '2', '0', '0,0 %']]);
    expect(await tableRows(page, 'table-causes')).toEqual([
      ['Do chất lượng đường truyền không bảo đảm', '1'],
      ['Do trang thiết bị đầu, cuối', '0'],
      ['Do thao tác sử dụng phần mềm', '0'],
      ['Nguyên nhân khác', '1'],
    ]);
    expect(await page.getByTestId('total-meetings').textContent()).toBe('3');
    expect(await page.getByTestId('total-met').textContent()).toBe('33,3 %');
    // its own units only: the province and its department, never the other province
    const units = await tableRows(page, 'table-units');
    expect(units).toEqual([
      ['UBND tỉnh Biểu Đồ', '1', '3', '100,0 %', '1', '1', '0,0 %'],
      ['Sở Y tế Biểu Đồ', '1', '2', '0,0 %', '2', '2', '50,0 %'],
    ]);
    expect(await page.getByTestId('statistics-unit-choice').textContent()).not.toContain('Ngoài');

    // every chart drawn on its canvas by Chart.js, labelled for assistive technology
    for (const chart of ['chart-meetings', 'chart-participants', 'chart-met', 'chart-causes', 'chart-units']) {
      await page.getByTestId(chart).waitFor();
      await expect.poll(() => paintedPixels(page, chart), { message: chart }).toBeGreaterThan(500);
      expect(await page.getByTestId(chart).getAttribute('role')).toBe('img');
    }
    expect(await page.getByTestId('statistics-systems').textContent()).toContain('Chưa có số liệu theo hệ thống');

    // the CSV of a chart: its figures, as the table shows them
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-meetings-csv').click()]);
    expect(download.suggestedFilename()).toBe('thong-ke-months-2026-07-01-2026-08-31.csv');
    const csv = fs.readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '').split('\r\n');
    expect(csv[0]).toMatch(/^Tháng,Số lượng cuộc họp,Số lượng người tham gia/);
    expect(csv[1]).toBe('07/2026,1,3,1,"100,0",0,0,0,0');
    expect(csv[2]).toBe('08/2026,2,4,0,"0,0",1,0,0,1');

    // narrowed to the department: its row only
    await page.locator('[data-testid="statistics-unit"][data-unit-name="Sở Y tế Biểu Đồ"]').check();
    await expect.poll(() => tableRows(page, 'table-units')).toEqual([['Sở Y tế Biểu Đồ', '1', '2', '0,0 %', '2', '2', '50,0 %']]);
    await expect.poll(() => tableRows(page, 'table-meetings')).toEqual([['07/2026', '1'], ['08/2026', '2']]);
  });
});
