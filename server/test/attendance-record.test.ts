/**
 * Attendance confirmed (R4.3, M9.3; issue 16 point 6): the rooms' technicians enter who sat in their room, the
 * secretary confirms the attendance once the meeting has ended, and the record — everyone invited, present with
 * times, absent with or without a reason, the substitute and whom they replaced, the people in each room — becomes
 * a Decree 30 PDF signed by the secretary then the chair, which pdfsig verifies.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import { nssDbTrusting, pdfsig } from './signature-tools';
import { TestSocket, createUser, ensureUnit, startTestServer, totpCodeFor, type TestClient, type TestServer } from './support';

let server: TestServer;
const sockets: TestSocket[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  server = await startTestServer();
}, 90_000);
afterAll(async () => {
  sockets.forEach((s) => s.close());
  await server?.close();
});

async function enter(client: TestClient, slug: string) {
  const s = await TestSocket.open(server, client);
  sockets.push(s);
  s.send({ type: 'join', v: PROTOCOL_VERSION, slug, password: 'mat-khau-1' });
  await s.next('joined');
  return s;
}

const pdfText = (pdf: Buffer) => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'giaoban-att-')), 'a.pdf');
  fs.writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
};

describe('attendance confirmed (R4.3)', () => {
  it('technician enters the room, the secretary confirms, secretary and chair sign, pdfsig verifies', { timeout: 180_000 }, async () => {
    const hostName = 'Văn phòng UBND tỉnh Lâm Đồng';
    const hostUnit = await ensureUnit(server, hostName);
    const chair = await createUser(server, 'Nguyễn Chủ Trì', hostName, { title: 'Phó Chủ tịch UBND tỉnh' });
    await chair.client.enrolSecondFactor(chair.email);
    const secretary = await createUser(server, 'Lê Thư Ký', hostName, { role: 'secretary', title: 'Chuyên viên' });
    await secretary.client.enrolSecondFactor(secretary.email);
    const an = await createUser(server, 'Trần Văn An', 'Sở Tài chính', { title: 'Giám đốc' });
    const binh = await createUser(server, 'Lê Thị Bình', 'Sở Y tế', { title: 'Phó Giám đốc' });
    const cuong = await createUser(server, 'Phạm Văn Cường', 'Sở Xây dựng', { title: 'Giám đốc' });
    const giang = await createUser(server, 'Đỗ Thị Giang', 'Sở Xây dựng', { title: 'Phó Giám đốc' });
    const dung = await createUser(server, 'Hoàng Văn Dũng', 'Sở Nội vụ');
    const tech = await createUser(server, 'Vũ Kỹ Thuật', 'UBND huyện Đức Trọng', { role: 'technician' });
    const district = await ensureUnit(server, 'UBND huyện Đức Trọng');
    const room = await server.operator.post('/api/endpoints', { name: 'Phòng họp trực tuyến huyện Đức Trọng', unitId: district, location: 'Tầng 2', equipment: '', networkAddress: '', capacity: 30 });
    expect(room.status, JSON.stringify(room.body)).toBe(201);
    const roomId = room.body.endpoint.id as string;
    expect((await server.operator.post(`/api/endpoints/${roomId}/technicians`, { userId: tech.id, contact: '0263 3555 111' })).status).toBe(201);

    const slug = `xac-nhan-${Math.random().toString(36).slice(2, 8)}`;
    const created = await server.operator.post('/api/meetings', {
      title: 'Giao ban công tác tháng 12',
      startsAt: new Date(Date.now() + 10 * 60_000).toISOString(),
      endsAt: new Date(Date.now() + 3 * 3600_000).toISOString(),
      hostUnitId: hostUnit,
      chairId: chair.id,
      notStateSecret: true,
      emergency: true,
      inviteeIds: [an.id, binh.id, cuong.id, dung.id],
      endpointIds: [roomId],
      slug,
      password: 'mat-khau-1',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const meetingId = created.body.meeting.id as string;
    expect((await binh.client.put(`/api/meetings/${meetingId}/replies/person/${binh.id}`, { answer: 'declined', reason: 'Đi công tác tại Hà Nội' })).status).toBe(200);
    expect((await cuong.client.put(`/api/meetings/${meetingId}/replies/person/${cuong.id}`, { answer: 'substitute', reason: 'Bận tiếp khách', substituteId: giang.id })).status).toBe(200);
    expect((await chair.client.post(`/api/meetings/${meetingId}/replies/person/${cuong.id}/substitute`, { decision: 'approve' })).status).toBe(200);

    // the technician enters the people in their room; nobody else may
    const people = [
      { name: 'Phạm Thị Hoa', title: 'Phó Chủ tịch UBND huyện' },
      { name: 'Ngô Văn Bảy', title: 'Trưởng phòng Tài chính - Kế hoạch' },
    ];
    const refused = await an.client.put(`/api/meetings/${meetingId}/room-people/${roomId}`, { people });
    expect(refused.status).toBe(403);
    expect(refused.body.error.id).toBe('room_people_not_technician');
    const entered = await tech.client.put(`/api/meetings/${meetingId}/room-people/${roomId}`, { people });
    expect(entered.status, JSON.stringify(entered.body)).toBe(200);
    const seen = await tech.client.get(`/api/meetings/${meetingId}/room-people`);
    expect(seen.body.rooms).toMatchObject([{ endpointId: roomId, mayEdit: true, people }]);
    const bySecretary = await secretary.client.get(`/api/meetings/${meetingId}/room-people`);
    expect(bySecretary.body.rooms).toMatchObject([{ endpointId: roomId, mayEdit: false }]);

    const c = await enter(chair.client, slug);
    await enter(an.client, slug);
    await enter(giang.client, slug);
    await sleep(500);
    const early = await secretary.client.post(`/api/meetings/${meetingId}/attendance/confirm`);
    expect(early.body.error?.id).toBe('attendance_not_ended');
    c.send({ type: 'end_meeting', noConclusions: true });
    await c.next('closed').catch(() => undefined);
    await sleep(500);

    expect((await an.client.post(`/api/meetings/${meetingId}/attendance/confirm`)).status).toBe(403);
    const confirmed = await secretary.client.post(`/api/meetings/${meetingId}/attendance/confirm`);
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    const id = confirmed.body.signableId as string;
    const listed = await secretary.client.get(`/api/signables?kind=attendance&subjectId=${meetingId}`);
    expect(listed.body.map((s: { id: string }) => s.id)).toEqual([id]);
    expect(listed.body[0].signers.map((s: { userId: string }) => s.userId)).toEqual([secretary.id, chair.id]);

    expect((await chair.client.post(`/api/signables/${id}/sign`, { code: await totpCodeFor(server.url, chair.email) })).body.error.id).toBe('signature_not_your_turn');
    expect((await secretary.client.post(`/api/signables/${id}/sign`, { code: await totpCodeFor(server.url, secretary.email) })).status).toBe(200);
    const done = await chair.client.post(`/api/signables/${id}/sign`, { code: await totpCodeFor(server.url, chair.email) });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.state).toBe('signed');

    const pdf = Buffer.from(await (await fetch(`${server.url}/api/signables/${id}/pdf`, { headers: { cookie: secretary.client.cookie! } })).arrayBuffer());
    const caPem = await (await fetch(`${server.url}/api/signatures/authority.pem`)).text();
    const nss = nssDbTrusting(caPem);
    const sigs = pdfsig(pdf, nss);
    fs.rmSync(nss, { recursive: true, force: true });
    expect(sigs.map((s) => [s.commonName, s.valid, s.trusted])).toEqual([
      ['Lê Thư Ký', true, true],
      ['Nguyễn Chủ Trì', true, true],
    ]);
    expect(sigs[1]!.wholeDocument).toBe(true);
    const text = pdfText(pdf).replace(/\s+/g, ' ');
    expect(text).toContain('DANH SÁCH');
    expect(text).toMatch(/Trần Văn An .*Có mặt/);
    expect(text).toMatch(/Lê Thị Bình .*Vắng, có lý do .*Đi công tác tại Hà Nội/);
    expect(text).toMatch(/Hoàng Văn Dũng .*Vắng, không có lý do/);
    expect(text).toMatch(/Nguyễn Chủ Trì .*Có mặt .*Chủ trì .*Trần Văn An/);
    expect(text).toMatch(/Phạm Văn Cường .*Vắng, cử người dự .*Người dự thay: Đỗ/);
    expect(text).toMatch(/Đỗ Thị Giang .*Có mặt .*Dự thay Phạm Văn/);
    expect(text).not.toContain('Người tham dự khác');
    expect(text).toContain('Ngô Văn Bảy');
    expect(text).toMatch(/Phòng họp trực tuyến huyện .*Phạm Thị Hoa/);
    const audit = await server.operator.get(`/api/audit?action=attendance.confirmed`);
    expect(audit.body.entries.some((e: { targetId: string }) => e.targetId === meetingId)).toBe(true);
  });
});
