/**
 * The endpoint registry (R1.4, D4.3, D13.2, D14, D25.2) against the real server: CRUD and its refusals, the
 * version check, the media capacity, technicians with history and announcements, and a room's own account
 * joining a meeting as the endpoint over the signaling socket.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EndpointView, NotificationsResponse, TechnicianAssignmentView } from '../../shared/api';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import { TestClient, TestSocket, createUser, ensureUnit, startTestServer, type TestServer } from './support';

const CAPACITY = 14;

type Person = Awaited<ReturnType<typeof createUser>>;
let server: TestServer;
let province: string;
let district: string;
let department: string;
let districtOrganiser: Person;
let otherOrganiser: Person;
let delegate: Person;
let chair: Person;
let techA: Person;
let techB: Person;
let techC: Person;
const sockets: TestSocket[] = [];

beforeAll(async () => {
  server = await startTestServer({ MEDIA_CAPACITY_ENDPOINTS: String(CAPACITY) });
  province = await ensureUnit(server, 'UBND tỉnh Đắk Nông');
  district = await ensureUnit(server, 'UBND huyện Cư Jút', province);
  department = await ensureUnit(server, 'Sở Tài chính', province);
  await ensureUnit(server, 'Viễn thông Đắk Nông');
  districtOrganiser = await createUser(server, 'Hoàng Văn Tổ', 'UBND huyện Cư Jút', { role: 'organiser' });
  otherOrganiser = await createUser(server, 'Đỗ Thị Chức', 'Sở Tài chính', { role: 'organiser' });
  delegate = await createUser(server, 'Trần Văn Năm', 'UBND huyện Cư Jút');
  chair = await createUser(server, 'Nguyễn Bốn', 'UBND tỉnh Đắk Nông', { title: 'Phó Chủ tịch UBND tỉnh' });
  techA = await createUser(server, 'Lê Văn Kỹ', 'Viễn thông Đắk Nông', { role: 'technician' });
  techB = await createUser(server, 'Phạm Thị Thuật', 'Viễn thông Đắk Nông', { role: 'technician' });
  techC = await createUser(server, 'Vũ Văn Máy', 'UBND huyện Cư Jút', { role: 'technician' });
});

afterAll(async () => {
  sockets.forEach((s) => s.close());
  await server?.close();
});

const roomBody = (name: string, unitId = district) => ({
  name,
  unitId,
  location: 'Tầng 2, trụ sở UBND huyện',
  equipment: 'Camera Polycom EagleEye, 2 micro, TV 65 inch',
  networkAddress: '10.64.2.10',
  capacity: 40,
});

async function createRoom(client: TestClient, name: string, unitId = district): Promise<EndpointView> {
  const res = await client.post('/api/endpoints', roomBody(name, unitId));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.endpoint;
}

const getEndpoint = async (client: TestClient, id: string) =>
  (await client.get(`/api/endpoints/${id}`)).body as { endpoint: EndpointView; history: TechnicianAssignmentView[] };

async function newMeeting(opts: { hostUnitId: string; endpointIds: string[]; startsInHours?: number }) {
  const slug = `hop-${randomBytes(4).toString('hex')}`;
  const start = Date.now() + (opts.startsInHours ?? 48) * 3_600_000;
  const res = await server.operator.post('/api/meetings', {
    title: 'Giao ban kinh tế - xã hội tháng',
    startsAt: new Date(start).toISOString(),
    endsAt: new Date(start + 3 * 3_600_000).toISOString(),
    hostUnitId: opts.hostUnitId,
    chairId: chair.id,
    notStateSecret: true,
    emergency: true,
    inviteeIds: [delegate.id],
    endpointIds: opts.endpointIds,
    slug,
    password: 'mat-khau-1',
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.meeting.id as string, slug, password: 'mat-khau-1' };
}

async function open(client: TestClient) {
  const s = await TestSocket.open(server, client);
  sockets.push(s);
  return s;
}

describe('endpoint registry (R1.4)', () => {
  it('R1.4 an organiser registers a room of their unit; everyone signed in lists it with its technicians', async () => {
    const room = await createRoom(districtOrganiser.client, 'Phòng họp trực tuyến huyện Cư Jút');
    expect(room).toMatchObject({ kind: 'room', unit: 'UBND huyện Cư Jút', status: 'ready', capacity: 40, version: 1, account: null, technicians: [], canManage: true });

    const assigned = await server.operator.post(`/api/endpoints/${room.id}/technicians`, { userId: techC.id, contact: '0261 3880 123' });
    expect(assigned.status).toBe(201);

    const listed = await delegate.client.get('/api/endpoints');
    expect(listed.status).toBe(200);
    const seen = (listed.body.endpoints as EndpointView[]).find((e) => e.id === room.id)!;
    expect(seen).toMatchObject({ name: 'Phòng họp trực tuyến huyện Cư Jút', networkAddress: '10.64.2.10', canManage: false, canChangeStatus: false });
    expect(seen.technicians.map((t) => [t.technician.name, t.contact])).toEqual([['Vũ Văn Máy', '0261 3880 123']]);
    expect(listed.body.capacity).toMatchObject({ max: CAPACITY });
    // the operator manages every endpoint
    expect((await server.operator.get('/api/endpoints')).body.endpoints.find((e: EndpointView) => e.id === room.id).canManage).toBe(true);

    const individual = await server.operator.post('/api/endpoints', { kind: 'individual', name: 'Điểm cầu cá nhân Phó Chủ tịch', unitId: province });
    expect(individual.status).toBe(201);
    expect(individual.body.endpoint).toMatchObject({ kind: 'individual', capacity: 0, location: '' });
  });

  it('R1.4, R6.1 technicians’ phones and e-mails only for those who need them: the operator, the same unit, its technicians, the organiser and chair of a meeting it is in', async () => {
    const room = await createRoom(districtOrganiser.client, 'Phòng họp trực tuyến xã Trúc Sơn');
    const phone = '0905 123 456';
    expect((await server.operator.request('PATCH', `/api/users/${techC.id}`, { phone })).status).toBe(200);
    expect((await server.operator.post(`/api/endpoints/${room.id}/technicians`, { userId: techC.id, contact: '0261 3880 999' })).status).toBe(201);

    const seenBy = async (client: TestClient) => {
      const listed = ((await client.get('/api/endpoints')).body.endpoints as EndpointView[]).find((e) => e.id === room.id)!;
      const detail = await getEndpoint(client, room.id);
      return { raw: JSON.stringify([listed, detail]), assignments: [...listed.technicians, ...detail.endpoint.technicians, ...detail.history] };
    };
    const shows = async (client: TestClient) => {
      const { raw, assignments } = await seenBy(client);
      expect(assignments.map((a) => [a.technician.name, a.technician.phone, a.technician.email, a.contact, a.contactsHidden])).toEqual(
        assignments.map(() => ['Vũ Văn Máy', phone, techC.email, '0261 3880 999', undefined]),
      );
      expect(raw).toContain(phone);
    };
    const hides = async (client: TestClient) => {
      const { raw, assignments } = await seenBy(client);
      expect(assignments.length).toBe(3);
      // who the technician is stays visible; how to reach them does not
      for (const a of assignments) expect(a).toMatchObject({ technician: { name: 'Vũ Văn Máy', phone: '', email: '' }, contact: '', contactsHidden: true });
      for (const secret of [phone, techC.email, '0261 3880 999']) expect(raw).not.toContain(secret);
    };

    await shows(server.operator);
    await shows(districtOrganiser.client); // manages the room
    await shows(delegate.client); // the room's own unit
    await shows(techC.client); // its technician
    await hides(otherOrganiser.client); // another unit's organiser
    await hides(techA.client); // a technician of another endpoint
    await hides(chair.client); // not yet in any meeting with the room

    // the chair of a meeting the room is invited to needs them to call the technician (D19.3)
    const meeting = await newMeeting({ hostUnitId: province, endpointIds: [room.id] });
    await shows(chair.client);
    await hides(otherOrganiser.client);
    // once the meeting is cancelled that need is gone
    expect((await server.operator.post(`/api/meetings/${meeting.id}/cancel`, { reason: 'Hoãn theo chỉ đạo' })).status).toBe(200);
    await hides(chair.client);
  });

  it('R1.4 refuses a delegate, an organiser of another unit and a technician not assigned, and changes nothing', async () => {
    const room = await createRoom(districtOrganiser.client, 'Phòng họp UBND xã Tâm Thắng');
    await server.operator.post(`/api/endpoints/${room.id}/technicians`, { userId: techA.id, contact: '0912 000 111' });

    const refusals = [
      await delegate.client.post('/api/endpoints', roomBody('Phòng của đại biểu')),
      await otherOrganiser.client.post('/api/endpoints', roomBody('Phòng của sở khác')),
      await delegate.client.request('PATCH', `/api/endpoints/${room.id}`, { name: 'Đổi tên', version: room.version }),
      await otherOrganiser.client.request('PATCH', `/api/endpoints/${room.id}`, { name: 'Đổi tên', version: room.version }),
      // an organiser may not move a room of theirs into a unit they do not manage
      await districtOrganiser.client.request('PATCH', `/api/endpoints/${room.id}`, { unitId: department, version: room.version }),
      await techB.client.request('PUT', `/api/endpoints/${room.id}/status`, { status: 'out_of_order', version: room.version }),
      await delegate.client.request('PUT', `/api/endpoints/${room.id}/status`, { status: 'out_of_order', version: room.version }),
      await techA.client.request('PATCH', `/api/endpoints/${room.id}`, { name: 'Kỹ thuật đổi tên', version: room.version }),
      await otherOrganiser.client.post(`/api/endpoints/${room.id}/technicians`, { userId: techB.id, contact: '0912 000 222' }),
      await techA.client.post(`/api/endpoints/${room.id}/technicians`, { userId: techB.id, contact: '0912 000 222' }),
      await otherOrganiser.client.post(`/api/endpoints/${room.id}/account`, { email: 'phong.tam.thang@example.vn' }),
      await delegate.client.request('DELETE', `/api/endpoints/${room.id}`),
      await otherOrganiser.client.request('DELETE', `/api/endpoints/${room.id}`),
      await delegate.client.get('/api/endpoints/technicians'),
    ];
    for (const res of refusals) {
      expect(res.status).toBe(403);
      expect(res.body.error.id).toBe('forbidden');
    }
    const after = await getEndpoint(server.operator, room.id);
    expect(after.endpoint).toMatchObject({ name: room.name, unitId: district, status: 'ready', version: room.version, account: null });
    expect(after.history.map((a) => a.technician.name)).toEqual(['Lê Văn Kỹ']);

    // an organiser of the unit, and the assigned technician for the status only, are let through
    const renamed = await districtOrganiser.client.request('PATCH', `/api/endpoints/${room.id}`, { location: 'Hội trường UBND xã', version: room.version });
    expect(renamed.status).toBe(200);
    const fault = await techA.client.request('PUT', `/api/endpoints/${room.id}/status`, { status: 'out_of_order', version: renamed.body.endpoint.version });
    expect(fault.status).toBe(200);
    expect(fault.body.endpoint).toMatchObject({ status: 'out_of_order', version: room.version + 2, canChangeStatus: true, canManage: false });
  });

  it('R1.4 a stale version is refused: two editors do not lose a change silently', async () => {
    const room = await createRoom(server.operator, 'Phòng họp Văn phòng UBND tỉnh');
    const first = await server.operator.request('PATCH', `/api/endpoints/${room.id}`, { equipment: 'Bộ MCU, camera PTZ', version: room.version });
    expect(first.status).toBe(200);
    expect(first.body.endpoint.version).toBe(room.version + 1);
    const second = await districtOrganiser.client.request('PATCH', `/api/endpoints/${room.id}`, { equipment: 'Camera cũ', version: room.version });
    expect(second.status).toBe(409);
    expect(second.body.error).toMatchObject({ id: 'endpoint_version_conflict', fields: { version: String(room.version + 1) } });
    const stale = await server.operator.request('PUT', `/api/endpoints/${room.id}/status`, { status: 'maintenance', version: room.version });
    expect(stale.body.error.id).toBe('endpoint_version_conflict');
    expect((await getEndpoint(server.operator, room.id)).endpoint).toMatchObject({ equipment: 'Bộ MCU, camera PTZ', status: 'ready', version: room.version + 1 });
  });

  it('R1.4 an endpoint invited to a meeting cannot be deleted; an unused one can, with an audit entry', async () => {
    const used = await createRoom(server.operator, 'Phòng họp Sở Tài chính', department);
    await newMeeting({ hostUnitId: department, endpointIds: [used.id] });
    const refused = await server.operator.request('DELETE', `/api/endpoints/${used.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.id).toBe('endpoint_in_use');

    const spare = await createRoom(districtOrganiser.client, 'Phòng họp dự phòng');
    expect((await districtOrganiser.client.request('DELETE', `/api/endpoints/${spare.id}`)).status).toBe(204);
    expect((await server.operator.get(`/api/endpoints/${spare.id}`)).body.error.id).toBe('endpoint_not_found');
    const audit = await server.operator.get(`/api/audit?targetId=${spare.id}`);
    expect(audit.body.entries.map((e: { action: string }) => e.action).sort()).toEqual(['endpoint.created', 'endpoint.deleted']);
  });
});

describe('technicians (D13.2, D14, D25.2)', () => {
  it('R1.4 a change of technician is recorded and announced', async () => {
    const room = await createRoom(districtOrganiser.client, 'Phòng họp trực tuyến huyện Đắk Mil');
    const first = await districtOrganiser.client.post(`/api/endpoints/${room.id}/technicians`, { userId: techA.id, contact: '0912 000 111' });
    expect(first.status).toBe(201);
    const firstAssignment = (first.body.endpoint as EndpointView).technicians[0]!;
    const upcoming = await newMeeting({ hostUnitId: district, endpointIds: [room.id] });
    const before = {
      operator: ((await server.operator.get('/api/notifications')).body as NotificationsResponse).unread,
      other: ((await otherOrganiser.client.get('/api/notifications')).body as NotificationsResponse).notifications.length,
    };

    const changed = await districtOrganiser.client.post(`/api/endpoints/${room.id}/technicians`, {
      userId: techB.id,
      contact: '0912 000 222',
      replacesAssignmentId: firstAssignment.id,
    });
    expect(changed.status).toBe(201);

    // recorded: the previous assignment ended, kept in the history shown on the endpoint page
    const { endpoint, history } = await getEndpoint(server.operator, room.id);
    expect(endpoint.technicians.map((t) => [t.technician.name, t.contact])).toEqual([['Phạm Thị Thuật', '0912 000 222']]);
    expect(history).toHaveLength(2);
    const ended = history.find((a) => a.id === firstAssignment.id)!;
    expect(ended.endedAt).not.toBeNull();
    expect(ended.endedBy).toMatchObject({ id: districtOrganiser.id, name: 'Hoàng Văn Tổ' });
    expect(history.find((a) => a.technician.id === techB.id)).toMatchObject({ endedAt: null, assignedBy: { id: districtOrganiser.id } });

    // announced: to the operator and to the organiser of the host unit of the room's upcoming meeting
    const expected = {
      kind: 'technician_changed',
      readAt: null,
      data: {
        endpointId: room.id,
        endpointName: 'Phòng họp trực tuyến huyện Đắk Mil',
        unitName: 'UBND huyện Cư Jút',
        change: 'replaced',
        previous: { name: 'Lê Văn Kỹ', contact: '0912 000 111' },
        next: { name: 'Phạm Thị Thuật', contact: '0912 000 222' },
        byName: 'Hoàng Văn Tổ',
        meetings: [expect.objectContaining({ id: upcoming.id, slug: upcoming.slug })],
      },
    };
    const operatorInbox = (await server.operator.get('/api/notifications')).body as NotificationsResponse;
    expect(operatorInbox.notifications[0]).toMatchObject(expected);
    expect(operatorInbox.unread).toBe(before.operator + 1);
    const organiserInbox = (await districtOrganiser.client.get('/api/notifications')).body as NotificationsResponse;
    expect(organiserInbox.notifications[0]).toMatchObject(expected);
    // and to the technician who takes over
    expect(((await techB.client.get('/api/notifications')).body as NotificationsResponse).notifications[0]).toMatchObject({ kind: 'technician_changed', data: { endpointId: room.id } });
    // not to an organiser whose unit hosts none of the room's meetings
    expect(((await otherOrganiser.client.get('/api/notifications')).body as NotificationsResponse).notifications).toHaveLength(before.other);

    // audited
    const audit = await server.operator.get(`/api/audit?action=endpoint.technician_changed&targetId=${room.id}`);
    expect(audit.body.entries[0]).toMatchObject({
      actor: { id: districtOrganiser.id },
      action: 'endpoint.technician_changed',
      data: { change: 'replaced', technicianId: techB.id, previousTechnicianId: techA.id, endedAssignmentId: firstAssignment.id, contact: '0912 000 222' },
    });

    // the relieved technician may no longer change the room's status; the new one may
    const version = endpoint.version;
    expect((await techA.client.request('PUT', `/api/endpoints/${room.id}/status`, { status: 'maintenance', version })).status).toBe(403);
    expect((await techB.client.request('PUT', `/api/endpoints/${room.id}/status`, { status: 'maintenance', version })).status).toBe(200);

    // replacing an assignment that has already ended is refused and changes nothing
    const again = await districtOrganiser.client.post(`/api/endpoints/${room.id}/technicians`, { userId: techC.id, contact: '0261 3880 999', replacesAssignmentId: firstAssignment.id });
    expect(again.body.error.id).toBe('technician_assignment_not_found');
    expect((await getEndpoint(server.operator, room.id)).history).toHaveLength(2);
  });

  it('R1.4 only a person with the technician role can be assigned; ending an assignment is announced too', async () => {
    const room = await createRoom(server.operator, 'Phòng họp Huyện ủy Cư Jút');
    const notTech = await server.operator.post(`/api/endpoints/${room.id}/technicians`, { userId: delegate.id, contact: '0912 000 333' });
    expect(notTech.status).toBe(404);
    expect(notTech.body.error.id).toBe('technician_not_found');
    const assigned = await server.operator.post(`/api/endpoints/${room.id}/technicians`, { userId: techC.id, contact: '0912 000 444' });
    const assignmentId = (assigned.body.endpoint as EndpointView).technicians[0]!.id;
    const ended = await server.operator.request('DELETE', `/api/endpoints/${room.id}/technicians/${assignmentId}`);
    expect(ended.status).toBe(200);
    expect(ended.body.endpoint.technicians).toEqual([]);
    expect(ended.body.history[0]).toMatchObject({ id: assignmentId, endedBy: { name: 'Quản trị hệ thống' } });
    const inbox = (await techC.client.get('/api/notifications')).body as NotificationsResponse;
    expect(inbox.notifications[0]).toMatchObject({ kind: 'technician_changed', data: { change: 'ended', previous: { name: 'Vũ Văn Máy' }, next: null } });
  });

  it('notices are read one by one or all at once, each person only their own', async () => {
    const inbox = (await techC.client.get('/api/notifications')).body as NotificationsResponse;
    expect(inbox.unread).toBeGreaterThan(0);
    const id = inbox.notifications[0]!.id;
    const foreign = await delegate.client.post(`/api/notifications/${id}/read`);
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.id).toBe('notification_not_found');
    expect((await techC.client.post(`/api/notifications/${id}/read`)).status).toBe(204);
    const after = (await techC.client.get('/api/notifications')).body as NotificationsResponse;
    expect(after.unread).toBe(inbox.unread - 1);
    expect(after.notifications.find((n) => n.id === id)!.readAt).not.toBeNull();
    expect((await techC.client.post('/api/notifications/read-all')).status).toBe(204);
    expect(((await techC.client.get('/api/notifications')).body as NotificationsResponse).unread).toBe(0);
  });
});

describe("a room's own account (R1.4)", () => {
  it('R1.4 the room account joins the meeting as the endpoint: the roster shows the room’s name and unit', async () => {
    const room = await createRoom(districtOrganiser.client, 'Phòng họp trực tuyến UBND huyện Cư Jút');
    const email = `phong-hop-cu-jut-${randomBytes(3).toString('hex')}@example.vn`;
    const created = await districtOrganiser.client.post(`/api/endpoints/${room.id}/account`, { email });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.account).toMatchObject({ email, role: 'endpoint', unitId: district, name: room.name, mustChangePassword: true });
    expect(created.body.endpoint.account).toMatchObject({ id: created.body.account.id, email });
    expect(created.body.temporaryPassword).toEqual(expect.any(String));
    expect(JSON.stringify(created.body)).not.toMatch(/passwordHash|totp/i);
    // shown once: no later read carries it
    expect(JSON.stringify(await getEndpoint(districtOrganiser.client, room.id))).not.toContain(created.body.temporaryPassword);
    const twice = await districtOrganiser.client.post(`/api/endpoints/${room.id}/account`, { email: `x-${email}` });
    expect(twice.body.error.id).toBe('endpoint_account_exists');

    const roomComputer = new TestClient(server.url);
    await roomComputer.signIn(email, created.body.temporaryPassword);
    const meeting = await newMeeting({ hostUnitId: district, endpointIds: [room.id], startsInHours: 1 });

    const chairSocket = await open(chair.client);
    chairSocket.send({ type: 'join', v: PROTOCOL_VERSION, slug: meeting.slug, password: meeting.password });
    await chairSocket.next('joined');
    const roomSocket = await open(roomComputer);
    roomSocket.send({ type: 'join', v: PROTOCOL_VERSION, slug: meeting.slug, password: meeting.password });
    const joined = await roomSocket.next('joined');
    expect(joined.meeting.id).toBe(meeting.id);

    const roster = await chairSocket.rosterWhere((r) => r.length === 2);
    const line = roster.find((p) => p.userId === created.body.account.id)!;
    expect(line).toMatchObject({ name: 'Phòng họp trực tuyến UBND huyện Cư Jút', unit: 'UBND huyện Cư Jút', endpoint: 'Phòng họp trực tuyến UBND huyện Cư Jút', role: 'endpoint' });
  });

  it('R1.4 a room account is refused entry to a meeting its endpoint is not invited to', async () => {
    const room = await createRoom(server.operator, 'Phòng họp trực tuyến huyện Krông Nô');
    const email = `phong-hop-krong-no-${randomBytes(3).toString('hex')}@example.vn`;
    const created = await server.operator.post(`/api/endpoints/${room.id}/account`, { email });
    expect(created.status).toBe(201);
    const roomComputer = new TestClient(server.url);
    await roomComputer.signIn(email, created.body.temporaryPassword);
    const other = await createRoom(server.operator, 'Phòng họp được mời');
    const meeting = await newMeeting({ hostUnitId: district, endpointIds: [other.id], startsInHours: 1 });

    expect((await roomComputer.get(`/api/meetings/${meeting.id}`)).body.error.id).toBe('meeting_not_invited');
    const chairSocket = await open(chair.client);
    chairSocket.send({ type: 'join', v: PROTOCOL_VERSION, slug: meeting.slug, password: meeting.password });
    await chairSocket.next('joined');
    const roomSocket = await open(roomComputer);
    roomSocket.send({ type: 'join', v: PROTOCOL_VERSION, slug: meeting.slug, password: meeting.password });
    // not admitted: it waits for the chair as someone not invited, and never appears in the roster
    expect(await roomSocket.next('lobby')).toMatchObject({ reason: 'not_invited' });
    expect(roomSocket.frames.some((f) => f.type === 'joined')).toBe(false);
    await new Promise((r) => setTimeout(r, 300));
    expect(chairSocket.participantsEverSeen().some((p) => p.userId === created.body.account.id)).toBe(false);
  });

  it('R1.4 a new one-time password for the room account ends its sessions', async () => {
    const room = await createRoom(server.operator, 'Phòng họp trực tuyến thị xã Gia Nghĩa');
    const email = `phong-hop-gia-nghia-${randomBytes(3).toString('hex')}@example.vn`;
    const created = await server.operator.post(`/api/endpoints/${room.id}/account`, { email });
    const roomComputer = new TestClient(server.url);
    await roomComputer.signIn(email, created.body.temporaryPassword);
    expect((await roomComputer.get('/api/auth/me')).body.user.role).toBe('endpoint');
    expect((await otherOrganiser.client.post(`/api/endpoints/${room.id}/account/password`)).status).toBe(403);
    const reset = await server.operator.post(`/api/endpoints/${room.id}/account/password`);
    expect(reset.status).toBe(200);
    expect(reset.body.temporaryPassword).not.toBe(created.body.temporaryPassword);
    expect((await roomComputer.get('/api/auth/me')).body.user).toBeNull();
    const again = new TestClient(server.url);
    expect((await again.login(email, reset.body.temporaryPassword)).status).toBe(200);
  });
});

describe('media capacity (D4.3, R7.3)', () => {
  it('R7.3 registering an endpoint beyond the media system’s capacity is refused, naming the capacity', async () => {
    const { registered } = (await server.operator.get('/api/endpoints')).body.capacity as { registered: number };
    const remaining = CAPACITY - registered;
    expect(remaining).toBeGreaterThan(0);
    // concurrent registrations cannot both take the last free place
    const attempts = await Promise.all(Array.from({ length: remaining + 2 }, (_, i) => server.operator.post('/api/endpoints', roomBody(`Phòng họp mở rộng ${i + 1}`))));
    expect(attempts.filter((r) => r.status === 201)).toHaveLength(remaining);
    expect(attempts.filter((r) => r.status === 409).map((r) => r.body.error.id)).toEqual(['endpoint_capacity_reached', 'endpoint_capacity_reached']);
    const extra = attempts.filter((r) => r.status === 201).map((r) => r.body.endpoint as EndpointView);
    const refused = await server.operator.post('/api/endpoints', roomBody('Phòng họp vượt năng lực'));
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ id: 'endpoint_capacity_reached', fields: { capacity: String(CAPACITY), registered: String(CAPACITY) } });
    const list = (await server.operator.get('/api/endpoints')).body;
    expect(list.endpoints).toHaveLength(CAPACITY);
    expect(list.endpoints.some((e: EndpointView) => e.name === 'Phòng họp vượt năng lực')).toBe(false);
    // a place freed is a place to register again
    expect((await server.operator.request('DELETE', `/api/endpoints/${extra[0]!.id}`)).status).toBe(204);
    expect((await server.operator.post('/api/endpoints', roomBody('Phòng họp thay thế'))).status).toBe(201);
  });
});
