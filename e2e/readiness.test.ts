/**
 * The technical check before a meeting as people run it (R2.6, M8.2): a technician assigned to an invited
 * endpoint opens the check from their home page and runs it in Chromium (fake camera and microphone) through the
 * real server and Janus — published to a test room and looped back; the figures shown are the ones measured. The
 * organiser, in a second browser context, sees on the readiness board that endpoint `passed` with those figures
 * and another invited endpoint `not_checked`, then postpones the meeting from the board. One browser at a time.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createUser, ensureUnit } from '../server/test/support';
import { bookMeeting, server, signedInPage, useBrowserSuite } from './harness';
import { fillDateTime } from './browser';

/**
 * Chromium's built-in fake camera draws a simple pattern that VP8 compresses to ~220 kbit/s, far below what a real
 * camera's picture needs; the check would then (rightly) fail its bitrate criterion. The camera here plays a
 * noisy 640x360 picture instead (a Y4M file Chromium loops), so the encoder uses the link as a real camera does.
 */
function noisyCameraFile(dir: string): string {
  const width = 640;
  const height = 360;
  const file = path.join(dir, 'noisy-camera.y4m');
  const chroma = Buffer.alloc((width * height) / 2, 128);
  const parts: Buffer[] = [Buffer.from(`YUV4MPEG2 W${width} H${height} F30:1 Ip A1:1 C420jpeg\n`)];
  for (let i = 0; i < 30; i += 1) parts.push(Buffer.from('FRAME\n'), randomBytes(width * height), chroma);
  fs.writeFileSync(file, Buffer.concat(parts));
  return file;
}

useBrowserSuite({ chromiumArgs: ({ dataDir }) => [`--use-file-for-fake-video-capture=${noisyCameraFile(dataDir)}`] });

