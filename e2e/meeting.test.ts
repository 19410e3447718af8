/**
 * The first real meeting, as people do it: three invited officials open the link in Chromium, sign in, pass the
 * device check and meet; each decodes the others' video and hears the chair (delegates are muted until given the
 * floor); one asks to leave and leaves with the chair's consent; a wrong password is refused, and an outsider
 * waits in the lobby until the chair refuses them.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createUser } from '../server/test/support';
import { capturedTrackStates, inboundStats, knock, openPanel, signInOnPage } from './browser';
import { bookMeeting, participantPage, server, useBrowserSuite } from './harness';

useBrowserSuite();

/** Per remote participant: video frames decoded and audio packets received, from the subscriber PeerConnection. */
async function received(page: Page) {
  const stats = await inboundStats(page);
  const by = new Map<string, { frames: number; audioPackets: number }>();
  for (const s of stats) {
    if (!s.participantId) continue;
    const entry = by.get(s.participantId) ?? { frames: 0, audioPackets: 0 };
    if (s.kind === 'video') entry.frames += s.framesDecoded ?? 0;
    if (s.kind === 'audio') entry.audioPackets += s.packetsReceived;
    by.set(s.participantId, entry);
  }
  return by;
}

async function rosterNames(page: Page) {
  return page.getByTestId('roster-item').allTextContents();
}

