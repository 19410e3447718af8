/**
 * The meeting itself (R2.1, R2.2, R2.3, D5, D19, D21.1, M5.4): its details, the office's approval, edits that
 * never silently overwrite each other, cancellation, and restricted meetings. Refusals are tested from the side
 * of the one refused, and with what they leave unchanged.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import { users } from '../db/schema';
import { createUser, ensureUnit, startTestServer, TestSocket, type TestClient, type TestServer } from './support';
import { describeMatrix, useMatrixWorld, type MatrixWorld } from './permission-matrix';

const HOUR = 3_600_000;
let server: TestServer;
let province: string;
let district: string;
type Person = Awaited<ReturnType<typeof createUser>>;
let chair: Person;
let organiser: Person;
let otherOrganiser: Person;
let delegate: Person;
let presenter: Person;
const sockets: TestSocket[] = [];

beforeAll(async () => {
  server = await startTestServer();
  province = await ensureUnit(server, 'UBND tỉnh Đắk Nông');
  district = await ensureUnit(server, 'UBND huyện Cư Jút');
  chair = await createUser(server, 'Trần Văn Chủ', 'UBND tỉnh Đắk Nông', { title: 'Chủ tịch UBND tỉnh' });
  organiser = await createUser(server, 'Lê Thị Tổ Chức', 'UBND tỉnh Đắk Nông', { role: 'organiser' });
  otherOrganiser = await createUser(server, 'Phạm Văn Khác', 'Sở Y tế', { role: 'organiser' });
  delegate = await createUser(server, 'Nguyễn Thị Dự', 'Sở Tài chính');
  presenter = await createUser(server, 'Đỗ Văn Trình', 'Sở Kế hoạch và Đầu tư', { title: 'Giám đốc Sở' });
});
afterAll(async () => {
  sockets.forEach((s) => s.close());
  await server?.close();
});

/** A Vietnamese civil day `days` from today at `hour`:00 in Hà Nội. */
const vnAt = (days: number, hour: number) => {
  const vnToday = new Date(Date.now() + 7 * HOUR).toISOString().slice(0, 10);
  return new Date(Date.parse(`${vnToday}T00:00:00Z`) + days * 24 * HOUR + (hour - 7) * HOUR);
};
const body = (over: Record<string, unknown> = {}) => {
  const startsAt = vnAt(10, 8);
  return {
    title: 'Giao ban kinh tế - xã hội tháng 12',
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 3 * HOUR).toISOString(),
    hostUnitId: province,
    chairId: chair.id,
    inviteeIds: [delegate.id],
    notStateSecret: true,
    slug: `gb-${randomBytes(4).toString('hex')}`,
    password: 'mat-khau-hop',
    ...over,
  };
};
async function book(client: TestClient, over: Record<string, unknown> = {}) {
  const b = body(over);
  const res = await client.post('/api/meetings', b);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { ...res.body.meeting, password: b.password } as { id: string; slug: string; version: number; password: string; approval: { status: string } };
}
/**
 * A system check that has begun: the room is open for entry now (D19.3), so that who may enter a meeting booked
 * days ahead can be seen.
 */
const roomOpen = () => ({ checkAt: new Date(Date.now() - 60_000).toISOString() });
const access = (client: TestClient, m: { slug: string; password: string }) => client.post(`/api/meetings/by-slug/${m.slug}/access`, { password: m.password });
const patch = (client: TestClient, id: string, b: Record<string, unknown>) => client.request('PATCH', `/api/meetings/${id}`, b);
const get = async (id: string) => (await server.operator.get(`/api/meetings/${id}`)).body.meeting;

