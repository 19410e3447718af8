/**
 * A restart loses nothing (issue 13, point 5; R7.2): the server is killed with SIGKILL in the middle of a meeting —
 * the floor granted, three requests in the queue — and started again. Janus was not touched: it is adopted, its
 * session claimed back, and its rooms taken over. Three people in Chromium (chair, speaker, listener) and three
 * simulated delegates come back into the same presences; the floor holder keeps the floor with the time that was
 * left; the queue keeps its order; and the listener's audio and video from the speaker never stop.
 *
 * Timings are printed, not asserted (bench/ holds the targets); the test asserts what people would see and hear.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../shared/protocol';
import { createUser, TestClient, TestSocket } from '../server/test/support';
import { ServerProcess } from '../server/test/server-process';
import { enterMeeting, launchChromium, meetingStateOn, newParticipantPage, participantIdOn, receivedFrom, roomStateOn } from './browser';

type Person = Awaited<ReturnType<typeof createUser>>;
const PASSWORD = 'hop-khong-gian-doan';

let srv: ServerProcess;
let browser: Browser;
let operator: TestClient;

beforeAll(async () => {
  srv = await ServerProcess.create({ env: { LIVE_RESUME_GRACE_S: '60' } });
  await srv.start();
  operator = new TestClient(srv.url);
  await operator.signIn('admin@giaoban.local', srv.initialOperatorPassword!, 'Operator-password-1');
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await srv?.dispose();
});


async function signedInPage(person: Person): Promise<Page> {
  const { page } = await newParticipantPage(browser, srv.url);
  await enterMeeting(page, slug, person, PASSWORD);
  return page;
}

let slug = '';

describe('a restart loses nothing (R7.2)', () => {
  it('SIGKILL mid-meeting: everyone comes back into the room, the floor and the queue are kept, media never stops', async () => {
    const server = { url: srv.url, operator };
    const chair = await createUser(server, 'Nguyễn Văn Chủ Trì', 'UBND tỉnh');
    const speaker = await createUser(server, 'Trần Thị Phát Biểu', 'Sở Tài chính');
    const listener = await createUser(server, 'Lê Văn Nghe', 'Sở Nội vụ');
    const queued = [await createUser(server, 'Phạm Văn Một', 'Sở Y tế'), await createUser(server, 'Hoàng Thị Hai', 'Sở Xây dựng'), await createUser(server, 'Vũ Văn Ba', 'Sở Công Thương')];
    slug = `khoi-dong-lai-${Date.now().toString(36)}`;
    const booked = await operator.post('/api/meetings', {
      title: 'Giao ban điện tử — khởi động lại máy chủ',
      startsAt: '2026-11-23T08:00:00+07:00',
      endsAt: '2026-12-31T17:00:00+07:00',
      chairId: chair.id,
      notStateSecret: true,
      emergency: true,
      inviteeIds: [speaker.id, listener.id, ...queued.map((q) => q.id)],
      speakingSeconds: 600,
      slug,
      password: PASSWORD,
    });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    const meetingId = booked.body.meeting.id as string;

    const chairPage = await signedInPage(chair);
    const speakerPage = await signedInPage(speaker);
    const listenerPage = await signedInPage(listener);
    const speakerId = (await participantIdOn(speakerPage))!;

    // Three delegates (simulated, as a browser's signaling would be) ask for the floor in order.
    const sims: { person: Person; socket: TestSocket; resumeToken: string; participantId: string }[] = [];
    for (const person of queued) {
      const socket = await TestSocket.open({ url: srv.url } as never, person.client);
      socket.send({ type: 'join', v: PROTOCOL_VERSION, slug, password: PASSWORD });
      const joined = await socket.next('joined');
      socket.send({ type: 'request_floor', topic: `Ý kiến của ${person.unit}` });
      await socket.stateWhere((s) => s.queue.length === 1);
      sims.push({ person, socket, resumeToken: joined.resumeToken, participantId: joined.participantId });
    }

    // The chair gives the floor to the speaker from the roster.
    await chairPage.locator(`[data-testid="roster-item"][data-participant-id="${speakerId}"] [data-testid="give-floor"]`).click();
    await expect.poll(async () => (await meetingStateOn(chairPage))?.floor?.participantId, { timeout: 10_000 }).toBe(speakerId);
    await expect.poll(async () => (await meetingStateOn(chairPage))?.queue.length).toBe(3);
    const before = (await meetingStateOn(chairPage))!;
    // The listener hears and sees the speaker.
    await expect.poll(async () => (await receivedFrom(listenerPage, speakerId)).audioBytes, { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(async () => (await receivedFrom(listenerPage, speakerId)).frames, { timeout: 15_000 }).toBeGreaterThan(0);

    // Sample what the listener receives every 250 ms, through the outage and after.
    const samples: { at: number; audioBytes: number; frames: number }[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        samples.push({ at: Date.now(), ...(await receivedFrom(listenerPage, speakerId)) });
        await new Promise((r) => setTimeout(r, 250));
      }
    })();
    await new Promise((r) => setTimeout(r, 1000));

    const killedAt = Date.now();
    await srv.kill('SIGKILL');
    for (const sim of sims) await expect.poll(() => sim.socket.closed).toBe(true);
    await expect.poll(() => roomStateOn(chairPage)).toBe('reconnecting');
    await new Promise((r) => setTimeout(r, 1500)); // down for a while; media keeps flowing through Janus

    const restartedAt = Date.now();
    const httpMs = await srv.start();
    const upAt = Date.now();
    // The simulated delegates come back as a browser does: the same presence through the resume token.
    for (const sim of sims) {
      sim.socket = await TestSocket.open({ url: srv.url } as never, sim.person.client);
      sim.socket.send({ type: 'join', v: PROTOCOL_VERSION, slug, password: '', resume: sim.resumeToken });
      const joined = await sim.socket.next('joined', () => true, 15_000);
      expect(joined).toMatchObject({ resumed: true, participantId: sim.participantId });
    }
    for (const page of [chairPage, speakerPage, listenerPage]) await expect.poll(() => roomStateOn(page), { timeout: 20_000 }).toBe('joined');
    const backMs = Date.now() - upAt;
    await new Promise((r) => setTimeout(r, 1500));
    sampling = false;
    await sampler;

    // The same presences, all online; the floor with the time that was left; the queue in its order.
    await expect.poll(async () => (await chairPage.locator('[data-testid="roster-item"][data-connection="online"]').count()), { timeout: 10_000 }).toBe(6);
    const after = (await meetingStateOn(chairPage))!;
    expect(after.floor).toEqual(before.floor);
    expect(after.queue.map((r) => [r.id, r.speaker])).toEqual(before.queue.map((r) => [r.id, r.speaker]));
    expect(await participantIdOn(speakerPage)).toBe(speakerId);
    // Janus kept the speaker audible: the floor holder is still the one who is heard.
    expect((await meetingStateOn(listenerPage))!.floor?.participantId).toBe(speakerId);

    // Audio and video never stopped: the counters of the same PeerConnection kept growing, with no gap over 1 s.
    const outage = samples.filter((s) => s.at >= killedAt - 500);
    for (let i = 1; i < outage.length; i++) {
      expect(outage[i]!.audioBytes).toBeGreaterThanOrEqual(outage[i - 1]!.audioBytes);
      expect(outage[i]!.frames).toBeGreaterThanOrEqual(outage[i - 1]!.frames);
    }
    const longestStall = (key: 'audioBytes' | 'frames') => {
      let stall = 0;
      let since = outage[0]!.at;
      for (let i = 1; i < outage.length; i++) {
        if (outage[i]![key] > outage[i - 1]![key]) since = outage[i]!.at;
        else stall = Math.max(stall, outage[i]!.at - since);
      }
      return stall;
    };
    expect(longestStall('audioBytes')).toBeLessThan(1000);
    expect(longestStall('frames')).toBeLessThan(1000);

    // The meeting log shows one service interruption and the returns — nobody left.
    const log = await operator.get(`/api/meetings/${meetingId}/attendance`);
    expect(log.status).toBe(200);
    const lines = log.body.lines as { name: string; leftEarly: boolean; lastLeave: string | null; entries: number }[];
    expect(lines).toHaveLength(6);
    for (const line of lines) expect(line).toMatchObject({ leftEarly: false, lastLeave: null, entries: 1 });
    process.stdout.write(
      `restart: down ${restartedAt - killedAt} ms; HTTP answered ${httpMs} ms after start; everyone back ${backMs} ms after that; ` +
        `longest stall at the listener: audio ${longestStall('audioBytes')} ms, video ${longestStall('frames')} ms\n`,
    );
    for (const sim of sims) sim.socket.close();
  }, 240_000);
});
