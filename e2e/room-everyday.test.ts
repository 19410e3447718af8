/**
 * In the room, as a chair and a delegate see it (issue 15.8), at a desktop's, a tablet's and a phone's size: in the
 * main-frame layout nobody watches their own camera in the main frame; a meeting clock (elapsed, planned end);
 * recording starts only once the chair confirms, and everyone is told and sees it; the room has one main landmark,
 * headings in order and no serious or critical accessibility fault (axe-core); a technician admitted as an observer
 * whose connection dropped is listed on the attendance as a lost connection, not as a leave the chair consented to.
 */
import { createRequire } from 'node:module';
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../shared/protocol';
import { createUser, TestSocket } from '../server/test/support';
import { enterMeeting, openPanel, participantIdOn, signInOnPage } from './browser';
import { bookMeeting, participantPage, server, useBrowserSuite } from './harness';

useBrowserSuite();

const PASSWORD = 'hop-hang-ngay';
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SIZES = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'tablet', width: 820, height: 1180 },
  { name: 'phone', width: 390, height: 844 },
];

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** axe-core's violations on the page as it is now: the serious and critical ones, and the structure rules. */
async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the browser's debugging protocol: an injected <script> would be refused by our own CSP.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  });
  const structure = new Set(['landmark-one-main', 'heading-order', 'page-has-heading-one', 'region']);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical' || structure.has(v.id));
}