describe('technical check and readiness board in the browser (R2.6)', () => {
  it('R2.6 a technician runs the real check through Janus; the organiser’s board shows the endpoint passed with those figures', async () => {
    const district = await ensureUnit(server, 'UBND huyện Đắk Mil');
    await ensureUnit(server, 'Viễn thông Đắk Nông');
    const organiser = await createUser(server, 'Hoàng Văn Tổ', 'UBND huyện Đắk Mil', { role: 'organiser' });
    const chair = await createUser(server, 'Nguyễn Bốn', 'UBND huyện Đắk Mil', { title: 'Chủ tịch UBND huyện' });
    const tech = await createUser(server, 'Lê Văn Kỹ', 'Viễn thông Đắk Nông', { role: 'technician' });
    const room = async (name: string) => {
      const res = await organiser.client.post('/api/endpoints', { kind: 'room', name, unitId: district, location: 'Hội trường', equipment: 'Camera, micro', networkAddress: '10.64.3.10', capacity: 30 });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.endpoint.id as string;
    };
    const checked = await room('Phòng họp xã Đức Mạnh');
    const other = await room('Phòng họp xã Thuận An');
    expect((await organiser.client.post(`/api/endpoints/${checked}/technicians`, { userId: tech.id, contact: '0912 111 222' })).status).toBe(201);
    const start = Date.now() + 2 * 3_600_000;
    // within two days: an emergency the office books (D19.2) for the organiser's district
    const { id: meetingId } = await bookMeeting({
      title: 'Giao ban trực tuyến tháng 12',
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + 2 * 3_600_000).toISOString(),
      hostUnitId: district,
      chairId: chair.id,
      notStateSecret: true,
      emergency: true,
      endpointIds: [checked, other],
      slug: `kiem-tra-${randomBytes(3).toString('hex')}`,
      password: 'mat-khau-1',
    });

    // the technician finds the open check on the home page and runs it
    const techPage = await signedInPage(tech.email, tech.password);
    await techPage.getByTestId('my-check-link').click();
    await techPage.getByTestId('check-meeting').waitFor();
    expect(await techPage.getByTestId('check-meeting').textContent()).toContain('Phòng họp xã Đức Mạnh');
    await techPage.getByTestId('device-preview').waitFor();
    await techPage.getByTestId('join-button').click();
    await techPage.getByTestId('check-progress').waitFor();
    const verdict = techPage.getByTestId('check-verdict');
    await verdict.waitFor({ timeout: 60_000 });
    const bitrate = Number(await techPage.getByTestId('check-bitrate').getAttribute('data-value'));
    const received = Number(await techPage.getByTestId('check-receive-bitrate').getAttribute('data-value'));
    const frames = Number(await techPage.getByTestId('check-frames').getAttribute('data-value'));
    console.info(`technical check measured ${bitrate} kbit/s sent, ${received} kbit/s back, ${frames} frames`);
    // real figures: media went to Janus and came back decoded
    expect(bitrate).toBeGreaterThan(0);
    expect(received).toBeGreaterThan(0);
    expect(frames).toBeGreaterThan(0);
    expect(await techPage.getByTestId('check-camera').textContent()).toBe('Hoạt động');
    expect(await techPage.getByTestId('check-microphone').textContent(), `audio bytes ${await techPage.getByTestId('check-microphone').getAttribute('data-audio-bytes')}`).toBe('Hoạt động');
    expect(await verdict.getAttribute('data-passed'), await verdict.textContent() ?? '').toBe('true');
    // the test room is gone once the check ended; the meeting's own room was never opened
    await expect.poll(async () => (await server.app.media.listRooms()).filter((r) => r.startsWith(`check-${meetingId}`)).length).toBe(0);
    expect((await server.app.media.listRooms()).some((r) => r.startsWith(meetingId))).toBe(false);
    await techPage.context().close();

    // the organiser's board, reached from the meeting's manage page
    const orgPage = await signedInPage(organiser.email, organiser.password);
    await orgPage.goto(`/meetings/${meetingId}/manage`);
    await orgPage.getByTestId('manage-readiness-link').click();
    const checkedRow = orgPage.locator(`[data-testid="readiness-row"][data-endpoint="${checked}"]`);
    await checkedRow.waitFor();
    expect(await checkedRow.getAttribute('data-status')).toBe('passed');
    expect(await checkedRow.getByTestId('readiness-status').textContent()).toBe('Đạt');
    expect(Number(await checkedRow.getByTestId('readiness-bitrate').getAttribute('data-value'))).toBe(bitrate);
    expect(await checkedRow.textContent()).toContain('Lê Văn Kỹ');
    expect(await checkedRow.textContent()).toContain('0912 111 222');
    const otherRow = orgPage.locator(`[data-testid="readiness-row"][data-endpoint="${other}"]`);
    expect(await otherRow.getAttribute('data-status')).toBe('not_checked');
    expect(await otherRow.getByTestId('readiness-status').textContent()).toBe('Chưa kiểm tra');
    expect(await orgPage.getByTestId('readiness-counts').textContent()).toContain('1 đạt');

    // a failing check arrives while the board is open: it refreshes by itself within 5 s
    const failing = await tech.client.post(`/api/meetings/${meetingId}/technical-checks`, { camera: true, microphone: true, bitrateKbps: 120, lossPercent: 0, rttMs: 20 });
    expect(failing.status).toBe(201);
    await expect.poll(() => checkedRow.getAttribute('data-status'), { timeout: 12_000 }).toBe('failed');
    expect(await checkedRow.getByTestId('readiness-failing').textContent()).toContain('tốc độ gửi dưới 300 kbit/s');

    // postponing from the board: the meeting edit (PATCH) with new times and a reason
    await orgPage.getByTestId('postpone-open').click();
    const newStart = new Date(start + 24 * 3_600_000);
    const local = (d: Date) => new Date(d.getTime() + 7 * 3_600_000).toISOString().slice(0, 16); // Hà Nội wall clock
    await fillDateTime(orgPage, 'postpone-start', local(newStart));
    await fillDateTime(orgPage, 'postpone-end', local(new Date(newStart.getTime() + 2 * 3_600_000)));
    await orgPage.getByTestId('postpone-reason').fill('Điểm cầu xã Thuận An chưa sẵn sàng về đường truyền');
    await orgPage.getByTestId('postpone-submit').click();
    await orgPage.getByTestId('postpone-done').waitFor({ timeout: 15_000 });
    const after = (await organiser.client.get(`/api/meetings/${meetingId}`)).body.meeting;
    expect(new Date(after.startsAt).getTime()).toBe(Math.floor(newStart.getTime() / 60_000) * 60_000);
    await orgPage.context().close();
  });
});