describe('R2.1 the details of a meeting (D5)', () => {
  it('R2.1 type, invited units, agenda in order with presenters and minutes, backdrop, check time and council flag round-trip', async () => {
    const agenda = [
      { title: 'Báo cáo tình hình kinh tế - xã hội tháng 11', presenterId: presenter.id, minutes: 20 },
      { title: 'Thảo luận', presenterName: 'Các đại biểu', minutes: 60 },
      { title: 'Kết luận của Chủ tịch', presenterId: chair.id, presenterName: '', minutes: 15 },
    ];
    const startsAt = vnAt(10, 8);
    const checkAt = new Date(startsAt.getTime() - 2 * HOUR).toISOString();
    const created = await book(server.operator, {
      type: 'socio_economic_briefing',
      unitIds: [district, province],
      agenda,
      backdropText: 'HỘI NGHỊ GIAO BAN KINH TẾ - XÃ HỘI THÁNG 12 NĂM 2026',
      checkAt,
      needsMinutes: true,
    });
    const m = await get(created.id);
    expect(m).toMatchObject({
      type: 'socio_economic_briefing',
      typeNote: '',
      backdropText: 'HỘI NGHỊ GIAO BAN KINH TẾ - XÃ HỘI THÁNG 12 NĂM 2026',
      checkAt: new Date(checkAt).toISOString(),
      needsMinutes: true,
      restricted: false,
      version: 1,
      emergency: false,
    });
    expect(m.units.map((u: { id: string }) => u.id).sort()).toEqual([district, province].sort());
    expect(m.agenda.map((a: { title: string; minutes: number; presenter: { id: string } | null; presenterName: string }) => [a.title, a.presenter?.id ?? null, a.presenterName, a.minutes])).toEqual([
      ['Báo cáo tình hình kinh tế - xã hội tháng 11', presenter.id, '', 20],
      ['Thảo luận', null, 'Các đại biểu', 60],
      ['Kết luận của Chủ tịch', chair.id, '', 15],
    ]);
    expect(m.agenda[0].presenter).toMatchObject({ name: 'Đỗ Văn Trình', title: 'Giám đốc Sở' });
    // the invitee sees the details too
    const seen = (await delegate.client.get(`/api/meetings/${created.id}`)).body.meeting;
    expect(seen.agenda).toHaveLength(3);
    expect(seen.type).toBe('socio_economic_briefing');
  });

  it('R2.1 the type defaults to other, the check time to 1 hour before the opening; unknown type, presenter or unit is refused', async () => {
    const m = await book(server.operator);
    const view = await get(m.id);
    expect(view.type).toBe('other');
    expect(Date.parse(view.checkAt)).toBe(Date.parse(view.startsAt) - HOUR);
    expect((await server.operator.post('/api/meetings', body({ type: 'party' }))).body.error.fields).toHaveProperty('type');
    const ghost = '00000000-0000-4000-8000-000000000000';
    expect((await server.operator.post('/api/meetings', body({ agenda: [{ title: 'X', presenterId: ghost, minutes: 5 }] }))).body.error).toMatchObject({ id: 'user_not_found', fields: { agenda: ghost } });
    expect((await server.operator.post('/api/meetings', body({ unitIds: [ghost] }))).body.error.id).toBe('unit_not_found');
    expect((await server.operator.post('/api/meetings', body({ agenda: [{ title: 'X', minutes: 0 }] }))).body.error.id).toBe('validation_failed');
    expect((await server.operator.post('/api/meetings', body({ agenda: Array.from({ length: 51 }, (_, i) => ({ title: `Mục ${i}`, minutes: 5 })) }))).body.error.fields).toHaveProperty('agenda');
  });

  it('R2.4 D19.3 a system check later than 1 hour before the opening is refused naming the article; an emergency may check later', async () => {
    const startsAt = vnAt(10, 8);
    const late = body({ checkAt: new Date(startsAt.getTime() - 30 * 60_000).toISOString() });
    const res = await organiser.client.post('/api/meetings', late);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ id: 'meeting_check_time_too_late', fields: { rule: 'check_time', article: 'D19.3', requirement: 'R2.4' } });
    const listed = (await server.operator.get('/api/meetings')).body.meetings.map((m: { slug: string }) => m.slug);
    expect(listed).not.toContain(late.slug);
    const urgent = await server.operator.post('/api/meetings', { ...body({ emergency: true }), checkAt: new Date(startsAt.getTime() - 30 * 60_000).toISOString() });
    expect(urgent.status, JSON.stringify(urgent.body)).toBe(201);
  });
});

