/**
 * The quarterly report in the browser (issue 17 point 1; R5.1, R5.2): a unit's office opens the report of the
 * quarter, drafted from the meetings held; completes rows 2 and 3 (a bad percentage refused and named), sends it
 * for signing; the leader signs it with the code of their authenticator app; the office submits it; the operator
 * sees it submitted (late: after the 1st of the quarter's last month) and consolidates it, downloading the DOCX.
 */
import { describe, expect, it } from 'vitest';
import { createUser, ensureUnit, totpCodeFor } from '../server/test/support';
import { insertHeldMeeting } from '../server/test/report-fixtures';
import { server, signedInPage, useBrowserSuite } from './harness';

useBrowserSuite();

const quarterNow = () => {
  const local = new Date(Date.now() + 7 * 3_600_000);
  return { year: local.getUTCFullYear(), quarter: Math.floor(local.getUTCMonth() / 3) + 1 };
};

describe('the quarterly report in the browser', () => {
  it('the office drafts, completes, sends for signing, the leader signs, the office submits, the operator consolidates', { timeout: 300_000 }, async () => {
    const root = await ensureUnit(server, 'Bộ Tài nguyên E2E');
    const unitId = await ensureUnit(server, 'Cục Đo đạc E2E', root);
    const office = await createUser(server, 'Lê Thị Văn Thư', 'Cục Đo đạc E2E', { role: 'organiser', title: 'Chánh Văn phòng Cục' });
    const leader = await createUser(server, 'Nguyễn Văn Thủ Trưởng', 'Cục Đo đạc E2E', { title: 'Cục trưởng' });
    await leader.client.enrolSecondFactor(leader.email);
    const db = server.app.database.db;
    await insertHeldMeeting(db, { hostUnitId: unitId, chairId: leader.id, endedAt: new Date(Date.now() - 86_400_000), joins: [{ userId: leader.id }, { userId: office.id }], outcome: { met: false, cause: 'endpoint_equipment' } });
    await insertHeldMeeting(db, { hostUnitId: unitId, chairId: leader.id, endedAt: new Date(Date.now() - 2 * 86_400_000), joins: [{ userId: leader.id }] });

    // the office: the draft with row 1 from the records
    const page = await signedInPage(office.email, office.password);
    await page.goto('/reports');
    const report = page.getByTestId('unit-report');
    await report.waitFor();
    expect(await report.getAttribute('data-state')).toBe('draft');
    const lines = page.getByTestId('report-table').getByTestId('report-line');
    await expect.poll(() => lines.nth(1).textContent()).toContain('Do đơn vị chủ trì');
    expect(await lines.nth(1).textContent()).toContain('Không đạt yêu cầu: 1 cuộc do trang thiết bị đầu, cuối.');
    expect((await lines.nth(1).locator('td').allTextContents()).slice(2, 5)).toEqual(['2', '3', '50']);

    // rows 2 and 3; a share over 100 % is refused and named
    await page.getByTestId('report-number').fill('07/BC-ĐĐ');
    await page.getByTestId('report-internal-meetings').fill('3');
    await page.getByTestId('report-internal-participants').fill('45');
    await page.getByTestId('report-internal-metPercent').fill('120');
    await page.getByTestId('report-add-provider').click();
    await page.getByTestId('report-provider-name').fill('Viettel');
    await page.getByTestId('report-provider-0-meetings').fill('1');
    await page.getByTestId('report-provider-0-participants').fill('20');
    await page.getByTestId('report-provider-0-metPercent').fill('100');
    await page.getByTestId('report-provider-0-cost').fill('4.500.000');
    await page.getByTestId('report-proposals').fill('Đề nghị Bộ đầu tư thêm thiết bị cho phòng họp trực tuyến của Cục.');
    await page.getByTestId('report-save').click();
    await page.getByTestId('report-form').getByTestId('error-message').waitFor();
    expect(await page.getByTestId('report-internal-metPercent').getAttribute('aria-invalid')).toBe('true');
    await page.getByTestId('report-internal-metPercent').fill('100');
    await page.getByTestId('report-save').click();
    await expect.poll(async () => (await lines.last().locator('td').allTextContents()).slice(0, 6)).toEqual(['4', 'Tổng cộng', '6', '68', '83,3', '4.500.000']);
    expect(await page.getByTestId('report-table').textContent()).toContain('- Viettel');

    // sent for signing: the leader was proposed as signer
    expect(await page.getByTestId('report-signer').inputValue()).toBe(leader.id);
    await page.getByTestId('report-send-for-signing').click();
    await expect.poll(() => report.getAttribute('data-state')).toBe('submitted_for_signing');
    await page.getByTestId('sign-panel').waitFor();
    const { year, quarter } = quarterNow();
    const signableId = (await office.client.get(`/api/reports/unit/${unitId}/${year}/${quarter}`)).body.report.signableId as string;

    // the leader signs with the code of the moment (the page the bell's notice leads to)
    const leaderPage = await signedInPage(leader.email, leader.password);
    await leaderPage.goto(`/reports/sign/${signableId}`);
    const panel = leaderPage.getByTestId('sign-panel');
    await panel.getByTestId('sign-code').fill(await totpCodeFor(server.url, leader.email));
    await panel.getByTestId('sign-submit').click();
    await expect.poll(() => panel.getAttribute('data-state')).toBe('signed');

    // the office submits it
    await page.reload();
    await expect.poll(() => page.getByTestId('unit-report').getAttribute('data-state')).toBe('signed');
    await page.getByTestId('report-submit').click();
    await expect.poll(() => page.getByTestId('unit-report').getAttribute('data-state')).toBe('submitted');

    // the operator: submitted (late when after the 1st of the quarter's last month), consolidated, downloaded
    const op = await signedInPage('admin@giaoban.local', 'Operator-password-1');
    await op.goto('/reports');
    const row = op.getByTestId('quarter-unit').filter({ hasText: 'Cục Đo đạc E2E' });
    await expect.poll(() => row.getAttribute('data-state')).toBe('submitted');
    const lastMonthStarted = new Date() >= new Date(`${year}-${String(quarter * 3).padStart(2, '0')}-01T00:00:00+07:00`);
    expect(await row.getAttribute('data-late')).toBe(String(lastMonthStarted));
    await expect.poll(() => op.getByTestId('consolidated-count').textContent()).toContain('1');
    const total = op.getByTestId('consolidated-table').getByTestId('report-line').last();
    expect((await total.locator('td').allTextContents()).slice(1, 3)).toEqual(['Tổng cộng', '6']);
    const [download] = await Promise.all([op.waitForEvent('download'), op.getByTestId('consolidated-export-docx').click()]);
    expect(download.suggestedFilename()).toBe(`bao-cao-tong-hop-hop-truc-tuyen-q${quarter}-${year}.docx`);
    const body = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const c of body) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).subarray(0, 2).toString()).toBe('PK');
  });
});
