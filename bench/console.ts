/**
 * `npm run bench:console` — the operator's console (R3.10) with MEETINGS meetings at once (50 by default), each with
 * a chair and PER_MEETING participants (10 by default) simulated over the real WebSocket protocol (no media), every
 * one sending a `stats` frame every 5 s as browsers do (a few of them degraded: high loss, so alarms are raised),
 * against GiaoBan run as its own process on PostgreSQL (BENCH_DATABASE_URL, else DATABASE_URL, else the local
 * 127.0.0.1:5432/test).
 *
 * Two phases of PHASE_S seconds (20 by default) under the same load, in the same run:
 *   A. the baseline: nobody watches the console;
 *   B. SUBSCRIBERS operators' consoles open (3 by default).
 * For each: the server's event-loop delay (its own `monitorEventLoopDelay` through /metrics, reset at each scrape),
 * its CPU, and the HTTP API's latency probed every 100 ms from a process of its own. In phase B also: the size and
 * time of the snapshot, the pushes per second and their sizes, and the latency from a probe's `stats` frame to the
 * console showing it — next to the latency of the same health line to the meeting's chair (the technicians' panel,
 * which batches health every 2 s): the difference is what the console adds (its coalescing of at most 1 push/s).
 *
 * Set-up shortcut, not measured: the participants, their sessions and invitations are written straight into the
 * database (as bench:signal does).
 */
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { PROTOCOL_VERSION } from '../shared/protocol';
import { createUser, ensureUnit, TestClient } from '../server/test/support';
import { createPeople, invite, probeHttp } from './load';
import { TICKS_PER_SECOND, cpuTicks, percentile, startBenchServer, type BenchServer } from './server';

const MEETINGS = Number(process.env.MEETINGS ?? 50);
const PER_MEETING = Number(process.env.PER_MEETING ?? 10);
const PHASE_S = Number(process.env.PHASE_S ?? 20);
const SUBSCRIBERS = Number(process.env.SUBSCRIBERS ?? 3);
const STATS_EVERY_MS = 5_000;
/** Share of stats frames that report a degraded connection. */
const DEGRADED = 0.03;
const PASSWORD = 'bench-console';
const METRICS_TOKEN = randomBytes(16).toString('hex');

const databaseUrl = process.env.BENCH_DATABASE === 'pglite' ? null : (process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const PARTICIPANT_ID = Buffer.from('"participantId":"');

/** A simulated participant: joins, then sends its statistics every 5 s; notes when a marked frame arrives. */
class Sim {
  ws!: WebSocket;
  participantId = '';
  private timer?: NodeJS.Timeout;
  private watch: { needle: Buffer; at: number; resolve(ms: number): void } | null = null;

  constructor(
    readonly url: string,
    readonly cookie: string,
  ) {}

  open(slug: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.ws = new WebSocket(this.url, { headers: { cookie: this.cookie } });
      this.ws.on('open', () => this.ws.send(JSON.stringify({ type: 'join', v: PROTOCOL_VERSION, slug, password: PASSWORD })));
      this.ws.on('message', (data: Buffer) => {
        if (!this.participantId && data.includes('"type":"joined"')) {
          const at = data.indexOf(PARTICIPANT_ID) + PARTICIPANT_ID.length;
          this.participantId = data.subarray(at, data.indexOf('"', at)).toString();
          resolve();
        }
        if (this.watch && data.includes(this.watch.needle)) {
          this.watch.resolve(Date.now() - this.watch.at);
          this.watch = null;
        }
      });
      this.ws.on('error', reject);
    });
  }

  /** Statistics every 5 s from a random offset (browsers are not in step). */
  startStats(): void {
    const send = () => {
      const degraded = Math.random() < DEGRADED;
      this.stats({ sendKbps: 600 + Math.random() * 400, receiveKbps: 1200 + Math.random() * 600, lossPercent: degraded ? 12 + Math.random() * 10 : Math.random(), jitterMs: 5 + Math.random() * 10, rttMs: 40 + Math.random() * 60 });
    };
    setTimeout(() => {
      send();
      this.timer = setInterval(send, STATS_EVERY_MS);
    }, Math.random() * STATS_EVERY_MS);
  }

  stats(s: { sendKbps: number; receiveKbps: number; lossPercent: number; jitterMs: number; rttMs: number }): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify({ type: 'stats', ...s }));
  }

  waitFor(needle: string, at: number): Promise<number> {
    return new Promise((resolve) => (this.watch = { needle: Buffer.from(needle), at, resolve }));
  }

  close(): void {
    clearInterval(this.timer);
    this.ws.close(1000);
  }
}

/** An operator's console: the snapshot, then each push with its size; notes when a marked one arrives. */
class ConsoleSim {
  ws!: WebSocket;
  snapshotBytes = 0;
  snapshotMs = 0;
  readonly pushes: { at: number; bytes: number }[] = [];
  private watches: { needle: Buffer; at: number; resolve(ms: number): void }[] = [];