describe('R2.3 D21.1 the office approves bookings', () => {
  it("R2.3 an organiser's booking is pending: entry refused, the operators told; a delegate or organiser cannot approve; the operator approves and entry is allowed", async () => {
    const m = await book(organiser.client, roomOpen());
    expect(m.approval.status).toBe('pending');
    expect((await access(chair.client, m)).body.error?.id).toBe('meeting_not_approved');
    // the office hears of it in the bell
    const bell = (await server.operator.get('/api/notifications')).body.notifications as { kind: string; data: { meetingId: string } }[];
    expect(bell.some((n) => n.kind === 'meeting.approval_requested' && n.data.meetingId === m.id)).toBe(true);
    // it is in the office's list of pending bookings, and the operator may approve it
    const pending = (await server.operator.get('/api/meetings?approval=pending')).body.meetings as { id: string; approval: { status: string }; canApprove: boolean }[];
    expect(pending.find((p) => p.id === m.id)).toMatchObject({ canApprove: true });
    expect(pending.every((p) => p.approval.status === 'pending')).toBe(true);
    // refused to anyone but the office, with nothing changed
    for (const who of [delegate, organiser, chair]) {
      const refused = await who.client.post(`/api/meetings/${m.id}/approve`);
      expect(refused.status).toBe(403);
      expect(refused.body.error.id).toBe('forbidden');
    }
    expect((await get(m.id)).approval.status).toBe('pending');
    expect((await organiser.client.get(`/api/meetings/${m.id}`)).body.meeting.canApprove).toBe(false);

    const approved = await server.operator.post(`/api/meetings/${m.id}/approve`);
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.meeting.approval).toMatchObject({ status: 'approved', reason: '', by: { name: expect.any(String) } });
    expect((await access(chair.client, m)).status).toBe(200);
    // approved once only; the creator is told
    expect((await server.operator.post(`/api/meetings/${m.id}/approve`)).body.error.id).toBe('meeting_not_pending');
    const theirs = (await organiser.client.get('/api/notifications')).body.notifications as { kind: string; data: { meetingId: string } }[];
    expect(theirs.some((n) => n.kind === 'meeting.approved' && n.data.meetingId === m.id)).toBe(true);
    const audit = (await server.operator.get('/api/audit?action=meeting.approved')).body.entries as { targetId: string }[];
    expect(audit.some((e) => e.targetId === m.id)).toBe(true);
  });

  it('R2.3 a rejection needs a reason, which the organiser sees; entry stays refused', async () => {
    const m = await book(organiser.client, roomOpen());
    expect((await server.operator.post(`/api/meetings/${m.id}/reject`, {})).body.error.fields).toHaveProperty('reason');
    expect((await server.operator.post(`/api/meetings/${m.id}/reject`, { reason: ' ' })).body.error.id).toBe('validation_failed');
    expect((await organiser.client.post(`/api/meetings/${m.id}/reject`, { reason: 'Trùng lịch họp của tỉnh' })).body.error.id).toBe('forbidden');
    const rejected = await server.operator.post(`/api/meetings/${m.id}/reject`, { reason: 'Trùng lịch họp của Thường trực UBND tỉnh' });
    expect(rejected.status, JSON.stringify(rejected.body)).toBe(200);
    const seen = (await organiser.client.get(`/api/meetings/${m.id}`)).body.meeting;
    expect(seen.approval).toMatchObject({ status: 'rejected', reason: 'Trùng lịch họp của Thường trực UBND tỉnh' });
    expect((await access(chair.client, m)).body.error.id).toBe('meeting_not_approved');
    expect((await server.operator.post(`/api/meetings/${m.id}/approve`)).body.error.id).toBe('meeting_not_pending');
    const theirs = (await organiser.client.get('/api/notifications')).body.notifications as { kind: string; data: { meetingId: string; reason?: string } }[];
    expect(theirs.find((n) => n.kind === 'meeting.rejected' && n.data.meetingId === m.id)?.data.reason).toBe('Trùng lịch họp của Thường trực UBND tỉnh');
  });

  it('R2.3 D21.1 a rejected booking corrected by its unit goes back to the office, which is told and decides again', async () => {
    const m = await book(organiser.client, roomOpen());
    expect((await server.operator.post(`/api/meetings/${m.id}/reject`, { reason: 'Trùng lịch họp của Thường trực UBND tỉnh' })).status).toBe(200);
    const asked = async () =>
      ((await server.operator.get('/api/notifications')).body.notifications as { kind: string; data: { meetingId: string } }[]).filter((n) => n.kind === 'meeting.approval_requested' && n.data.meetingId === m.id).length;
    const before = await asked();
    const moved = vnAt(11, 14);
    const edited = await patch(organiser.client, m.id, { version: (await get(m.id)).version, startsAt: moved.toISOString(), endsAt: new Date(moved.getTime() + 2 * HOUR).toISOString(), reason: 'Chuyển sang buổi chiều theo ý kiến của Văn phòng', ...roomOpen() });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body.meeting.approval).toMatchObject({ status: 'pending', reason: '' });
    expect(await asked()).toBe(before + 1);
    expect((await server.operator.post(`/api/meetings/${m.id}/approve`)).status).toBe(200);
    expect((await access(chair.client, m)).status).toBe(200);
  });

  it("R2.3 D19.1 D19.2 only the office declares an emergency; its bookings, emergencies included, are approved at once", async () => {
    const tonight = { emergency: true, startsAt: vnAt(0, 23).toISOString(), endsAt: vnAt(1, 1).toISOString() };
    const refused = await organiser.client.post('/api/meetings', body(tonight));
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ id: 'meeting_emergency_not_allowed', fields: { rule: 'emergency', article: 'D19.2', requirement: 'R2.3' } });
    const urgent = await book(server.operator, tonight);
    expect(urgent.approval.status).toBe('approved');
    expect((await get(urgent.id)).emergency).toBe(true);
    const own = await book(server.operator, roomOpen());
    expect((await get(own.id)).approval).toMatchObject({ status: 'approved', reason: '' });
    expect((await access(chair.client, own)).status).toBe(200);
  });
});

