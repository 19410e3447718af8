/**
 * R3.6 for real: a delegate in Chromium publishes its fake camera and microphone into the meeting's Janus room;
 * the chair (over the signaling protocol) gives them the floor, records about 5 s and stops; Janus writes its
 * files, janus-pp-rec and ffmpeg turn them into a webm, and ffprobe confirms a playable file of about 5 s with
 * both audio and video. Then the chair opens the meeting’s records page in Chromium and the file plays there;
 * recording again and ending the meeting while it runs gives a second file.
 *
 * The delegate's page speaks the signaling protocol itself (a few lines below) rather than through the meeting
 * room's UI, which is being rebuilt: what matters here is that Janus records a real browser's stream.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { BrowserContext } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { RecordingView } from '../shared/api';
import { PROTOCOL_VERSION } from '../shared/protocol';
import { createUser, type TestClient } from '../server/test/support';
import { bookMeeting, browser, joinedSocket, server, useBrowserSuite } from './harness';

const run = promisify(execFile);

useBrowserSuite();

/** A browser context signed in as the account `client` is signed in as (same session cookie). */
async function contextAs(client: TestClient): Promise<BrowserContext> {
  const context = await browser.newContext({ permissions: ['camera', 'microphone'], locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  const [name, ...value] = client.cookie!.split('=');
  await context.addCookies([{ name: name!, value: value.join('='), url: server.url }]);
  return context;
}

/**
 * Runs in the delegate's page: join over /ws, publish camera and microphone, wait until the PeerConnection is up.
 * A string, so that no bundler helper leaks into the page.
 */
const publishInPage = (slug: string, password: string) => `(async () => {
  const ws = new WebSocket(location.origin.replace(/^http/, 'ws') + '/ws');
  const frames = [];
  const waiters = [];
  ws.onmessage = (e) => {
    const m = JSON.parse(e.data);
    const i = waiters.findIndex((w) => w.type === m.type);
    if (i >= 0) waiters.splice(i, 1)[0].resolve(m);
    else frames.push(m);
  };
  const next = (type) => new Promise((resolve) => {
    const i = frames.findIndex((f) => f.type === type);
    if (i >= 0) resolve(frames.splice(i, 1)[0]);
    else waiters.push({ type, resolve });
  });
  await new Promise((r) => (ws.onopen = r));
  ws.send(JSON.stringify({ type: 'join', v: ${PROTOCOL_VERSION}, slug: ${JSON.stringify(slug)}, password: ${JSON.stringify(password)} }));
  const joined = await next('joined');
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 360 } });
  const pc = new RTCPeerConnection();
  for (const track of stream.getTracks()) pc.addTrack(track, stream);
  pc.onicecandidate = (e) => ws.send(JSON.stringify({ type: 'trickle', peer: 'publisher', candidate: e.candidate ? e.candidate.toJSON() : null }));
  const offer = await pc.createOffer();
  await pc.setLocalDescription(offer);
  ws.send(JSON.stringify({ type: 'publish', jsep: { type: 'offer', sdp: offer.sdp }, source: 'camera' }));
  const answer = await next('publisher_answer');
  await pc.setRemoteDescription(answer.jsep);
  for (let i = 0; i < 100 && pc.connectionState !== 'connected'; i++) await new Promise((r) => setTimeout(r, 100));
  window.__publisher = { ws, pc };
  return { participantId: joined.participantId, state: pc.connectionState };
})()`;

const outboundBytes = `(async () => {
  const out = {};
  (await window.__publisher.pc.getStats()).forEach((r) => { if (r.type === 'outbound-rtp') out[r.kind] = r.bytesSent; });
  return out;
})()`;

async function ffprobe(file: string) {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration:stream=codec_type,codec_name', '-of', 'json', file]);
  return JSON.parse(stdout) as { format: { duration: string }; streams: { codec_type: string; codec_name: string }[] };
}

describe('recording (R3.6)', () => {
  it('R3.6 Janus records a browser’s camera and microphone; the conversion gives a playable webm of the recorded length', async () => {
    const chair = await createUser(server, 'Nguyễn Bốn', 'UBND tỉnh Đắk Nông');
    const delegate = await createUser(server, 'Trần Văn Năm', 'Sở Tài chính');
    const slug = `ghi-hinh-${Math.random().toString(36).slice(2, 8)}`;
    const { id: meetingId } = await bookMeeting({
      title: 'Giao ban có ghi hình',
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: new Date(Date.now() + 3600_000).toISOString(),
      chairId: chair.id,
      notStateSecret: true,
      emergency: true,
      inviteeIds: [delegate.id],
      slug,
      password: 'mat-khau-1',
    });

    const chairWs = await joinedSocket(chair.client, slug, 'mat-khau-1');

    const delegateContext = await contextAs(delegate.client);
    const page = await delegateContext.newPage();
    await page.goto(`${server.url}/api/health`);
    const published = (await page.evaluate(publishInPage(slug, 'mat-khau-1'))) as { participantId: string; state: string };
    expect(published.state).toBe('connected');

    // The floor opens the delegate's microphone in Janus: otherwise only their video would be recorded.
    chairWs.send({ type: 'grant_floor', participantId: published.participantId, seconds: 120 });
    await chairWs.rosterWhere((r) => r.some((p) => p.id === published.participantId && p.audible));

    chairWs.send({ type: 'set_recording', recording: true });
    await chairWs.next('notice', (n) => n.id === 'recording_started');
    const before = (await page.evaluate(outboundBytes)) as { audio: number; video: number };
    await new Promise((r) => setTimeout(r, 5000));
    chairWs.send({ type: 'set_recording', recording: false });
    await chairWs.next('notice', (n) => n.id === 'recording_stopped');
    const after = (await page.evaluate(outboundBytes)) as { audio: number; video: number };
    expect(after.video).toBeGreaterThan(before.video);
    expect(after.audio).toBeGreaterThan(before.audio);

    // Janus's raw files, one per media line, named after the delegate's feed.
    const rawFiles = fs.readdirSync(path.join(server.dataDir, 'recordings', meetingId)).filter((f) => f.endsWith('.mjr'));
    expect(rawFiles.some((f) => f.includes(`-user-${published.participantId}-`) && f.includes('-audio-'))).toBe(true);
    expect(rawFiles.some((f) => f.includes(`-user-${published.participantId}-`) && f.includes('-video-'))).toBe(true);

    // The background conversion makes it ready.
    let recordings: RecordingView[] = [];
    /** Waits until the meeting's recordings, as `label:status[:error]`, are `expected`; keeps them in `recordings`. */
    const recordingsBecome = (expected: string[]) =>
      expect
        .poll(
          async () => {
            recordings = (await chair.client.get(`/api/meetings/${meetingId}/recordings`)).body.recordings;
            return recordings.map((r) => `${r.label}:${r.status}${r.error ? `:${r.error}` : ''}`);
          },
          { timeout: 60_000, interval: 500 },
        )
        .toEqual(expected);
    await recordingsBecome(['Trần Văn Năm:ready']);
    const rec = recordings[0]!;
    expect(rec.userId).toBe(delegate.id);
    expect(rec.durationMs!).toBeGreaterThan(3000);
    expect(rec.durationMs!).toBeLessThan(7000);

    // Downloaded through the API, the file is what ffprobe calls a webm with VP8 video and Opus audio of ~5 s.
    const res = await fetch(server.url + rec.fileUrl!, { headers: { cookie: chair.client.cookie! } });
    expect(res.status).toBe(200);
    const file = path.join(server.dataDir, 'downloaded.webm');
    fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const probe = await ffprobe(file);
    const seconds = Number(probe.format.duration);
    expect(seconds).toBeGreaterThan(3);
    expect(seconds).toBeLessThan(7);
    expect(probe.streams.map((s) => `${s.codec_type}:${s.codec_name}`).sort()).toEqual(['audio:opus', 'video:vp8']);

    // The chair plays it on the meeting's records page.
    const chairContext = await contextAs(chair.client);
    const records = await chairContext.newPage();
    records.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
    await records.goto(`${server.url}/meetings/${meetingId}/records`);
    const item = records.locator(`[data-testid="recording-item"][data-recording-id="${rec.id}"]`);
    await item.waitFor({ timeout: 15_000 });
    expect(await item.getAttribute('data-status')).toBe('ready');
    await item.getByTestId('recording-play').click();
    const video = records.getByTestId('recording-player');
    await video.waitFor();
    await expect
      .poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 15_000 })
      .toBeGreaterThan(0.5);
    const shown = await video.evaluate((v: HTMLVideoElement) => ({ duration: v.duration, width: v.videoWidth }));
    expect(shown.width).toBeGreaterThan(0);
    expect(Math.abs(shown.duration - seconds)).toBeLessThan(1);

    // Recording again, and the chair ends the meeting while it runs: the room is destroyed, the files are
    // collected and converted all the same; the first recording is not converted twice.
    chairWs.send({ type: 'set_recording', recording: true });
    await chairWs.next('notice', (n) => n.id === 'recording_started');
    await new Promise((r) => setTimeout(r, 3000));
    chairWs.send({ type: 'end_meeting', noConclusions: true });
    await chairWs.next('closed');
    await recordingsBecome(['Trần Văn Năm:ready', 'Trần Văn Năm:ready']);
    const second = recordings.find((r) => r.id !== rec.id)!;
    expect(second.durationMs!).toBeGreaterThan(1500);
    expect(second.durationMs!).toBeLessThan(5000);
    await delegateContext.close();
    await chairContext.close();
  });
});
