/**
 * The incident register (issue 17, point 3; R3.10, R5.4): technicians, units' offices and the operator raise
 * incidents, the operators are told at once, someone handles and resolves them; each sees their unit's (the
 * operator all), nobody else touches them; an incident reported in a live meeting reaches the register; the
 * figures for the quarterly report count them.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentView } from '../../shared/api';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import type { IncidentEvent } from '../incidents/incident.service';
import { TestSocket, createUser, ensureUnit, startTestServer, type TestServer } from './support';

type Person = Awaited<ReturnType<typeof createUser>>;

let server: TestServer;
let province: string;
let district: string;
let organiser: Person;
let tech: Person;
let otherTech: Person;
let delegate: Person;
let roomId: string;
const events: IncidentEvent[] = [];
const sockets: TestSocket[] = [];

beforeAll(async () => {
  server = await startTestServer();
  server.app.incidents.onChange((e) => events.push(e));
  province = await ensureUnit(server, 'UBND tỉnh Sự Cố');
  district = await ensureUnit(server, 'UBND huyện Sự Cố', province);
  await ensureUnit(server, 'Sở Khác Sự Cố');
  organiser = await createUser(server, 'Lê Văn Văn Phòng', 'UBND tỉnh Sự Cố', { role: 'organiser' });
  tech = await createUser(server, 'Đỗ Văn Kỹ Thuật', 'UBND huyện Sự Cố', { role: 'technician' });
  otherTech = await createUser(server, 'Vũ Thị Khác', 'Sở Khác Sự Cố', { role: 'technician' });
  delegate = await createUser(server, 'Trần Văn Đại Biểu', 'UBND huyện Sự Cố');
  const room = await server.operator.post('/api/endpoints', { name: 'Phòng họp trực tuyến huyện Sự Cố', unitId: district, location: 'Tầng 2', equipment: 'Camera, micro', networkAddress: '10.1.1.1', capacity: 30 });
  if (room.status !== 201) throw new Error(JSON.stringify(room.body));
  roomId = room.body.endpoint.id;
  const assigned = await server.operator.post(`/api/endpoints/${roomId}/technicians`, { userId: tech.id, contact: '0912 000 111' });
  if (assigned.status !== 201) throw new Error(JSON.stringify(assigned.body));
}, 120_000);

afterAll(async () => {
  sockets.forEach((s) => s.close());
  await server?.close();
});

const ids = async (client: Person['client'], query = '') => ((await client.get(`/api/incidents${query}`)).body.incidents as IncidentView[]).map((i) => i.id);
const noticesOf = async (client: Person['client']) => (await client.get('/api/notifications')).body.notifications as { kind: string; data: Record<string, unknown> }[];

describe('incident register (R3.10, R5.4)', () => {
  it('a technician raises, the operators are told, the office assigns, the technician resolves; scopes, refusals, versions and audit hold', async () => {
    const expectedFixAt = new Date(Date.now() + 30 * 60_000).toISOString();
    const raised = await tech.client.post('/api/incidents', { endpointId: roomId, cause: 'transmission', detail: 'Mất kết nối cáp quang tới phòng họp', remedy: 'Chuyển sang 4G dự phòng', expectedFixAt });
    expect(raised.status).toBe(201);
    const incident = raised.body.incident as IncidentView;
    expect(incident).toMatchObject({
      unit: { id: district, name: 'UBND huyện Sự Cố' },
      endpoint: { id: roomId, name: 'Phòng họp trực tuyến huyện Sự Cố' },
      meeting: null,
      cause: 'transmission',
      status: 'open',
      handler: null,
      reportedBy: { id: tech.id },
      version: 1,
      expectedFixAt,
    });
    expect(events.map((e) => [e.type, e.incident.id])).toContainEqual(['raised', incident.id]);

    // the operator is told at once
    expect((await noticesOf(server.operator)).some((n) => n.kind === 'incident.raised' && n.data.incidentId === incident.id && n.data.endpoint === 'Phòng họp trực tuyến huyện Sự Cố')).toBe(true);

    // bad input: a clear error naming each field, never a 500
    const bad = await tech.client.post('/api/incidents', { cause: 'thời tiết', detail: '', expectedFixAt: 'ngày mai' });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields)).toEqual(expect.arrayContaining(['cause', 'detail', 'expectedFixAt']));
    expect((await tech.client.get('/api/incidents?status=closed')).status).toBe(400);
    expect((await tech.client.get('/api/incidents/not-a-uuid')).status).toBe(400);
    expect((await tech.client.post(`/api/incidents/${incident.id}`, { version: 1 })).body.error.fields).toEqual({ '(body)': expect.stringContaining('nothing to change') });
    expect((await tech.client.post(`/api/incidents/${incident.id}`, { version: 2147483648, status: 'open' })).body.error.fields).toHaveProperty('version');
    const nul = await tech.client.post('/api/incidents', { cause: 'other', detail: 'Mất\u0000tiếng' });
    expect(nul.body.error).toMatchObject({ id: 'text_invalid', fields: { detail: expect.any(String) } });

    // refusals: a delegate has no register; another unit's technician raises only for their own unit and endpoints
    expect((await delegate.client.post('/api/incidents', { cause: 'other', detail: 'Không nghe rõ' })).status).toBe(403);
    expect((await delegate.client.get('/api/incidents')).status).toBe(403);
    expect((await delegate.client.get(`/api/incidents/${incident.id}`)).status).toBe(403);
    const otherUnit = await otherTech.client.post('/api/incidents', { unitId: district, cause: 'other', detail: 'Báo hộ đơn vị khác' });
    expect(otherUnit.status).toBe(403);
    expect(otherUnit.body.error.id).toBe('forbidden');
    const otherRoom = await otherTech.client.post('/api/incidents', { endpointId: roomId, cause: 'other', detail: 'Phòng họp của đơn vị khác' });
    expect(otherRoom.status).toBe(400);
    expect(otherRoom.body.error.id).toBe('incident_endpoint_invalid');
    expect((await server.operator.post('/api/incidents', { meetingId: '00000000-0000-4000-8000-000000000000', cause: 'other', detail: 'Cuộc họp không có' })).body.error.id).toBe('incident_meeting_invalid');

    // scopes: the operator all, the province's office its subtree, the unit's technician theirs, another unit nothing
    expect(await ids(server.operator)).toContain(incident.id);
    expect(await ids(organiser.client)).toContain(incident.id);
    expect(await ids(tech.client)).toContain(incident.id);
    expect(await ids(otherTech.client)).not.toContain(incident.id);
    const hidden = await otherTech.client.get(`/api/incidents/${incident.id}`);
    expect(hidden.status).toBe(404);
    expect(hidden.body.error.id).toBe('incident_not_found');
    expect((await otherTech.client.post(`/api/incidents/${incident.id}/resolve`, { version: 1, resolution: 'Tôi đóng hộ' })).status).toBe(404);

    // the operator raises for any unit, with nobody's endpoint
    const central = await server.operator.post('/api/incidents', { unitId: province, cause: 'software_operation', detail: 'Máy chủ trung tâm khởi động lại' });
    expect(central.status).toBe(201);
    expect(central.body.incident).toMatchObject({ unit: { id: province }, endpoint: null });

    // a unit with incidents in the register is kept (its history), whatever else it has
    const empty = await ensureUnit(server, 'Tổ công tác tạm thời Sự Cố');
    expect((await server.operator.post('/api/incidents', { unitId: empty, cause: 'other', detail: 'Sự cố của tổ công tác' })).status).toBe(201);
    const kept = await server.operator.request('DELETE', `/api/units/${empty}`);
    expect(kept.status).toBe(409);
    expect(kept.body.error).toMatchObject({ id: 'unit_not_empty', fields: { incidents: expect.any(String) } });

    // filters
    expect(await ids(server.operator, `?status=open&cause=transmission&endpointId=${roomId}`)).toEqual([incident.id]);
    expect(await ids(server.operator, '?cause=other')).not.toContain(incident.id);
    expect(await ids(server.operator, `?unitId=${province}`)).toEqual([central.body.incident.id]);
    expect(await ids(server.operator, `?from=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`)).toEqual([]);
    expect(await ids(organiser.client, `?to=${encodeURIComponent(new Date().toISOString())}`)).toEqual(expect.arrayContaining([incident.id, central.body.incident.id]));

    // the office assigns the unit's technician: in progress, told to the handler; a stale version is refused
    const handlers = (await organiser.client.get('/api/incidents/handlers')).body.handlers as { id: string; role: string }[];
    expect(handlers.map((h) => h.id)).toContain(tech.id);
    expect(handlers.map((h) => h.id)).not.toContain(delegate.id);
    expect((await organiser.client.post(`/api/incidents/${incident.id}`, { version: 1, handlerId: delegate.id })).body.error.id).toBe('incident_handler_invalid');
    const assigned = await organiser.client.post(`/api/incidents/${incident.id}`, { version: 1, handlerId: tech.id, status: 'in_progress', remedy: 'Thay bộ chuyển đổi quang' });
    expect(assigned.status).toBe(200);
    expect(assigned.body.incident).toMatchObject({ status: 'in_progress', handler: { id: tech.id, name: 'Đỗ Văn Kỹ Thuật' }, remedy: 'Thay bộ chuyển đổi quang', version: 2 });
    const stale = await server.operator.post(`/api/incidents/${incident.id}`, { version: 1, status: 'open' });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ id: 'incident_version_conflict', fields: { version: '2' } });
    expect((await noticesOf(tech.client)).some((n) => n.kind === 'incident.assigned' && n.data.incidentId === incident.id)).toBe(true);

    // resolved with its text; then it is closed to changes
    expect((await tech.client.post(`/api/incidents/${incident.id}/resolve`, { version: 2, resolution: '' })).status).toBe(400);
    const resolved = await tech.client.post(`/api/incidents/${incident.id}/resolve`, { version: 2, resolution: 'Đã thay bộ chuyển đổi quang, đường truyền ổn định.' });
    expect(resolved.status).toBe(200);
    expect(resolved.body.incident).toMatchObject({ status: 'resolved', resolution: 'Đã thay bộ chuyển đổi quang, đường truyền ổn định.', resolvedBy: { id: tech.id }, version: 3 });
    expect(resolved.body.incident.resolvedAt).toBeTruthy();
    expect((await server.operator.post(`/api/incidents/${incident.id}/resolve`, { version: 3, resolution: 'Giải quyết lần nữa' })).body.error.id).toBe('incident_resolved');
    expect((await server.operator.post(`/api/incidents/${incident.id}`, { version: 3, status: 'open' })).body.error.id).toBe('incident_resolved');
    expect(events.filter((e) => e.incident.id === incident.id).map((e) => e.type)).toEqual(['raised', 'updated', 'resolved']);

    const audit = await server.operator.get(`/api/audit?targetId=${incident.id}`);
    expect(audit.body.entries.map((e: { action: string }) => e.action).sort()).toEqual(['incident.raised', 'incident.resolved', 'incident.updated']);

    // the figures for the quarterly report
    const figures = await server.app.incidents.figures({ from: new Date(Date.now() - 3_600_000), to: new Date(Date.now() + 60_000), unitIds: [district] });
    expect(figures.byCause).toMatchObject({ transmission: 1, endpoint_equipment: 0, software_operation: 0, other: 0 });
    expect(figures.byEndpoint).toEqual([{ endpointId: roomId, endpointName: 'Phòng họp trực tuyến huyện Sự Cố', count: 1 }]);
    expect(figures.timeToResolve.resolved).toBe(1);
    expect(figures.timeToResolve.medianMinutes).toBe(figures.timeToResolve.meanMinutes);
    expect(figures.timeToResolve.medianMinutes).toBeGreaterThanOrEqual(0);
    const all = await server.app.incidents.figures({ from: new Date(Date.now() - 3_600_000), to: new Date(Date.now() + 60_000) });
    expect(all.total).toBeGreaterThanOrEqual(2);
    expect(all.byCause.software_operation).toBeGreaterThanOrEqual(1);
    expect((await server.app.incidents.figures({ from: new Date(Date.now() + 60_000), to: new Date(Date.now() + 120_000) })).total).toBe(0);
  });

  it('an incident reported in a live meeting by the room’s technician reaches the register and the operators', async () => {
    const slug = `su-co-${randomBytes(4).toString('hex')}`;
    const meeting = await server.operator.post('/api/meetings', {
      title: 'Họp giao ban trực tuyến',
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      chairId: organiser.id,
      notStateSecret: true,
      emergency: true,
      inviteeIds: [delegate.id],
      endpointIds: [roomId],
      slug,
      password: 'mat-khau-1',
    });
    expect(meeting.status, JSON.stringify(meeting.body)).toBe(201);
    const meetingId = meeting.body.meeting.id as string;

    const s = await TestSocket.open(server, tech.client);
    sockets.push(s);
    s.send({ type: 'join', v: PROTOCOL_VERSION, slug, password: 'mat-khau-1' });
    await s.next('joined');
    // the old free-text cause is refused now: the cause comes from the fixed list
    s.send({ type: 'report_incident', cause: 'Mất tiếng', detail: 'Mất tiếng', remedy: 'Khởi động lại', expectedMinutes: 5 });
    expect((await s.next('error', (e) => e.request === 'report_incident')).id).toBe('message_malformed');
    s.send({ type: 'report_incident', cause: 'endpoint_equipment', detail: 'Micro phòng họp không thu tiếng', remedy: 'Thay micro dự phòng', expectedMinutes: 10 });

    await expect
      .poll(async () => ((await server.operator.get(`/api/incidents?endpointId=${roomId}&cause=endpoint_equipment`)).body.incidents as IncidentView[]).find((i) => i.meeting?.id === meetingId), { timeout: 5000 })
      .toBeTruthy();
    const [inMeeting] = ((await server.operator.get(`/api/incidents?endpointId=${roomId}&cause=endpoint_equipment`)).body.incidents as IncidentView[]).filter((i) => i.meeting?.id === meetingId);
    expect(inMeeting).toMatchObject({ unit: { id: district }, endpoint: { id: roomId }, meeting: { id: meetingId, slug }, detail: 'Micro phòng họp không thu tiếng', remedy: 'Thay micro dự phòng', status: 'open', reportedBy: { id: tech.id } });
    const expectedIn = new Date(inMeeting!.expectedFixAt!).getTime() - new Date(inMeeting!.createdAt).getTime();
    expect(expectedIn).toBeGreaterThan(9 * 60_000);
    expect(expectedIn).toBeLessThan(11 * 60_000);
    expect((await noticesOf(server.operator)).some((n) => n.kind === 'incident.raised' && n.data.incidentId === inMeeting!.id)).toBe(true);
    expect(events.some((e) => e.type === 'raised' && e.incident.id === inMeeting!.id)).toBe(true);
    // the unit's office sees it in its register too
    expect(await ids(organiser.client)).toContain(inMeeting!.id);
  });
});