describe('edits with a version check', () => {
  it('two edits from the same version: the second gets meeting_version_conflict (409) and the first is kept', async () => {
    const m = await book(server.operator);
    const first = await patch(organiser.client, m.id, { version: 1, title: 'Giao ban tháng 12 (sửa lần 1)' });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.meeting).toMatchObject({ title: 'Giao ban tháng 12 (sửa lần 1)', version: 2 });
    const second = await patch(server.operator, m.id, { version: 1, title: 'Giao ban tháng 12 (sửa lần 2)' });
    expect(second.status).toBe(409);
    expect(second.body.error).toMatchObject({ id: 'meeting_version_conflict', fields: { version: '2' } });
    expect((await get(m.id)).title).toBe('Giao ban tháng 12 (sửa lần 1)');
    const audit = (await server.operator.get('/api/audit?action=meeting.updated')).body.entries as { targetId: string; data: { fields: string[] } }[];
    expect(audit.filter((e) => e.targetId === m.id).map((e) => e.data.fields)).toEqual([['title']]);
  });

  it('two edits sent at the same moment from the same version: exactly one is applied', async () => {
    const m = await book(server.operator);
    const both = await Promise.all([
      patch(organiser.client, m.id, { version: 1, backdropText: 'PHÔNG A' }),
      patch(server.operator, m.id, { version: 1, backdropText: 'PHÔNG B' }),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = both.find((r) => r.status === 200)!.body.meeting.backdropText;
    expect((await get(m.id)).backdropText).toBe(winner);
  });

  it('lists are replaced, time changes re-run the booking rules, and the change is recorded with its fields', async () => {
    const m = await book(server.operator, { agenda: [{ title: 'Cũ', minutes: 10 }], unitIds: [province] });
    const later = vnAt(12, 14);
    const res = await patch(organiser.client, m.id, {
      version: 1,
      reason: 'Lùi lịch theo chỉ đạo',
      startsAt: later.toISOString(),
      endsAt: new Date(later.getTime() + 2 * HOUR).toISOString(),
      agenda: [
        { title: 'Mới 1', minutes: 30, presenterId: presenter.id },
        { title: 'Mới 2', minutes: 45 },
      ],
      unitIds: [district],
      inviteeIds: [delegate.id, presenter.id],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const view = res.body.meeting;
    expect(view.agenda.map((a: { title: string }) => a.title)).toEqual(['Mới 1', 'Mới 2']);
    expect(view.units.map((u: { id: string }) => u.id)).toEqual([district]);
    expect(view.invitees.map((p: { id: string }) => p.id).sort()).toEqual([delegate.id, presenter.id].sort());
    // the system check moved with the opening
    expect(Date.parse(view.checkAt)).toBe(later.getTime() - HOUR);
    const audit = (await server.operator.get('/api/audit?action=meeting.updated')).body.entries as { targetId: string; data: { fields: string[]; reason: string } }[];
    const entry = audit.find((e) => e.targetId === m.id)!;
    expect(entry.data.reason).toBe('Lùi lịch theo chỉ đạo');
    expect(entry.data.fields).toEqual(expect.arrayContaining(['startsAt', 'endsAt', 'checkAt', 'agenda', 'unitIds', 'inviteeIds']));
    // moving it to tomorrow breaks the 2-day lead (D19.2), a check time after the opening D19.3; nothing changes
    const tomorrow = vnAt(1, 8);
    const tooLate = await patch(organiser.client, m.id, { version: 2, startsAt: tomorrow.toISOString(), endsAt: new Date(tomorrow.getTime() + HOUR).toISOString() });
    expect(tooLate.body.error).toMatchObject({ id: 'meeting_booking_too_late', fields: { article: 'D19.2' } });
    const badCheck = await patch(organiser.client, m.id, { version: 2, checkAt: new Date(later.getTime() - 10 * 60_000).toISOString() });
    expect(badCheck.body.error).toMatchObject({ id: 'meeting_check_time_too_late', fields: { article: 'D19.3' } });
    expect((await get(m.id)).version).toBe(2);
  });

  it('R2.3 an edit cannot move a room into a meeting that already has it; the meeting keeps its own room when moved', async () => {
    const room = await server.operator.post('/api/endpoints', { name: 'Phòng họp huyện Cư Jút', unitId: district, location: 'Trụ sở', equipment: 'Camera', networkAddress: '10.70.1.1', capacity: 20 });
    expect(room.status, JSON.stringify(room.body)).toBe(201);
    const roomId = room.body.endpoint.id as string;
    const startsAt = vnAt(25, 8);
    const holder = await book(server.operator, { startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 2 * HOUR).toISOString(), endpointIds: [roomId] });
    const other = await book(server.operator, { startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 2 * HOUR).toISOString() });
    const clash = await patch(server.operator, other.id, { version: 1, endpointIds: [roomId] });
    expect(clash.body.error).toMatchObject({ id: 'meeting_endpoint_double_booked', fields: { endpointIds: roomId } });
    expect((await get(other.id)).endpoints).toEqual([]);
    // moving the holder by an hour overlaps only itself
    const moved = await patch(server.operator, holder.id, { version: 1, startsAt: new Date(startsAt.getTime() + HOUR).toISOString(), endsAt: new Date(startsAt.getTime() + 3 * HOUR).toISOString() });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
  });

  it('R2.3 a cancelled meeting frees its room', async () => {
    const room = await server.operator.post('/api/endpoints', { name: 'Phòng họp Sở Nội vụ', unitId: province, location: 'Trụ sở', equipment: 'Camera', networkAddress: '10.70.1.2', capacity: 20 });
    expect(room.status, JSON.stringify(room.body)).toBe(201);
    const roomId = room.body.endpoint.id as string;
    const startsAt = vnAt(26, 8);
    const times = { startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 2 * HOUR).toISOString() };
    const holder = await book(server.operator, { ...times, endpointIds: [roomId] });
    expect((await server.operator.post('/api/meetings', body({ ...times, endpointIds: [roomId] }))).body.error.id).toBe('meeting_endpoint_double_booked');
    expect((await server.operator.post(`/api/meetings/${holder.id}/cancel`, { reason: 'Hoãn họp' })).status).toBe(200);
    await book(server.operator, { ...times, endpointIds: [roomId] });
  });

  it('an edit by someone who may not manage the meeting is forbidden and changes nothing', async () => {
    const m = await book(server.operator);
    for (const who of [delegate, chair, otherOrganiser]) {
      const res = await patch(who.client, m.id, { version: 1, title: 'Đổi tên trái phép' });
      expect(res.status).toBe(403);
      expect(res.body.error.id).toBe('forbidden');
    }
    expect(await get(m.id)).toMatchObject({ title: 'Giao ban kinh tế - xã hội tháng 12', version: 1 });
  });
});

