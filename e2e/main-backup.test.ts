/**
 * Main and backup (issue 13, point 6; R7.2, M11.2a): two GiaoBan instances, each with its own Janus, share one
 * PostgreSQL and reach each other over NATS; HAProxy (Debian's, started here) sits in front. Three people in
 * Chromium and simulated delegates meet through the proxy — their connections land on either instance — in a
 * meeting owned by the main instance, with the floor granted and three requests queued. The main instance's server
 * and its Janus are killed with SIGKILL: the backup takes the meeting over when its lease runs out, opens the room on
 * its own Janus, and everyone's media comes back; the roster, the floor and the queue are kept.
 *
 * Needs PostgreSQL (two instances cannot share the embedded PGlite): runs in the PostgreSQL pass of `.ci/run`.
 * Timings are printed; the test asserts what people would see and hear.
 */
import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../shared/protocol';
import { startHaproxy, startNats, type Started } from '../server/test/cluster';
import { ServerProcess } from '../server/test/server-process';
import { createUser, TestClient, TestSocket } from '../server/test/support';
import { enterMeeting, launchChromium, meetingStateOn, newParticipantPage, participantIdOn, receivedFrom, roomStateOn } from './browser';

type Person = Awaited<ReturnType<typeof createUser>>;
const PASSWORD = 'hop-hai-may-chu';

let nats: Started;
let proxy: Started;
let main: ServerProcess;
let backup: ServerProcess;
let browser: Browser;
let operator: TestClient;


/** Which instance owns the meeting, read from the shared database. */
async function ownerOf(meetingId: string): Promise<string | null> {
  const db = new pg.Client({ connectionString: process.env.DATABASE_URL, options: `-c search_path="${main.env.DATABASE_SCHEMA}"` });
  await db.connect();
  try {
    const { rows } = await db.query('SELECT owner_instance FROM live_meetings WHERE meeting_id = $1', [meetingId]);
    return (rows[0]?.owner_instance as string | undefined) ?? null;
  } finally {
    await db.end();
  }
}

