/**
 * R3.6 recordings, with a fake converter standing in for janus-pp-rec and ffmpeg (the real tools run in
 * e2e/recording.test.ts): Janus's files become one row per participant, the queue converts one at a time, retries
 * a failure and then reports it (log at error level, status and reason in the API), resumes after a restart.
 * The files stream with Range support to those who may see the meeting's records, and every opening is audited.
 */
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordOpeningView, RecordingView } from '../../shared/api';
import { MeetingRepository } from '../meetings/meeting.repository';
import type { MeetingService } from '../meetings/meeting.service';
import type { RecordingConverter } from '../recordings/recording-converter';
import { RecordingRepository } from '../recordings/recording.repository';
import { RecordingService } from '../recordings/recording.service';
import { createUser, ensureUnit, startTestServer, type TestClient, type TestServer } from './support';

let server: TestServer;
let chair: Awaited<ReturnType<typeof createUser>>;
let delegate: Awaited<ReturnType<typeof createUser>>;
let outsiderOrganiser: Awaited<ReturnType<typeof createUser>>;
let recordingsDir: string;

beforeAll(async () => {
  server = await startTestServer();
  recordingsDir = path.join(server.dataDir, 'recordings');
  await ensureUnit(server, 'UBND tỉnh Đắk Nông');
  chair = await createUser(server, 'Nguyễn Bốn', 'UBND tỉnh Đắk Nông');
  delegate = await createUser(server, 'Trần Văn Năm', 'Sở Tài chính');
  outsiderOrganiser = await createUser(server, 'Lê Văn Khác', 'UBND tỉnh Lâm Đồng', { role: 'organiser' });
}, 90_000);
afterAll(async () => {
  await server?.close();
});

async function newMeeting(): Promise<string> {
  const res = await server.operator.post('/api/meetings', {
    title: 'Họp có ghi hình',
    startsAt: '2026-12-01T08:00:00+07:00',
    endsAt: '2026-12-01T11:00:00+07:00',
    hostUnitId: await ensureUnit(server, 'UBND tỉnh Đắk Nông'),
    chairId: chair.id,
    notStateSecret: true,
    emergency: true,
    inviteeIds: [delegate.id, outsiderOrganiser.id],
    slug: `ghi-${Math.random().toString(36).slice(2, 8)}`,
    password: 'mat-khau-1',
  });
  expect(res.status).toBe(201);
  return res.body.meeting.id;
}

/** Janus stamps its files with its wall clock in µs. */
let clock = (Date.now() - 3600_000) * 1000;
/** A raw file as Janus names it; `empty`: the recorder never saw a packet (only the 8-byte magic). */
function janusFile(meetingId: string, feed: string, kind: 'audio' | 'video', index: number, empty = false, ts = (clock += 1000)): string {
  const dir = path.join(recordingsDir, meetingId);
  fs.mkdirSync(dir, { recursive: true });
  const name = `videoroom-${meetingId}-a1b2c3d4-user-${feed}-${ts}-${kind}-${index}.mjr`;
  fs.writeFileSync(path.join(dir, name), empty ? 'MJR00002' : Buffer.concat([Buffer.from('MJR00002'), Buffer.alloc(500, 1)]));
  return `${meetingId}/${name}`;
}

interface LogLine {
  level: number;
  msg: string;
  err?: string;
  recordingId?: string;
}

/** A queue of its own on the test server's database, with a fake converter and a log we can read. */
function queue(converter: RecordingConverter, opts: { retryDelaysMs?: number[] } = {}) {
  const lines: LogLine[] = [];
  const logger = pino({ level: 'debug' }, { write: (s: string) => lines.push(JSON.parse(s) as LogLine) });
  const repo = new RecordingRepository(server.app.database.db);
  const service = new RecordingService(repo, {} as MeetingService, server.app.audit, converter, logger, {
    recordingsDir,
    retryDelaysMs: opts.retryDelaysMs ?? [100, 200],
    settleMs: 0,
  });
  return { service, repo, lines };
}