describe('the first real meeting', () => {
  it('R7.1 three endpoints see and hear each other; one leaves and the others’ rosters update', async () => {
    const people = [
      await createUser(server, 'Nguyễn Bốn', 'UBND tỉnh Đắk Nông'),
      await createUser(server, 'Trần Văn Năm', 'Sở Tài chính'),
      await createUser(server, 'Lê Thị Sáu', 'UBND huyện Cư Jút'),
    ];
    const slug = 'giao-ban-thang-12';
    await bookMeeting({
      title: 'Giao ban kinh tế - xã hội tháng 12',
      startsAt: '2026-12-01T08:00:00+07:00',
      endsAt: '2026-12-01T11:00:00+07:00',
      chairId: people[0]!.id,
      notStateSecret: true,
      emergency: true,
      inviteeIds: [people[1]!.id, people[2]!.id],
      slug,
      password: 'hop-thang-12',
    });

    const pages: Page[] = [];
    for (const person of people) {
      const { page } = await participantPage();
      await knock(page, slug, person, 'hop-thang-12');
      await page.getByTestId('meeting-room').waitFor();
      pages.push(page);
    }

    // Each frame is labelled with name and unit.
    for (const page of pages) {
      await expect.poll(() => page.getByTestId('tile').count(), { timeout: 15_000 }).toBe(3);
      const labels = (await page.getByTestId('tile').allTextContents()).join(' | ');
      for (const person of people) {
        expect(labels).toContain(person.name);
        expect(labels).toContain(person.unit);
      }
    }

    // Each decodes video frames from the other two, and the count keeps rising; the chair's audio arrives (the
    // delegates enter muted in the media server, R3.3).
    const chairId = await pages[1]!.getByTestId('roster-item').filter({ hasText: people[0]!.name }).getAttribute('data-participant-id');
    for (const page of pages) {
      await expect
        .poll(async () => {
          const by = await received(page);
          return [...by.values()].filter((r) => r.frames > 10).length;
        }, { timeout: 30_000, interval: 500 })
        .toBe(2);
      if (page !== pages[0]) {
        await expect.poll(async () => (await received(page)).get(chairId!)?.audioPackets ?? 0, { timeout: 20_000, interval: 500 }).toBeGreaterThan(10);
      }
      const before = await received(page);
      await page.waitForTimeout(1500);
      const after = await received(page);
      for (const [id, r] of after) expect(r.frames).toBeGreaterThan(before.get(id)!.frames);
    }

    for (const page of pages) expect(await capturedTrackStates(page)).toContain('live');

    // Reloading the page during the meeting goes straight back into the room, without the password step.
    await pages[1]!.reload();
    await pages[1]!.getByTestId('meeting-room').waitFor();
    expect(await pages[1]!.getByTestId('meeting-password').count()).toBe(0);
    await expect.poll(() => pages[1]!.getByTestId('roster-item').count(), { timeout: 10_000 }).toBe(3);
    await expect.poll(async () => [...(await received(pages[1]!)).values()].filter((r) => r.frames > 0).length, { timeout: 20_000 }).toBe(2);
    await expect.poll(() => pages[0]!.getByTestId('roster-item').count(), { timeout: 10_000 }).toBe(3);

    // A delegate asks the chair's consent to leave early (R3.7); once consented, they leave.
    expect(await pages[2]!.getByTestId('leave-button').count()).toBe(0);
    await pages[2]!.getByTestId('request-leave').click();
    await pages[2]!.getByTestId('leave-reason').fill('Đi công tác đột xuất');
    await pages[2]!.getByTestId('request-leave-submit').click();
    await pages[2]!.getByTestId('leave-pending').waitFor();
    await openPanel(pages[0]!, 'roster');
    const request = pages[0]!.getByTestId('roster-item').filter({ hasText: 'Lê Thị Sáu' }).getByTestId('leave-request');
    await expect.poll(() => request.textContent(), { timeout: 10_000 }).toContain('Đi công tác đột xuất');
    await request.getByTestId('consent-leave').click();
    await pages[2]!.getByTestId('leave-button').click();
    for (const page of pages.slice(0, 2)) {
      await expect.poll(() => page.getByTestId('roster-item').count(), { timeout: 10_000 }).toBe(2);
      expect((await rosterNames(page)).join(' ')).not.toContain('Lê Thị Sáu');
      await expect.poll(() => page.getByTestId('tile').count()).toBe(2);
    }

    // The chair ends the meeting for everyone, confirming there are no conclusions (R3.5): camera and microphone are released.
    await pages[0]!.getByTestId('end-meeting-button').click();
    await pages[0]!.getByTestId('no-conclusions').check();
    await pages[0]!.getByTestId('end-meeting-confirm').click();
    for (const page of pages.slice(0, 2)) {
      await page.getByTestId('closed-message').waitFor({ timeout: 10_000 });
      const states = await capturedTrackStates(page);
      expect(states.length).toBeGreaterThan(0);
      expect(states.every((s) => s === 'ended')).toBe(true);
    }
  });

  it('R3.1 a wrong password is refused; an uninvited user waits in the lobby and the chair refuses them with a reason', async () => {
    const chair = await createUser(server, 'Phạm Văn Bảy', 'Văn phòng UBND tỉnh');
    const outsider = await createUser(server, 'Đỗ Thị Tám', 'Công ty ngoài');
    const slug = 'hop-rieng';
    await bookMeeting({
      title: 'Họp riêng',
      startsAt: '2026-12-02T08:00:00+07:00',
      endsAt: '2026-12-02T09:00:00+07:00',
      chairId: chair.id,
      notStateSecret: true,
      emergency: true,
      inviteeIds: [],
      slug,
      password: 'dung-mat-khau',
    });

    const { page } = await participantPage();
    await page.goto(`/${slug}`);
    await signInOnPage(page, chair.email, chair.password);
    await page.getByTestId('meeting-password').fill('sai-mat-khau');
    await page.getByTestId('meeting-password-submit').click();
    await expect.poll(() => page.getByTestId('error-message').textContent()).toMatch(/mật khẩu/i);
    expect(await page.getByTestId('join-button').count()).toBe(0);
    // The chair enters with the right password.
    await page.getByTestId('meeting-password').fill('dung-mat-khau');
    await page.getByTestId('meeting-password-submit').click();
    await page.getByTestId('join-button').click();
    await page.getByTestId('meeting-room').waitFor();

    // The outsider has the link and the password: told they will wait, then waits in the lobby.
    const other = await participantPage();
    await other.page.goto(`/${slug}`);
    await signInOnPage(other.page, outsider.email, outsider.password);
    await other.page.getByTestId('meeting-password').fill('dung-mat-khau');
    await other.page.getByTestId('meeting-password-submit').click();
    await other.page.getByTestId('lobby-notice').waitFor();
    await other.page.getByTestId('join-button').click();
    const waiting = other.page.getByTestId('lobby-waiting');
    await waiting.waitFor();
    expect(await waiting.getAttribute('data-reason')).toBe('not_invited');
    expect(await waiting.textContent()).toContain('Đang chờ chủ trì cho phép vào họp');
    expect(await other.page.getByTestId('tile').count()).toBe(0);

    // The chair sees who waits (name and unit) and refuses with a reason.
    const entry = page.getByTestId('lobby-entry');
    await entry.waitFor({ timeout: 10_000 });
    expect(await entry.textContent()).toContain(outsider.name);
    expect(await entry.textContent()).toContain('Công ty ngoài');
    expect(await entry.getAttribute('data-reason')).toBe('not_invited');
    await entry.getByTestId('refuse-button').click();
    await entry.getByTestId('refuse-reason').fill('Cuộc họp nội bộ');
    await entry.getByTestId('refuse-confirm').click();

    const closed = other.page.getByTestId('closed-message');
    await closed.waitFor({ timeout: 10_000 });
    expect(await closed.getAttribute('data-reason')).toBe('refused');
    expect(await closed.textContent()).toMatch(/không cho phép/);
    expect(await closed.textContent()).toContain('Cuộc họp nội bộ');
    await expect.poll(() => page.getByTestId('lobby-entry').count()).toBe(0);
    expect(await page.getByTestId('roster-item').count()).toBe(1);
  });
});
