/**
 * The technical check before a meeting and the readiness board (R2.6, M8.2, D15.1, D16.1, D19.3) against the
 * real server, database and Janus: who may check for which endpoint and when, the server's own verdict with the
 * failing criteria named, the notice of a failure, the board and who may see it, and the loopback test room's
 * refusals and clean-up.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationsResponse, ReadinessBoard, TechnicalCheckView } from '../../shared/api';
import { bookMeetingOfA, describeMatrix, row, useMatrixWorld, type MatrixWorld } from './permission-matrix';
import { TestClient, createUser, ensureUnit, startTestServer, type TestServer } from './support';

type Person = Awaited<ReturnType<typeof createUser>>;
let server: TestServer;
let district: string;
let organiser: Person;
let chair: Person;
let chairTech: Person;
let delegate: Person;
let techA: Person;
let techB: Person;
let techBoth: Person;
let techOutside: Person;
let roomA: string;
let roomB: string;
let roomC: string;
let outsideRoom: string;
let roomBAccount: TestClient;

const good = { camera: true, microphone: true, bitrateKbps: 812.4, lossPercent: 0.3, rttMs: 12.5, jitterMs: 3.1 };

async function createEndpoint(name: string): Promise<string> {
  const res = await organiser.client.post('/api/endpoints', { kind: 'room', name, unitId: district, location: 'Tầng 2', equipment: 'Camera, micro', networkAddress: '10.64.2.10', capacity: 30 });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.endpoint.id;
}

async function assign(endpointId: string, userId: string, contact: string) {
  const res = await organiser.client.post(`/api/endpoints/${endpointId}/technicians`, { userId, contact });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

/** A meeting of the organiser's unit, booked by the office as an emergency (D19.2), starting in `startsInHours`. */
let slot = 0;
async function newMeeting(startsInHours: number, endpointIds = [roomA, roomB, roomC]): Promise<string> {
  // a room is in one meeting at a time (R2.3): each meeting of the file gets a slot of its own
  const start = Date.now() + startsInHours * 3_600_000 + slot++ * 40 * 60_000;
  const res = await server.operator.post('/api/meetings', {
    title: 'Giao ban trực tuyến kiểm tra kỹ thuật',
    startsAt: new Date(start).toISOString(),
    endsAt: new Date(start + 30 * 60_000).toISOString(),
    hostUnitId: district,
    chairId: chair.id,
    chairTechnicianId: chairTech.id,
    notStateSecret: true,
    emergency: true,
    inviteeIds: [delegate.id],
    endpointIds,
    slug: `ktkt-${randomBytes(4).toString('hex')}`,
    password: 'mat-khau-1',
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.meeting.id;
}

const postCheck = (client: TestClient, meetingId: string, body: Record<string, unknown>) => client.post(`/api/meetings/${meetingId}/technical-checks`, body);
const board = async (client: TestClient, meetingId: string) => (await client.get(`/api/meetings/${meetingId}/readiness`)).body as ReadinessBoard;

beforeAll(async () => {
  server = await startTestServer();
  district = await ensureUnit(server, 'UBND huyện Krông Nô');
  await ensureUnit(server, 'Viễn thông Đắk Nông');
  organiser = await createUser(server, 'Hoàng Văn Tổ', 'UBND huyện Krông Nô', { role: 'organiser' });
  chair = await createUser(server, 'Nguyễn Bốn', 'UBND huyện Krông Nô', { title: 'Chủ tịch UBND huyện' });
  chairTech = await createUser(server, 'Đinh Văn Âm', 'UBND huyện Krông Nô', { role: 'technician' });
  delegate = await createUser(server, 'Trần Văn Năm', 'UBND huyện Krông Nô');
  techA = await createUser(server, 'Lê Văn Kỹ', 'Viễn thông Đắk Nông', { role: 'technician' });
  techB = await createUser(server, 'Phạm Thị Thuật', 'Viễn thông Đắk Nông', { role: 'technician' });
  techBoth = await createUser(server, 'Vũ Văn Máy', 'Viễn thông Đắk Nông', { role: 'technician' });
  techOutside = await createUser(server, 'Hà Thị Ngoài', 'Viễn thông Đắk Nông', { role: 'technician' });
  roomA = await createEndpoint('Phòng họp xã Nam Đà');
  roomB = await createEndpoint('Phòng họp xã Đắk Sôr');
  roomC = await createEndpoint('Phòng họp xã Buôn Choáh');
  outsideRoom = await createEndpoint('Phòng họp xã không mời');
  await assign(roomA, techA.id, '0912 111 222');
  await assign(roomB, techB.id, '0912 333 444');
  await assign(roomB, techBoth.id, '0912 555 666');
  await assign(roomC, techBoth.id, '0912 555 666');
  await assign(outsideRoom, techOutside.id, '0912 777 888');
  const email = `phong-dak-sor-${randomBytes(3).toString('hex')}@example.vn`;
  const account = await organiser.client.post(`/api/endpoints/${roomB}/account`, { email });
  expect(account.status, JSON.stringify(account.body)).toBe(201);
  roomBAccount = new TestClient(server.url);
  await roomBAccount.signIn(email, account.body.temporaryPassword);
});

afterAll(async () => {
  await server?.close();
});

describe('technical check and readiness board (R2.6)', () => {
  it('R2.6 a check posted by the endpoint’s technician appears on the board as passed, with its figures', async () => {
    const meetingId = await newMeeting(2);
    const res = await postCheck(techA.client, meetingId, { ...good, note: 'Camera và micro tốt' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const check = res.body.check as TechnicalCheckView;
    expect(check).toMatchObject({ endpointId: roomA, passed: true, failing: [], bitrateKbps: 812.4, lossPercent: 0.3, rttMs: 12.5, jitterMs: 3.1, inWindow: true, by: { id: techA.id, name: 'Lê Văn Kỹ' } });

    const b = await board(organiser.client, meetingId);
    expect(b.thresholds).toEqual({ minBitrateKbps: 300, maxLossPercent: 5, maxRttMs: 400 });
    expect(b.window.open).toBe(true);
    const rowA = b.rows.find((r) => r.endpoint?.id === roomA)!;
    expect(rowA).toMatchObject({ status: 'passed', endpoint: { name: 'Phòng họp xã Nam Đà', unit: 'UBND huyện Krông Nô' }, technicians: [{ id: techA.id, name: 'Lê Văn Kỹ', contact: '0912 111 222' }] });
    expect(rowA.latest).toMatchObject({ id: check.id, passed: true, bitrateKbps: 812.4, note: 'Camera và micro tốt' });
    expect(b.rows.find((r) => r.endpoint?.id === roomB)).toMatchObject({ status: 'not_checked', latest: null });
    expect(b.rows.find((r) => r.endpoint?.id === roomB)!.technicians.map((t) => t.name)).toEqual(['Vũ Văn Máy', 'Phạm Thị Thuật'].sort((x, y) => x.split(' ').at(-1)!.localeCompare(y.split(' ').at(-1)!, 'vi')));
    // the chair's side is a row of its own, with the chair's technician
    expect(b.rows[0]).toMatchObject({ endpoint: null, status: 'not_checked', technicians: [{ id: chairTech.id, name: 'Đinh Văn Âm' }] });
    expect(b.summary).toEqual({ total: 4, passed: 1, failed: 0, notChecked: 3 });

    // the chair and the chair's technician see the board too; the check is in the audit trail
    expect((await chair.client.get(`/api/meetings/${meetingId}/readiness`)).status).toBe(200);
    expect((await chairTech.client.get(`/api/meetings/${meetingId}/readiness`)).status).toBe(200);
    const audit = await server.operator.get(`/api/audit?action=meeting.technical_check&targetId=${meetingId}`);
    expect(audit.body.entries).toHaveLength(1);
    expect(audit.body.entries[0]).toMatchObject({ actor: { id: techA.id }, data: { endpointId: roomA, passed: true } });
  });

  it('R2.6 bad figures fail with each failing criterion named; the organiser and the chair’s technician are notified', async () => {
    const meetingId = await newMeeting(2);
    const res = await postCheck(techA.client, meetingId, { camera: false, microphone: true, bitrateKbps: 120, lossPercent: 9.5, rttMs: 650 });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.check).toMatchObject({ passed: false, failing: ['camera', 'bitrate', 'loss', 'rtt'], jitterMs: null });
    const rowA = (await board(organiser.client, meetingId)).rows.find((r) => r.endpoint?.id === roomA)!;
    expect(rowA).toMatchObject({ status: 'failed', latest: { failing: ['camera', 'bitrate', 'loss', 'rtt'] } });

    for (const person of [organiser, chairTech]) {
      const inbox = (await person.client.get('/api/notifications')).body as NotificationsResponse;
      const notice = inbox.notifications.find((n) => n.kind === 'technical_check_failed' && n.data.meetingId === meetingId);
      expect(notice, person.name).toBeDefined();
      expect(notice!.data).toMatchObject({ endpointName: 'Phòng họp xã Nam Đà', byName: 'Lê Văn Kỹ', failing: ['camera', 'bitrate', 'loss', 'rtt'] });
    }
    // a later passing check makes the side passed
    await postCheck(techA.client, meetingId, good);
    expect((await board(organiser.client, meetingId)).rows.find((r) => r.endpoint?.id === roomA)!.status).toBe('passed');
  });

  it('R2.6 the server decides `passed`: a client claiming it is refused, and figures are bounded', async () => {
    const meetingId = await newMeeting(2);
    const claimed = await postCheck(techA.client, meetingId, { ...good, bitrateKbps: 10, passed: true });
    expect(claimed.status).toBe(400);
    expect(claimed.body.error.id).toBe('validation_failed');
    for (const bad of [{ bitrateKbps: -1 }, { lossPercent: 101 }, { rttMs: null }, { camera: 'yes' }, { rttMs: 1e12 }]) {
      const res = await postCheck(techA.client, meetingId, { ...good, ...bad });
      expect(res.status, JSON.stringify(bad)).toBe(400);
    }
    const low = await postCheck(techA.client, meetingId, { ...good, bitrateKbps: 299 });
    expect(low.body.check).toMatchObject({ passed: false, failing: ['bitrate'] });
    expect((await board(organiser.client, meetingId)).summary).toMatchObject({ passed: 0, failed: 1 });
  });

  it('R2.6 a delegate, a technician of a non-invited endpoint, or of another invited endpoint is refused', async () => {
    const meetingId = await newMeeting(2);
    const refusals = [
      await postCheck(delegate.client, meetingId, good),
      await postCheck(techOutside.client, meetingId, good),
      await postCheck(techOutside.client, meetingId, { ...good, endpointId: outsideRoom }),
      await postCheck(techA.client, meetingId, { ...good, endpointId: roomB }),
      await postCheck(chair.client, meetingId, good),
      await postCheck(organiser.client, meetingId, good),
    ];
    for (const res of refusals) {
      expect(res.status).toBe(403);
      expect(res.body.error.id).toBe('forbidden');
    }
    expect((await board(organiser.client, meetingId)).summary).toMatchObject({ passed: 0, failed: 0 });
    const audit = await server.operator.get(`/api/audit?action=meeting.technical_check&targetId=${meetingId}`);
    expect(audit.body.entries).toHaveLength(0);
  });

  it('R2.6 a technician of several invited endpoints names one; the room account and the chair’s technician check their own side', async () => {
    const meetingId = await newMeeting(2);
    const unnamed = await postCheck(techBoth.client, meetingId, good);
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.error.id).toBe('technical_check_endpoint_required');
    expect((await postCheck(techBoth.client, meetingId, { ...good, endpointId: roomC })).body.check.endpointId).toBe(roomC);
    expect((await postCheck(roomBAccount, meetingId, good)).body.check.endpointId).toBe(roomB);
    expect((await postCheck(chairTech.client, meetingId, good)).body.check.endpointId).toBeNull();
    const b = await board(organiser.client, meetingId);
    expect(b.summary).toEqual({ total: 4, passed: 3, failed: 0, notChecked: 1 });
    expect(b.rows.find((r) => r.endpoint?.id === roomA)!.status).toBe('not_checked');

    // the technician sees the meetings whose window is open, with each side's status (room B checked by its room)
    const mine = (await techBoth.client.get('/api/technical-checks/mine')).body.checks as { meeting: { id: string }; endpoint: { id: string } | null; status: string }[];
    const here = mine.filter((c) => c.meeting.id === meetingId);
    expect(here.map((c) => [c.endpoint?.id, c.status]).sort()).toEqual([[roomB, 'passed'], [roomC, 'passed']].sort());
  });

  it('R2.6 outside the window (more than 24 h before the system check, or after the end) → technical_check_closed', async () => {
    const later = await newMeeting(5 * 24);
    const early = await postCheck(techA.client, later, good);
    expect(early.status).toBe(409);
    expect(early.body.error.id).toBe('technical_check_closed');
    const b = await board(organiser.client, later);
    expect(b.window.open).toBe(false);
    // no system-check time set: 1 hour before the opening, and the window opens 24 hours before that
    expect(new Date(b.meeting.startsAt).getTime() - new Date(b.meeting.checkAt).getTime()).toBe(3_600_000);
    expect(new Date(b.meeting.checkAt).getTime() - new Date(b.window.opensAt).getTime()).toBe(24 * 3_600_000);
    expect(((await techA.client.get('/api/technical-checks/mine')).body.checks as { meeting: { id: string } }[]).some((c) => c.meeting.id === later)).toBe(false);

    const past = await newMeeting(-12); // ended hours ago by its planned time
    const late = await postCheck(techA.client, past, good);
    expect(late.body.error?.id).toBe('technical_check_closed');
    // the who comes first: an outsider learns nothing about the window
    expect((await postCheck(delegate.client, later, good)).body.error.id).toBe('forbidden');
  });

  it('R2.6 the board is refused to a delegate and to an endpoint’s technician', async () => {
    const meetingId = await newMeeting(2);
    for (const client of [delegate.client, techA.client, roomBAccount]) {
      const res = await client.get(`/api/meetings/${meetingId}/readiness`);
      expect(res.status).toBe(403);
      expect(res.body.error.id).toBe('forbidden');
    }
    expect((await organiser.client.get(`/api/meetings/00000000-0000-4000-8000-000000000000/readiness`)).body.error.id).toBe('meeting_not_found');
  });

  it('R2.6 the loopback test room: refused to outsiders; a failed negotiation leaves no room on Janus; sessions are per person', async () => {
    const meetingId = await newMeeting(2);
    // shaped as a session description, but nothing Janus can negotiate (no ICE credentials, no fingerprint)
    const offer = { type: 'offer', sdp: 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\n' };
    const refused = await delegate.client.post(`/api/meetings/${meetingId}/technical-checks/loopback`, { offer });
    expect(refused.status).toBe(403);
    const before = (await server.app.media.listRooms()).filter((r) => r.startsWith('check-'));
    // the browser's description is at fault, not the server: a 4xx, not 502
    const bad = await techA.client.post(`/api/meetings/${meetingId}/technical-checks/loopback`, { offer });
    expect(bad.status, JSON.stringify(bad.body)).toBe(400);
    expect(bad.body.error.id).toBe('media_description_invalid');
    // not a session description at all: refused at the door, Janus never sees it
    const shapeless = await techA.client.post(`/api/meetings/${meetingId}/technical-checks/loopback`, { offer: { type: 'offer', sdp: 'not really sdp at all' } });
    expect(shapeless.status).toBe(400);
    expect(shapeless.body.error).toMatchObject({ id: 'validation_failed', fields: { 'offer.sdp': expect.stringContaining('not a session description') } });
    expect((await server.app.media.listRooms()).filter((r) => r.startsWith('check-'))).toEqual(before);
    const unknown = await techA.client.post(`/api/meetings/${meetingId}/technical-checks/loopback/${'11111111-1111-4111-8111-111111111111'}/subscribe`);
    expect(unknown.body.error.id).toBe('technical_check_session_not_found');
  });
});

// ------------------------------------------------------------------------------------------ permission matrix

const world = useMatrixWorld();
let matrixSlot = 0;
let technicianAssigned = false;

/** A meeting of unit A inviting the world's room, booked by the operator (also its chair), its check window open. */
async function meetingOfA(w: MatrixWorld): Promise<{ id: string }> {
  if (!technicianAssigned) {
    const res = await w.operator.post(`/api/endpoints/${w.endpointId}/technicians`, { userId: w.ids.technicianA, contact: '0912 000 999' });
    if (res.status !== 201) throw new Error(`assign: ${JSON.stringify(res.body)}`);
    technicianAssigned = true;
  }
  const start = Date.now() + 3_600_000 + matrixSlot++ * 40 * 60_000;
  const id = await bookMeetingOfA(w, { startsAt: new Date(start), minutes: 30, chairId: w.ids.operator, inviteeIds: [], endpointIds: [w.endpointId], title: 'Giao ban kiểm tra quyền' });
  return { id };
}

describeMatrix('technical check and readiness board (R2.6)', world, [
  row({
    requirement: 'R2.6',
    name: 'post a technical check for the invited room of a meeting of A',
    allow: ['technicianA', 'endpointA'],
    prepare: (w) => meetingOfA(w),
    run: (c, m) => c.post(`/api/meetings/${m.id}/technical-checks`, good),
    okStatus: 201,
    check: (res, _role, _m, w) => expect(res.body.check).toMatchObject({ endpointId: w.endpointId, passed: true }),
    state: (m, w) => w.operator.get(`/api/meetings/${m.id}/readiness`).then((r) => r.body.summary),
  }),
  row({
    requirement: 'R2.6',
    name: 'see the readiness board of a meeting of A',
    allow: ['operator', 'organiserA'],
    prepare: (w) => meetingOfA(w),
    run: (c, m) => c.get(`/api/meetings/${m.id}/readiness`),
    check: (res) => expect(res.body.rows).toHaveLength(2),
  }),
]);