describe('cancellation', () => {
  it('the organiser cancels with a reason; entry is then refused with meeting_cancelled and it cannot be edited', async () => {
    const m = await book(server.operator);
    expect((await delegate.client.post(`/api/meetings/${m.id}/cancel`, { reason: 'Không được phép' })).body.error.id).toBe('forbidden');
    expect((await organiser.client.post(`/api/meetings/${m.id}/cancel`, {})).body.error.fields).toHaveProperty('reason');
    const res = await organiser.client.post(`/api/meetings/${m.id}/cancel`, { reason: 'Lãnh đạo tỉnh đi công tác đột xuất' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.meeting).toMatchObject({ status: 'cancelled', cancelReason: 'Lãnh đạo tỉnh đi công tác đột xuất', canEdit: false });
    expect(res.body.meeting.cancelledAt).toEqual(expect.any(String));
    expect((await access(chair.client, m)).body.error.id).toBe('meeting_cancelled');
    expect((await patch(organiser.client, m.id, { version: 2, title: 'Sửa sau khi hủy' })).body.error.id).toBe('meeting_not_editable');
    expect((await organiser.client.post(`/api/meetings/${m.id}/cancel`, { reason: 'Hủy lần nữa' })).body.error.id).toBe('meeting_not_editable');
  });
});

describe('R2.2 M5.4 restricted meetings', () => {
  const open = async (client: TestClient) => {
    const s = await TestSocket.open(server, client);
    sockets.push(s);
    return s;
  };
  const join = (s: TestSocket, m: { slug: string; password: string }) => s.send({ type: 'join', v: PROTOCOL_VERSION, slug: m.slug, password: m.password });

  it('R2.2 a restricted meeting needs at least one network, and every network must be a valid CIDR', async () => {
    expect((await server.operator.post('/api/meetings', body({ restricted: true }))).body.error.id).toBe('meeting_networks_required');
    const bad = await server.operator.post('/api/meetings', body({ restricted: true, allowedNetworks: ['10.0.0.0/8', '300.1.1.1/8'] }));
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ id: 'validation_failed', fields: { 'allowedNetworks.1': expect.any(String) } });
    expect((await server.operator.post('/api/meetings', body({ restricted: true, allowedNetworks: ['2001:db8::/129'] }))).body.error.id).toBe('validation_failed');
  });

  it('M5.4 entry from outside the allowed networks is refused, over HTTP and on the live join; inside is admitted', async () => {
    const m = await book(server.operator, { restricted: true, allowedNetworks: ['10.0.0.0/8', 'fd00::/8'], ...roomOpen() });
    expect((await access(chair.client, m)).body.error.id).toBe('meeting_network_not_allowed');
    const s = await open(chair.client);
    join(s, m);
    expect((await s.next('error')).id).toBe('meeting_network_not_allowed');
    // the networks are shown only to those who manage the meeting
    expect((await get(m.id)).allowedNetworks).toEqual(['10.0.0.0/8', 'fd00::/8']);
    expect((await delegate.client.get(`/api/meetings/${m.id}`)).body.meeting.allowedNetworks).toEqual([]);

    const edited = await patch(server.operator, m.id, { version: 1, allowedNetworks: ['127.0.0.0/8'] });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect((await access(chair.client, m)).status).toBe(200);
    const admitted = await open(chair.client);
    join(admitted, m);
    expect((await admitted.next('joined')).meeting.id).toBe(m.id);
  });

  it('M5.4 a restricted meeting requiring the second factor refuses accounts without one, guests too, and admits one with it', async () => {
    const m = await book(server.operator, { restricted: true, allowedNetworks: ['127.0.0.0/8'], requireSecondFactor: true, inviteeIds: [delegate.id, presenter.id], ...roomOpen() });
    expect((await access(delegate.client, m)).body.error.id).toBe('meeting_second_factor_required');
    const s = await open(delegate.client);
    join(s, m);
    expect((await s.next('error')).id).toBe('meeting_second_factor_required');
    // a guest of this very meeting (no API binds a guest to a meeting yet: set in the database)
    const guest = await createUser(server, 'Khách Mời', 'UBND tỉnh Đắk Nông', { role: 'guest' });
    await server.app.database.db.update(users).set({ guestMeetingId: m.id }).where(eq(users.id, guest.id));
    expect((await access(guest.client, m)).body.error.id).toBe('meeting_second_factor_required');
    await presenter.client.enrolSecondFactor(presenter.email);
    expect((await access(presenter.client, m)).status).toBe(200);
  });
});

