/**
 * The endpoint registry as people use it (R1.4): an organiser registers their district's meeting room, assigns a
 * technician and then replaces them, and creates the room's own account; the operator finds the room by a search
 * without diacritics and reads the announcement of the change under the bell. Accounts and the meeting that uses
 * the room come from the API; everything asserted is what the pages show. Two browser contexts at most.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createUser, ensureUnit } from '../server/test/support';
import { bookMeeting, server, signedInPage, useBrowserSuite } from './harness';
import { openAdminItem } from './browser';

let district: string;

useBrowserSuite();
beforeAll(async () => {
  const province = await ensureUnit(server, 'UBND tỉnh Đắk Nông');
  district = await ensureUnit(server, 'UBND huyện Cư Jút', province);
  await ensureUnit(server, 'Viễn thông Đắk Nông');
});

describe('endpoint registry in the browser (R1.4)', () => {
  it('R1.4 an organiser registers a room, changes its technician and creates its account; the operator is told', async () => {
    const organiser = await createUser(server, 'Hoàng Văn Tổ', 'UBND huyện Cư Jút', { role: 'organiser' });
    await createUser(server, 'Lê Văn Kỹ', 'Viễn thông Đắk Nông', { role: 'technician' });
    await createUser(server, 'Phạm Thị Thuật', 'Viễn thông Đắk Nông', { role: 'technician' });
    const chair = await createUser(server, 'Nguyễn Bốn', 'UBND tỉnh Đắk Nông');

    const page = await signedInPage(organiser.email, organiser.password);
    await openAdminItem(page, 'nav-endpoints');
    await page.getByTestId('endpoint-create-form').waitFor();
    await page.getByTestId('endpoint-name-input').fill('Phòng họp trực tuyến huyện Cư Jút');
    await page.getByTestId('endpoint-unit-input').selectOption(district);
    await page.getByTestId('endpoint-location-input').fill('Tầng 2, trụ sở UBND huyện');
    await page.getByTestId('endpoint-network-input').fill('10.64.2.10');
    await page.getByTestId('endpoint-capacity-input').fill('40');
    await page.getByTestId('endpoint-submit').click();
    await page.getByTestId('endpoint-created').waitFor();
    const row = page.getByTestId('endpoint-item').filter({ hasText: 'Phòng họp trực tuyến huyện Cư Jút' });
    expect(await row.getByTestId('endpoint-status').textContent()).toBe('Sẵn sàng');
    await row.getByRole('link').click();
    await page.getByTestId('endpoint-technicians').waitFor();
    const roomId = new URL(page.url()).pathname.split('/').pop()!;

    // the room is used by an upcoming meeting of the district: its organiser hears of the change
    const start = Date.now() + 2 * 86_400_000;
    await bookMeeting({
      title: 'Giao ban kinh tế - xã hội tháng',
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + 3 * 3_600_000).toISOString(),
      hostUnitId: district,
      chairId: chair.id,
      notStateSecret: true,
      emergency: true,
      endpointIds: [roomId],
      slug: `giao-ban-${Date.now().toString(36)}`,
      password: 'mat-khau-1',
    });

    // first technician
    await page.getByTestId('technician-input').selectOption({ label: 'Lê Văn Kỹ — Viễn thông Đắk Nông' });
    await page.getByTestId('technician-contact-input').fill('0912 000 111');
    await page.getByTestId('technician-submit').click();
    await expect.poll(() => page.getByTestId('current-technician').count()).toBe(1);
    // a change of technician: Thuật replaces Kỹ
    await page.getByTestId('technician-replace').click();
    await page.getByTestId('technician-input').selectOption({ label: 'Phạm Thị Thuật — Viễn thông Đắk Nông' });
    await page.getByTestId('technician-contact-input').fill('0912 000 222');
    await page.getByTestId('technician-submit').click();
    await expect.poll(() => page.getByTestId('history-item').count()).toBe(2);
    expect(await page.getByTestId('current-technician').textContent()).toContain('Phạm Thị Thuật');
    expect(await page.locator('[data-testid="history-item"][data-ended="true"]').textContent()).toContain('Lê Văn Kỹ');

    // the room's own account, its one-time password shown once
    await page.getByTestId('endpoint-account-email-input').fill('phong-hop-cu-jut@example.vn');
    await page.getByTestId('endpoint-account-create').click();
    await page.getByTestId('endpoint-account-issued').waitFor();
    expect(((await page.getByTestId('temporary-password').textContent()) ?? '').length).toBeGreaterThanOrEqual(10);
    expect(await page.getByTestId('endpoint-account-email').textContent()).toContain('phong-hop-cu-jut@example.vn');

    // the organiser's own bell announces the change, in Vietnamese, with the upcoming meeting
    await page.reload();
    await page.getByTestId('notification-count').waitFor();
    await page.getByTestId('notification-bell').click();
    const notice = page.getByTestId('notification-item').first();
    expect(await notice.textContent()).toContain('cán bộ kỹ thuật Phạm Thị Thuật (liên hệ 0912 000 222) thay cho Lê Văn Kỹ');
    expect(await notice.textContent()).toContain('Giao ban kinh tế - xã hội tháng');
    await page.context().close();

    // the operator finds the room without diacritics, and reads the notice, which leads to the room's page
    const password = 'Operator-password-1';
    const op = await signedInPage('admin@giaoban.local', password);
    await openAdminItem(op, 'nav-endpoints');
    await op.getByTestId('endpoint-search').fill('cu jut tang 2');
    await expect.poll(() => op.getByTestId('endpoint-item').count()).toBe(1);
    await op.getByTestId('endpoint-status-filter').selectOption('out_of_order');
    await expect.poll(() => op.getByTestId('endpoint-item').count()).toBe(0);
    const unread = Number(await op.getByTestId('notification-count').textContent());
    expect(unread).toBeGreaterThanOrEqual(2);
    await op.getByTestId('notification-bell').click();
    await op.getByTestId('notification-item').filter({ hasText: 'thay cho Lê Văn Kỹ' }).getByRole('button').click();
    await op.waitForURL((url) => url.pathname === `/admin/endpoints/${roomId}`);
    await expect.poll(async () => Number(await op.getByTestId('notification-count').textContent())).toBe(unread - 1);
    await op.context().close();
  });
});