  constructor(
    readonly url: string,
    readonly cookie: string,
  ) {}

  open(): Promise<void> {
    const started = Date.now();
    return new Promise((resolve, reject) => {
      this.ws = new WebSocket(this.url, { headers: { cookie: this.cookie } });
      this.ws.on('message', (data: Buffer) => {
        if (!this.snapshotBytes && data.includes('"type":"snapshot"')) {
          this.snapshotBytes = data.length;
          this.snapshotMs = Date.now() - started;
          resolve();
        } else if (data.includes('"type":"error"')) reject(new Error(data.toString()));
        else this.pushes.push({ at: Date.now(), bytes: data.length });
        this.watches = this.watches.filter((w) => (data.includes(w.needle) ? (w.resolve(Date.now() - w.at), false) : true));
      });
      this.ws.on('error', reject);
    });
  }

  waitFor(needle: string, at: number): Promise<number> {
    return new Promise((resolve) => this.watches.push({ needle: Buffer.from(needle), at, resolve }));
  }
}

interface Phase {
  lagP50: number;
  lagP99: number;
  lagMax: number;
  cpu: number;
  httpP50: number;
  httpP99: number;
}

async function main() {
  console.log(`bench:console — GiaoBan on ${databaseUrl ? 'PostgreSQL' : 'PGlite'}: ${MEETINGS} meetings × (chair + ${PER_MEETING} participants) = ${MEETINGS * (PER_MEETING + 1)} simulated participants, stats every 5 s (${DEGRADED * 100} % degraded), phases of ${PHASE_S} s`);
  const srv = await startBenchServer('console', '26100-26199', { LOG_LEVEL: 'error', METRICS_TOKEN }, databaseUrl);
  const wsUrl = `${srv.url.replace(/^http/, 'ws')}/ws`;
  const sims: Sim[] = [];
  try {
    const operator = new TestClient(srv.url);
    await operator.signIn('admin@giaoban.local', srv.password, 'Operator-password-1');
    const ctx = { url: srv.url, operator };
    const chair = await createUser(ctx, 'Nguyễn Văn Chủ Trì', 'UBND tỉnh');
    const unitId = await ensureUnit(ctx, 'Sở Nội vụ');
    const people = await createPeople(srv, unitId, MEETINGS * PER_MEETING);
    const meetings: { id: string; slug: string }[] = [];
    for (let i = 0; i < MEETINGS; i++) {
      const slug = `console-${i}-${randomBytes(3).toString('hex')}`;
      const booked = await operator.post('/api/meetings', {
        title: `Họp trực tuyến số ${i + 1}`,
        startsAt: '2026-11-23T08:00:00+07:00',
        endsAt: '2027-12-31T17:00:00+07:00',
        chairId: chair.id,
        notStateSecret: true,
        emergency: true,
        slug,
        password: PASSWORD,
      });
      if (booked.status !== 201) throw new Error(JSON.stringify(booked.body));
      meetings.push({ id: booked.body.meeting.id, slug });
      await invite(srv, booked.body.meeting.id, people.slice(i * PER_MEETING, (i + 1) * PER_MEETING).map((p) => p.id));
    }
    const joinStart = Date.now();
    const chairs: Sim[] = [];
    for (let i = 0; i < MEETINGS; i++) {
      const c = new Sim(wsUrl, chair.client.cookie!);
      await c.open(meetings[i]!.slug);
      chairs.push(c);
      const group = people.slice(i * PER_MEETING, (i + 1) * PER_MEETING).map((p) => new Sim(wsUrl, p.cookie));
      await Promise.all(group.map((s) => s.open(meetings[i]!.slug)));
      sims.push(...group);
    }
    console.log(`  ${MEETINGS} meetings and ${sims.length + chairs.length} participants joined in ${((Date.now() - joinStart) / 1000).toFixed(1)} s`);
    [...chairs, ...sims].forEach((s) => s.startStats());
    await sleep(STATS_EVERY_MS + 2_000); // every participant has reported once

    // A. the baseline: the same load, nobody watching the console
    const a = await phase(srv, operator);

    // B. operators watching
    const consoleUrl = `${srv.url.replace(/^http/, 'ws')}/api/console/ws`;
    const consoles = Array.from({ length: SUBSCRIBERS }, () => new ConsoleSim(consoleUrl, operator.cookie!));
    for (const c of consoles) await c.open();
    const pushesFrom = Date.now();
    const probeLatencies: { console: number[]; chair: number[] } = { console: [], chair: [] };
    const probing = (async () => {
      const probe = sims[0]!;
      const probeChair = chairs[0]!;
      for (let i = 0; Date.now() - pushesFrom < (PHASE_S - 4) * 1000; i++) {
        const marker = 4321 + i + Math.round(Math.random() * 1000) / 1000;
        const needle = `"jitterMs":${marker}`;
        const at = Date.now();
        const waits = [...consoles.map((c) => c.waitFor(needle, at)), probeChair.waitFor(needle, at)];
        probe.stats({ sendKbps: 800, receiveKbps: 1500, lossPercent: 0.5, jitterMs: marker, rttMs: 60 });
        const got = await Promise.race([Promise.all(waits), sleep(8000).then(() => null)]);
        if (got) {
          probeLatencies.console.push(...got.slice(0, consoles.length));
          probeLatencies.chair.push(got[got.length - 1]!);
        }
        await sleep(3000 + Math.random() * 500);
      }
    })();
    const b = await phase(srv, operator);
    await probing;
    const pushes = consoles.flatMap((c) => c.pushes.filter((p) => p.at >= pushesFrom));
    const perConsole = pushes.length / consoles.length;
    const seconds = (Date.now() - pushesFrom) / 1000;
    const gaps = consoles.flatMap((c) => c.pushes.filter((p) => p.at >= pushesFrom).map((p, i, all) => (i ? p.at - all[i - 1]!.at : Number.NaN)).filter((g) => !Number.isNaN(g)));
    consoles.forEach((c) => c.ws.close());

    console.log('\n| phase | event-loop delay p50 | p99 | max | server CPU | HTTP p50 | HTTP p99 |');
    console.log('|---|---|---|---|---|---|---|');
    for (const [name, p] of [
      ['A. no console (baseline)', a],
      [`B. ${SUBSCRIBERS} consoles watching`, b],
    ] as const) {
      console.log(`| ${name} | ${p.lagP50.toFixed(1)} ms | ${p.lagP99.toFixed(1)} ms | ${p.lagMax.toFixed(1)} ms | ${p.cpu} % | ${p.httpP50} ms | ${p.httpP99} ms |`);
    }
    console.log(`\nevent-loop delay p99 with the consoles ${b.lagP99.toFixed(1)} ms vs ${a.lagP99.toFixed(1)} ms without (${(b.lagP99 / Math.max(0.001, a.lagP99)).toFixed(2)}×); CPU ${b.cpu} % vs ${a.cpu} %`);
    const sizes = pushes.map((p) => p.bytes);
    console.log(
      `console: snapshot ${(consoles[0]!.snapshotBytes / 1024).toFixed(1)} KB in ${Math.max(...consoles.map((c) => c.snapshotMs))} ms (${MEETINGS} meetings, ${sims.length + chairs.length} endpoints); ` +
        `${(perConsole / seconds).toFixed(2)} pushes/s per console (shortest gap ${gaps.length ? Math.min(...gaps) : '–'} ms), push size p50 ${(percentile(sizes, 50) / 1024).toFixed(1)} KB, p99 ${(percentile(sizes, 99) / 1024).toFixed(1)} KB, max ${(Math.max(...sizes) / 1024).toFixed(1)} KB`,
    );
    if (probeLatencies.console.length) {
      console.log(
        `stats frame → shown: console p50 ${percentile(probeLatencies.console, 50)} ms, p99 ${percentile(probeLatencies.console, 99)} ms, max ${Math.max(...probeLatencies.console)} ms (${probeLatencies.console.length} receipts); ` +
          `same line to the meeting's chair (baseline, health batched every 2 s) p50 ${percentile(probeLatencies.chair, 50)} ms, p99 ${percentile(probeLatencies.chair, 99)} ms; ` +
          `console adds p50 ${percentile(probeLatencies.console, 50) - percentile(probeLatencies.chair, 50)} ms`,
      );
    } else console.log('stats frame → shown: no probe arrived (!)');
    [...chairs, ...sims].forEach((s) => s.close());
  } finally {
    await srv.stop();
  }
}

