/**
 * Equipment (issue 17 point 4; R5.3): the asset register and maintenance log of an endpoint, kept by its unit's
 * technicians and office and by the operator; the checklist before and after a meeting, filled only by a
 * technician of the endpoint's unit (or the operator) for an endpoint in the meeting; the yearly evaluation
 * (D13.4) computed from those rows and the meetings held, exported as a Vietnamese administrative PDF.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checklistItems, type ChecklistPhase, type DeviceView, type EquipmentEndpointView, type EvaluationView, type MeetingChecklistsView } from '../../shared/api';
import { meetings } from '../db/schema';
import { bookMeetingOfA, describeMatrix, row, useMatrixWorld, type MatrixWorld } from './permission-matrix';
import { createUser, ensureUnit, startTestServer, type TestClient, type TestServer } from './support';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
}, 90_000);
afterAll(() => server?.close());

const pdfText = (pdf: Buffer) => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'giaoban-eq-')), 'a.pdf');
  fs.writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).normalize('NFC');
};

/** Every item of the phase ok, except those given with their note. */
const answers = (phase: ChecklistPhase, notOk: Record<string, string> = {}) => ({
  items: checklistItems[phase].map((item) => (item in notOk ? { item, ok: false, note: notOk[item] } : { item, ok: true, note: '' })),
  note: '',
});

/** A PDF fetched as bytes with the client's cookie and CSRF token. */
async function postPdf(client: TestClient, url: string, body: unknown) {
  const res = await fetch(server.url + url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: client.cookie!, 'x-csrf-token': client.csrf! },
    body: JSON.stringify(body),
  });
  return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
}

