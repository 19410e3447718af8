/**
 * Live governance (issue 5) as people experience it in Chromium: a delegate is heard only while holding the floor
 * (and a tampered client that unmutes itself is still not heard), the lobby, removal without re-entry, the lock,
 * and a shared screen decoded by the others. One browser, one context per person, at most four at once.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createUser } from '../server/test/support';
import { enterMeeting, knock, openPanel, participantIdOn, receivedFrom } from './browser';
import { bookMeeting, participantPage, server, useBrowserSuite } from './harness';

useBrowserSuite({ closePagesAfterEach: true });

type Person = Awaited<ReturnType<typeof createUser>>;
const PASSWORD = 'hop-dieu-hanh';

/** A new participant's page, closed at the end of the test (at most four at once in this file). */
async function person(init?: () => void): Promise<Page> {
  const { context, page } = await participantPage();
  if (init) await context.addInitScript(init);
  return page;
}

async function createMeeting(slug: string, chair: Person, opts: { inviteeIds?: string[]; chairTechnicianId?: string; speakingSeconds?: number } = {}) {
  await bookMeeting({
    title: `Họp điều hành ${slug}`,
    startsAt: '2026-11-23T08:00:00+07:00',
    endsAt: '2026-12-31T17:00:00+07:00',
    chairId: chair.id,
    notStateSecret: true,
    emergency: true,
    inviteeIds: opts.inviteeIds ?? [],
    ...(opts.chairTechnicianId ? { chairTechnicianId: opts.chairTechnicianId } : {}),
    speakingSeconds: opts.speakingSeconds ?? 300,
    slug,
    password: PASSWORD,
  });
}


/** Growth of the listener's audio packets from `id` over `ms`. */
async function audioGrowth(page: Page, id: string, ms: number) {
  const a = (await receivedFrom(page, id)).audioPackets;
  await page.waitForTimeout(ms);
  return (await receivedFrom(page, id)).audioPackets - a;
}

/** The listener decodes the participant's video: the subscription to them is live. */
async function waitUntilSeen(page: Page, id: string) {
  await expect.poll(async () => (await receivedFrom(page, id)).frames, { timeout: 30_000, interval: 500 }).toBeGreaterThan(5);
}

/** Captures the page's WebSockets and PeerConnections before the app loads (a tampered client). */
function captureSocketsAndPeers() {
  const w = window as unknown as { __sockets: WebSocket[]; __peers: RTCPeerConnection[] };
  w.__sockets = [];
  w.__peers = [];
  const OriginalWebSocket = window.WebSocket;
  const OriginalPeer = window.RTCPeerConnection;
  window.WebSocket = class extends OriginalWebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      w.__sockets.push(this);
    }
  } as typeof WebSocket;
  window.RTCPeerConnection = class extends OriginalPeer {
    constructor(config?: RTCConfiguration) {
      super(config);
      w.__peers.push(this);
    }
  } as typeof RTCPeerConnection;
}

