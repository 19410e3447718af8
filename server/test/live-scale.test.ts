/**
 * Signaling built for many (issue 13, point 1), with simulated participants over the real WebSocket protocol:
 * changes go out coalesced and serialised once (the same bytes to everyone); a client that falls behind is skipped
 * to a snapshot and nobody waits for it; a client that floods is slowed with an error and nobody feels it; only a
 * client that stops answering is ended — and its presence then waits to be taken back. Timings are measured by
 * `npm run bench:signal`; here the limits are small so that each behaviour shows quickly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import { createPeopleFast, createUser, ensureUnit, startTestServer, TestSocket, type TestClient, type TestServer } from './support';

let server: TestServer;
let chair: Awaited<ReturnType<typeof createUser>>;
let unitId: string;
const sockets: TestSocket[] = [];
const PASSWORD = 'mat-khau-quy-mo';

beforeAll(async () => {
  server = await startTestServer({ LIVE_BACKLOG_KB: '16', LIVE_PING_S: '1', LIVE_DEAD_AFTER_S: '10', LIVE_FRAMES_PER_S: '1000', LIVE_RESUME_GRACE_S: '60' });
  chair = await createUser(server, 'Nguyễn Văn Chủ Trì', 'UBND tỉnh');
  unitId = await ensureUnit(server, 'Sở Nội vụ');
});
afterAll(async () => {
  sockets.forEach((s) => s.close());
  await server?.close();
});

async function meetingWith(n: number) {
  const people = await createPeopleFast(server, unitId, n);
  const slug = `quy-mo-${Math.random().toString(36).slice(2, 8)}`;
  const res = await server.operator.post('/api/meetings', {
    title: 'Hội nghị trực tuyến toàn ngành',
    startsAt: '2026-12-01T08:00:00+07:00',
    endsAt: '2027-12-01T11:00:00+07:00',
    chairId: chair.id,
    notStateSecret: true,
    emergency: true,
    inviteeIds: people.map((p) => p.id),
    slug,
    password: PASSWORD,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { slug, people };
}

/** A participant that reads without parsing (a cheap client): only its `joined` is looked for. */
async function joinQuietly(client: TestClient, slug: string): Promise<WebSocket> {
  const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/ws`, { headers: { cookie: client.cookie! } });
  await new Promise((resolve) => ws.once('open', resolve));
  const joined = new Promise<void>((resolve) => {
    const onMessage = (data: Buffer) => {
      if (!data.includes('"type":"joined"')) return;
      ws.off('message', onMessage);
      resolve();
    };
    ws.on('message', onMessage);
  });
  ws.send(JSON.stringify({ type: 'join', v: PROTOCOL_VERSION, slug, password: PASSWORD }));
  await joined;
  return ws;
}

async function join(client: TestClient, slug: string, options: { autoPong?: boolean } = {}) {
  const s = await TestSocket.open(server, client, undefined, options);
  sockets.push(s);
  s.send({ type: 'join', v: PROTOCOL_VERSION, slug, password: PASSWORD });
  await s.next('joined', () => true, 20_000);
  return s;
}

describe('signaling for many (issue 13)', () => {
  it('a burst of joins goes out coalesced, each change serialised once: the same bytes to everyone, far fewer frames than joins', async () => {
    const { slug, people } = await meetingWith(150);
    const c = await join(chair.client, slug);
    const witness = await join(people[0]!.client, slug);
    const framesBefore = c.raw.length;
    await Promise.all(people.slice(1).map((p) => join(p.client, slug)));
    await c.rosterWhere((r) => r.length === 151, 20_000);
    await witness.rosterWhere((r) => r.length === 151, 20_000);
    const late = sockets.at(-1)!;
    await late.rosterWhere((r) => r.length === 151, 20_000);
    // 149 joins, a handful of frames: changes in a burst share frames (and a frame carries many joins).
    const eventFrames = c.raw.slice(framesBefore).filter((f) => f.includes('"type":"events"'));
    expect(eventFrames.length).toBeLessThan(149);
    expect(eventFrames.length).toBeGreaterThan(0);
    // The chair and the witness were sent the very same bytes for what everyone sees.
    const shared = (s: TestSocket) => s.raw.filter((f) => f.includes('"kind":"participant"') && f.includes('"type":"events"'));
    const common = shared(witness).filter((f) => shared(c).includes(f));
    expect(common.length).toBeGreaterThan(0);
    expect(common.length).toBe(shared(witness).length);
  }, 60_000);

  it('a client that falls behind skips the backlog of changes and gets a snapshot; nobody waits for it and it is not closed', async () => {
    const { slug, people } = await meetingWith(4);
    const c = await join(chair.client, slug);
    const fast = await join(people[0]!.client, slug);
    const talkers = await Promise.all(people.slice(2).map((p) => joinQuietly(p.client, slug)));
    // The slow client stops reading at once, before even its `joined`: its socket buffers stay small.
    const slow = await TestSocket.open(server, people[1]!.client);
    sockets.push(slow);
    const socket = (slow.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    slow.send({ type: 'join', v: PROTOCOL_VERSION, slug, password: PASSWORD });
    socket.pause();
    await c.rosterWhere((r) => r.length === 5);
    // The talkers fill the meeting's chat (frames nothing replaces) past what the kernel's socket buffers hold, and
    // keep changing their roster lines (changes, which a snapshot replaces).
    const speech = 'Báo cáo tình hình thực hiện nhiệm vụ phát triển kinh tế - xã hội. '.repeat(40).slice(0, 1990);
    const rounds = 50;
    for (let round = 0; round < rounds; round++) {
      talkers.forEach((ws, i) => {
        for (let k = 0; k < 20; k++) ws.send(JSON.stringify({ type: 'chat', channel: 'meeting', text: `${round}.${k} ${speech}` }));
        ws.send(JSON.stringify({ type: 'set_attendees', attendees: `Phòng họp ${i}, lượt ${round}` }));
      });
      await new Promise((r) => setTimeout(r, 30));
    }
    // Meanwhile the others are served at once: a lock reaches the fast client while the slow one is stuck.
    const t0 = Date.now();
    c.send({ type: 'lock', locked: true });
    await fast.stateWhere((s) => s.locked, 5_000);
    const fastMs = Date.now() - t0;
    // It reads again well within the heartbeat's patience (LIVE_DEAD_AFTER_S): slow, not gone.
    socket.resume();
    const last = `lượt ${rounds - 1}`;
    await c.until((v) => v.roster.filter((p) => p.attendees.endsWith(last)).length === talkers.length, 20_000);
    // It catches up through a snapshot instead of the backlog of changes, and sees what everyone sees; no chat lost.
    await slow.next('snapshot', () => true, 30_000);
    await slow.until((v) => v.state?.locked === true && v.roster.filter((p) => p.attendees.endsWith(last)).length === talkers.length, 20_000);
    expect(slow.view.roster.map((p) => [p.id, p.attendees])).toEqual(c.view.roster.map((p) => [p.id, p.attendees]));
    const changesOf = (s: TestSocket) => s.log.filter((m) => m.type === 'events' && m.events.some((e) => e.kind === 'participant' && e.participant.attendees.includes('lượt'))).length;
    expect(changesOf(slow)).toBeLessThan(changesOf(c)); // the changes while it was behind were skipped, not queued
    await expect.poll(() => slow.log.filter((m) => m.type === 'chat').length, { timeout: 20_000 }).toBe(talkers.length * rounds * 20);
    expect(slow.closed).toBe(false);
    expect(fastMs).toBeLessThan(5_000);
    talkers.forEach((ws) => ws.close());
  }, 90_000);

  it('a client that floods is slowed with a clear error; its connection stays and the others feel nothing', async () => {
    const { slug, people } = await meetingWith(3);
    const c = await join(chair.client, slug);
    const flooder = await join(people[0]!.client, slug);
    const other = await join(people[1]!.client, slug);
    const stats = { type: 'stats', sendKbps: 500, receiveKbps: 900, lossPercent: 0, jitterMs: 3, rttMs: 20 };
    for (let i = 0; i < 6000; i++) flooder.send(stats);
    const error = await flooder.next('error', (e) => e.id === 'message_rate_limited', 5_000);
    expect(error.message).not.toBe('');
    c.send({ type: 'lock', locked: true });
    await other.stateWhere((s) => s.locked, 3_000);
    expect(flooder.closed).toBe(false);
    // After the pause it is heard again.
    await new Promise((r) => setTimeout(r, 2_500));
    flooder.send({ type: 'request_floor', topic: 'Sau khi chờ' });
    await c.stateWhere((s) => s.queue.some((q) => q.participantId === flooder.view.participantId), 5_000);
  }, 30_000);

  it('only a client that stops answering is ended: its presence is shown lost and kept to be taken back', async () => {
    const { slug, people } = await meetingWith(2);
    const c = await join(chair.client, slug);
    const silent = await join(people[0]!.client, slug, { autoPong: false });
    const answering = await join(people[1]!.client, slug);
    const silentId = silent.view.participantId!;
    await expect.poll(() => silent.closed, { timeout: 15_000 }).toBe(true);
    expect(silent.closeCode).toBe(1006);
    await c.rosterWhere((r) => r.find((p) => p.id === silentId)?.connection === 'lost');
    expect(answering.closed).toBe(false);
    expect(c.view.roster.find((p) => p.userId === people[1]!.id)?.connection).toBe('online');
  }, 30_000);
});
