/**
 * Equipment in the browser (issue 17 point 4; R5.3): a room's technician registers a device of their room, then
 * opens the meeting and fills the checklist before it, one item not ok with its note; the operator reads it, and
 * drafts the year's evaluation with an assessment and downloads it as a PDF.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checklistItems } from '../shared/api';
import { readPdf } from '../server/pdf/read-pdf';
import { createUser, ensureUnit } from '../server/test/support';
import { bookMeeting, server, signedInPage, useBrowserSuite } from './harness';

useBrowserSuite();

describe('equipment in the browser (R5.3)', () => {
  it('R5.3 a technician registers a device and fills the checklist before a meeting; the operator sees it', async () => {
    const unit = await ensureUnit(server, 'UBND huyện Krông Nô');
    const technician = await createUser(server, 'Đinh Văn Kỹ Thuật', 'UBND huyện Krông Nô', { role: 'technician' });
    const chair = await createUser(server, 'Y Chủ Trì', 'UBND huyện Krông Nô', { title: 'Chủ tịch UBND huyện' });
    const room = await server.operator.post('/api/endpoints', { name: 'Phòng họp trực tuyến huyện Krông Nô', unitId: unit, location: 'Tầng 1', equipment: '', networkAddress: '', capacity: 40 });
    expect(room.status).toBe(201);
    const roomId = room.body.endpoint.id as string;
    expect((await server.operator.post(`/api/endpoints/${roomId}/technicians`, { userId: technician.id, contact: '0261 3500 111' })).status).toBe(201);
    const slug = `thiet-bi-${Math.random().toString(36).slice(2, 8)}`;
    const startsAt = new Date(Date.now() + 3 * 3600_000);
    const meeting = await bookMeeting({
      title: 'Giao ban phòng chống thiên tai',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 3600_000).toISOString(),
      hostUnitId: unit,
      chairId: chair.id,
      notStateSecret: true,
      emergency: true,
      inviteeIds: [],
      endpointIds: [roomId],
      slug,
      password: 'mat-khau-1',
    });

    // the asset register, from the menu
    const page = await signedInPage(technician.email, technician.password);
    await page.getByTestId('nav-equipment').click();
    await page.waitForURL((url) => url.pathname === '/equipment');
    const card = page.locator(`[data-testid="equipment-endpoint"][data-endpoint-id="${roomId}"]`);
    await card.getByTestId('equipment-add-device').click();
    await card.getByTestId('device-kind').selectOption('camera');
    await card.getByTestId('device-name').fill('Camera hội nghị');
    await card.getByTestId('device-serial').fill('CAM-KN-01');
    await card.getByTestId('device-in-service').fill('15/03/2024');
    await card.getByTestId('device-save').click();
    const device = card.getByTestId('equipment-device');
    await device.waitFor();
    expect(await device.textContent()).toContain('CAM-KN-01');
    expect(await device.textContent()).toContain('15/03/2024');

    // the checklist, from the meeting's page
    await page.goto(`/${slug}`);
    await page.getByTestId('meeting-checklist-link').click();
    await page.waitForURL((url) => url.pathname === `/meetings/${meeting.id}/checklist`);
    const before = page.locator('[data-testid="checklist-form"][data-phase="before"]');
    await before.waitFor();
    const mic = before.locator('[data-testid="checklist-item"][data-item="microphone"]');
    await mic.getByTestId('checklist-not-ok').check();
    // not ok without a note is refused in the form
    await before.getByTestId('checklist-all-ok').click();
    await before.getByTestId('checklist-save').click();
    expect(await before.textContent()).toContain('Hạng mục không đạt cần ghi rõ tình trạng.');
    await mic.getByTestId('checklist-item-note').fill('Micro chủ tọa rè, đã thay micro dự phòng');
    await before.getByTestId('checklist-save').click();
    const done = page.locator('[data-testid="checklist-phase"][data-phase="before"]');
    await expect.poll(() => done.getAttribute('data-filled')).toBe('yes');
    expect(await done.getByTestId('checklist-result').textContent()).toBe('1 hạng mục không đạt');
    expect(await done.textContent()).toContain('Micro chủ tọa rè, đã thay micro dự phòng');

    // the operator sees it
    const operator = await signedInPage('admin@giaoban.local', 'Operator-password-1');
    await operator.goto(`/meetings/${meeting.id}/checklist`);
    const seen = operator.locator(`[data-testid="checklist-endpoint"][data-endpoint-id="${roomId}"] [data-testid="checklist-phase"][data-phase="before"]`);
    await expect.poll(() => seen.getAttribute('data-filled')).toBe('yes');
    expect(await seen.textContent()).toContain('Đinh Văn Kỹ Thuật');
    const stored = (await server.operator.get(`/api/meetings/${meeting.id}/checklists`)).body.endpoints[0].before;
    expect(stored.items).toHaveLength(checklistItems.before.length);
    expect(stored.items.filter((i: { ok: boolean }) => !i.ok)).toEqual([{ item: 'microphone', ok: false, note: 'Micro chủ tọa rè, đã thay micro dự phòng' }]);
    if (process.env.EQUIPMENT_SHOTS) {
      await page.screenshot({ path: '/tmp/eq-checklist.png', fullPage: true });
      await page.goto('/equipment');
      await page.getByTestId('equipment-device').waitFor();
      await page.screenshot({ path: '/tmp/eq-register.png', fullPage: true });
    }

    // the yearly evaluation of the unit, drafted from the records, exported with the operator's assessment
    await operator.goto('/equipment');
    await operator.getByTestId('equipment-evaluation-link').click();
    await operator.waitForURL((url) => url.pathname === '/equipment/evaluation');
    await operator.getByTestId('evaluation-figures').waitFor();
    await operator.getByTestId('evaluation-unit').selectOption(unit);
    await expect.poll(async () => operator.getByTestId('evaluation-figures').textContent()).toContain('UBND huyện Krông Nô');
    expect(await operator.getByTestId('evaluation-endpoints').textContent()).toContain('Phòng họp trực tuyến huyện Krông Nô');
    expect(await operator.getByTestId('evaluation-pdf').isDisabled()).toBe(true);
    await operator.getByTestId('evaluation-assessment').fill('Điểm cầu huyện Krông Nô hoạt động ổn định; micro chủ tọa cần thay.');
    if (process.env.EQUIPMENT_SHOTS) await operator.screenshot({ path: '/tmp/eq-evaluation.png', fullPage: true });
    const [download] = await Promise.all([operator.waitForEvent('download'), operator.getByTestId('evaluation-pdf').click()]);
    expect(download.suggestedFilename()).toMatch(/^danh-gia-hieu-qua-he-thong-\d{4}\.pdf$/);
    const { text } = await readPdf(fs.readFileSync((await download.path())!));
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('BÁO CÁO');
    expect(flat).toContain('Điểm cầu huyện Krông Nô hoạt động ổn định; micro chủ tọa cần thay.');
    expect(flat).toContain('Phòng họp trực tuyến huyện Krông Nô');
  });
});
