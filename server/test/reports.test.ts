/**
 * The quarterly report (issue 17 point 1; R5.1, R5.2; M13.5): the judgment of each meeting, the figures of row 1
 * counted from the meetings actually held, and the report itself.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import { endpoints, meetings, users } from '../db/schema';
import { meetingFigures, monthsOf, type FigureRow } from '../reports/figures';
import { insertHeldMeeting } from './report-fixtures';
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
