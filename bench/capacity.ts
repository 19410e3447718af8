/**
 * `npm run bench:capacity` — how many endpoints this machine's Janus can serve, the figure behind
 * MEDIA_CAPACITY_ENDPOINTS (D4.3, R2.3, R7.3).
 *
 * What is measured: Janus's own CPU (utime + stime of its process, from /proc) while it forwards one publisher's
 * 640x360 VP8 + Opus stream (a noisy moving test pattern, see `cameraArgs`, at the resolution GiaoBan's clients
 * send and the room's 512 kbit/s) to S subscriber
 * PeerConnections, for several S (default 0, 8, 16, 24). Each subscriber is its own DTLS/SRTP PeerConnection, as
 * every participant's subscriber is in GiaoBan, so each one costs Janus a decrypt-once, encrypt-per-subscriber
 * forward. A least-squares line through the points gives the CPU per forwarded stream (slope) and Janus's idle
 * cost (intercept). The bytes the subscribers received give the bitrate per stream.
 *
 * From that, the capacity: Janus may use CAPACITY_HEADROOM (default 0.7) of CAPACITY_CORES (default: this
 * machine's cores), the rest being left to GiaoBan's server, the database and the recordings' conversion.
 * - GiaoBan today subscribes every participant to every other participant's camera (server/live
 *   `subscribeToAll`), so a meeting of N endpoints makes Janus take N streams in and send N × (N − 1) out; the
 *   worst case for a capacity summed over concurrent meetings is all N in one meeting: N² × slope ≤ budget.
 * - With a layout that sends each endpoint only K streams (CAPACITY_LAYOUT_STREAMS, default 4), N × (K + 1).
 * The first is the figure to configure until the signaling sends fewer streams; both are printed.
 *
 * What is not measured: the network (all of it is loopback here), a real camera (Janus forwards without
 * transcoding, so its CPU follows packets, which the test pattern's bitrate stands for), screen shares and
 * recordings (each adds a stream or a file write), many publishers (one publisher's stream is forwarded S times;
 * a publisher's incoming stream is counted as costing what one forwarded stream does).
 * Chromium runs on the same 2 cores and decodes what it receives: it competes with Janus for the CPU, which
 * if anything makes Janus's per-stream figure look higher (the capacity lower), not lower.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../e2e/browser';
import { JanusClient } from '../server/media/janus-client';
import { VIDEOROOM, createRoom } from '../server/media/videoroom';
import { freePort } from '../server/test/support';
import { TICKS_PER_SECOND, cpuTicks, startBenchServer } from './server';

const LEVELS = (process.env.CAPACITY_SUBSCRIBERS ?? '0,8,16,24').split(',').map(Number);
const MEASURE_SECONDS = Number(process.env.CAPACITY_SECONDS ?? 10);
const SETTLE_SECONDS = Number(process.env.CAPACITY_SETTLE_SECONDS ?? 5);
const CORES = Number(process.env.CAPACITY_CORES ?? os.cpus().length);
const HEADROOM = Number(process.env.CAPACITY_HEADROOM ?? 0.7);
const LAYOUT_STREAMS = Number(process.env.CAPACITY_LAYOUT_STREAMS ?? 4);


/** Serves the capacity page with Debian's janus.js and adapter.js. */
async function startPageServer(): Promise<{ url: string; close(): void }> {
  const files: Record<string, string> = {
    '/capacity.html': path.join(import.meta.dirname, 'capacity.html'),
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

async function waitUp(page: Page, count: number): Promise<void> {
  await page.waitForFunction((n) => (window as unknown as { __up: number }).__up >= n, count, { timeout: 90_000, polling: 200 });
}

/**
 * Chromium's built-in fake camera draws a simple picture that VP8 codes at ~200 kbit/s, below what a room's camera
 * sends. By default the publisher sends a moving test pattern with noise instead (made by ffmpeg, looped by
 * Chromium), which fills the room's 512 kbit/s as a real camera does; CAPACITY_VIDEO=fake uses the built-in one.
 */
async function cameraArgs(): Promise<string[]> {
  if (process.env.CAPACITY_VIDEO === 'fake') return [];
  const file = path.join(os.tmpdir(), 'giaoban-capacity-640x360.y4m');
  if (!fs.existsSync(file)) {
    const { execFileSync } = await import('node:child_process');
    execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30', '-vf', 'noise=alls=16:allf=t', '-t', '5', '-pix_fmt', 'yuv420p', '-y', file]);
  }
  return [`--use-file-for-fake-video-capture=${file}`];
}

/** Least squares y = a + b·x. */
function fit(points: { x: number; y: number }[]): { intercept: number; slope: number } {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  const sxy = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return { intercept: my - slope * mx, slope };
}

async function main() {
  const srv = await startBenchServer('capacity', '25000-25999');
  const { pid: janusPid, url: janusUrl, ...secrets } = srv.process.janus();
  const pages = await startPageServer();
  let browser: Browser | undefined;
  const janus = new JanusClient({ url: janusUrl, apiSecret: secrets.apiSecret, logger: pino({ level: 'warn' }) });
  try {
    await janus.start();
    const control = await janus.attach(VIDEOROOM);
    await createRoom(control, secrets.adminKey, { room: 'bench-capacity', secret: 'bench-capacity-secret', description: 'capacity', publishers: 10 });
    const query = `server=${encodeURIComponent(janusUrl)}&apisecret=${encodeURIComponent(secrets.apiSecret)}&room=bench-capacity&feed=capacity-pub`;

    browser = await launchChromium(await cameraArgs());
    const publisher = await (await browser.newContext()).newPage();
    publisher.on('console', (m) => m.type() === 'error' && console.error(`[publisher] ${m.text()}`));
    await publisher.goto(`${pages.url}/capacity.html?${query}&role=publisher`);
    await waitUp(publisher, 1);
    await new Promise((r) => setTimeout(r, 3000)); // the encoder reaches its bitrate

    const points: { x: number; y: number; kbps: number }[] = [];
    console.log(`Janus CPU while forwarding one 640x360 VP8 + Opus publisher to S subscribers (${MEASURE_SECONDS} s each):`);
    for (const count of LEVELS) {
      const context = await browser.newContext();
      const page = await context.newPage();
      page.on('console', (m) => m.type() === 'error' && console.error(`[subscribers] ${m.text()}`));
      await page.goto(`${pages.url}/capacity.html?${query}&role=subscribers&count=${count}`);
      if (count > 0) await waitUp(page, count);
      await new Promise((r) => setTimeout(r, SETTLE_SECONDS * 1000));
      const bytesBefore = count > 0 ? await page.evaluate(() => (window as unknown as { __bytesReceived(): Promise<number> }).__bytesReceived()) : 0;
      const ticksBefore = cpuTicks(janusPid);
      const t0 = performance.now();
      await new Promise((r) => setTimeout(r, MEASURE_SECONDS * 1000));
      const seconds = (performance.now() - t0) / 1000;
      const cpu = ((cpuTicks(janusPid) - ticksBefore) / TICKS_PER_SECOND / seconds) * 100;
      const bytes = count > 0 ? (await page.evaluate(() => (window as unknown as { __bytesReceived(): Promise<number> }).__bytesReceived())) - bytesBefore : 0;
      const kbps = count > 0 ? (bytes * 8) / 1000 / seconds / count : 0;
      points.push({ x: count, y: cpu, kbps });
      console.log(`  S = ${String(count).padStart(3)}: Janus ${cpu.toFixed(1).padStart(5)} % of one core${count ? `, ${kbps.toFixed(0)} kbit/s received per stream` : ''}`);
      await context.close();
      await new Promise((r) => setTimeout(r, 2000));
    }

    const { intercept, slope } = fit(points);
    const measured = points.filter((p) => p.x > 0);
    const kbps = measured.reduce((s, p) => s + p.kbps, 0) / Math.max(1, measured.length);
    const budget = CORES * 100 * HEADROOM - Math.max(0, intercept);
    const maxStreams = slope > 0 ? Math.floor(budget / slope) : Infinity;
    // all-to-all: N in + N(N − 1) out = N² streams handled
    const allToAll = Math.floor(Math.sqrt(maxStreams));
    const layout = Math.floor(maxStreams / (LAYOUT_STREAMS + 1));
    console.log(`\nmachine: ${os.cpus()[0]?.model ?? '?'} × ${os.cpus().length}`);
    console.log(`Janus: ${slope.toFixed(3)} % of one core per forwarded stream, ${intercept.toFixed(1)} % with none; ~${kbps.toFixed(0)} kbit/s per stream`);
    console.log(`budget: ${(HEADROOM * 100).toFixed(0)} % of ${CORES} cores for Janus → ${Number.isFinite(maxStreams) ? maxStreams : '∞'} streams`);
    console.log(`  every endpoint receives every other (GiaoBan today): ${allToAll} endpoints at once (N² ≤ ${maxStreams})`);
    console.log(`  each endpoint receives ${LAYOUT_STREAMS} streams (a layout that sends fewer): ${layout} endpoints`);
    console.log(`  network for ${allToAll} endpoints all-to-all: ~${((allToAll * allToAll * kbps) / 1000).toFixed(0)} Mbit/s out of Janus`);
    console.log(`\nMEDIA_CAPACITY_ENDPOINTS=${allToAll}`);
  } finally {
    await janus.close().catch(() => undefined);
    await browser?.close();
    pages.close();
    await srv.stop();
  }
}

await main();