/** Writes a small "webm" and says it lasts 5 s; notes how many conversions ran at once. */
function fakeConverter(behaviour: (call: number) => void = () => undefined) {
  const state = { calls: 0, running: 0, maxRunning: 0, sources: [] as string[][] };
  const converter: RecordingConverter = {
    async convert(sources, output) {
      state.calls += 1;
      state.running += 1;
      state.maxRunning = Math.max(state.maxRunning, state.running);
      state.sources.push(sources);
      try {
        await new Promise((r) => setTimeout(r, 30));
        behaviour(state.calls);
        fs.writeFileSync(output, Buffer.from(Array.from({ length: 4096 }, (_, i) => i % 256)));
        return { durationMs: 5000 };
      } finally {
        state.running -= 1;
      }
    },
  };
  return { converter, state };
}

const byLabel = (a: unknown[], b: unknown[]) => String(a[0]).localeCompare(String(b[0]));
const listOf = async (client: TestClient, meetingId: string) => (await client.get(`/api/meetings/${meetingId}/recordings`)).body.recordings as RecordingView[];
const get = (client: TestClient | null, url: string, headers: Record<string, string> = {}) =>
  fetch(server.url + url, { headers: { ...(client?.cookie ? { cookie: client.cookie } : {}), ...headers } });