describe('live governance in the browser', () => {
  it('R3.3 R3.4 R3.5 a delegate is heard only while holding the floor', async () => {
    const chair = await createUser(server, 'Hoàng Văn Chủ', 'UBND tỉnh Lâm Đồng');
    const speaker = await createUser(server, 'Vũ Thị Phát', 'Sở Kế hoạch và Đầu tư');
    const listener = await createUser(server, 'Đặng Văn Nghe', 'Sở Y tế');
    const slug = 'hop-phat-bieu';
    await createMeeting(slug, chair, { inviteeIds: [speaker.id, listener.id] });
    const [chairPage, speakerPage, listenerPage] = [await person(), await person(), await person()];
    await enterMeeting(chairPage, slug, chair, PASSWORD);
    await enterMeeting(speakerPage, slug, speaker, PASSWORD);
    await enterMeeting(listenerPage, slug, listener, PASSWORD);
    const speakerId = (await participantIdOn(speakerPage))!;
    const chairId = (await participantIdOn(chairPage))!;

    // Before the grant: the listener decodes the delegate's video and hears the chair, but receives no audio
    // packet at all from the delegate.
    await waitUntilSeen(listenerPage, speakerId);
    await expect.poll(async () => (await receivedFrom(listenerPage, chairId)).audioPackets, { timeout: 20_000, interval: 500 }).toBeGreaterThan(10);
    await listenerPage.waitForTimeout(2000);
    expect(await receivedFrom(listenerPage, speakerId)).toMatchObject({ audioPackets: 0, audioBytes: 0 });
    expect(await speakerPage.getByTestId('toggle-mic').getAttribute('data-audible')).not.toBe('true');

    // The delegate asks for the floor; the chair grants it for 10 seconds from the queue.
    await openPanel(speakerPage, 'floor');
    await speakerPage.getByTestId('floor-topic').fill('Tiến độ giải ngân vốn đầu tư công');
    await speakerPage.getByTestId('request-floor').click();
    await openPanel(chairPage, 'floor');
    const item = chairPage.locator(`[data-testid="floor-queue-item"][data-participant-id="${speakerId}"]`);
    await item.waitFor({ timeout: 10_000 });
    await chairPage.getByTestId('grant-seconds').fill('10');
    await item.getByTestId('grant-floor').click();

    // Everyone sees who speaks and the time running out.
    const holder = listenerPage.getByTestId('floor-holder');
    await holder.waitFor({ timeout: 10_000 });
    expect(await holder.getAttribute('data-participant-id')).toBe(speakerId);
    expect(await holder.textContent()).toContain(speaker.name);
    const countdown = listenerPage.getByTestId('floor-countdown');
    const first = Number(await countdown.getAttribute('data-seconds-left'));
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThanOrEqual(10);
    await expect.poll(async () => Number(await countdown.getAttribute('data-seconds-left')), { timeout: 5_000 }).toBeLessThan(first);

    // During the grant the delegate's audio reaches the listener and keeps rising.
    await expect.poll(async () => (await receivedFrom(listenerPage, speakerId)).audioPackets, { timeout: 8_000, interval: 250 }).toBeGreaterThan(0);
    const during = (await receivedFrom(listenerPage, speakerId)).audioPackets;
    await expect.poll(async () => (await receivedFrom(listenerPage, speakerId)).audioPackets, { timeout: 4_000, interval: 250 }).toBeGreaterThan(during);

    // The warning shows before the end, then the turn ends at the time limit.
    await listenerPage.getByTestId('floor-warning').waitFor({ timeout: 12_000 });
    expect(await listenerPage.getByTestId('floor-holder').count()).toBe(1);
    await expect.poll(() => listenerPage.getByTestId('floor-banner').count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(() => speakerPage.getByTestId('floor-banner').count(), { timeout: 5_000 }).toBe(0);

    // After the time limit the delegate is no longer heard: two samples a couple of seconds apart are equal.
    await expect.poll(() => audioGrowth(listenerPage, speakerId, 2000), { timeout: 15_000, interval: 100 }).toBe(0);
    expect((await receivedFrom(listenerPage, speakerId)).audioPackets).toBeGreaterThan(0);
    // …while the chair still is.
    expect(await audioGrowth(listenerPage, chairId, 1000)).toBeGreaterThan(0);
  }, 120_000);

  it('R3.3 a tampered client that unmutes itself is still not heard', async () => {
    const chair = await createUser(server, 'Lý Văn Chủ', 'UBND tỉnh Gia Lai');
    const tamperer = await createUser(server, 'Tô Văn Sửa', 'Sở Xây dựng');
    const listener = await createUser(server, 'Mai Thị Nghe', 'Sở Nội vụ');
    const slug = 'hop-gia-mao';
    await createMeeting(slug, chair, { inviteeIds: [tamperer.id, listener.id] });
    const chairPage = await person();
    const tamperPage = await person(captureSocketsAndPeers);
    const listenerPage = await person();
    await enterMeeting(chairPage, slug, chair, PASSWORD);
    await enterMeeting(tamperPage, slug, tamperer, PASSWORD);
    await enterMeeting(listenerPage, slug, listener, PASSWORD);
    const tampererId = (await participantIdOn(tamperPage))!;
    await waitUntilSeen(listenerPage, tampererId);

    // The tampered page keeps its microphone enabled, tells the server it is on, and renegotiates its own
    // publisher PeerConnection with a fresh offer.
    const tampered = await tamperPage.evaluate(async () => {
      const w = window as unknown as { __sockets: WebSocket[]; __peers: RTCPeerConnection[] };
      const socket = w.__sockets.filter((s) => s.readyState === WebSocket.OPEN).at(-1);
      if (!socket) return { error: 'no open socket' };
      const publisher = w.__peers.find((pc) => pc.connectionState !== 'closed' && pc.getSenders().some((s) => s.track?.kind === 'audio'));
      if (!publisher) return { error: 'no publisher' };
      const enableAll = () => {
        for (const sender of publisher.getSenders()) if (sender.track) sender.track.enabled = true;
      };
      enableAll();
      setInterval(enableAll, 100);
      socket.send(JSON.stringify({ type: 'set_media', audio: true, video: true }));
      for (const t of publisher.getTransceivers()) if (t.sender.track?.kind === 'audio') t.direction = 'sendonly';
      const offer = await publisher.createOffer();
      await publisher.setLocalDescription(offer);
      socket.send(JSON.stringify({ type: 'publish', source: 'camera', jsep: { type: 'offer', sdp: publisher.localDescription?.sdp ?? offer.sdp } }));
      return { audioEnabled: publisher.getSenders().some((s) => s.track?.kind === 'audio' && s.track.enabled && s.track.readyState === 'live') };
    });
    expect(tampered).toEqual({ audioEnabled: true });

    // The microphone really sends (packets leave the tampered page)…
    await expect
      .poll(
        () =>
          tamperPage.evaluate(async () => {
            const w = window as unknown as { __peers: RTCPeerConnection[] };
            let sent = 0;
            for (const pc of w.__peers) {
              if (pc.connectionState === 'closed') continue;
              (await pc.getStats()).forEach((r: { type: string; kind?: string; packetsSent?: number }) => {
                if (r.type === 'outbound-rtp' && r.kind === 'audio') sent += r.packetsSent ?? 0;
              });
            }
            return sent;
          }),
        { timeout: 15_000, interval: 500 },
      )
      .toBeGreaterThan(50);
    // …yet the listener receives no audio packet from them, while their video keeps arriving.
    for (let i = 0; i < 6; i++) {
      await listenerPage.waitForTimeout(1000);
      expect((await receivedFrom(listenerPage, tampererId)).audioPackets).toBe(0);
    }
    const frames = (await receivedFrom(listenerPage, tampererId)).frames;
    await expect.poll(async () => (await receivedFrom(listenerPage, tampererId)).frames, { timeout: 15_000 }).toBeGreaterThan(frames);
    expect((await receivedFrom(listenerPage, tampererId)).audioPackets).toBe(0);
    // The roster still says the server keeps them muted.
    await openPanel(listenerPage, 'roster');
    expect(await listenerPage.locator(`[data-testid="roster-item"][data-participant-id="${tampererId}"]`).getAttribute('data-audible')).toBe('false');
  }, 120_000);

  it('R3.1 lobby admission and refusal', async () => {
    const chair = await createUser(server, 'Trịnh Văn Chủ', 'UBND tỉnh Kon Tum');
    const technician = await createUser(server, 'Cao Văn Kỹ', 'Trung tâm Chuyển đổi số');
    const guest = await createUser(server, 'Ngô Thị Khách', 'Báo Kon Tum');
    const outsider = await createUser(server, 'Bùi Văn Ngoài', 'Công ty ngoài');
    const slug = 'hop-phong-cho';
    await createMeeting(slug, chair, { chairTechnicianId: technician.id });
    const [chairPage, techPage, guestPage, outsiderPage] = [await person(), await person(), await person(), await person()];
    await enterMeeting(chairPage, slug, chair, PASSWORD);
    await enterMeeting(techPage, slug, technician, PASSWORD);

    // An uninvited person waits in the lobby, without seeing the room.
    await knock(guestPage, slug, guest, PASSWORD);
    const waiting = guestPage.getByTestId('lobby-waiting');
    await waiting.waitFor({ timeout: 15_000 });
    expect(await waiting.getAttribute('data-reason')).toBe('not_invited');
    expect(await guestPage.getByTestId('tile').count()).toBe(0);

    // The chair's technician admits them; they enter and appear in the others' roster.
    const entry = techPage.locator(`[data-testid="lobby-entry"][data-name="${guest.name}"]`);
    await entry.waitFor({ timeout: 10_000 });
    expect(await entry.textContent()).toContain('Báo Kon Tum');
    await entry.getByTestId('admit-button').click();
    await guestPage.locator('[data-testid="meeting-room"][data-state="joined"]').waitFor({ timeout: 20_000 });
    for (const page of [chairPage, techPage]) {
      await openPanel(page, 'roster');
      await expect.poll(async () => (await page.getByTestId('roster-item').allTextContents()).join(' | '), { timeout: 10_000 }).toContain(guest.name);
    }
    await expect.poll(() => techPage.getByTestId('lobby-entry').count(), { timeout: 10_000 }).toBe(0);

    // A second uninvited person is refused with a reason, and sees it.
    await knock(outsiderPage, slug, outsider, PASSWORD);
    await outsiderPage.getByTestId('lobby-waiting').waitFor({ timeout: 15_000 });
    const second = techPage.locator(`[data-testid="lobby-entry"][data-name="${outsider.name}"]`);
    await second.waitFor({ timeout: 10_000 });
    await second.getByTestId('refuse-button').click();
    await second.getByTestId('refuse-reason').fill('Không thuộc thành phần dự họp');
    await second.getByTestId('refuse-confirm').click();
    const closed = outsiderPage.getByTestId('closed-message');
    await closed.waitFor({ timeout: 10_000 });
    expect(await closed.getAttribute('data-reason')).toBe('refused');
    expect(await outsiderPage.getByTestId('closed-reason').textContent()).toContain('Không thuộc thành phần dự họp');
    expect((await chairPage.getByTestId('roster-item').allTextContents()).join(' ')).not.toContain(outsider.name);
  }, 120_000);

  it('R3.2 removal and no re-entry without admission', async () => {
    const chair = await createUser(server, 'Dương Văn Chủ', 'UBND tỉnh Bình Phước');
    const delegate = await createUser(server, 'La Thị Rời', 'Sở Công Thương');
    const slug = 'hop-moi-ra';
    await createMeeting(slug, chair, { inviteeIds: [delegate.id] });
    const [chairPage, delegatePage] = [await person(), await person()];
    await enterMeeting(chairPage, slug, chair, PASSWORD);
    await enterMeeting(delegatePage, slug, delegate, PASSWORD);
    const delegateId = (await participantIdOn(delegatePage))!;

    await openPanel(chairPage, 'roster');
    const line = chairPage.locator(`[data-testid="roster-item"][data-participant-id="${delegateId}"]`);
    await line.waitFor({ timeout: 10_000 });
    await line.getByTestId('remove-participant').click();
    await line.getByTestId('remove-reason').fill('Gây mất trật tự cuộc họp');
    await line.getByTestId('remove-confirm').click();

    const closed = delegatePage.getByTestId('closed-message');
    await closed.waitFor({ timeout: 10_000 });
    expect(await closed.getAttribute('data-reason')).toBe('removed');
    expect(await delegatePage.getByTestId('closed-reason').textContent()).toContain('Gây mất trật tự cuộc họp');
    await expect.poll(() => line.count(), { timeout: 10_000 }).toBe(0);

    // Opening the link again leads to the lobby, not the room.
    await delegatePage.goto(`/${slug}`);
    const waiting = delegatePage.locator('[data-testid="lobby-waiting"], [data-testid="meeting-password"], [data-testid="join-button"], [data-testid="meeting-room"]');
    await waiting.first().waitFor({ timeout: 15_000 });
    if (await delegatePage.getByTestId('meeting-password').isVisible()) {
      await delegatePage.getByTestId('meeting-password').fill(PASSWORD);
      await delegatePage.getByTestId('meeting-password-submit').click();
      // the device check follows the server's answer: wait for it rather than look once
      await delegatePage.getByTestId('join-button').waitFor({ timeout: 15_000 });
    }
    if (await delegatePage.getByTestId('join-button').isVisible().catch(() => false)) await delegatePage.getByTestId('join-button').click();
    await delegatePage.locator('[data-testid="lobby-waiting"][data-reason="removed"]').waitFor({ timeout: 15_000 });
    expect(await delegatePage.getByTestId('meeting-room').count()).toBe(0);
    const entry = chairPage.locator(`[data-testid="lobby-entry"][data-name="${delegate.name}"]`);
    await entry.waitFor({ timeout: 10_000 });
    expect(await entry.getAttribute('data-reason')).toBe('removed');
    expect(await chairPage.locator(`[data-testid="roster-item"]`).count()).toBe(1);
  }, 120_000);

  it('R3.1 lock: while locked, entries wait in the lobby; after unlocking they go straight in', async () => {
    const chair = await createUser(server, 'Kiều Văn Chủ', 'UBND tỉnh Đắk Lắk');
    const late = await createUser(server, 'Âu Thị Muộn', 'Sở Giáo dục và Đào tạo');
    const later = await createUser(server, 'Ông Văn Sau', 'Sở Giao thông vận tải');
    const slug = 'hop-khoa-phong';
    await createMeeting(slug, chair, { inviteeIds: [late.id, later.id] });
    const [chairPage, latePage, laterPage] = [await person(), await person(), await person()];
    await enterMeeting(chairPage, slug, chair, PASSWORD);

    const lock = chairPage.getByTestId('lock-toggle');
    await lock.click();
    await expect.poll(() => lock.getAttribute('data-locked'), { timeout: 10_000 }).toBe('true');
    await chairPage.getByTestId('locked-indicator').waitFor({ timeout: 5_000 });

    // An invited delegate who comes now waits in the lobby.
    await knock(latePage, slug, late, PASSWORD);
    await latePage.locator('[data-testid="lobby-waiting"][data-reason="locked"]').waitFor({ timeout: 15_000 });
    await chairPage.locator(`[data-testid="lobby-entry"][data-name="${late.name}"][data-reason="locked"]`).waitFor({ timeout: 10_000 });

    // Unlocked: new entries go straight in.
    await lock.click();
    await expect.poll(() => lock.getAttribute('data-locked'), { timeout: 10_000 }).toBe('false');
    await enterMeeting(laterPage, slug, later, PASSWORD);
    await openPanel(chairPage, 'roster');
    await expect.poll(async () => (await chairPage.getByTestId('roster-item').allTextContents()).join(' | '), { timeout: 10_000 }).toContain(later.name);
  }, 120_000);

  it('R3.11 a shared screen is decoded by the others', async () => {
    const chair = await createUser(server, 'Lưu Văn Chủ', 'UBND tỉnh Bình Định');
    const viewer = await createUser(server, 'Hà Thị Xem', 'Sở Tài nguyên và Môi trường');
    const slug = 'hop-trinh-chieu';
    await createMeeting(slug, chair, { inviteeIds: [viewer.id] });
    const [chairPage, viewerPage] = [await person(), await person()];
    await enterMeeting(chairPage, slug, chair, PASSWORD);
    await enterMeeting(viewerPage, slug, viewer, PASSWORD);
    const chairId = (await participantIdOn(chairPage))!;

    await chairPage.getByTestId('share-screen').click();
    await expect.poll(() => chairPage.getByTestId('share-screen').getAttribute('data-on'), { timeout: 15_000 }).toBe('true');

    // The other participant decodes the screen, and the count keeps rising.
    await expect.poll(async () => (await receivedFrom(viewerPage, chairId, 'screen')).frames, { timeout: 30_000, interval: 500 }).toBeGreaterThan(3);
    const frames = (await receivedFrom(viewerPage, chairId, 'screen')).frames;
    await expect.poll(async () => (await receivedFrom(viewerPage, chairId, 'screen')).frames, { timeout: 15_000, interval: 500 }).toBeGreaterThan(frames);

    // It is shown in the main frame.
    await viewerPage.locator('[data-testid="stage"][data-main-source="screen"]').waitFor({ timeout: 15_000 });
    await viewerPage.locator(`[data-testid="screen-tile"][data-participant-id="${chairId}"]`).waitFor({ timeout: 10_000 });
  }, 120_000);
});