describe('equipment (R5.3)', () => {
  it('keeps the register, the log and the checklists by role, and drafts the yearly evaluation from them', { timeout: 120_000 }, async () => {
    const province = await ensureUnit(server, 'UBND tỉnh Thiết Bị');
    const health = await ensureUnit(server, 'Sở Y tế Thiết Bị', province);
    const building = await ensureUnit(server, 'Sở Xây dựng Thiết Bị', province);
    const techA = await createUser(server, 'Phan Văn Kỹ', 'Sở Y tế Thiết Bị', { role: 'technician' });
    const techB = await createUser(server, 'Vũ Thị Thuật', 'Sở Xây dựng Thiết Bị', { role: 'technician' });
    const officeA = await createUser(server, 'Lê Thị Văn Phòng', 'Sở Y tế Thiết Bị', { role: 'organiser', title: 'Chánh Văn phòng Sở Y tế' });
    const delegateA = await createUser(server, 'Trần Văn Đại', 'Sở Y tế Thiết Bị');
    const chair = await createUser(server, 'Nguyễn Chủ Trì', 'UBND tỉnh Thiết Bị', { title: 'Chủ tịch UBND tỉnh' });

    const room = async (name: string, unitId: string) => {
      const res = await server.operator.post('/api/endpoints', { name, unitId, location: 'Tầng 3', equipment: '', networkAddress: '', capacity: 20 });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.endpoint.id as string;
    };
    const roomA = await room('Phòng họp trực tuyến Sở Y tế', health);
    const roomA2 = await room('Phòng họp nhỏ Sở Y tế', health);
    const roomB = await room('Phòng họp trực tuyến Sở Xây dựng', building);

    // ---------------------------------------------------------------- the asset register
    const camera = { kind: 'camera', name: 'Camera PTZ phòng họp', model: 'Polycom EagleEye IV', serialNumber: 'EE4-00123', inServiceOn: '2024-05-02', warrantyUntil: '2027-05-02', status: 'in_use', notes: 'Gắn trần' };
    const added = await techA.client.post(`/api/equipment/endpoints/${roomA}/devices`, camera);
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const cam = added.body.device as DeviceView;
    expect(cam).toMatchObject({ ...camera, endpointId: roomA });
    const mic = (await officeA.client.post(`/api/equipment/endpoints/${roomA}/devices`, { kind: 'microphone', name: 'Micro cổ ngỗng số 2', serialNumber: 'MIC-2' })).body.device as DeviceView;
    expect(mic).toMatchObject({ kind: 'microphone', status: 'in_use', model: '', inServiceOn: null });
    const screenB = (await techB.client.post(`/api/equipment/endpoints/${roomB}/devices`, { kind: 'screen', name: 'Màn hình 75 inch' })).body.device as DeviceView;
    expect(screenB.endpointId).toBe(roomB);

    // refused: a delegate of the unit, a technician of another unit, an outsider to the endpoint
    expect((await delegateA.client.post(`/api/equipment/endpoints/${roomA}/devices`, camera)).status).toBe(403);
    expect((await techB.client.post(`/api/equipment/endpoints/${roomA}/devices`, camera)).status).toBe(403);
    expect((await techB.client.patch(`/api/equipment/devices/${cam.id}`, { status: 'broken' })).status).toBe(403);
    expect((await techB.client.request('DELETE', `/api/equipment/devices/${cam.id}`)).status).toBe(403);
    expect((await techA.client.post(`/api/equipment/endpoints/00000000-0000-4000-8000-000000000000/devices`, camera)).body.error.id).toBe('endpoint_not_found');

    // bad input: each field at fault named
    const bad = await techA.client.post(`/api/equipment/endpoints/${roomA}/devices`, { kind: 'projector', name: '', inServiceOn: '2026-02-30', status: 'lost' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.id).toBe('validation_failed');
    expect(Object.keys(bad.body.error.fields)).toEqual(expect.arrayContaining(['kind', 'name', 'inServiceOn', 'status']));
    expect((await techA.client.post(`/api/equipment/endpoints/${roomA}/devices`, { kind: 'screen', name: 'Tivi', inServiceOn: '0000-01-01' })).body.error.fields).toHaveProperty('inServiceOn');
    const backwards = await techA.client.post(`/api/equipment/endpoints/${roomA}/devices`, { kind: 'screen', name: 'Tivi', inServiceOn: '2025-01-10', warrantyUntil: '2024-01-10' });
    expect(backwards.status).toBe(400);
    expect(Object.keys(backwards.body.error.fields)).toEqual(['warrantyUntil']);
    expect((await techA.client.patch(`/api/equipment/devices/${cam.id}`, {})).status).toBe(400);
    expect((await techA.client.patch(`/api/equipment/devices/${cam.id}`, { warrantyUntil: '2020-01-01' })).body.error.fields).toHaveProperty('warrantyUntil');
    expect((await techA.client.patch('/api/equipment/devices/not-a-uuid', { status: 'broken' })).status).toBe(400);

    // the microphone breaks; a spare is added then removed as a mistake
    const broken = await techA.client.patch(`/api/equipment/devices/${mic.id}`, { status: 'broken', notes: 'Rè khi mở hết cỡ' });
    expect(broken.status, JSON.stringify(broken.body)).toBe(200);
    expect(broken.body.device).toMatchObject({ status: 'broken', notes: 'Rè khi mở hết cỡ', serialNumber: 'MIC-2' });
    const spare = (await techA.client.post(`/api/equipment/endpoints/${roomA}/devices`, { kind: 'other', name: 'Nhập nhầm' })).body.device as DeviceView;
    expect((await techA.client.request('DELETE', `/api/equipment/devices/${spare.id}`)).status).toBe(204);
    expect((await techA.client.patch(`/api/equipment/devices/${spare.id}`, { name: 'x' })).body.error.id).toBe('device_not_found');

    // ---------------------------------------------------------------- the maintenance log
    const periodic = await techA.client.post(`/api/equipment/endpoints/${roomA}/maintenance`, {
      deviceId: cam.id, doneOn: '2025-06-15', kind: 'periodic', description: 'Vệ sinh ống kính, cân chỉnh góc quay', doneBy: 'Công ty Viễn thông', cost: 1_250_000, nextDueOn: '2025-12-15',
    });
    expect(periodic.status, JSON.stringify(periodic.body)).toBe(201);
    expect(periodic.body.entry).toMatchObject({ device: { id: cam.id, name: 'Camera PTZ phòng họp' }, cost: 1_250_000, kind: 'periodic', recordedBy: { id: techA.id } });
    const repair = await officeA.client.post(`/api/equipment/endpoints/${roomA}/maintenance`, { deviceId: mic.id, doneOn: '2025-09-01', kind: 'repair', description: 'Thay màng micro', doneBy: 'Phan Văn Kỹ', cost: 800_000 });
    expect(repair.status).toBe(201);
    const old = await techA.client.post(`/api/equipment/endpoints/${roomA}/maintenance`, { doneOn: '2024-11-20', kind: 'upgrade', description: 'Nâng cấp phần mềm codec', doneBy: 'Sở TT&TT', cost: 5_000_000 });
    expect(old.status).toBe(201);
    expect(old.body.entry.device).toBeNull();
    // a device of another endpoint, a due date before the work, bad kinds and costs
    expect((await techA.client.post(`/api/equipment/endpoints/${roomA}/maintenance`, { deviceId: screenB.id, doneOn: '2025-06-15', kind: 'repair', description: 'Sửa màn hình', doneBy: 'X' })).body.error.id).toBe('maintenance_device_invalid');
    const badEntry = await techA.client.post(`/api/equipment/endpoints/${roomA}/maintenance`, { doneOn: '2025-06-15', kind: 'cleaning', description: 'x', doneBy: '', cost: -5, nextDueOn: '2025-01-01' });
    expect(badEntry.status).toBe(400);
    expect(Object.keys(badEntry.body.error.fields)).toEqual(expect.arrayContaining(['kind', 'description', 'doneBy', 'cost']));
    expect((await techA.client.post(`/api/equipment/endpoints/${roomA}/maintenance`, { doneOn: '2025-06-15', kind: 'repair', description: 'Sửa loa', doneBy: 'X', nextDueOn: '2025-01-01' })).body.error.fields).toHaveProperty('nextDueOn');
    expect((await delegateA.client.post(`/api/equipment/endpoints/${roomA}/maintenance`, { doneOn: '2025-06-15', kind: 'repair', description: 'Sửa loa', doneBy: 'X' })).status).toBe(403);
    expect((await techB.client.patch(`/api/equipment/maintenance/${repair.body.entry.id}`, { cost: 1 })).status).toBe(403);
    const changed = await techA.client.patch(`/api/equipment/maintenance/${periodic.body.entry.id}`, { nextDueOn: '2026-01-15' });
    expect(changed.body.entry.nextDueOn).toBe('2026-01-15');
    expect((await techA.client.patch(`/api/equipment/maintenance/${periodic.body.entry.id}`, { nextDueOn: '2025-01-01' })).status).toBe(400);
    const mistaken = (await techA.client.post(`/api/equipment/endpoints/${roomA}/maintenance`, { doneOn: '2025-07-01', kind: 'repair', description: 'Nhập nhầm', doneBy: 'X', cost: 99 })).body.entry.id as string;
    expect((await techA.client.request('DELETE', `/api/equipment/maintenance/${mistaken}`)).status).toBe(204);
    expect((await techA.client.request('DELETE', `/api/equipment/maintenance/${mistaken}`)).body.error.id).toBe('maintenance_not_found');

    // who reads what: the operator all; the unit's people their unit (read only); another unit's technician not it
    const list = async (c: TestClient) => (await c.get('/api/equipment')).body.endpoints as EquipmentEndpointView[];
    const byDelegate = await list(delegateA.client);
    expect(byDelegate.map((e) => e.endpoint.id).sort()).toEqual([roomA, roomA2].sort());
    expect(byDelegate.every((e) => !e.canEdit)).toBe(true);
    const seenA = byDelegate.find((e) => e.endpoint.id === roomA)!;
    expect(seenA.devices.map((d) => d.name).sort()).toEqual(['Camera PTZ phòng họp', 'Micro cổ ngỗng số 2']);
    expect(seenA.maintenance.map((m) => m.doneOn)).toEqual(['2025-09-01', '2025-06-15', '2024-11-20']);
    const byTechB = await list(techB.client);
    expect(byTechB.map((e) => e.endpoint.id)).toEqual([roomB]);
    expect(byTechB[0]!.canEdit).toBe(true);
    const byOperator = await list(server.operator);
    expect(byOperator.map((e) => e.endpoint.id)).toEqual(expect.arrayContaining([roomA, roomA2, roomB]));
    expect((await list(officeA.client)).find((e) => e.endpoint.id === roomA)!.canEdit).toBe(true);

    // ---------------------------------------------------------------- checklists before and after a meeting
    const book = async (title: string, endpointIds: string[], hoursAhead: number) => {
      const startsAt = new Date(Date.now() + hoursAhead * 3600_000);
      const res = await server.operator.post('/api/meetings', {
        title, startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3600_000).toISOString(), hostUnitId: province, chairId: chair.id,
        notStateSecret: true, emergency: true, inviteeIds: [], endpointIds, slug: `thiet-bi-${Math.random().toString(36).slice(2, 8)}`, password: 'mat-khau-1',
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.meeting.id as string;
    };
    const meeting1 = await book('Giao ban y tế quý I', [roomA, roomB], 1);
    const fill = (c: TestClient, meetingId: string, endpointId: string, phase: string, body: unknown) => c.put(`/api/meetings/${meetingId}/checklists/${endpointId}/${phase}`, body);

    const before = await fill(techA.client, meeting1, roomA, 'before', answers('before', { microphone: 'Micro số 2 rè, đã thay micro dự phòng' }));
    expect(before.status, JSON.stringify(before.body)).toBe(200);
    expect(before.body.checklist).toMatchObject({ phase: 'before', endpointId: roomA, notOk: 1, filledBy: { id: techA.id } });
    expect(before.body.checklist.items.map((i: { item: string }) => i.item)).toEqual([...checklistItems.before]);
    // filled again: replaced, still one
    const again = await fill(techA.client, meeting1, roomA, 'before', answers('before', { microphone: 'Micro số 2 rè, đã thay micro dự phòng', clock: 'Đồng hồ chậm 3 phút, đã chỉnh' }));
    expect(again.body.checklist).toMatchObject({ id: before.body.checklist.id, notOk: 2 });
    // the operator is told at once, with the way to the checklist
    const told = ((await server.operator.get('/api/notifications')).body.notifications as { kind: string; data: Record<string, unknown> }[]).filter((n) => n.kind === 'equipment.checklist_not_ok' && n.data.meetingId === meeting1);
    expect(told.map((n) => n.data)).toEqual([
      { meetingId: meeting1, meetingTitle: 'Giao ban y tế quý I', endpointId: roomA, endpoint: 'Phòng họp trực tuyến Sở Y tế', phase: 'before', notOk: 2 },
      { meetingId: meeting1, meetingTitle: 'Giao ban y tế quý I', endpointId: roomA, endpoint: 'Phòng họp trực tuyến Sở Y tế', phase: 'before', notOk: 1 },
    ]);

    // refused: another unit's technician, the unit's delegate and office, an endpoint not in the meeting, a cancelled meeting
    const refusedB = await fill(techB.client, meeting1, roomA, 'before', answers('before'));
    expect([refusedB.status, refusedB.body.error.id]).toEqual([403, 'checklist_not_technician']);
    expect((await fill(delegateA.client, meeting1, roomA, 'before', answers('before'))).body.error.id).toBe('checklist_not_technician');
    expect((await fill(officeA.client, meeting1, roomA, 'before', answers('before'))).body.error.id).toBe('checklist_not_technician');
    const notIn = await fill(techA.client, meeting1, roomA2, 'before', answers('before'));
    expect([notIn.status, notIn.body.error.id]).toEqual([400, 'checklist_endpoint_not_in_meeting']);
    expect((await fill(techA.client, '00000000-0000-4000-8000-000000000000', roomA, 'before', answers('before'))).body.error.id).toBe('meeting_not_found');

    // bad input: an item left out, one of the other phase, one not ok without a note, a phase that does not exist
    const missing = await fill(techA.client, meeting1, roomA, 'after', { items: answers('after').items.slice(1) });
    expect([missing.status, missing.body.error.id]).toEqual([400, 'checklist_items_invalid']);
    expect(missing.body.error.fields.items).toContain('camera');
    expect((await fill(techA.client, meeting1, roomA, 'after', { items: [...answers('after').items, { item: 'clock', ok: true }] })).body.error.id).toBe('checklist_items_invalid');
    const noNote = await fill(techA.client, meeting1, roomA, 'after', { items: answers('after').items.map((i) => (i.item === 'power_off' ? { ...i, ok: false, note: '' } : i)) });
    expect(noNote.status).toBe(400);
    expect(Object.keys(noNote.body.error.fields)).toEqual([`items.${checklistItems.after.indexOf('power_off')}.note`]);
    expect((await fill(techA.client, meeting1, roomA, 'during', answers('after'))).status).toBe(400);
    expect((await fill(techA.client, meeting1, roomA, 'after', { items: [{ item: 'coffee', ok: true }] })).status).toBe(400);

    // the operator fills one for the other room; both are shown to the operator
    expect((await fill(server.operator, meeting1, roomB, 'after', answers('after', { network: 'Mất kết nối 2 phút lúc 9 giờ 10' }))).status).toBe(200);
    const shown = (await server.operator.get(`/api/meetings/${meeting1}/checklists`)).body as MeetingChecklistsView;
    expect(shown.endpoints.map((e) => [e.endpoint.id, e.mayFill, e.before?.notOk ?? null, e.after?.notOk ?? null]).sort()).toEqual(
      [
        [roomA, true, 2, null],
        [roomB, true, null, 1],
      ].sort(),
    );
    const forTechA = (await techA.client.get(`/api/meetings/${meeting1}/checklists`)).body as MeetingChecklistsView;
    expect(forTechA.endpoints.map((e) => [e.endpoint.id, e.mayFill])).toEqual([[roomA, true]]);
    const forDelegate = (await delegateA.client.get(`/api/meetings/${meeting1}/checklists`)).body as MeetingChecklistsView;
    expect(forDelegate.endpoints.map((e) => [e.endpoint.id, e.mayFill])).toEqual([[roomA, false]]);
    expect((await chair.client.get(`/api/meetings/${meeting1}/checklists`)).status).toBe(403);

    // a second meeting with room A only; a third, cancelled, counts for nothing
    const meeting2 = await book('Họp chuyên đề y tế', [roomA], 5);
    expect((await fill(techA.client, meeting2, roomA, 'after', answers('after'))).status).toBe(200);
    // all ok: nobody is told
    expect(((await server.operator.get('/api/notifications')).body.notifications as { kind: string; data: Record<string, unknown> }[]).some((n) => n.kind === 'equipment.checklist_not_ok' && n.data.meetingId === meeting2)).toBe(false);
    const meeting3 = await book('Họp bị hủy', [roomA], 9);
    expect((await server.operator.post(`/api/meetings/${meeting3}/cancel`, { reason: 'Lãnh đạo bận đột xuất' })).status).toBe(200);
    expect((await fill(techA.client, meeting3, roomA, 'before', answers('before'))).body.error.id).toBe('checklist_meeting_cancelled');
    // a fourth is checked but never held: its checklist does not count in the year's figures
    const meeting4 = await book('Họp chưa tổ chức', [roomA], 13);
    expect((await fill(techA.client, meeting4, roomA, 'before', answers('before', { power: 'Chưa có điện dự phòng' }))).status).toBe(200);

    // the meetings were held in 2025 (as the chair ends them in the room; times set for exact figures)
    const db = server.app.database.db;
    const held = async (id: string, start: string, hours: number) => {
      const startsAt = new Date(start);
      const endedAt = new Date(startsAt.getTime() + hours * 3600_000);
      await db.update(meetings).set({ status: 'ended', startsAt, endsAt: endedAt, endedAt, checkAt: null }).where(eq(meetings.id, id));
    };
    await held(meeting1, '2025-03-10T01:00:00Z', 2.5);
    await held(meeting2, '2025-10-02T02:00:00Z', 1);
    await db.update(meetings).set({ startsAt: new Date('2025-11-02T02:00:00Z'), endsAt: new Date('2025-11-02T03:00:00Z'), checkAt: null }).where(eq(meetings.id, meeting3));
    await db.update(meetings).set({ startsAt: new Date('2025-12-02T02:00:00Z'), endsAt: new Date('2025-12-02T03:00:00Z'), checkAt: null }).where(eq(meetings.id, meeting4));

    // ---------------------------------------------------------------- the yearly evaluation
    expect((await techA.client.get('/api/equipment/evaluation?year=2025')).status).toBe(403);
    expect((await delegateA.client.get('/api/equipment/evaluation?year=2025')).status).toBe(403);
    expect((await officeA.client.get(`/api/equipment/evaluation?year=2025&unitId=${building}`)).status).toBe(403);
    expect((await officeA.client.get('/api/equipment/evaluation?year=twenty')).status).toBe(400);

    const ofHealth = (await officeA.client.get('/api/equipment/evaluation?year=2025')).body as EvaluationView;
    expect(ofHealth.unit).toEqual({ id: health, name: 'Sở Y tế Thiết Bị' });
    expect(ofHealth.totals).toEqual({
      endpoints: 2,
      meetingsHeld: 2,
      hoursOfUse: 3.5,
      checklists: 2,
      checklistsExpected: 4,
      itemsChecked: checklistItems.before.length + checklistItems.after.length,
      itemsNotOk: 2,
      maintenance: 2,
      maintenanceByKind: { periodic: 1, repair: 1, replacement: 0, upgrade: 0 },
      cost: 2_050_000,
      devices: 2,
      devicesBroken: 1,
      devicesRetired: 0,
    });
    expect(ofHealth.notOkItems).toEqual([
      { item: 'clock', count: 1 },
      { item: 'microphone', count: 1 },
    ]);
    expect(ofHealth.endpoints.find((e) => e.endpoint.id === roomA)).toMatchObject({ meetingsHeld: 2, hoursOfUse: 3.5, checklists: 2, itemsNotOk: 2, maintenance: 2, cost: 2_050_000, devicesBroken: 1 });
    expect(ofHealth.endpoints.find((e) => e.endpoint.id === roomA2)).toMatchObject({ meetingsHeld: 0, hoursOfUse: 0, checklists: 0 });
    // 2024 has the upgrade only
    const of2024 = (await officeA.client.get('/api/equipment/evaluation?year=2024')).body as EvaluationView;
    expect([of2024.totals.meetingsHeld, of2024.totals.maintenance, of2024.totals.cost]).toEqual([0, 1, 5_000_000]);

    // the operator, over the province: a meeting with two of its rooms counts once, its hours for each room
    const ofProvince = (await server.operator.get(`/api/equipment/evaluation?year=2025&unitId=${province}`)).body as EvaluationView;
    expect(ofProvince.totals).toMatchObject({ endpoints: 3, meetingsHeld: 2, hoursOfUse: 6, checklists: 3, checklistsExpected: 6, itemsNotOk: 3, cost: 2_050_000, devicesBroken: 1 });
    const all = (await server.operator.get('/api/equipment/evaluation?year=2025')).body as EvaluationView;
    expect(all.unit).toBeNull();
    expect(all.totals.meetingsHeld).toBeGreaterThanOrEqual(2);

    // exported as a report in administrative form, with the office's own assessment
    const noAssessment = await officeA.client.post('/api/equipment/evaluation.pdf', { year: 2025, assessment: '' });
    expect([noAssessment.status, Object.keys(noAssessment.body.error.fields)]).toEqual([400, ['assessment']]);
    expect((await techA.client.post('/api/equipment/evaluation.pdf', { year: 2025, assessment: 'Tốt' })).status).toBe(403);
    const pdf = await postPdf(officeA.client, '/api/equipment/evaluation.pdf', {
      year: 2025,
      assessment: 'Hệ thống hoạt động ổn định, đáp ứng yêu cầu giao ban trực tuyến của Sở.',
      proposals: 'Đề nghị thay thế micro cổ ngỗng đã cũ.',
      addressee: 'Sở Thông tin và Truyền thông',
    });
    expect(pdf.status).toBe(200);
    expect(pdf.type).toBe('application/pdf');
    const text = pdfText(pdf.bytes).replace(/[ \t]+/g, ' ');
    for (const expected of [
      'SỞ Y TẾ THIẾT BỊ',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'BÁO CÁO',
      'Đánh giá hiệu quả hoạt động của hệ thống giao ban điện tử năm 2025',
      'Kính gửi: Sở Thông tin và Truyền thông',
      'Số cuộc họp đã tổ chức có điểm cầu tham gia 2',
      'Tổng số giờ sử dụng của các điểm cầu 3,5',
      '2/4 (50 %)',
      '2.050.000',
      'Đồng hồ, thời gian của phòng họp',
      'Hệ thống hoạt động ổn định, đáp ứng yêu cầu giao ban trực tuyến của Sở.',
      'KIẾN NGHỊ, ĐỀ XUẤT',
      'Đề nghị thay thế micro cổ ngỗng đã cũ.',
      'CHÁNH VĂN PHÒNG SỞ Y TẾ',
      'Lê Thị Văn Phòng',
      '- Như trên;',
    ]) {
      expect(text, expected).toContain(expected);
    }

    // every change is in the audit trail
    const actions = async (targetId: string) => ((await server.operator.get(`/api/audit?targetId=${targetId}`)).body.entries as { action: string }[]).map((e) => e.action);
    expect(await actions(roomA)).toEqual(
      expect.arrayContaining(['equipment.device_added', 'equipment.device_changed', 'equipment.device_deleted', 'equipment.maintenance_recorded', 'equipment.maintenance_changed', 'equipment.maintenance_deleted']),
    );
    expect((await actions(meeting1)).filter((a) => a === 'equipment.checklist_filled')).toHaveLength(3);
    expect(await actions(health)).toContain('equipment.evaluation_exported');
  });
});

// ---------------------------------------------------------------- every role, from the side of those refused
const world = useMatrixWorld();
const devicesOf = async (w: MatrixWorld) => ((await w.operator.get('/api/equipment')).body.endpoints as EquipmentEndpointView[]).find((e) => e.endpoint.id === w.endpointId)!;
let nextHour = 30;
describeMatrix('equipment (R5.3)', world, [
  row({
    requirement: 'R5.3',
    name: "add a device to unit A's room",
    allow: ['operator', 'organiserA', 'technicianA'],
    run: (c, _t, w) => c.post(`/api/equipment/endpoints/${w.endpointId}/devices`, { kind: 'loudspeaker', name: 'Loa hội trường', serialNumber: 'LOA-1' }),
    okStatus: 201,
    state: async (_t, w) => (await devicesOf(w)).devices.length,
  }),
  row({
    requirement: 'R5.3',
    name: "mark a device of unit A's room broken",
    allow: ['operator', 'organiserA', 'technicianA'],
    prepare: async (w) => (await w.operator.post(`/api/equipment/endpoints/${w.endpointId}/devices`, { kind: 'screen', name: 'Màn hình chính' })).body.device.id as string,
    run: (c, id) => c.patch(`/api/equipment/devices/${id}`, { status: 'broken' }),
    state: async (id, w) => (await devicesOf(w)).devices.find((d) => d.id === id)?.status,
  }),
  row({
    requirement: 'R5.3',
    name: "record maintenance of unit A's room",
    allow: ['operator', 'organiserA', 'technicianA'],
    run: (c, _t, w) => c.post(`/api/equipment/endpoints/${w.endpointId}/maintenance`, { doneOn: '2026-05-01', kind: 'periodic', description: 'Bảo dưỡng định kỳ quý II', doneBy: 'Viễn thông tỉnh' }),
    okStatus: 201,
    state: async (_t, w) => (await devicesOf(w)).maintenance.length,
  }),
  row({
    requirement: 'R5.3',
    name: "fill the checklist before a meeting for unit A's room",
    allow: ['operator', 'technicianA'],
    prepare: (w) => bookMeetingOfA(w, { startsAt: new Date(Date.now() + nextHour++ * 3600_000), minutes: 30, endpointIds: [w.endpointId] }),
    run: (c, meetingId, w) => c.put(`/api/meetings/${meetingId}/checklists/${w.endpointId}/before`, answers('before')),
    state: async (meetingId) => ((await world().operator.get(`/api/meetings/${meetingId}/checklists`)).body as MeetingChecklistsView).endpoints[0]?.before,
    refusal: { status: 403, id: 'checklist_not_technician' },
  }),
  row({
    requirement: 'R5.3',
    name: "read the yearly evaluation of unit A",
    allow: ['operator', 'organiserA'],
    run: (c, _t, w) => c.get(`/api/equipment/evaluation?year=2026&unitId=${w.unitA}`),
  }),
  row({
    requirement: 'R5.3',
    name: 'export the yearly evaluation of unit A',
    allow: ['operator', 'organiserA'],
    run: async (c, _t, w) => {
      // a PDF when allowed, a JSON refusal otherwise
      const res = await fetch(`${c.baseUrl}/api/equipment/evaluation.pdf`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(c.cookie ? { cookie: c.cookie } : {}), ...(c.csrf ? { 'x-csrf-token': c.csrf } : {}) },
        body: JSON.stringify({ year: 2026, unitId: w.unitA, assessment: 'Hệ thống hoạt động ổn định.' }),
      });
      const bytes = Buffer.from(await res.arrayBuffer());
      const pdf = res.headers.get('content-type') === 'application/pdf';
      return { status: res.status, body: pdf ? { pdfBytes: bytes.length } : JSON.parse(bytes.toString('utf8')), headers: res.headers };
    },
    check: (res) => expect(res.body.pdfBytes).toBeGreaterThan(1000),
  }),
]);