describe('recordings (R3.6)', () => {
  it('R3.6 one playable file per participant (a shared screen apart); the queue converts one at a time', async () => {
    const meetingId = await newMeeting();
    const p1 = crypto.randomUUID();
    const p2 = crypto.randomUUID();
    janusFile(meetingId, p1, 'audio', 0, true); // a delegate without the floor: muted in Janus, nothing recorded
    const p1Video = janusFile(meetingId, p1, 'video', 1);
    const p2Audio = janusFile(meetingId, p2, 'audio', 0);
    const p2Video = janusFile(meetingId, p2, 'video', 1);
    janusFile(meetingId, `${p1}:screen`, 'video', 0);
    // The chair started recording again at once: Janus's new files, begun after the stop, wait for the next stop.
    const nextStartUs = (Date.now() + 1500) * 1000;
    const nextAudio = janusFile(meetingId, p2, 'audio', 0, false, nextStartUs);
    const nextVideo = janusFile(meetingId, p2, 'video', 1, false, nextStartUs + 500);
    const { converter, state } = fakeConverter();
    const { service } = queue(converter);
    const feeds = new Map([
      [p1, { userId: delegate.id, label: 'Trần Văn Năm' }],
      [`${p1}:screen`, { userId: delegate.id, label: 'Trần Văn Năm (màn hình)' }],
      [p2, { userId: chair.id, label: 'Nguyễn Bốn' }],
    ]);
    service.recordingStopped(meetingId, path.join(recordingsDir, meetingId), feeds);
    await service.idle();

    expect(state.maxRunning).toBe(1);
    expect(state.calls).toBe(3);
    const list = await listOf(chair.client, meetingId);
    expect(list.map((r) => [r.label, r.status, r.durationMs, r.attempts]).sort(byLabel)).toEqual([
      ['Nguyễn Bốn', 'ready', 5000, 1],
      ['Trần Văn Năm', 'ready', 5000, 1],
      ['Trần Văn Năm (màn hình)', 'ready', 5000, 1],
    ]);
    const calls = state.sources.map((s) => s.map((f) => path.relative(recordingsDir, f)));
    expect(calls.find((c) => c.includes(p1Video))).toEqual([p1Video]);
    expect(calls.find((c) => c.includes(p2Audio))).toEqual([p2Audio, p2Video]);
    expect(calls.find((c) => c.some((f) => f.includes(':screen')))).toHaveLength(1);
    // nothing about files on disk leaves the server
    expect(JSON.stringify(list)).not.toContain('.mjr');
    expect(list.every((r) => r.fileUrl === `/api/recordings/${r.id}/file`)).toBe(true);

    // Recording stopped again: only the new files make a new row.
    await new Promise((r) => setTimeout(r, Math.max(0, nextStartUs / 1000 - Date.now() + 50)));
    service.recordingStopped(meetingId, path.join(recordingsDir, meetingId), feeds);
    await service.idle();
    expect((await listOf(chair.client, meetingId)).filter((r) => r.label === 'Nguyễn Bốn')).toHaveLength(2);
    expect(state.calls).toBe(4);
    expect(state.sources[3]!.map((f) => path.relative(recordingsDir, f))).toEqual([nextAudio, nextVideo]);
  });

  it('R3.6 the file streams with Range support to those allowed, every opening audited; others are refused', async () => {
    const meetingId = await newMeeting();
    const feed = crypto.randomUUID();
    janusFile(meetingId, feed, 'video', 1);
    const { converter } = fakeConverter();
    const { service } = queue(converter);
    service.recordingStopped(meetingId, path.join(recordingsDir, meetingId), new Map([[feed, { userId: chair.id, label: 'Nguyễn Bốn' }]]));
    await service.idle();
    const [rec] = await listOf(server.operator, meetingId);
    const url = rec!.fileUrl!;

    const whole = await get(chair.client, url);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('video/webm');
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect((await whole.arrayBuffer()).byteLength).toBe(4096);
    const part = await get(chair.client, url, { range: 'bytes=100-199' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 100-199/4096');
    const bytes = new Uint8Array(await part.arrayBuffer());
    expect(bytes.length).toBe(100);
    expect(bytes[0]).toBe(100);
    const beyond = await get(chair.client, url, { range: 'bytes=5000-' });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe('bytes */4096');

    // the operator opens it too
    expect((await get(server.operator, url, { range: 'bytes=0-' })).status).toBe(206);

    // Refused, from the refused side: an invited delegate, another province's organiser, someone signed out.
    for (const refused of [delegate.client, outsiderOrganiser.client]) {
      const list = await refused.get(`/api/meetings/${meetingId}/recordings`);
      expect(list.status).toBe(403);
      expect(list.body.error.id).toBe('forbidden');
      const file = await get(refused, url);
      expect(file.status).toBe(403);
      expect(file.headers.get('content-type')).not.toBe('video/webm');
      // nor may they see who opened them
      expect((await refused.get(`/api/meetings/${meetingId}/entries`)).status).toBe(403);
    }
    expect((await get(null, url)).status).toBe(401);
    expect((await chair.client.get('/api/recordings/00000000-0000-4000-8000-000000000000/file')).body.error.id).toBe('recording_not_found');

    // Who opened it (R6.4): the chair (its first request; the seek right after is the same opening) and the operator.
    const entries = await server.operator.get(`/api/meetings/${meetingId}/entries`);
    expect(entries.status).toBe(200);
    const opened = entries.body.opened as RecordOpeningView[];
    expect(opened).toHaveLength(2);
    expect(opened.filter((o) => o.person?.id === chair.id)).toHaveLength(1);
    expect(opened.every((o) => o.kind === 'recording' && o.itemId === rec!.id && o.label === 'Nguyễn Bốn')).toBe(true);
    const audit = await server.operator.get(`/api/audit?action=recording.opened&targetId=${meetingId}`);
    expect(audit.body.entries).toHaveLength(2);
    expect(audit.body.entries.some((e: { actor: { id: string } }) => e.actor.id === delegate.id)).toBe(false);

    // A later opening from the start is a new opening.
    await new Promise((r) => setTimeout(r, 5_100));
    expect((await get(chair.client, url, { range: 'bytes=0-' })).status).toBe(206);
    const again = await server.operator.get(`/api/meetings/${meetingId}/entries`);
    expect((again.body.opened as RecordOpeningView[]).filter((o) => o.person?.id === chair.id)).toHaveLength(2);
  });

  it('R3.6 a failed conversion is retried, then marked failed with its reason, logged at error level and shown', async () => {
    const meetingId = await newMeeting();
    const feed = crypto.randomUUID();
    janusFile(meetingId, feed, 'audio', 0);
    const times: number[] = [];
    const { converter, state } = fakeConverter(() => {
      times.push(Date.now());
      throw new Error('janus-pp-rec failed (1): Invalid header');
    });
    const { service, lines } = queue(converter, { retryDelaysMs: [150, 300] });
    service.recordingStopped(meetingId, path.join(recordingsDir, meetingId), new Map([[feed, { userId: delegate.id, label: 'Trần Văn Năm' }]]));
    await service.idle();

    expect(state.calls).toBe(3);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(140);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(290);
    const [rec] = await listOf(chair.client, meetingId);
    expect(rec).toMatchObject({ status: 'failed', attempts: 3, error: 'janus-pp-rec failed (1): Invalid header', fileUrl: null, durationMs: null });
    const errors = lines.filter((l) => l.level >= 50);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ msg: 'recording conversion failed for good', err: 'janus-pp-rec failed (1): Invalid header', recordingId: rec!.id });
    expect(lines.filter((l) => l.level === 40 && l.msg.includes('will retry'))).toHaveLength(2);
    const file = await chair.client.get(rec!.fileUrl ?? `/api/recordings/${rec!.id}/file`);
    expect(file.status).toBe(409);
    expect(file.body.error.id).toBe('recording_not_ready');
  });

  it('R3.6 a conversion that fails once succeeds on the retry', async () => {
    const meetingId = await newMeeting();
    const feed = crypto.randomUUID();
    janusFile(meetingId, feed, 'video', 1);
    const { converter } = fakeConverter((call) => {
      if (call === 1) throw new Error('ffmpeg failed (1): Resource temporarily unavailable');
    });
    const { service, lines } = queue(converter, { retryDelaysMs: [50] });
    service.recordingStopped(meetingId, path.join(recordingsDir, meetingId), new Map([[feed, { userId: chair.id, label: 'Nguyễn Bốn' }]]));
    await service.idle();
    const [rec] = await listOf(chair.client, meetingId);
    expect(rec).toMatchObject({ status: 'ready', attempts: 2, error: null, durationMs: 5000 });
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
  });

  it('R3.6 on start, conversions left pending or half-done are resumed, and files of a recording cut short are collected', async () => {
    const meetingId = await newMeeting();
    const { repo } = queue(fakeConverter().converter);
    const [waiting, halfDone] = await repo.insertMany([
      { meetingId, userId: chair.id, label: 'Nguyễn Bốn', sources: [janusFile(meetingId, crypto.randomUUID(), 'audio', 0)] },
      { meetingId, userId: delegate.id, label: 'Trần Văn Năm', sources: [janusFile(meetingId, crypto.randomUUID(), 'video', 1)] },
    ]);
    await repo.update(halfDone!.id, { status: 'converting', attempts: 1 });
    // The server stopped while recording: Janus's files are there, no row took them, the live labels are gone.
    const cutShort = crypto.randomUUID();
    await new MeetingRepository(server.app.database.db).logEvent(meetingId, 'joined', delegate.id, { participantId: cutShort, role: 'delegate', endpointId: null });
    janusFile(meetingId, cutShort, 'audio', 0);
    janusFile(meetingId, cutShort, 'video', 1);
    janusFile(meetingId, `${cutShort}:screen`, 'video', 0);

    const { converter, state } = fakeConverter();
    const { service } = queue(converter);
    await service.start();
    await service.idle();
    const list = await listOf(chair.client, meetingId);
    expect(list.find((r) => r.id === waiting!.id)).toMatchObject({ status: 'ready', attempts: 1 });
    expect(list.find((r) => r.id === halfDone!.id)).toMatchObject({ status: 'ready', attempts: 2 });
    const collected = list.filter((r) => r.id !== waiting!.id && r.id !== halfDone!.id);
    expect(collected.map((r) => [r.label, r.userId, r.status]).sort(byLabel)).toEqual([
      ['Trần Văn Năm', delegate.id, 'ready'],
      ['Trần Văn Năm (màn hình)', delegate.id, 'ready'],
    ]);
    expect(state.maxRunning).toBe(1);
    await service.stop();
  });

  it('R3.6 a conversion cut by a shutdown goes back to pending without using up an attempt', async () => {
    const meetingId = await newMeeting();
    const feed = crypto.randomUUID();
    janusFile(meetingId, feed, 'video', 1);
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    const converter: RecordingConverter = {
      convert: (_sources, _output, signal) =>
        new Promise((_, reject) => {
          started();
          signal?.addEventListener('abort', () => reject(signal.reason as Error));
        }),
    };
    const { service } = queue(converter);
    service.recordingStopped(meetingId, path.join(recordingsDir, meetingId), new Map([[feed, { userId: chair.id, label: 'Nguyễn Bốn' }]]));
    await running;
    expect((await listOf(chair.client, meetingId))[0]).toMatchObject({ status: 'converting', attempts: 1 });
    await service.stop();
    expect((await listOf(chair.client, meetingId))[0]).toMatchObject({ status: 'pending', attempts: 0 });
  });
});