describe('permission matrix of the meeting itself (R2.1, R2.3, D21.1)', () => {
  const world = useMatrixWorld();
  /** A booking for unit A, ten days ahead, made by `by` (the operator's is approved at once, others' pending). */
  const bookFor = async (w: MatrixWorld, by: TestClient) => {
    const startsAt = vnAt(10, 8);
    const res = await by.post('/api/meetings', {
      title: 'Giao ban Sở Tài chính',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + HOUR).toISOString(),
      hostUnitId: w.unitA,
      chairId: w.ids.delegateA,
      notStateSecret: true,
      slug: `mt-${randomBytes(4).toString('hex')}`,
      password: 'mat-khau-hop',
    });
    if (res.status !== 201) throw new Error(`booking: ${JSON.stringify(res.body)}`);
    return res.body.meeting.id as string;
  };
  const read = (w: MatrixWorld, id: string) =>
    w.operator.get(`/api/meetings/${id}`).then((r) => ({ title: r.body.meeting.title, version: r.body.meeting.version, status: r.body.meeting.status, approval: r.body.meeting.approval.status }));
  describeMatrix('the meeting itself', world, [
    {
      requirement: 'R2.3',
      name: "approve an organiser's pending booking (D21.1)",
      allow: ['operator'],
      prepare: (w) => bookFor(w, w.clients.organiserA),
      run: (c, id: string) => c.post(`/api/meetings/${id}/approve`),
      state: (id: string, w) => read(w, id),
      check: (res) => expect(res.body.meeting.approval.status).toBe('approved'),
    },
    {
      requirement: 'R2.3',
      name: 'reject a pending booking with a reason (D21.1)',
      allow: ['operator'],
      prepare: (w) => bookFor(w, w.clients.organiserA),
      run: (c, id: string) => c.post(`/api/meetings/${id}/reject`, { reason: 'Trùng lịch' }),
      state: (id: string, w) => read(w, id),
    },
    {
      requirement: 'R2.1',
      name: 'edit a meeting of unit A',
      allow: ['operator', 'organiserA'],
      prepare: (w) => bookFor(w, w.operator),
      run: (c, id: string) => c.request('PATCH', `/api/meetings/${id}`, { version: 1, title: 'Giao ban Sở Tài chính (sửa)' }),
      state: (id: string, w) => read(w, id),
      check: (res) => expect(res.body.meeting).toMatchObject({ title: 'Giao ban Sở Tài chính (sửa)', version: 2 }),
    },
    {
      requirement: 'R2.1',
      name: 'cancel a meeting of unit A',
      allow: ['operator', 'organiserA'],
      prepare: (w) => bookFor(w, w.operator),
      run: (c, id: string) => c.post(`/api/meetings/${id}/cancel`, { reason: 'Hoãn họp' }),
      state: (id: string, w) => read(w, id),
      check: (res) => expect(res.body.meeting.status).toBe('cancelled'),
    },
  ]);
});
