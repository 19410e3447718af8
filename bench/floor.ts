/**
 * `npm run bench:floor` — floor grant → the speaker's audio reaching a listener (R3.3, R3.4): how long after the
 * chair grants the floor a listener's subscriber PeerConnection starts receiving the speaker's audio, i.e. the
 * server's command handling plus Janus's `moderate` (unmute) plus the first RTP packets. Target: ≤ 300 ms.
 *
 * The GiaoBan server runs as its own process (`server/main.ts`, as `npm start` runs it). The chair's commands go
 * over a signaling WebSocket with the chair's session cookie (as the browser sends them). The speaker (a delegate
 * publishing Chromium's fake camera and microphone) and the listener (another delegate) join through the real
 * pages: the link, sign-in, meeting password, device check, join.
 *
 * One clock: Node records `Date.now()` just before sending `grant_floor`; the listener's page polls its
 * PeerConnections' getStats() every 10 ms and reports `Date.now()` when the audio `bytesReceived` first rises
 * (same machine, same clock). Between grants the floor is revoked and the bench waits until the audio bytes stop
 * rising (Janus muted the speaker again), which also measures revoke → last audio byte. Note that Chromium caches a
 * getStats() report for up to ~50 ms, which bounds the resolution from below.
 *
 * GRANTS (default 12) measured grants after one warm-up grant; BENCH_DATABASE_URL measures on PostgreSQL.
 */
import type { Browser, Page } from 'playwright-core';
import { PROTOCOL_VERSION } from '../shared/protocol';
import { launchChromium, newParticipantPage, signInOnPage } from '../e2e/browser';
import { TestClient, TestSocket, createUser, type TestServer } from '../server/test/support';
import { median, percentile, startBenchServer } from './server';

const GRANTS = Number(process.env.GRANTS ?? 12);
const TARGET_MS = 300;
/** The audio counts as stopped when its bytes have not moved for this long. */
const QUIET_MS = 600;

/**
 * Installed in the listener's page before any of its scripts: remembers every RTCPeerConnection, sums the inbound
 * audio bytes over them, and watches for the first rise and for the bytes to stop.
 */
const listenerScript = `(() => {
  const pcs = [];
  const Original = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Original {
    constructor(...args) { super(...args); pcs.push(this); }
  };
  const audioBytes = async () => {
    let sum = 0;
    for (const pc of pcs) {
      if (pc.connectionState === 'closed') continue;
      (await pc.getStats()).forEach((s) => { if (s.type === 'inbound-rtp' && s.kind === 'audio') sum += s.bytesReceived || 0; });
    }
    return sum;
  };
  const videoBytes = async () => {
    let sum = 0;
    for (const pc of pcs) (await pc.getStats()).forEach((s) => { if (s.type === 'inbound-rtp' && s.kind === 'video') sum += s.bytesReceived || 0; });
    return sum;
  };
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  window.__floorBench = {
    rise: undefined,
    audioBytes,
    videoBytes,
    /** Take the baseline, then poll every 10 ms until the audio bytes rise; the time lands in rise. */
    async arm() {
      const base = await audioBytes();
      this.rise = undefined;
      const token = (this.token = {});
      (async () => {
        while (this.token === token) {
          if ((await audioBytes()) > base) { this.rise = Date.now(); return; }
          await sleep(10);
        }
      })();
    },
    disarm() { this.token = undefined; },
    /** Resolves with the time the audio bytes last moved, once they have not moved for quietMs. */
    async quiet(quietMs, timeoutMs) {
      let last = await audioBytes();
      let lastChange = Date.now();
      const start = Date.now();
      while (Date.now() - lastChange < quietMs) {
        if (Date.now() - start > timeoutMs) throw new Error('audio kept flowing after the floor was revoked');
        await sleep(10);
        const now = await audioBytes();
        if (now !== last) { last = now; lastChange = Date.now(); }
      }
      return lastChange;
    },
  };
})();`;

/** Through the real pages: the link, sign-in, meeting password, device check, join; then the room is up. */
async function joinByPages(page: Page, slug: string, person: { email: string; password: string }, meetingPassword: string) {
  await page.goto(`/${slug}`);
  await signInOnPage(page, person.email, person.password);
  await page.getByTestId('meeting-password').fill(meetingPassword);
  await page.getByTestId('meeting-password-submit').click();
  await page.getByTestId('join-button').click();
  await page.locator('[data-testid="meeting-room"][data-state="joined"]').waitFor({ timeout: 30_000 });
}

