/**
 * `npm run bench:join` — page load → first decoded remote frame, GiaoBan against raw Janus (janus.js from Debian's
 * libjs-janus-gateway joining a VideoRoom on the same Janus), RUNS times each (default 5), interleaved; prints
 * both medians and their ratio (target: GiaoBan ≤ 1.2× raw Janus). Then the server's and Janus's RSS and CPU
 * during a steady 3-person meeting.
 *
 * The GiaoBan server runs as its own process (`server/main.ts`, as `npm start` runs it), so its figures are its
 * own. Each GiaoBan run is a fresh browser context with a fresh session, driven through the real pages (meeting
 * password, device check, join) as fast as Playwright clicks; times are page time from navigation start.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, signInOnPage } from '../e2e/browser';
import { JanusClient } from '../server/media/janus-client';
import { VIDEOROOM, createRoom } from '../server/media/videoroom';
import { TestClient, createUser, freePort } from '../server/test/support';
import { TICKS_PER_SECOND, cpuTicks, median, rssKb, startBenchServer } from './server';
import { firstRemoteFrameScript } from './first-frame';

const RUNS = Number(process.env.RUNS ?? 5);
const STEADY_SECONDS = Number(process.env.STEADY_SECONDS ?? 10);

const rssMb = (pid: number) => rssKb(pid) / 1024;

async function startServer() {
  const srv = await startBenchServer('join', '24000-24999');
  const janus = srv.process.janus();
  return { ...srv, janusPid: janus.pid, janusUrl: janus.url, secrets: { apiSecret: janus.apiSecret, adminKey: janus.adminKey } };
}

/** Serves the raw Janus page with Debian's janus.js and adapter.js. */
async function startRawPageServer(): Promise<{ url: string; close(): void }> {
  const files: Record<string, string> = {
    '/raw-janus.html': path.join(import.meta.dirname, 'raw-janus.html'),
    '/janus.js': '/usr/share/javascript/janus-gateway/janus.js',
    '/adapter.js': '/usr/share/javascript/webrtc-adapter/adapter.js',
  };
  const server = http.createServer((req, res) => {
    const file = files[new URL(req.url!, 'http://x').pathname];
    if (!file) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': file.endsWith('.html') ? 'text/html' : 'text/javascript' }).end(fs.readFileSync(file));
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() };
}

async function waitFirstFrame(page: Page): Promise<number> {
  page.on('console', (m) => m.type() === 'error' && console.error(`[page] ${m.text()}`));
  page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
  await page
    .waitForFunction(() => (window as unknown as { __firstRemoteFrameMs?: number }).__firstRemoteFrameMs !== undefined, undefined, { timeout: 30_000, polling: 20 })
    .catch(async (err) => {
      await page.screenshot({ path: 'tmp/bench-timeout.png' });
      console.error(await page.evaluate(() => JSON.stringify({ videos: [...document.querySelectorAll('video')].map((v) => ({ src: !!v.srcObject, w: v.videoWidth, frames: v.getVideoPlaybackQuality().totalVideoFrames })) })));
      throw err;
    });
  return page.evaluate(() => (window as unknown as { __firstRemoteFrameMs: number }).__firstRemoteFrameMs);
}

/** Through the real pages: the link, sign-in (unless the context has a session), password, device check, join. */
async function joinGiaoBan(page: Page, slug: string, meetingPassword: string, signIn?: { email: string; password: string }) {
  await page.goto(`/${slug}`);
  if (signIn) await signInOnPage(page, signIn.email, signIn.password);
  await page.getByTestId('meeting-password').fill(meetingPassword);
  await page.getByTestId('meeting-password-submit').click();
  await page.getByTestId('join-button').click();
}

async function main() {
  const srv = await startServer();
  const raw = await startRawPageServer();
  let browser: Browser | undefined;
  try {
    const operator = new TestClient(srv.url);
    await operator.signIn('admin@giaoban.local', srv.password, 'Operator-password-1');
    const ctx = { url: srv.url, operator };
    const chair = await createUser(ctx, 'Nguyễn Chủ Trì', 'UBND tỉnh');
    const viewer = await createUser(ctx, 'Trần Đo Đạc', 'Sở Thông tin và Truyền thông');
    const third = await createUser(ctx, 'Lê Thứ Ba', 'UBND huyện');
    const slug = 'bench-join';
    await operator.post('/api/meetings', {
      title: 'Đo thời gian vào họp',
      startsAt: new Date().toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      chairId: chair.id,
      notStateSecret: true,
      emergency: true,
      inviteeIds: [viewer.id, third.id],
      slug,
      password: 'bench-pass',
    });

    // A raw VideoRoom on the same Janus for the baseline.
    const janus = new JanusClient({ url: srv.janusUrl, apiSecret: srv.secrets.apiSecret, logger: pino({ level: 'warn' }) });
    await janus.start();
    const control = await janus.attach(VIDEOROOM);
    await createRoom(control, srv.secrets.adminKey, { room: 'bench-raw', secret: 'bench-raw-secret', description: 'raw baseline', publishers: 10 });
    const rawQuery = `server=${encodeURIComponent(srv.janusUrl)}&apisecret=${encodeURIComponent(srv.secrets.apiSecret)}&room=bench-raw`;

    browser = await launchChromium();
    // Publishers: the chair in GiaoBan, a janus.js publisher in the raw room.
    const chairCtx = await browser.newContext({ baseURL: srv.url });
    const chairPage = await chairCtx.newPage();
    await joinGiaoBan(chairPage, slug, 'bench-pass', chair);
    await chairPage.getByTestId('meeting-room').waitFor();
    const rawPub = await (await browser.newContext()).newPage();
    await rawPub.goto(`${raw.url}/raw-janus.html?${rawQuery}&role=publisher&feed=rawpub`);
    await new Promise((r) => setTimeout(r, 3000)); // both publishers up and sending

    const giaoban: number[] = [];
    const reentry: number[] = [];
    const rawJanus: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      {
        const session = new TestClient(srv.url);
        await session.login(viewer.email, viewer.password); // a fresh session each run: no entry grant carried over
        const context = await browser.newContext({ baseURL: srv.url });
        await context.addCookies([{ name: 'gb_session', value: session.cookie!.split('=')[1]!, url: srv.url }]);
        await context.addInitScript({ content: firstRemoteFrameScript });
        const page = await context.newPage();
        await joinGiaoBan(page, slug, 'bench-pass');
        giaoban.push(await waitFirstFrame(page));
        await page.reload(); // re-entry: the tab was in the meeting; page load straight into the room
        reentry.push(await waitFirstFrame(page));
        if (process.env.BENCH_TRACE) console.log(await page.evaluate(() => JSON.stringify({ dcl: performance.getEntriesByType('navigation').map((n) => Math.round((n as PerformanceNavigationTiming).domContentLoadedEventEnd)), res: performance.getEntriesByType('resource').map((r) => [r.name.replace(location.origin, ''), Math.round(r.startTime), Math.round((r as PerformanceResourceTiming).responseEnd)]), marks: performance.getEntriesByType('mark').map((m) => [m.name, Math.round(m.startTime)]) })));
        await context.close();
      }
      {
        const context = await browser.newContext();
        await context.addInitScript({ content: firstRemoteFrameScript });
        const page = await context.newPage();
        await page.goto(`${raw.url}/raw-janus.html?${rawQuery}&role=subscriber&feed=rawpub`);
        rawJanus.push(await waitFirstFrame(page));
        await context.close();
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    const g = median(giaoban);
    const e = median(reentry);
    const r = median(rawJanus);
    const runs = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(', ');
    console.log(`\npage load → first decoded remote frame, ${RUNS} runs each`);
    console.log(`  raw Janus (janus.js)                         : median ${r.toFixed(0)} ms  (runs: ${runs(rawJanus)})`);
    console.log(`  GiaoBan re-entry (page load straight to room): median ${e.toFixed(0)} ms  (runs: ${runs(reentry)})`);
    console.log(`  GiaoBan first entry (password, device check) : median ${g.toFixed(0)} ms  (runs: ${runs(giaoban)})`);
    console.log(`  ratio re-entry / raw Janus   : ${(e / r).toFixed(2)}× (target ≤ 1.20×) ${e / r <= 1.2 ? 'OK' : 'ABOVE TARGET'}`);
    console.log(`  ratio first entry / raw Janus: ${(g / r).toFixed(2)}× (includes the password check and two UI steps)`);

    // Steady 3-person meeting: chair + two more, measured after they settle.
    await rawPub.context().close();
    const others: Page[] = [];
    for (const person of [viewer, third]) {
      const context = await browser.newContext({ baseURL: srv.url });
      const page = await context.newPage();
      await joinGiaoBan(page, slug, 'bench-pass', person);
      await page.getByTestId('meeting-room').waitFor();
      others.push(page);
    }
    await new Promise((res) => setTimeout(res, 5000));
    const pids = { server: srv.pid, janus: srv.janusPid };
    const before = { server: cpuTicks(pids.server), janus: cpuTicks(pids.janus), at: performance.now() };
    await new Promise((res) => setTimeout(res, STEADY_SECONDS * 1000));
    const seconds = (performance.now() - before.at) / 1000;
    const cpu = (name: 'server' | 'janus') => (((cpuTicks(pids[name]) - before[name]) / TICKS_PER_SECOND / seconds) * 100).toFixed(1);
    console.log(`\nsteady 3-person meeting, database ${process.env.BENCH_DATABASE_URL ? 'PostgreSQL' : 'PGlite (embedded)'} (each publishes 640x360 + audio, subscribes to the other two), over ${seconds.toFixed(0)} s:`);
    console.log(`  giaoban server: RSS ${rssMb(pids.server).toFixed(0)} MB, CPU ${cpu('server')} % of one core`);
    console.log(`  janus         : RSS ${rssMb(pids.janus).toFixed(0)} MB, CPU ${cpu('janus')} % of one core`);
    await janus.close();
  } finally {
    await browser?.close();
    raw.close();
    await srv.stop();
  }
}

await main();