describe('in the room (issue 15.8)', () => {
  it('R3.8 the chair sees the speaker, not himself, in the main frame; a meeting clock; recording asks and tells everyone; no serious accessibility fault', { timeout: 240_000 }, async () => {
    const chair = await createUser(server, 'Nguyễn Văn Chủ', 'UBND tỉnh Đắk Nông', { title: 'Chủ tịch UBND tỉnh' });
    const delegate = await createUser(server, 'Trần Thị Dự', 'Sở Tài chính', { title: 'Giám đốc Sở' });
    const startsAt = new Date(Date.now() - 10 * 60_000);
    const endsAt = new Date(Date.now() + 2 * 3600_000);
    const slug = 'hop-trong-phong';
    await bookMeeting({
      title: 'Giao ban trong phòng họp',
      startsAt: startsAt.toISOString(),
      endsAt: endsAt.toISOString(),
      chairId: chair.id,
      notStateSecret: true,
      emergency: true,
      inviteeIds: [delegate.id],
      slug,
      password: PASSWORD,
    });
    const { page: chairPage } = await participantPage();
    await enterMeeting(chairPage, slug, chair, PASSWORD);
    const { page: delegatePage } = await participantPage();
    await enterMeeting(delegatePage, slug, delegate, PASSWORD);
    const chairId = await participantIdOn(chairPage);
    const delegateId = await participantIdOn(delegatePage);

    // The main-frame layout (the default): nobody holds the floor, so the server names the chair; the chair sees
    // the delegate there, and the delegate sees the chair.
    const stage = (page: Page) => page.getByTestId('stage');
    await expect.poll(() => stage(chairPage).getAttribute('data-layout'), { timeout: 15_000 }).toBe('main');
    await expect.poll(() => stage(chairPage).getAttribute('data-main'), { timeout: 15_000 }).toBe(delegateId);
    await expect.poll(() => stage(delegatePage).getAttribute('data-main')).toBe(chairId);
    expect(await chairPage.locator(`[data-testid="tile"][data-frame="large"]`).getAttribute('data-self')).not.toBe('true');
    // the chair's own camera is a thumbnail
    await expect.poll(() => chairPage.locator(`[data-testid="tile"][data-participant-id="${chairId}"]`).getAttribute('data-frame')).toBe('small');

    // The meeting clock: time since the planned start, and the planned end, in Vietnam time.
    const endText = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(endsAt);
    for (const page of [chairPage, delegatePage]) {
      const clock = page.getByTestId('meeting-clock');
      await expect.poll(() => clock.getAttribute('data-phase')).toBe('running');
      expect(await clock.textContent()).toMatch(/Đã họp 00:1\d:\d\d/);
      expect(await page.getByTestId('meeting-clock-end').textContent()).toBe(`Kết thúc dự kiến ${endText}`);
      expect(await clock.isVisible()).toBe(true);
    }
    const before = await chairPage.getByTestId('meeting-clock').getAttribute('data-elapsed');
    await expect.poll(() => chairPage.getByTestId('meeting-clock').getAttribute('data-elapsed'), { timeout: 5_000 }).not.toBe(before);

    // Recording asks the chair first: declined, nothing records and nobody is told.
    const dialogs: string[] = [];
    chairPage.once('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await chairPage.getByTestId('recording-toggle').click();
    await expect.poll(() => dialogs.length).toBe(1);
    expect(dialogs[0]).toContain('Bắt đầu ghi hình cuộc họp?');
    expect(dialogs[0]).toContain('Mọi người trong phòng họp sẽ được thông báo');
    await delegatePage.waitForTimeout(1000);
    expect(await chairPage.getByTestId('recording-toggle').getAttribute('data-recording')).toBe('false');
    expect(await delegatePage.getByTestId('recording-indicator').count()).toBe(0);
    // Confirmed: everyone is told, and sees the indicator while it records.
    chairPage.once('dialog', (d) => {
      dialogs.push(d.message());
      void d.accept();
    });
    await chairPage.getByTestId('recording-toggle').click();
    await expect.poll(() => dialogs.length).toBe(2);
    const notice = delegatePage.locator('[data-testid="notice"][data-notice-id="recording_started"]');
    await notice.waitFor({ timeout: 10_000 });
    expect(await notice.textContent()).toContain('Cuộc họp bắt đầu được ghi hình');
    await delegatePage.getByTestId('recording-indicator').waitFor();
    await chairPage.getByTestId('recording-indicator').waitFor();
    expect(await chairPage.getByTestId('recording-toggle').getAttribute('data-recording')).toBe('true');
    // Stopping asks nothing.
    await chairPage.getByTestId('recording-toggle').click();
    await expect.poll(() => delegatePage.getByTestId('recording-indicator').count(), { timeout: 10_000 }).toBe(0);
    expect(dialogs).toHaveLength(2);

    // One main landmark, headings in order, and no serious or critical fault, at three sizes, with each panel shown.
    for (const size of SIZES) {
      for (const page of [chairPage, delegatePage]) {
        await page.setViewportSize({ width: size.width, height: size.height });
        expect(await page.locator('main').count()).toBe(1);
        for (const panel of ['roster', 'floor', 'chat'] as const) {
          await openPanel(page, panel);
          const faults = await axeViolations(page);
          expect(faults, `${size.name}, ${panel} panel: ${JSON.stringify(faults, null, 1)}`).toEqual([]);
        }
      }
    }
  });

  it('R3.10 R4.3 a technician admitted as an observer whose connection dropped is listed as a lost connection, not a consented leave', { timeout: 180_000 }, async () => {
    const chair = await createUser(server, 'Lê Văn Trì', 'UBND tỉnh Đắk Nông', { title: 'Phó Chủ tịch UBND tỉnh' });
    const technician = await createUser(server, 'Phạm Văn Mạng', 'Trung tâm Công nghệ thông tin', { role: 'technician', title: 'Kỹ thuật viên' });
    const slug = 'hop-mat-ket-noi';
    const meeting = await bookMeeting({
      title: 'Giao ban có kỹ thuật viên quan sát',
      startsAt: new Date(Date.now() - 5 * 60_000).toISOString(),
      endsAt: new Date(Date.now() + 2 * 3600_000).toISOString(),
      chairId: chair.id,
      notStateSecret: true,
      emergency: true,
      inviteeIds: [],
      slug,
      password: PASSWORD,
    });
    const { page: chairPage } = await participantPage();
    await enterMeeting(chairPage, slug, chair, PASSWORD);

    // The technician knocks (technical staff wait in the lobby); the chair admits him as an observer.
    const observer = await TestSocket.open(server, technician.client);
    observer.send({ type: 'join', v: PROTOCOL_VERSION, slug, password: PASSWORD });
    expect(await observer.next('lobby')).toMatchObject({ reason: 'technical_staff' });
    const entry = chairPage.locator('[data-testid="lobby-entry"]').filter({ hasText: 'Phạm Văn Mạng' });
    await entry.getByTestId('admit-observer-button').click();
    const joined = await observer.next('joined', () => true, 10_000);
    await expect.poll(() => chairPage.locator(`[data-testid="tile"][data-participant-id="${joined.participantId}"]`).count(), { timeout: 10_000 }).toBe(1);

    // His connection drops (no close frame) and does not come back within the grace.
    observer.ws.terminate();
    await expect.poll(() => chairPage.locator(`[data-testid="tile"][data-participant-id="${joined.participantId}"]`).count(), { timeout: 40_000, interval: 1000 }).toBe(0);

    // The chair's attendance list says so.
    const { page: records } = await participantPage();
    await records.goto('/login');
    await signInOnPage(records, chair.email, chair.password);
    await records.getByTestId('user-name').waitFor();
    await records.goto(`/meetings/${meeting.id}/records`);
    const row = records.locator(`[data-testid="attendance-item"][data-user-id="${technician.id}"]`);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.getAttribute('data-connection-lost')).toBe('true');
    const departure = await row.getByTestId('attendance-departure').textContent();
    expect(departure).toContain('Mất kết nối');
    expect(departure).not.toContain('đồng ý');
  });
});
