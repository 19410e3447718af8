/**
 * The operator's console in the browser (R3.10, M9.2): the operator opens /console from the administration menu;
 * a participant (simulated over the meeting WebSocket) joins and appears, then reports a high packet loss and loses
 * its connection — the alarms appear without a reload, and the operator acknowledges one.
 */
import { describe, expect, it } from 'vitest';
import { createUser } from '../server/test/support';
import { openAdminItem } from './browser';
import { bookMeeting, joinedSocket, server, signedInPage, useBrowserSuite } from './harness';

useBrowserSuite();

describe('the operator’s console (R3.10)', () => {
  it('shows a participant joining and the alarms appearing, live, and acknowledges one', async () => {
    const chair = await createUser(server, 'Nguyễn Văn Chủ', 'UBND tỉnh');
    const delegate = await createUser(server, 'Trần Thị Mạng', 'Sở Tài chính');
    const meeting = await bookMeeting({
      title: 'Giao ban trực tuyến điều hành',
      startsAt: '2026-12-01T08:00:00+07:00',
      endsAt: new Date(Date.now() + 6 * 3600_000).toISOString(),
      chairId: chair.id,
      notStateSecret: true,
      emergency: true,
      inviteeIds: [delegate.id],
      slug: 'giao-ban-dieu-hanh',
      password: 'mat-khau-1',
    });
    const chairSocket = await joinedSocket(chair.client, meeting.slug, 'mat-khau-1');

    const page = await signedInPage('admin@giaoban.local', 'Operator-password-1');
    await openAdminItem(page, 'nav-console');
    await page.waitForURL('**/console');
    await expect.poll(() => page.getByTestId('console-link').getAttribute('data-state')).toBe('live');
    const card = page.locator(`[data-testid="console-meeting"][data-meeting-id="${meeting.id}"]`);
    await card.waitFor();
    await expect.poll(() => card.getByTestId('console-endpoint').count()).toBe(1);
    await page.evaluate(() => ((window as unknown as { __notReloaded: boolean }).__notReloaded = true));

    // a participant joins: their line appears
    const d = await joinedSocket(delegate.client, meeting.slug, 'mat-khau-1');
    await expect.poll(() => card.getByTestId('console-endpoint').count(), { timeout: 8000 }).toBe(2);
    await expect.poll(() => card.getByTestId('console-endpoint').filter({ hasText: 'Trần Thị Mạng' }).count()).toBe(1);

    // high loss: a degrade alarm, the line turns poor
    d.send({ type: 'stats', sendKbps: 900, receiveKbps: 1500, lossPercent: 22, jitterMs: 12, rttMs: 90 });
    const lossAlarm = page.locator('[data-testid="console-alarm"][data-kind="loss"]');
    await lossAlarm.waitFor({ timeout: 10_000 });
    await expect.poll(() => lossAlarm.textContent()).toContain('Trần Thị Mạng');
    expect(await lossAlarm.textContent()).toContain('mất gói 22 %');
    await expect.poll(() => card.locator('[data-testid="console-endpoint"][data-health="poor"]').count()).toBe(1);

    // the connection is lost: a drop alarm
    d.ws.terminate();
    const dropAlarm = page.locator('[data-testid="console-alarm"][data-kind="dropped"]');
    await dropAlarm.waitFor({ timeout: 10_000 });
    expect(await dropAlarm.getAttribute('data-acknowledged')).toBe('false');

    // acknowledged for everyone, audited
    await lossAlarm.getByTestId('console-ack').click();
    await expect.poll(() => lossAlarm.getAttribute('data-acknowledged'), { timeout: 5000 }).toBe('true');
    expect(await lossAlarm.textContent()).toContain('đã nắm');
    // all of it without a reload
    expect(await page.evaluate(() => (window as unknown as { __notReloaded?: boolean }).__notReloaded)).toBe(true);
    chairSocket.close();
  });

  it('is refused to anyone but the operator', async () => {
    const organiser = await createUser(server, 'Lê Văn Tổ', 'Sở Nội vụ', { role: 'organiser' });
    const page = await signedInPage(organiser.email, organiser.password);
    await page.getByTestId('nav-admin').click();
    expect(await page.getByTestId('nav-console').count()).toBe(0);
    await page.goto('/console');
    await expect.poll(() => page.getByTestId('error-message').textContent()).toContain('Chỉ quản trị hệ thống');
  });
});
