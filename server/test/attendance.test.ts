/**
 * R4.3 attendance, end to end over the signaling socket: a meeting is run (join, leave, rejoin, leave early with
 * and without consent, a removal, a turn to speak, the chair ends it), then the JSON, the CSV and the XLSX must
 * say what happened. Refusals are checked from the side of those refused.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttendanceLineView, AttendanceView } from '../../shared/api';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import { ATTENDANCE_TABLE_ROW, attendanceHeaders, formatDuration, formatHomeDateTime } from '../attendance/attendance.export';
import { parseCsv } from '../http/csv';
import { TestSocket, createUser, ensureUnit, startTestServer, type TestClient, type TestServer } from './support';

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
  const joined = await s.next('joined');
  return { s, participantId: joined.participantId, at: Date.now() };
}

async function raw(client: TestClient, path: string) {
  const res = await fetch(server.url + path, { headers: client.cookie ? { cookie: client.cookie } : {} });
  return { status: res.status, type: res.headers.get('content-type') ?? '', disposition: res.headers.get('content-disposition') ?? '', body: Buffer.from(await res.arrayBuffer()) };
}

describe('attendance (R4.3)', () => {
  it('R4.3 the attendance list says who was there, how long, who left early with or without consent, and who spoke', { timeout: 90_000 }, async () => {
    const hostUnit = await ensureUnit(server, 'Văn phòng UBND tỉnh Đắk Nông');
    const chair = await createUser(server, 'Nguyễn Bốn', 'Văn phòng UBND tỉnh Đắk Nông', { title: 'Phó Chủ tịch UBND tỉnh' });
    const an = await createUser(server, 'Trần Văn An', 'Sở Tài chính', { title: 'Giám đốc' });
    const binh = await createUser(server, 'Lê Thị Bình', 'Sở Y tế', { title: 'Phó Giám đốc' });
    const dung = await createUser(server, 'Phạm Văn Dũng', 'UBND huyện Cư Jút');
    const em = await createUser(server, 'Hoàng Thị Em', 'Sở Xây dựng');
    const slug = `diem-danh-${Math.random().toString(36).slice(2, 8)}`;
    const created = await server.operator.post('/api/meetings', {
      title: 'Giao ban kinh tế - xã hội tháng 12',
      startsAt: new Date(Date.now() - 5 * 60_000).toISOString(),
      endsAt: new Date(Date.now() + 3 * 3600_000).toISOString(),
      hostUnitId: hostUnit,
      chairId: chair.id,
      notStateSecret: true,
      emergency: true,
      inviteeIds: [an.id, binh.id, dung.id, em.id],
      slug,
      password: 'mat-khau-1',
    });
    expect(created.status).toBe(201);
    const meetingId = created.body.meeting.id as string;

    const c = await enter(chair.client, slug);
    const a1 = await enter(an.client, slug);
    const b = await enter(binh.client, slug);
    const d = await enter(dung.client, slug);
    const e = await enter(em.client, slug);
    await sleep(700);

    // An leaves (early, without asking) and comes back.
    a1.s.send({ type: 'leave' });
    await c.s.rosterWhere((r) => !r.some((p) => p.id === a1.participantId));
    const a1Left = Date.now();
    await sleep(500);
    const a2 = await enter(an.client, slug);

    // Bình asks to leave; the chair consents; she leaves.
    b.s.send({ type: 'request_leave', reason: 'Đi công tác theo lịch của UBND tỉnh' });
    await c.s.next('notice', (n) => n.id === 'leave_requested');
    c.s.send({ type: 'consent_leave', participantId: b.participantId, consent: true });
    await b.s.next('notice', (n) => n.id === 'leave_consented');
    b.s.send({ type: 'leave' });
    await c.s.rosterWhere((r) => !r.some((p) => p.id === b.participantId));

    // The chair gives An the floor, then takes it back.
    c.s.send({ type: 'grant_floor', participantId: a2.participantId, seconds: 60 });
    await a2.s.next('notice', (n) => n.id === 'floor_granted_to_you');
    const granted = Date.now();
    await sleep(800);
    const state = await c.s.stateWhere((m) => m.floor !== null);
    c.s.send({ type: 'revoke_floor', grantId: state.floor!.grantId });
    await a2.s.next('notice', (n) => n.id === 'floor_ended');
    const spoke = Date.now() - granted;

    // Dũng leaves without the chair's consent; Em is sent out.
    d.s.send({ type: 'leave' });
    await c.s.rosterWhere((r) => !r.some((p) => p.id === d.participantId));
    c.s.send({ type: 'remove', participantId: e.participantId, reason: 'Không hiển thị tên điểm cầu' });
    await e.s.next('closed', (m) => m.reason === 'removed');
    await sleep(400);

    c.s.send({ type: 'end_meeting', noConclusions: true });
    await c.s.next('closed', (m) => m.reason === 'meeting_ended');
    const ended = Date.now();

    // ---- JSON
    const res = await chair.client.get(`/api/meetings/${meetingId}/attendance`);
    expect(res.status).toBe(200);
    const view = res.body as AttendanceView;
    expect(view.meeting).toMatchObject({ id: meetingId, title: 'Giao ban kinh tế - xã hội tháng 12', hostUnit: 'Văn phòng UBND tỉnh Đắk Nông' });
    expect(view.meeting.endedAt).not.toBeNull();
    const by = (name: string) => view.lines.find((l) => l.name === name) as AttendanceLineView;
    // sorted by unit (Vietnamese order), then title, then given name
    expect(view.lines.map((l) => l.name)).toEqual(['Trần Văn An', 'Hoàng Thị Em', 'Lê Thị Bình', 'Phạm Văn Dũng', 'Nguyễn Bốn']);
    const tolerance = 400;
    const lineAn = by('Trần Văn An');
    expect(lineAn).toMatchObject({ title: 'Giám đốc', unit: 'Sở Tài chính', role: 'delegate', entries: 2, leftEarly: false, leftWithConsent: null, removed: false, speakingTurns: 1 });
    expect(Math.abs(lineAn.presentMs - (a1Left - a1.at + (ended - a2.at)))).toBeLessThan(tolerance);
    expect(Math.abs(lineAn.speakingMs - spoke)).toBeLessThan(tolerance);
    expect(by('Lê Thị Bình')).toMatchObject({ leftEarly: true, leftWithConsent: true, removed: false, entries: 1 });
    expect(by('Phạm Văn Dũng')).toMatchObject({ leftEarly: true, leftWithConsent: false, removed: false });
    expect(by('Hoàng Thị Em')).toMatchObject({ leftEarly: false, leftWithConsent: null, removed: true });
    const lineChair = by('Nguyễn Bốn');
    expect(lineChair).toMatchObject({ role: 'chair', title: 'Phó Chủ tịch UBND tỉnh', leftEarly: false, speakingTurns: 0 });
    expect(Math.abs(lineChair.presentMs - (ended - c.at))).toBeLessThan(tolerance);
    expect(Date.parse(lineChair.lastLeave!)).toBeGreaterThanOrEqual(Date.parse(lineAn.lastLeave!) - 5);
    for (const line of view.lines) expect(line.lastLeave).not.toBeNull();

    // ---- CSV
    const csv = await raw(chair.client, `/api/meetings/${meetingId}/attendance.csv`);
    expect(csv.status).toBe(200);
    expect(csv.type).toContain('text/csv');
    expect(csv.disposition).toMatch(/attachment; filename="diem-danh-.*\.csv"/);
    const text = csv.body.toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const rows = parseCsv(text);
    expect(rows[0]).toEqual(attendanceHeaders);
    expect(rows.slice(1).map((r) => r[1])).toEqual(view.lines.map((l) => l.name));
    const col = (name: string) => attendanceHeaders.indexOf(name);
    for (const line of view.lines) {
      const row = rows.find((r) => r[1] === line.name)!;
      expect(row[col('Vào lần đầu')]).toBe(formatHomeDateTime(line.firstJoin));
      expect(row[col('Vào lần đầu')]).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
      expect(row[col('Rời lần cuối')]).toBe(formatHomeDateTime(line.lastLeave!));
      expect(row[col('Thời gian có mặt (giờ:phút:giây)')]).toBe(formatDuration(line.presentMs));
    }
    const csvOf = (name: string) => rows.find((r) => r[1] === name)!;
    expect([csvOf('Lê Thị Bình')[col('Rời sớm')], csvOf('Lê Thị Bình')[col('Được chủ trì đồng ý')]]).toEqual(['Có', 'Có']);
    expect([csvOf('Phạm Văn Dũng')[col('Rời sớm')], csvOf('Phạm Văn Dũng')[col('Được chủ trì đồng ý')]]).toEqual(['Có', 'Không']);
    expect(csvOf('Hoàng Thị Em')[col('Bị mời ra')]).toBe('Có');
    expect(csvOf('Trần Văn An')[col('Số lần vào')]).toBe('2');
    expect(csvOf('Trần Văn An')[col('Số lượt phát biểu')]).toBe('1');
    expect(csvOf('Nguyễn Bốn')[col('Vai trò')]).toBe('Chủ trì');

    // ---- XLSX
    const xlsx = await raw(chair.client, `/api/meetings/${meetingId}/attendance.xlsx`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.type).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as unknown as ExcelJS.Buffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.getCell(2, 1).value).toBe('Giao ban kinh tế - xã hội tháng 12');
    expect(String(sheet.getCell(3, 1).value)).toContain(formatHomeDateTime(view.meeting.startsAt));
    expect(sheet.getRow(ATTENDANCE_TABLE_ROW).values).toEqual([undefined, ...attendanceHeaders]);
    view.lines.forEach((line, i) => {
      const row = sheet.getRow(ATTENDANCE_TABLE_ROW + 1 + i);
      expect(row.getCell(2).value).toBe(line.name);
      expect(row.getCell(4).value).toBe(line.unit);
      // Vietnam's wall-clock time in the cell
      expect(Math.abs((row.getCell(7).value as Date).getTime() - (Date.parse(line.firstJoin) + 7 * 3600_000))).toBeLessThan(1000);
      const presentMs = (row.getCell(9).value as Date).getTime() - Date.UTC(1899, 11, 30);
      expect(presentMs).toBe(Math.round(line.presentMs / 1000) * 1000);
      expect(row.getCell(11).value).toBe(line.leftEarly ? 'Có' : 'Không');
    });
    expect(sheet.getRow(ATTENDANCE_TABLE_ROW + view.lines.length + 1).getCell(2).value).toBeNull();

    // the downloads are in the audit trail
    const audit = await server.operator.get(`/api/audit?action=attendance.exported&targetId=${meetingId}`);
    expect(audit.body.entries.map((x: { data: { format: string } }) => x.data.format).sort()).toEqual(['csv', 'xlsx']);
  });

  it('R4.3 only the operator, the host unit’s organisers and secretaries, and the chair see attendance', { timeout: 90_000 }, async () => {
    const host = await ensureUnit(server, 'UBND tỉnh Gia Lai');
    const branch = await ensureUnit(server, 'Sở Nội vụ Gia Lai', host);
    const other = await ensureUnit(server, 'UBND tỉnh Kon Tum');
    const chair = await createUser(server, 'Võ Văn Chủ', 'UBND tỉnh Gia Lai');
    const delegate = await createUser(server, 'Đặng Thị Mời', 'UBND tỉnh Gia Lai');
    const organiserHost = await createUser(server, 'Bùi Văn Tổ', 'UBND tỉnh Gia Lai', { role: 'organiser' });
    const secretaryHost = await createUser(server, 'Ngô Thị Ký', 'UBND tỉnh Gia Lai', { role: 'secretary' });
    const organiserBranch = await createUser(server, 'Lý Văn Nhánh', 'Sở Nội vụ Gia Lai', { role: 'organiser' });
    const organiserOther = await createUser(server, 'Mai Văn Khác', 'UBND tỉnh Kon Tum', { role: 'organiser' });
    expect(branch && other).toBeTruthy();
    const created = await server.operator.post('/api/meetings', {
      title: 'Họp quyền xem điểm danh',
      startsAt: '2026-12-01T08:00:00+07:00',
      endsAt: '2026-12-01T09:00:00+07:00',
      hostUnitId: host,
      chairId: chair.id,
      notStateSecret: true,
      emergency: true,
      inviteeIds: [delegate.id, organiserBranch.id, organiserOther.id],
      slug: `quyen-${Math.random().toString(36).slice(2, 8)}`,
      password: 'mat-khau-1',
    });
    const id = created.body.meeting.id as string;
    for (const allowed of [server.operator, chair.client, organiserHost.client, secretaryHost.client]) {
      expect((await allowed.get(`/api/meetings/${id}/attendance`)).status).toBe(200);
    }
    // refused: an invited delegate, an organiser of a unit under the host unit (invited too), another province's organiser
    for (const refused of [delegate, organiserBranch, organiserOther]) {
      const json = await refused.client.get(`/api/meetings/${id}/attendance`);
      expect(json.status).toBe(403);
      expect(json.body.error.id).toBe('forbidden');
      for (const ext of ['csv', 'xlsx']) {
        const file = await raw(refused.client, `/api/meetings/${id}/attendance.${ext}`);
        expect(file.status).toBe(403);
        expect(file.body.toString()).not.toContain('Võ Văn Chủ');
      }
    }
    const refusedAudit = await server.operator.get(`/api/audit?action=attendance.exported&targetId=${id}`);
    expect(refusedAudit.body.entries).toEqual([]);
    // the meeting list tells the web who may open the records page
    const listed = (await delegate.client.get('/api/meetings')).body.meetings.find((m: { id: string }) => m.id === id);
    expect(listed.canSeeRecords).toBe(false);
    expect((await chair.client.get('/api/meetings')).body.meetings.find((m: { id: string }) => m.id === id).canSeeRecords).toBe(true);
    // signed out: 401; no such meeting: 404
    const anonymous = await fetch(`${server.url}/api/meetings/${id}/attendance`);
    expect(anonymous.status).toBe(401);
    expect((await chair.client.get('/api/meetings/00000000-0000-4000-8000-000000000000/attendance')).status).toBe(404);
  });
});
