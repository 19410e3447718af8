/**
 * The incident register in the browser (issue 17, point 3; R3.10, R5.4): a meeting room's technician reports an
 * incident on /incidents; the operator sees it in the bell and the register, hands it on and resolves it; the
 * technician reads the resolution.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { IncidentView } from '../shared/api';
import { createUser, ensureUnit } from '../server/test/support';
import { enterMeeting, openAdminItem, openPanel } from './browser';
import { bookMeeting, participantPage, server, signedInPage, useBrowserSuite } from './harness';

useBrowserSuite();

describe('incident register in the browser (R3.10, R5.4)', () => {
  it('R5.4 a technician reports an incident at their room; the operator is told, assigns and resolves it', async () => {
    const unitId = await ensureUnit(server, 'UBND huyện Đam Rông');
    const technician = await createUser(server, 'Nông Văn Sự Cố', 'UBND huyện Đam Rông', { role: 'technician' });
    const room = await server.operator.post('/api/endpoints', { name: 'Phòng họp huyện Đam Rông', unitId, location: 'Tầng 3', equipment: 'Camera', networkAddress: '10.9.9.9', capacity: 20 });
    expect(room.status).toBe(201);

    const page = await signedInPage(technician.email, technician.password);
    await page.getByTestId('nav-incidents').click();
    await page.waitForURL((url) => url.pathname === '/incidents');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sổ theo dõi sự cố');
    await page.getByTestId('incident-new').click();
    await page.getByTestId('incident-endpoint').selectOption(room.body.endpoint.id);
    await page.getByTestId('incident-cause').selectOption('endpoint_equipment');
    await page.getByTestId('incident-detail').fill('Camera phòng họp không lên hình');
    await page.getByTestId('incident-remedy').fill('Thay cáp HDMI dự phòng');
    await page.getByTestId('incident-submit').click();
    const detail = page.getByTestId('incident-view');
    await detail.waitFor();
    expect(await detail.getAttribute('data-status')).toBe('open');
    expect(await page.getByTestId('incident-detail-cause').textContent()).toBe('Do trang thiết bị đầu, cuối');
    const row = page.locator('[data-testid="incident-item"]', { hasText: 'Camera phòng họp không lên hình' });
    expect(await row.textContent()).toContain('Phòng họp huyện Đam Rông');
    expect(await row.getAttribute('data-status')).toBe('open');

    const operator = await signedInPage('admin@giaoban.local', 'Operator-password-1');
    // the bell tells the operator at once
    await operator.getByTestId('notification-bell').click();
    const notice = operator.locator('[data-testid="notification-item"]', { hasText: 'Camera phòng họp không lên hình' });
    expect(await notice.textContent()).toContain('Sự cố tại Phòng họp huyện Đam Rông: Do trang thiết bị đầu, cuối');
    await operator.getByTestId('notification-bell').click();
    await openAdminItem(operator, 'nav-incidents');
    await operator.waitForURL((url) => url.pathname === '/incidents');
    await operator.getByTestId('incident-filter-cause').selectOption('endpoint_equipment');
    const item = operator.locator('[data-testid="incident-item"]', { hasText: 'Camera phòng họp không lên hình' });
    await item.getByTestId('incident-open').click();
    const opened = operator.getByTestId('incident-view');
    await opened.waitFor();
    await operator.getByTestId('incident-handler').selectOption(technician.id);
    await operator.getByTestId('incident-status').selectOption('in_progress');
    await operator.getByTestId('incident-save').click();
    await expect.poll(() => operator.getByTestId('incident-detail-handler').textContent()).toBe('Nông Văn Sự Cố');
    await expect.poll(() => item.getAttribute('data-status')).toBe('in_progress');
    await operator.getByTestId('incident-resolution').fill('Đã thay cáp HDMI, camera hoạt động bình thường.');
    await operator.getByTestId('incident-resolve').click();
    await expect.poll(() => opened.getAttribute('data-status')).toBe('resolved');
    expect(await operator.getByTestId('incident-detail-resolution').textContent()).toContain('Đã thay cáp HDMI');

    await page.reload();
    const resolved = page.locator('[data-testid="incident-item"]', { hasText: 'Camera phòng họp không lên hình' });
    await expect.poll(() => resolved.getAttribute('data-status')).toBe('resolved');
    expect(await resolved.textContent()).toContain('Đã khắc phục');

    // the period filter reads days the Vietnamese way (dd/MM/yyyy, Vietnam time)
    const day = (offsetDays: number) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date(Date.now() + offsetDays * 86_400_000));
    await page.getByTestId('incident-filter-from').fill(day(0));
    await expect.poll(() => resolved.count()).toBe(1);
    await page.getByTestId('incident-filter-from').fill(day(1));
    await page.getByTestId('incident-empty').waitFor();
  });

  it('R3.10 a room technician reports an incident from the meeting’s technical panel: a cause from the list and a text; it is in the register', async () => {
    const unitId = await ensureUnit(server, 'UBND huyện Lắk');
    const technician = await createUser(server, 'Y Phòng Họp', 'UBND huyện Lắk', { role: 'technician' });
    const chair = await createUser(server, 'Nguyễn Văn Chủ Trì', 'UBND huyện Lắk', { title: 'Chủ tịch UBND huyện' });
    const room = await server.operator.post('/api/endpoints', { name: 'Phòng họp huyện Lắk', unitId, location: 'Tầng 1', equipment: 'Camera', networkAddress: '10.8.8.8', capacity: 20 });
    expect(room.status).toBe(201);
    expect((await server.operator.post(`/api/endpoints/${room.body.endpoint.id}/technicians`, { userId: technician.id, contact: '0905 000 000' })).status).toBe(201);
    const slug = `su-co-lak-${randomBytes(3).toString('hex')}`;
    const meeting = await bookMeeting({
      title: 'Giao ban trực tuyến huyện Lắk',
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      chairId: chair.id,
      notStateSecret: true,
      emergency: true,
      inviteeIds: [],
      endpointIds: [room.body.endpoint.id],
      slug,
      password: 'mat-khau-1',
    });

    const { page } = await participantPage();
    await enterMeeting(page, slug, technician, 'mat-khau-1');
    await openPanel(page, 'tech');
    const form = page.getByTestId('incident-form');
    await form.getByTestId('incident-cause').selectOption('transmission');
    await form.getByTestId('incident-detail').fill('Đường truyền chập chờn, mất hình từng lúc');
    await form.getByTestId('incident-remedy').fill('Chuyển sang đường truyền dự phòng');
    await form.getByTestId('incident-minutes').fill('15');
    await form.getByTestId('incident-submit').click();
    await form.getByTestId('incident-sent').waitFor();

    await expect
      .poll(async () => ((await server.operator.get(`/api/incidents?endpointId=${room.body.endpoint.id}`)).body.incidents as IncidentView[]).map((i) => [i.meeting?.id, i.cause, i.detail, i.remedy]))
      .toEqual([[meeting.id, 'transmission', 'Đường truyền chập chờn, mất hình từng lúc', 'Chuyển sang đường truyền dự phòng']]);
  });
});