describe.runIf(process.env.DATABASE_URL)('main and backup instances (R7.2)', () => {
  beforeAll(async () => {
    nats = await startNats();
    const shared = { BUS_URL: nats.url, SECRETS_KEY: randomBytes(32).toString('base64'), LIVE_LEASE_MS: '2000', LIVE_RESUME_GRACE_S: '60', TRUST_PROXY: '127.0.0.1' };
    main = await ServerProcess.create({ name: 'main', env: { ...shared, INSTANCE_ID: 'main' } });
    await main.start();
    backup = await ServerProcess.create({ name: 'backup', env: { ...shared, INSTANCE_ID: 'backup', DATABASE_SCHEMA: main.env.DATABASE_SCHEMA! } });
    await backup.start();
    proxy = await startHaproxy([
      { name: 'main', url: main.url },
      { name: 'backup', url: backup.url },
    ]);
    operator = new TestClient(proxy.url);
    await operator.signIn('admin@giaoban.local', main.initialOperatorPassword!, 'Operator-password-1');
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await proxy?.stop();
    await backup?.dispose();
    await main?.dispose();
    await nats?.stop();
  });

  it('the main instance and its Janus die: the backup takes the meeting over; media comes back, roster, floor and queue are kept', async () => {
    const server = { url: proxy.url, operator };
    const chair = await createUser(server, 'Nguyễn Văn Chủ Trì', 'UBND tỉnh');
    const speaker = await createUser(server, 'Trần Thị Phát Biểu', 'Sở Tài chính');
    const listener = await createUser(server, 'Lê Văn Nghe', 'Sở Nội vụ');
    const opener = await createUser(server, 'Đỗ Văn Mở', 'Văn phòng UBND tỉnh');
    const queued = [await createUser(server, 'Phạm Văn Một', 'Sở Y tế'), await createUser(server, 'Hoàng Thị Hai', 'Sở Xây dựng'), await createUser(server, 'Vũ Văn Ba', 'Sở Công Thương')];
    const slug = `hai-may-chu-${Date.now().toString(36)}`;
    const booked = await operator.post('/api/meetings', {
      title: 'Giao ban điện tử — máy chủ chính và dự phòng',
      startsAt: '2026-11-23T08:00:00+07:00',
      endsAt: '2026-12-31T17:00:00+07:00',
      chairId: chair.id,
      notStateSecret: true,
      emergency: true,
      inviteeIds: [speaker.id, listener.id, opener.id, ...queued.map((q) => q.id)],
      speakingSeconds: 600,
      slug,
      password: PASSWORD,
    });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    const meetingId = booked.body.meeting.id as string;

    // The first to enter does so on the main instance, which takes the meeting.
    const sims: { person: Person; socket: TestSocket; resumeToken: string; participantId: string }[] = [];
    const enterSim = async (person: Person, url: string) => {
      const socket = await TestSocket.open({ url }, person.client);
      socket.send({ type: 'join', v: PROTOCOL_VERSION, slug, password: PASSWORD });
      const joined = await socket.next('joined', () => true, 15_000);
      const sim = { person, socket, resumeToken: joined.resumeToken, participantId: joined.participantId };
      sims.push(sim);
      return sim;
    };
    await enterSim(opener, main.url);
    expect(await ownerOf(meetingId)).toBe('main');

    // Everyone else comes through the proxy: their connections land on either instance.
    const pageOf = async (person: Person) => {
      const { page } = await newParticipantPage(browser, proxy.url);
      await enterMeeting(page, slug, person, PASSWORD);
      return page;
    };
    const chairPage = await pageOf(chair);
    const speakerPage = await pageOf(speaker);
    const listenerPage = await pageOf(listener);
    const speakerId = (await participantIdOn(speakerPage))!;
    for (const person of queued) {
      const sim = await enterSim(person, proxy.url);
      sim.socket.send({ type: 'request_floor', topic: `Ý kiến của ${person.unit}` });
      await sim.socket.stateWhere((s) => s.queue.length === 1);
    }
    await chairPage.locator(`[data-testid="roster-item"][data-participant-id="${speakerId}"] [data-testid="give-floor"]`).click();
    await expect.poll(async () => (await meetingStateOn(chairPage))?.floor?.participantId, { timeout: 10_000 }).toBe(speakerId);
    await expect.poll(async () => (await meetingStateOn(chairPage))?.queue.length, { timeout: 10_000 }).toBe(3);
    await expect.poll(async () => (await receivedFrom(listenerPage, speakerId)).frames, { timeout: 20_000 }).toBeGreaterThan(0);
    await expect.poll(async () => (await receivedFrom(listenerPage, speakerId)).audioBytes, { timeout: 20_000 }).toBeGreaterThan(0);
    const before = (await meetingStateOn(chairPage))!;

    // The main instance's server and Janus die at once.
    const mainJanus = main.janus().pid;
    const killedAt = Date.now();
    process.kill(mainJanus, 'SIGKILL');
    await main.kill('SIGKILL');

    // Media back: the listener decodes the speaker's video and receives their audio again.
    let last = await receivedFrom(listenerPage, speakerId);
    let mediaBackAt = 0;
    let audioBackAt = 0;
    const deadline = Date.now() + 60_000;
    await new Promise((r) => setTimeout(r, 300));
    while ((!mediaBackAt || !audioBackAt) && Date.now() < deadline) {
      const now = await receivedFrom(listenerPage, speakerId);
      if (!mediaBackAt && now.frames > last.frames && (await roomStateOn(listenerPage)) === 'joined' && Date.now() - killedAt > 500) mediaBackAt = Date.now();
      if (!audioBackAt && now.audioBytes > last.audioBytes && Date.now() - killedAt > 500) audioBackAt = Date.now();
      last = now;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(mediaBackAt, 'the speaker’s video came back at the listener').toBeGreaterThan(0);
    expect(audioBackAt, 'the speaker’s audio came back at the listener').toBeGreaterThan(0);

    // Simulated delegates come back as a browser does, through the proxy with their resume tokens.
    for (const sim of sims.filter((s) => s.socket.closed)) {
      sim.socket = await TestSocket.open({ url: proxy.url }, sim.person.client);
      sim.socket.send({ type: 'join', v: PROTOCOL_VERSION, slug, password: '', resume: sim.resumeToken });
      expect(await sim.socket.next('joined', () => true, 20_000)).toMatchObject({ resumed: true, participantId: sim.participantId });
    }
    for (const page of [chairPage, speakerPage, listenerPage]) await expect.poll(() => roomStateOn(page), { timeout: 20_000 }).toBe('joined');
    const everyoneBackMs = Date.now() - killedAt;

    expect(await ownerOf(meetingId)).toBe('backup');
    await expect.poll(async () => chairPage.locator('[data-testid="roster-item"][data-connection="online"]').count(), { timeout: 15_000 }).toBe(7);
    const after = (await meetingStateOn(chairPage))!;
    expect(after.floor).toEqual(before.floor);
    expect(after.queue.map((r) => [r.id, r.speaker])).toEqual(before.queue.map((r) => [r.id, r.speaker]));
    expect(await participantIdOn(speakerPage)).toBe(speakerId);
    process.stdout.write(`main and backup: video back at the listener ${mediaBackAt - killedAt} ms after the main instance died, audio ${audioBackAt - killedAt} ms; everyone back in the room after ${everyoneBackMs} ms\n`);
    for (const sim of sims) sim.socket.close();
  }, 240_000);
});
