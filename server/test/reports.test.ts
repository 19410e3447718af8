/**
 * The quarterly report (issue 17 point 1; R5.1, R5.2; M13.5): the judgment of each meeting, the figures of row 1
 * counted from the meetings actually held, and the report itself.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import { endpoints, incidents, meetings, users } from '../db/schema';
import { meetingFigures, monthsOf, type FigureRow } from '../reports/figures';
import { insertHeldMeeting } from './report-fixtures';
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

const row = (meetings: number, participants: number, met: number, shortfalls: Partial<FigureRow['shortfalls']> = {}): FigureRow => ({
  meetings,
  participants,
  met,
  shortfalls: { transmission: 0, endpoint_equipment: 0, software_operation: 0, other: 0, ...shortfalls },
});
const Q1_2027 = { from: new Date('2027-01-01T00:00:00+07:00'), to: new Date('2027-04-01T00:00:00+07:00') };

async function person(unitId: string, name: string, role: 'delegate' | 'technician' = 'delegate'): Promise<string> {
  const id = randomUUID();
  await server.app.database.db.insert(users).values({ id, email: `${id}@thong-ke.example.vn`, name, unitId, role, passwordHash: 'x', mustChangePassword: false });
  return id;
}

describe('figures of the quarterly report (row 1)', () => {
  let H: string, G: string, O: string;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    const db = server.app.database.db;
    H = await ensureUnit(server, 'Cục Chủ Trì Thống Kê');
    G = await ensureUnit(server, 'Vụ Khách Thống Kê');
    O = await ensureUnit(server, 'Viện Vắng Thống Kê');
    const chair = await person(H, 'Nguyễn Chủ Trì');
    const h1 = await person(H, 'Trần Văn Một');
    const g1 = await person(G, 'Lê Thị Hai');
    const g2 = await person(G, 'Phạm Văn Ba');
    const tech = await person(G, 'Vũ Kỹ Thuật', 'technician');
    const room = randomUUID();
    const single = randomUUID();
    await db.insert(endpoints).values([
      { id: room, kind: 'room', name: 'Phòng họp Vụ Khách', unitId: G },
      { id: single, kind: 'individual', name: 'Máy của Phạm Văn Ba', unitId: G, accountId: g2 },
    ]);
    // M1: a person entering twice counts once; the room counts the 3 people its technician entered
    ids.m1 = await insertHeldMeeting(db, { hostUnitId: H, chairId: chair, endedAt: new Date('2027-01-15T10:00:00+07:00'), joins: [{ userId: chair }, { userId: h1 }, { userId: h1 }, { userId: g1 }, { userId: tech, endpointId: room }], roomPeople: { [room]: 3 }, outcome: { met: false, cause: 'transmission' } });
    // M2: not judged, an incident recorded: fell short, cause other; an individual endpoint is a person
    ids.m2 = await insertHeldMeeting(db, { hostUnitId: H, chairId: chair, endedAt: new Date('2027-02-10T10:00:00+07:00'), joins: [{ userId: chair }, { userId: g2, endpointId: single }], incidents: 1 });
    // M3: hosted by G, judged met despite an incident; the room with nobody entered counts 1
    ids.m3 = await insertHeldMeeting(db, { hostUnitId: G, chairId: g1, endedAt: new Date('2027-03-05T10:00:00+07:00'), joins: [{ userId: g1 }, { userId: h1 }, { userId: tech, endpointId: room }], incidents: 2, outcome: { met: true } });
    // M4 ends after midnight of 1 April in Hà Nội: next quarter; M5 never held; M6 ends 00:30 on 1 January in Hà Nội
    ids.m4 = await insertHeldMeeting(db, { hostUnitId: H, chairId: chair, endedAt: new Date('2027-03-31T17:30:00Z'), joins: [{ userId: chair }] });
    ids.m5 = await insertHeldMeeting(db, { hostUnitId: H, chairId: chair, endedAt: new Date('2027-02-01T10:00:00+07:00'), joins: [], status: 'cancelled' });
    ids.m6 = await insertHeldMeeting(db, { hostUnitId: H, chairId: chair, endedAt: new Date('2026-12-31T17:30:00Z'), joins: [{ userId: chair }] });
  });

  it('counts held meetings, distinct participants (rooms by their people), met and causes, hosted and guest', async () => {
    const f = await meetingFigures(server.app.database.db, Q1_2027);
    const of = (u: string) => f.units.find((x) => x.unitId === u)!;
    expect(of(H)).toEqual({ unitId: H, hosted: row(3, 9, 1, { transmission: 1, other: 1 }), guest: row(1, 1, 1) });
    expect(of(G)).toEqual({ unitId: G, hosted: row(1, 3, 1), guest: row(2, 5, 0, { transmission: 1, other: 1 }) });
    expect(of(O)).toEqual({ unitId: O, hosted: row(0, 0, 0), guest: row(0, 0, 0) });
    expect(f.months).toEqual([
      { month: '2027-01', ...row(2, 7, 1, { transmission: 1 }) },
      { month: '2027-02', ...row(1, 2, 0, { other: 1 }) },
      { month: '2027-03', ...row(1, 3, 1) },
    ]);
  });

  it('limits to the units asked: their units, and the months of the meetings they hosted or attended', async () => {
    const db = server.app.database.db;
    const onlyO = await meetingFigures(db, { ...Q1_2027, unitIds: [O] });
    expect(onlyO.units.map((u) => u.unitId)).toEqual([O]);
    expect(onlyO.months.map((m) => m.meetings)).toEqual([0, 0, 0]);
    const onlyG = await meetingFigures(db, { ...Q1_2027, unitIds: [G] });
    expect(onlyG.units.map((u) => u.unitId)).toEqual([G]);
    expect(onlyG.months.map((m) => [m.month, m.meetings, m.participants])).toEqual([
      ['2027-01', 1, 6],
      ['2027-02', 1, 2],
      ['2027-03', 1, 3],
    ]);
    const none = await meetingFigures(db, { ...Q1_2027, unitIds: [] });
    expect(none.units).toEqual([]);
    const april = await meetingFigures(db, { from: new Date('2027-04-01T00:00:00+07:00'), to: new Date('2027-05-01T00:00:00+07:00'), unitIds: [H] });
    expect(april.units[0]!.hosted).toEqual(row(1, 1, 1));
    expect(monthsOf(new Date('2026-11-15T00:00:00+07:00'), new Date('2027-02-01T00:00:00+07:00'))).toEqual(['2026-11', '2026-12', '2027-01']);
  });

  it('an unjudged meeting with an incident in the register fell short for that incident’s cause (R5.4)', async () => {
    const db = server.app.database.db;
    const chair = (await db.select({ id: users.id }).from(users).where(eq(users.unitId, H)).limit(1))[0]!.id;
    const q3 = { from: new Date('2027-07-01T00:00:00+07:00'), to: new Date('2027-10-01T00:00:00+07:00'), unitIds: [H] };
    const m = await insertHeldMeeting(db, { hostUnitId: H, chairId: chair, endedAt: new Date('2027-07-20T10:00:00+07:00'), joins: [{ userId: chair }], incidents: 1 });
    expect((await meetingFigures(db, q3)).units[0]!.hosted).toEqual(row(1, 1, 0, { other: 1 }));
    await db.insert(incidents).values({ unitId: H, meetingId: m, cause: 'transmission', detail: 'Mất tín hiệu đường truyền', reportedBy: chair });
    expect((await meetingFigures(db, q3)).units[0]!.hosted).toEqual(row(1, 1, 0, { transmission: 1 }));
  });

  it('the operator or the organisers judge after the meeting; others are refused; bad input is named', async () => {
    const organiserH = await createUser(server, 'Đỗ Văn Tổ Chức', 'Cục Chủ Trì Thống Kê', { role: 'organiser' });
    const organiserG = await createUser(server, 'Mai Thị Văn Phòng', 'Vụ Khách Thống Kê', { role: 'organiser' });
    const delegate = await createUser(server, 'Hoàng Văn Đại Biểu', 'Cục Chủ Trì Thống Kê');
    const bad = await organiserH.client.put(`/api/meetings/${ids.m2}/outcome`, { met: false });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields)).toContain('cause');
    expect((await organiserH.client.put(`/api/meetings/${ids.m2}/outcome`, { met: false, cause: 'weather' })).status).toBe(400);
    expect((await organiserG.client.put(`/api/meetings/${ids.m2}/outcome`, { met: true })).status).toBe(403);
    expect((await delegate.client.put(`/api/meetings/${ids.m2}/outcome`, { met: true })).status).toBe(403);
    const notHeld = await server.operator.put(`/api/meetings/${ids.m5}/outcome`, { met: true });
    expect(notHeld.body.error.id).toBe('meeting_not_ended');
    const set = await organiserH.client.put(`/api/meetings/${ids.m2}/outcome`, { met: false, cause: 'software_operation', note: 'Chủ trì không chia sẻ được màn hình' });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.outcome).toMatchObject({ outcome: 'fell_short', cause: 'software_operation', by: { name: 'Đỗ Văn Tổ Chức' } });
    expect((await organiserH.client.get(`/api/meetings/${ids.m2}/outcome`)).body.outcome).toMatchObject({ outcome: 'fell_short', cause: 'software_operation', note: 'Chủ trì không chia sẻ được màn hình' });
    expect((await organiserG.client.get(`/api/meetings/${ids.m2}/outcome`)).status).toBe(403);
    let f = await meetingFigures(server.app.database.db, { ...Q1_2027, unitIds: [H] });
    expect(f.units[0]!.hosted).toEqual(row(3, 9, 1, { transmission: 1, software_operation: 1 }));
    expect((await server.operator.put(`/api/meetings/${ids.m2}/outcome`, { met: true })).status).toBe(200);
    f = await meetingFigures(server.app.database.db, { ...Q1_2027, unitIds: [H] });
    expect(f.units[0]!.hosted).toEqual(row(3, 9, 2, { transmission: 1 }));
    const audit = await server.operator.get(`/api/audit?targetId=${ids.m2}`);
    expect(audit.body.entries.filter((e: { action: string }) => e.action === 'meeting.outcome_set')).toHaveLength(2);

    // ad-hoc statistics (M13.5): the operator any units, an organiser only their own
    const q = `from=${Q1_2027.from.toISOString()}&to=${Q1_2027.to.toISOString()}`;
    const all = await server.operator.get(`/api/reports/figures?${q}`);
    expect(all.status).toBe(200);
    expect(all.body.units.find((u: { unitId: string }) => u.unitId === G)).toMatchObject({ unitName: 'Vụ Khách Thống Kê', hosted: { meetings: 1 } });
    expect((await organiserG.client.get(`/api/reports/figures?${q}&unitIds=${G}`)).status).toBe(200);
    expect((await organiserG.client.get(`/api/reports/figures?${q}&unitIds=${H},${G}`)).status).toBe(403);
    expect((await organiserG.client.get(`/api/reports/figures?${q}`)).status).toBe(403);
    expect((await delegate.client.get(`/api/reports/figures?${q}&unitIds=${H}`)).status).toBe(403);
    const badQuery = await server.operator.get(`/api/reports/figures?from=hôm-qua&to=${Q1_2027.to.toISOString()}&unitIds=abc`);
    expect(badQuery.status).toBe(400);
    expect(Object.keys(badQuery.body.error.fields)).toEqual(expect.arrayContaining(['from', 'unitIds.0']));
  });
});

describe('the chair judges the meeting when ending it', () => {
  async function enter(client: TestClient, slug: string) {
    const s = await TestSocket.open(server, client);
    sockets.push(s);
    s.send({ type: 'join', v: PROTOCOL_VERSION, slug, password: 'mat-khau-1' });
    await s.next('joined');
    return s;
  }

  it('end_meeting carries the outcome; it is stored with who gave it', { timeout: 60_000 }, async () => {
    const hostName = 'Cục Kết Thúc Họp';
    const hostUnitId = await ensureUnit(server, hostName);
    const chair = await createUser(server, 'Nguyễn Văn Chủ Tọa', hostName, { title: 'Cục trưởng' });
    const slug = `ket-thuc-${Math.random().toString(36).slice(2, 8)}`;
    const created = await server.operator.post('/api/meetings', {
      title: 'Giao ban tháng',
      startsAt: new Date(Date.now() + 10 * 60_000).toISOString(),
      endsAt: new Date(Date.now() + 3 * 3600_000).toISOString(),
      hostUnitId,
      chairId: chair.id,
      notStateSecret: true,
      emergency: true,
      inviteeIds: [],
      slug,
      password: 'mat-khau-1',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const meetingId = created.body.meeting.id as string;
    const c = await enter(chair.client, slug);
    c.send({ type: 'end_meeting', noConclusions: true, outcome: { met: false, cause: 'endpoint_equipment', note: 'Điểm cầu tỉnh mất hình' } });
    await c.next('closed').catch(() => undefined);
    await sleep(300);
    const [m] = await server.app.database.db.select().from(meetings).where(eq(meetings.id, meetingId));
    expect(m).toMatchObject({ status: 'ended', outcome: 'fell_short', outcomeCause: 'endpoint_equipment', outcomeNote: 'Điểm cầu tỉnh mất hình', outcomeBy: chair.id });
    const f = await meetingFigures(server.app.database.db, { from: new Date(Date.now() - 3600_000), to: new Date(Date.now() + 3600_000), unitIds: [hostUnitId] });
    expect(f.units[0]!.hosted).toEqual(row(1, 1, 0, { endpoint_equipment: 1 }));
  });
});

const fetchBytes = async (client: TestClient, path: string) => {
  const res = await fetch(`${server.url}${path}`, { headers: { cookie: client.cookie! } });
  return { status: res.status, type: res.headers.get('content-type') ?? '', disposition: res.headers.get('content-disposition') ?? '', bytes: Buffer.from(await res.arrayBuffer()) };
};

/** The DOCX as LibreOffice reads it: converted to HTML, its tables as rows of cell texts. */
function docxTables(docx: Buffer): { text: string; tables: string[][][] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'giaoban-report-'));
  try {
    fs.writeFileSync(path.join(dir, 'bao-cao.docx'), docx);
    execFileSync('soffice', [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'html', '--outdir', dir, path.join(dir, 'bao-cao.docx')], { timeout: 120_000, stdio: 'ignore' });
    const html = fs.readFileSync(path.join(dir, 'bao-cao.html'), 'utf8');
    const clean = (s: string) =>
      s
        .replace(/<[^>]+>/g, ' ')
        .replace(/&nbsp;/g, ' ')
        .replace(/&amp;/g, '&')
        .replace(/\s+/g, ' ')
        .trim();
    const tables = [...html.matchAll(/<table[\s\S]*?<\/table>/gi)].map((t) => [...t[0].matchAll(/<tr[\s\S]*?<\/tr>/gi)].map((r) => [...r[0].matchAll(/<td[\s\S]*?<\/td>/gi)].map((c) => clean(c[0]))));
    return { text: clean(html), tables };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const HEADERS = ['STT', 'Nội dung', 'Số lượng cuộc họp', 'Số lượng người tham gia', 'Tỷ lệ đạt yêu cầu (%)', 'Kinh phí (nếu có)', 'Ghi chú'];
const line = (o: Partial<{ meetings: number; participants: number; metPercent: number | null; cost: number; note: string }> = {}) => ({ meetings: 0, participants: 0, metPercent: null, cost: 0, note: '', ...o });

describe('the quarterly report of a unit, signed, submitted and consolidated (R5.1, R5.2)', () => {
  it('drafts from held meetings, validates, refuses others, signs, submits, exports and consolidates', { timeout: 400_000 }, async () => {
    const db = server.app.database.db;
    const root = await ensureUnit(server, 'Bộ Tài nguyên Thử Nghiệm');
    const A = await ensureUnit(server, 'Cục Viễn thám Thử', root);
    const B = await ensureUnit(server, 'Vụ Kế hoạch Thử', root);
    const officeA = await createUser(server, 'Lê Văn Phòng', 'Cục Viễn thám Thử', { role: 'organiser', title: 'Chánh Văn phòng Cục' });
    const leaderA = await createUser(server, 'Nguyễn Thị Cục Trưởng', 'Cục Viễn thám Thử', { title: 'Cục trưởng' });
    const delegateA = await createUser(server, 'Trần Văn Chuyên Viên', 'Cục Viễn thám Thử');
    const officeB = await createUser(server, 'Phạm Thị Kế Hoạch', 'Vụ Kế hoạch Thử', { role: 'organiser' });
    const chairB = await person(B, 'Vũ Văn Vụ Trưởng');
    await insertHeldMeeting(db, { hostUnitId: A, chairId: leaderA.id, endedAt: new Date('2027-01-20T10:00:00+07:00'), joins: [{ userId: leaderA.id }, { userId: delegateA.id }, { userId: chairB }], outcome: { met: true } });
    await insertHeldMeeting(db, { hostUnitId: A, chairId: leaderA.id, endedAt: new Date('2027-02-03T10:00:00+07:00'), joins: [{ userId: leaderA.id }], outcome: { met: false, cause: 'transmission' } });
    await insertHeldMeeting(db, { hostUnitId: B, chairId: chairB, endedAt: new Date('2027-02-10T10:00:00+07:00'), joins: [{ userId: chairB }, { userId: delegateA.id }] });

    // drafted on the office's first visit, row 1 from the records, the leader proposed as signer
    const drafted = await officeA.client.get(`/api/reports/unit/${A}/2027/1`);
    expect(drafted.status, JSON.stringify(drafted.body)).toBe(200);
    const report = drafted.body.report;
    expect(report).toMatchObject({ state: 'draft', deadline: '2027-03-01', late: false, canEdit: true, signer: { id: leaderA.id } });
    expect(report.table.map((l: { stt: string; content: string }) => [l.stt, l.content])).toEqual([
      ['1', 'Họp qua Hệ thống họp trực tuyến dùng chung của Bộ:'],
      ['', '- Do đơn vị chủ trì (kể cả họp nội bộ)'],
      ['', '- Do đơn vị khác chủ trì'],
      ['2', 'Họp qua hệ thống họp trực tuyến khác do đơn vị tự vận hành:'],
      ['', '- Họp nội bộ đơn vị'],
      ['', '- Với đơn vị ngoài'],
      ['3', 'Thuê của các nhà cung cấp dịch vụ:'],
      ['4', 'Tổng cộng'],
    ]);
    expect(report.table[1]).toMatchObject({ meetings: 2, participants: 4, metPercent: 50, note: 'Không đạt yêu cầu: 1 cuộc do chất lượng đường truyền không bảo đảm.' });
    expect(report.table[2]).toMatchObject({ meetings: 1, participants: 1, metPercent: 100 });

    // another unit's office and a delegate are refused; the operator reads it but cannot change it
    expect((await officeB.client.get(`/api/reports/unit/${A}/2027/1`)).status).toBe(403);
    expect((await delegateA.client.get(`/api/reports/unit/${A}/2027/1`)).status).toBe(403);
    expect((await server.operator.get(`/api/reports/${report.id}`)).body.report.canEdit).toBe(false);
    const body = {
      version: report.version,
      number: '15/BC-VT',
      signerId: leaderA.id,
      signerAuthority: '',
      otherInternal: line({ meetings: 3, participants: 40, metPercent: 100 }),
      otherExternal: line({ meetings: 2, participants: 25, metPercent: 50, note: 'Không đạt: 1 cuộc do thiết bị đầu cuối' }),
      rented: [{ provider: 'VNPT', ...line({ meetings: 1, participants: 30, metPercent: 100, cost: 5_000_000 }) }],
      proposals: 'Đề nghị nâng cấp đường truyền tới các trạm quan trắc.',
      recipients: 'Như trên\nLãnh đạo Cục (để b/c)\nLưu: VT, VP',
    };
    for (const c of [officeB.client, delegateA.client, server.operator]) expect([403, 404]).toContain((await c.put(`/api/reports/${report.id}`, body)).status);
    const bad = await officeA.client.put(`/api/reports/${report.id}`, { ...body, otherInternal: line({ meetings: -1, metPercent: 120 }), rented: [{ provider: '', ...line({ cost: 1.5 }) }] });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields)).toEqual(expect.arrayContaining(['otherInternal.meetings', 'otherInternal.metPercent', 'rented.0.provider', 'rented.0.cost']));
    expect((await officeA.client.put(`/api/reports/${report.id}`, { ...body, signerId: officeB.id })).body.error.id).toBe('report_signer_invalid');
    const saved = await officeA.client.put(`/api/reports/${report.id}`, body);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect((await officeA.client.put(`/api/reports/${report.id}`, body)).body.error.id).toBe('report_version_conflict');
    const table = saved.body.report.table as { stt: string; content: string; meetings: number | null; cost: number | null; metPercent: number | null }[];
    expect(table.find((l) => l.content === '- VNPT')).toMatchObject({ meetings: 1, cost: 5_000_000 });
    expect(table.find((l) => l.stt === '3')).toMatchObject({ cost: 5_000_000 });
    // totals: 2 + 1 + 3 + 2 + 1 meetings; met 1 + 1 + 3 + 1 + 1 = 7 of 9
    expect(table.at(-1)).toMatchObject({ stt: '4', meetings: 9, cost: 5_000_000, metPercent: 77.8 });

    // not submitted before it is signed; sent for signing it no longer changes
    expect((await officeA.client.post(`/api/reports/${report.id}/submit`)).body.error.id).toBe('report_not_signed');
    expect((await officeB.client.post(`/api/reports/${report.id}/send-for-signing`)).status).toBe(404);
    const sent = await officeA.client.post(`/api/reports/${report.id}/send-for-signing`);
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body.report.state).toBe('submitted_for_signing');
    expect((await officeA.client.put(`/api/reports/${report.id}`, { ...body, version: sent.body.report.version })).body.error.id).toBe('report_not_editable');
    // a meeting judged afterwards does not change the frozen row 1
    await insertHeldMeeting(db, { hostUnitId: A, chairId: leaderA.id, endedAt: new Date('2027-02-20T10:00:00+07:00'), joins: [{ userId: leaderA.id }] });
    expect((await officeA.client.get(`/api/reports/${report.id}`)).body.report.table[1].meetings).toBe(2);

    // the leader signs with their second factor
    await leaderA.client.enrolSecondFactor(leaderA.email);
    const signables = await leaderA.client.get(`/api/signables?kind=report&subjectId=${report.id}`);
    expect(signables.body.map((s: { id: string }) => s.id)).toEqual([sent.body.report.signableId]);
    expect((await officeA.client.post(`/api/signables/${sent.body.report.signableId}/sign`, { code: '123456' })).status).not.toBe(200);
    const signed = await leaderA.client.post(`/api/signables/${sent.body.report.signableId}/sign`, { code: await totpCodeFor(server.url, leaderA.email) });
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    expect((await officeA.client.get(`/api/reports/${report.id}`)).body.report.state).toBe('signed');
    expect((await officeB.client.post(`/api/reports/${report.id}/submit`)).status).toBe(404);
    expect((await delegateA.client.post(`/api/reports/${report.id}/submit`)).status).toBe(404);
    const submitted = await officeA.client.post(`/api/reports/${report.id}/submit`);
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    expect(submitted.body.report).toMatchObject({ state: 'submitted', late: false });
    expect((await server.operator.get('/api/notifications')).body.notifications.some((n: { kind: string; data: { reportId: string } }) => n.kind === 'report.submitted' && n.data.reportId === report.id)).toBe(true);

    // exports: the signed PDF; the DOCX as LibreOffice opens it, with the appendix's table; the XLSX read back
    const pdf = await fetchBytes(officeA.client, `/api/reports/${report.id}/export?format=pdf`);
    expect(pdf.type).toBe('application/pdf');
    expect(pdf.disposition).toContain('-da-ky.pdf');
    expect(pdf.bytes.includes(Buffer.from('/ByteRange'))).toBe(true);
    const pdfFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'giaoban-report-pdf-')), 'a.pdf');
    fs.writeFileSync(pdfFile, pdf.bytes);
    const pdfText = execFileSync('pdftotext', ['-layout', pdfFile, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(pdfText).toContain('V/v báo cáo tình hình họp trực tuyến Quý I năm 2027');
    expect(pdfText).toContain('Số: 15/BC-VT');
    expect(pdfText).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');

    const docx = await fetchBytes(officeA.client, `/api/reports/${report.id}/export?format=docx`);
    expect(docx.status).toBe(200);
    const read = docxTables(docx.bytes);
    expect(read.text).toContain('BỘ TÀI NGUYÊN THỬ NGHIỆM');
    expect(read.text).toContain('CỤC VIỄN THÁM THỬ');
    expect(read.text).toContain('Số: 15/BC-VT');
    expect(read.text).toContain('V/v báo cáo tình hình họp trực tuyến Quý I năm 2027');
    expect(read.text).toContain('Kính gửi: Bộ Tài nguyên Thử Nghiệm');
    expect(read.text).toContain('Thực hiện Quyết định số 1151/QĐ-BTNMT');
    expect(read.text).toContain('2. Đề xuất, kiến nghị');
    expect(read.text).toContain('Đề nghị nâng cấp đường truyền tới các trạm quan trắc.');
    expect(read.text).toContain('Nơi nhận:');
    expect(read.text).toContain('Nguyễn Thị Cục Trưởng');
    const grid = read.tables.find((t) => t[0]?.join('|') === HEADERS.join('|'));
    expect(grid, JSON.stringify(read.tables)).toBeDefined();
    expect(grid!.every((r) => r.length === 7)).toBe(true);
    expect(grid!.slice(1).map((r) => [r[0], r[1]])).toEqual([
      ['1', 'Họp qua Hệ thống họp trực tuyến dùng chung của Bộ:'],
      ['', '- Do đơn vị chủ trì (kể cả họp nội bộ)'],
      ['', '- Do đơn vị khác chủ trì'],
      ['2', 'Họp qua hệ thống họp trực tuyến khác do đơn vị tự vận hành:'],
      ['', '- Họp nội bộ đơn vị'],
      ['', '- Với đơn vị ngoài'],
      ['3', 'Thuê của các nhà cung cấp dịch vụ:'],
      ['', '- VNPT'],
      ['4', 'Tổng cộng'],
    ]);
    expect(grid![2]).toEqual(['', '- Do đơn vị chủ trì (kể cả họp nội bộ)', '2', '4', '50', '', 'Không đạt yêu cầu: 1 cuộc do chất lượng đường truyền không bảo đảm.']);
    expect(grid![9]!.slice(0, 6)).toEqual(['4', 'Tổng cộng', '9', '100', '77,8', '5.000.000']);

    const xlsx = await fetchBytes(officeA.client, `/api/reports/${report.id}/export?format=xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.bytes as never);
    const ws = wb.worksheets[0]!;
    const rows: unknown[][] = [];
    ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    const head = rows.findIndex((r) => r.join('|') === HEADERS.join('|'));
    expect(head).toBeGreaterThan(0);
    expect(rows[head + 2]!.slice(0, 5)).toEqual(['', '- Do đơn vị chủ trì (kể cả họp nội bộ)', 2, 4, 50]);
    expect(rows[head + 8]!.slice(1, 6)).toEqual(['- VNPT', 1, 30, 100, 5_000_000]);
    expect(rows[head + 9]!.slice(0, 6)).toEqual(['4', 'Tổng cộng', 9, 100, 77.8, 5_000_000]);

    // the operator: who submitted, who is late; the consolidation; offices refused
    const status = await server.operator.get('/api/reports/quarter/2027/1');
    expect(status.status).toBe(200);
    const of = (u: string) => status.body.units.find((x: { unitId: string }) => x.unitId === u);
    expect(of(A)).toMatchObject({ state: 'submitted', late: false, reportId: report.id });
    expect(of(B)).toMatchObject({ state: 'none', late: false });
    const past = await server.operator.get('/api/reports/quarter/2026/3');
    expect(past.body.units.find((x: { unitId: string }) => x.unitId === B)).toMatchObject({ state: 'none', late: true });
    expect((await officeA.client.get('/api/reports/quarter/2027/1')).status).toBe(403);
    expect((await officeA.client.get('/api/reports/consolidated/2027/1')).status).toBe(403);
    expect((await server.operator.get('/api/reports/quarter/2027/5')).status).toBe(400);
    const consolidated = await server.operator.get('/api/reports/consolidated/2027/1');
    expect(consolidated.body).toMatchObject({ submitted: 1 });
    expect(consolidated.body.table.at(-1)).toMatchObject({ meetings: 9, cost: 5_000_000 });
    expect(consolidated.body.units.map((u: { unitName: string }) => u.unitName)).toEqual(['Cục Viễn thám Thử']);
    const cdocx = docxTables((await fetchBytes(server.operator, '/api/reports/consolidated/2027/1/export?format=docx')).bytes);
    expect(cdocx.text).toContain('Phụ lục 1. Cục Viễn thám Thử');
    const grids = cdocx.tables.filter((t) => t[0]?.join('|') === HEADERS.join('|'));
    expect(grids).toHaveLength(2);
    expect(grids[0]!.at(-1)!.slice(0, 3)).toEqual(['4', 'Tổng cộng', '9']);
    const cxlsx = await fetchBytes(server.operator, '/api/reports/consolidated/2027/1/export?format=xlsx');
    const cwb = new ExcelJS.Workbook();
    await cwb.xlsx.load(cxlsx.bytes as never);
    expect(cwb.worksheets.map((w) => w.name)).toEqual(['Báo cáo', 'PL1 Cục Viễn thám Thử']);
    const cpdf = await fetchBytes(server.operator, '/api/reports/consolidated/2027/1/export?format=pdf');
    expect(cpdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');

    // reminders: B's office (not submitted) a week before the deadline, once a day; A (submitted) not
    const reminded = await server.app.reports.runReminders(new Date('2027-02-25T09:00:00+07:00'));
    expect(reminded).toBeGreaterThanOrEqual(1);
    const bell = await officeB.client.get('/api/notifications');
    expect(bell.body.notifications.filter((n: { kind: string; data: { year: number; quarter: number } }) => n.kind === 'report.reminder' && n.data.year === 2027 && n.data.quarter === 1)).toHaveLength(1);
    expect((await officeA.client.get('/api/notifications')).body.notifications.some((n: { kind: string; data: { quarter: number; year: number } }) => n.kind === 'report.reminder' && n.data.year === 2027 && n.data.quarter === 1)).toBe(false);
    expect(await server.app.reports.runReminders(new Date('2027-02-25T15:00:00+07:00'))).toBe(0);
    const audit = await server.operator.get(`/api/audit?targetId=${report.id}`);
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['report.drafted', 'report.changed', 'report.sent_for_signing', 'report.submitted', 'report.exported']));
  });
});