async function main() {
  const srv = await startBenchServer('floor', '25000-25999');
  let browser: Browser | undefined;
  let chairSocket: TestSocket | undefined;
  try {
    const operator = new TestClient(srv.url);
    await operator.signIn('admin@giaoban.local', srv.password, 'Operator-password-1');
    const ctx = { url: srv.url, operator };
    const chair = await createUser(ctx, 'Nguyễn Chủ Trì', 'UBND tỉnh');
    const speaker = await createUser(ctx, 'Trần Phát Biểu', 'Sở Tài chính');
    const listener = await createUser(ctx, 'Lê Lắng Nghe', 'UBND huyện');
    const slug = 'bench-floor';
    const meetingPassword = 'bench-pass';
    const created = await operator.post('/api/meetings', {
      title: 'Đo thời gian trao quyền phát biểu',
      startsAt: new Date().toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      chairId: chair.id,
      notStateSecret: true,
      emergency: true,
      inviteeIds: [speaker.id, listener.id],
      slug,
      password: meetingPassword,
    });
    if (created.status !== 201) throw new Error(`meeting: ${JSON.stringify(created.body)}`);

    // The chair: a signaling socket with the chair's session, as the browser would hold it.
    chairSocket = await TestSocket.open({ url: srv.url } as TestServer, chair.client);
    chairSocket.send({ type: 'join', v: PROTOCOL_VERSION, slug, password: meetingPassword });
    await chairSocket.next('joined');

    browser = await launchChromium();
    const speakerPage = (await newParticipantPage(browser, srv.url)).page;
    await joinByPages(speakerPage, slug, speaker, meetingPassword);
    const { context: listenerContext, page: listenerPage } = await newParticipantPage(browser, srv.url);
    await listenerContext.addInitScript({ content: listenerScript }); // applies from the page's first navigation
    await joinByPages(listenerPage, slug, listener, meetingPassword);

    const roster = await chairSocket.rosterWhere((r) => r.some((p) => p.userId === speaker.id) && r.some((p) => p.userId === listener.id), 30_000);
    const speakerId = roster.find((p) => p.userId === speaker.id)!.id;
    // The listener receives the speaker's video (never moderated) before we start: the subscription is up.
    await listenerPage.waitForFunction(async () => (await (window as unknown as { __floorBench: { videoBytes(): Promise<number> } }).__floorBench.videoBytes()) > 0, undefined, { timeout: 30_000, polling: 100 });
    const bench = () => listenerPage;

    const grantLatencies: number[] = [];
    const muteLatencies: number[] = [];
    for (let i = 0; i <= GRANTS; i++) {
      // Muted: no audio arrives.
      await bench().evaluate((q) => (window as unknown as { __floorBench: { quiet(q: number, t: number): Promise<number> } }).__floorBench.quiet(q, 10_000), QUIET_MS);
      await bench().evaluate(() => (window as unknown as { __floorBench: { arm(): Promise<void> } }).__floorBench.arm());
      chairSocket.frames.length = 0; // only this grant's frames from here on
      const grantedAt = Date.now();
      chairSocket.send({ type: 'grant_floor', participantId: speakerId, seconds: 600 });
      const state = await chairSocket.stateWhere((m) => m.floor?.participantId === speakerId, 10_000);
      await bench().waitForFunction(() => (window as unknown as { __floorBench: { rise?: number } }).__floorBench.rise !== undefined, undefined, { timeout: 10_000, polling: 10 });
      const rise = await bench().evaluate(() => (window as unknown as { __floorBench: { rise: number } }).__floorBench.rise);
      const revokedAt = Date.now();
      chairSocket.send({ type: 'revoke_floor', grantId: state.floor!.grantId });
      await chairSocket.stateWhere((m) => m.floor === null, 10_000);
      const lastAudio = await bench().evaluate((q) => (window as unknown as { __floorBench: { quiet(q: number, t: number): Promise<number> } }).__floorBench.quiet(q, 10_000), QUIET_MS);
      if (i === 0) continue; // warm-up
      grantLatencies.push(rise - grantedAt);
      muteLatencies.push(Math.max(0, lastAudio - revokedAt));
      process.stdout.write(`  grant ${String(i).padStart(2)}: audio after ${rise - grantedAt} ms\n`);
    }

    const med = median(grantLatencies);
    const p90 = percentile(grantLatencies, 90);
    console.log(`\nfloor grant → listener's audio bytesReceived rising (getStats polled every 10 ms), ${GRANTS} grants, database ${process.env.BENCH_DATABASE_URL ? 'PostgreSQL' : 'PGlite (embedded)'}:`);
    console.log(`  median ${med.toFixed(0)} ms, p90 ${p90.toFixed(0)} ms, min ${Math.min(...grantLatencies)} ms, max ${Math.max(...grantLatencies)} ms  (each: ${grantLatencies.join(', ')})`);
    console.log(`  target ≤ ${TARGET_MS} ms: ${p90 <= TARGET_MS ? 'OK (p90)' : med <= TARGET_MS ? 'median OK, p90 ABOVE TARGET' : 'ABOVE TARGET'}`);
    console.log(`revoke → last audio byte at the listener: median ${median(muteLatencies).toFixed(0)} ms, p90 ${percentile(muteLatencies, 90).toFixed(0)} ms  (each: ${muteLatencies.join(', ')})`);
  } finally {
    chairSocket?.close();
    await browser?.close();
    await srv.stop();
  }
}

await main();
