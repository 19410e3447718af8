/**
 * The audit trail and the leak response as people use them (R1.5, R6.4): the operator searches the trail on
 * /admin/audit, exports what they found and checks the chain (also after a row was changed in the database); an
 * organiser revokes a meeting's link and password and reads who entered it. Accounts, meetings and entries come
 * from the API; what is asserted is what the pages show. One browser, two contexts at most.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createUser, ensureUnit } from '../server/test/support';
import { bookMeeting, joinedSocket, server, signedInPage, useBrowserSuite } from './harness';
import { openAdminItem } from './browser';

useBrowserSuite();

const todayInVietnam = (days = 0) => new Date(Date.now() + days * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' });

describe('audit trail in the browser (R1.5)', () => {
  it('R1.5 the operator searches the audit trail with or without diacritics, exports it and verifies the chain', async () => {
    const unitId = await ensureUnit(server, 'Sở Nông nghiệp tỉnh Đắk Nông');
    await ensureUnit(server, 'Sở Y tế tỉnh Lâm Đồng');
    const delegate = await createUser(server, 'Trần Văn Năm', 'Sở Nông nghiệp tỉnh Đắk Nông');

    const page = await signedInPage('admin@giaoban.local', 'Operator-password-1');
    await openAdminItem(page, 'nav-audit');
    await page.getByTestId('audit-list').waitFor();
    // newest first: the account just created (after it only sign-ins, themselves audited: R1.3), in Vietnamese,
    // with the time to the second in Vietnam time
    const newest = page.locator('[data-testid="audit-entry"]:not([data-action^="auth."])').first();
    expect(await newest.getAttribute('data-action')).toBe('user.created');
    const newestText = (await newest.textContent())!;
    expect(newestText).toContain('Tạo tài khoản');
    expect(newestText).toContain('Quản trị hệ thống');
    expect(newestText).toContain('Trần Văn Năm');
    expect(newestText).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}/);
    expect(newestText).toContain(todayInVietnam().split('-').reverse().join('/'));

    // free text without diacritics, and an action
    await page.getByTestId('audit-filter-text').fill('dak nong');
    await page.getByTestId('audit-filter-action').selectOption('unit.created');
    await page.getByTestId('audit-search').click();
    await page.waitForURL((url) => url.searchParams.get('q') === 'dak nong' && url.searchParams.get('action') === 'unit.created');
    await expect.poll(() => page.getByTestId('audit-entry').count()).toBe(1);
    const found = (await page.getByTestId('audit-entry').first().textContent())!;
    expect(found).toContain('Tạo đơn vị');
    expect(found).toContain('Sở Nông nghiệp tỉnh Đắk Nông');
    expect(found).toContain(unitId);

    // the export link carries the same filters and downloads what the page shows
    const href = (await page.getByTestId('audit-export').getAttribute('href'))!;
    const exportUrl = new URL(href, server.url);
    expect(exportUrl.pathname).toBe('/api/audit/export.csv');
    expect(Object.fromEntries(exportUrl.searchParams)).toEqual({ action: 'unit.created', q: 'dak nong' });
    const csv = await page.request.get(href);
    expect(csv.status()).toBe(200);
    const lines = (await csv.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('Sở Nông nghiệp tỉnh Đắk Nông');

    // a day range in Vietnam time: today has it, tomorrow onwards does not
    await page.getByTestId('audit-filter-from').fill(todayInVietnam());
    await page.getByTestId('audit-filter-to').fill(todayInVietnam());
    await page.getByTestId('audit-search').click();
    await page.waitForURL((url) => url.searchParams.get('from') === todayInVietnam());
    await expect.poll(() => page.getByTestId('audit-entry').count()).toBe(1);
    await page.getByTestId('audit-filter-from').fill(todayInVietnam(1));
    await page.getByTestId('audit-filter-to').fill(todayInVietnam(2));
    await page.getByTestId('audit-search').click();
    await page.getByTestId('audit-empty').waitFor();

    // the person filter lists people by name
    await page.getByTestId('audit-clear').click();
    await page.waitForURL((url) => url.search === '');
    await page.getByTestId('audit-filter-person').selectOption({ label: 'Quản trị hệ thống — Đơn vị vận hành' });
    await page.getByTestId('audit-search').click();
    await page.waitForURL((url) => url.searchParams.has('actorId'));
    await page.getByTestId('audit-list').waitFor();
    expect(await page.getByTestId('audit-entry').count()).toBeGreaterThanOrEqual(4);

    // the chain: intact, then broken at the entry changed behind the application's back
    await page.getByTestId('audit-verify').click();
    const result = page.getByTestId('audit-verify-result');
    await expect.poll(() => result.getAttribute('data-ok')).toBe('true');
    expect(await result.textContent()).toMatch(/^Chuỗi nhật ký nguyên vẹn: đã kiểm tra \d+ bản ghi\.$/);

    const db = server.app.database.db;
    const target = (await server.operator.get(`/api/audit?targetId=${delegate.id}`)).body.entries[0] as { id: number; data: unknown };
    await db.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`);
    try {
      await db.execute(sql`UPDATE audit_log SET data = jsonb_set(data, '{role}', '"operator"') WHERE id = ${target.id}`);
      await page.getByTestId('audit-verify').click();
      await expect.poll(() => result.getAttribute('data-ok')).toBe('false');
      expect(await result.getAttribute('data-broken-id')).toBe(String(target.id));
      expect(await result.textContent()).toContain(`Chuỗi nhật ký bị phá vỡ tại bản ghi #${target.id}: nội dung bản ghi này đã bị sửa.`);
      await db.execute(sql`UPDATE audit_log SET data = ${JSON.stringify(target.data)}::jsonb WHERE id = ${target.id}`);
    } finally {
      await db.execute(sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`);
    }
    await page.getByTestId('audit-verify').click();
    await expect.poll(() => result.getAttribute('data-ok')).toBe('true');
    await page.context().close();

    // someone who is not an operator has no link and is refused
    const other = await signedInPage(delegate.email, delegate.password);
    expect(await other.getByTestId('nav-audit').count()).toBe(0);
    await other.goto('/admin/audit');
    expect(await other.getByTestId('error-message').textContent()).toBe('Bạn không có quyền thực hiện thao tác này.');
    await other.context().close();
  });
});

describe('leak response in the browser (R6.4)', () => {
  it('R6.4 an organiser revokes a meeting’s link and password, sees the new ones once, and reads who entered', async () => {
    const organiser = await createUser(server, 'Phạm Thị Hoa', 'Văn phòng UBND tỉnh', { role: 'organiser' });
    const chair = await createUser(server, 'Nguyễn Bốn', 'Văn phòng UBND tỉnh', { title: 'Phó Chủ tịch UBND tỉnh' });
    const delegate = await createUser(server, 'Lê Thị Sáu', 'Sở Tài chính', { title: 'Giám đốc Sở' });
    const slug = `giao-ban-${Math.random().toString(36).slice(2, 8)}`;
    // under way within the hour: booked by the office as an emergency (D19.2) for the organiser's unit
    const meeting = await bookMeeting({
      title: 'Giao ban phòng chống lụt bão',
      hostUnitId: await ensureUnit(server, 'Văn phòng UBND tỉnh'),
      startsAt: new Date(Date.now() + 3_600_000).toISOString(),
      endsAt: new Date(Date.now() + 3 * 3_600_000).toISOString(),
      chairId: chair.id,
      notStateSecret: true,
      emergency: true,
      inviteeIds: [delegate.id],
      slug,
      password: 'mat-khau-cu',
    });
    (await joinedSocket(delegate.client, slug, 'mat-khau-cu')).close();

    const page = await signedInPage(organiser.email, organiser.password);
    await page.locator(`[data-testid="meeting-item"][data-slug="${slug}"]`).getByTestId('meeting-manage-link').click();
    await page.getByTestId('manage-summary').waitFor();
    expect(await page.getByTestId('manage-current-link').textContent()).toBe(`/${slug}`);

    // who entered: time, person with title, unit
    const entry = page.getByTestId('entry-item');
    await expect.poll(() => entry.count()).toBe(1);
    const text = (await entry.first().textContent())!;
    expect(text).toContain('Giám đốc Sở');
    expect(text).toContain('Lê Thị Sáu');
    expect(text).toContain('Sở Tài chính');
    expect(text).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}/);
    expect(await page.getByTestId('entries-count').textContent()).toBe('1 lượt vào họp của 1 người.');

    // revoke: asked to confirm first; cancelling changes nothing
    await page.getByTestId('revoke-button').click();
    await page.getByTestId('revoke-cancel').click();
    expect(await page.getByTestId('revoke-result').count()).toBe(0);
    await page.getByTestId('revoke-button').click();
    expect(await page.getByTestId('revoke-confirm').textContent()).toContain('Thu hồi liên kết và mật khẩu hiện tại?');
    await page.getByTestId('revoke-confirm-button').click();
    await page.getByTestId('revoke-result').waitFor();
    const newPassword = (await page.getByTestId('revoke-new-password').textContent())!.trim();
    const newLink = (await page.getByTestId('revoke-new-link').textContent())!.trim();
    const newSlug = new URL(newLink).pathname.slice(1);
    expect(newSlug).not.toBe(slug);
    expect(await page.getByTestId('manage-current-link').textContent()).toBe(`/${newSlug}`);

    // what the delegates now meet: the old link is dead, the old password refused, the new one works
    expect((await delegate.client.get(`/api/meetings/by-slug/${slug}`)).body.error.id).toBe('meeting_not_found');
    expect((await delegate.client.post(`/api/meetings/by-slug/${newSlug}/access`, { password: 'mat-khau-cu' })).body.error.id).toBe('meeting_password_wrong');
    expect([200, 204]).toContain((await delegate.client.post(`/api/meetings/by-slug/${newSlug}/access`, { password: newPassword })).status);

    // shown once: after a reload the page has the new link but no password
    await page.reload();
    await page.getByTestId('manage-summary').waitFor();
    expect(await page.getByTestId('manage-current-link').textContent()).toBe(`/${newSlug}`);
    expect(await page.getByTestId('revoke-result').count()).toBe(0);
    expect(await page.content()).not.toContain(newPassword);
    await page.context().close();

    // a delegate who opens the management address is refused
    const other = await signedInPage(delegate.email, delegate.password);
    await other.goto(`/meetings/${meeting.id}/manage`);
    await other.getByTestId('error-message').waitFor();
    expect(await other.getByTestId('revoke-button').count()).toBe(0);
    expect(await other.getByTestId('meeting-entries').count()).toBe(0);
    await other.context().close();
  });
});