/** PHASE_S seconds of the running load: event-loop delay (from the server's /metrics), CPU, HTTP latency. */
async function phase(srv: BenchServer, operator: TestClient): Promise<Phase> {
  await scrapeLag(srv); // resets the server's histogram
  const prober = probeHttp(`${srv.url}/api/health`, operator.cookie!);
  const cpu0 = cpuTicks(srv.pid);
  const t0 = Date.now();
  await sleep(PHASE_S * 1000);
  const cpu = Math.round(((cpuTicks(srv.pid) - cpu0) / TICKS_PER_SECOND / ((Date.now() - t0) / 1000)) * 100);
  const lag = await scrapeLag(srv);
  const http = await prober.stop();
  return { ...lag, cpu, httpP50: percentile(http, 50), httpP99: percentile(http, 99) };
}

async function scrapeLag(srv: BenchServer): Promise<{ lagP50: number; lagP99: number; lagMax: number }> {
  const res = await fetch(`${srv.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  const text = await res.text();
  const value = (name: string) => Number(new RegExp(`^giaoban_nodejs_eventloop_lag_${name}_seconds\\s+([0-9.eE+-]+)`, 'm').exec(text)?.[1] ?? Number.NaN) * 1000;
  return { lagP50: value('p50'), lagP99: value('p99'), lagMax: value('max') };
}

/** People, sessions (cookies) written straight into the server's database. */
await main();
process.exit(0);
