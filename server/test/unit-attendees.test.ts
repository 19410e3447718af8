/**
 * Invited units over HTTP (R2.1, R2.4, R2.5): the unit's organiser sees the meeting, its documents and their unit's
 * schedule, names who attends for the unit (people and rooms, or its members admitted), and those named see the
 * meeting, are mailed and enter directly; a unit nobody can be reached for is named to the organiser plainly.
 */
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeetingView, ScheduleView, UnitAttendeesResponse } from '../../shared/api';
import { auditLog, mailOutbox } from '../db/schema';
import { isoWeekOfInstant } from '../schedule/iso-week';
import { createUser, ensureUnit, startTestServer, type TestClient, type TestServer } from './support';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const PASSWORD = 'mat-khau-don-vi';
type Person = Awaited<ReturnType<typeof createUser>>;

let server: TestServer;
const HOST = 'UBND tỉnh Kon Tum';
const HEALTH = 'Sở Y tế tỉnh Kon Tum';
const HEALTH_HOSPITAL = 'Bệnh viện Đa khoa tỉnh Kon Tum';
const FINANCE = 'Sở Tài chính tỉnh Kon Tum';
/** An invited unit without any organiser account. */
const COMMUNE = 'UBND xã Đăk Blà';
let healthId: string;
let hospitalId: string;
let financeId: string;
let communeId: string;
let chair: Person;
let hostOrganiser: Person;
let healthOrganiser: Person;
let healthDoctor: Person;
let hospitalDirector: Person;
let healthClerk: Person;
let financeOrganiser: Person;
let communeClerk: Person;
let healthRoom: { id: string };
let financeRoom: { id: string };

beforeAll(async () => {
  server = await startTestServer();
  await ensureUnit(server, HOST);
  healthId = await ensureUnit(server, HEALTH);
  hospitalId = await ensureUnit(server, HEALTH_HOSPITAL, healthId);
  financeId = await ensureUnit(server, FINANCE);
  communeId = await ensureUnit(server, COMMUNE);
  chair = await createUser(server, 'Trịnh Văn Chủ', HOST, { title: 'Chủ tịch UBND tỉnh' });
  hostOrganiser = await createUser(server, 'Lê Thị Tổ', HOST, { role: 'organiser', title: 'Chánh Văn phòng' });
  healthOrganiser = await createUser(server, 'Mai Thị Y', HEALTH, { role: 'organiser', title: 'Chánh Văn phòng Sở' });
  healthDoctor = await createUser(server, 'Nguyễn Văn Khoa', HEALTH, { title: 'Phó Giám đốc Sở Y tế' });
  hospitalDirector = await createUser(server, 'Phạm Thị Viện', HEALTH_HOSPITAL, { title: 'Giám đốc Bệnh viện' });
  healthClerk = await createUser(server, 'Đỗ Văn Văn', HEALTH, { title: 'Chuyên viên' });
  financeOrganiser = await createUser(server, 'Hoàng Văn Tài', FINANCE, { role: 'organiser', title: 'Chánh Văn phòng Sở' });
  communeClerk = await createUser(server, 'Y Bình', COMMUNE, { title: 'Công chức văn phòng' });
  const room = async (name: string, unitId: string) => {
    const res = await server.operator.post('/api/endpoints', { kind: 'room', name, unitId, location: 'Tầng 2', equipment: 'Camera', networkAddress: '10.0.0.2', capacity: 20 });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.endpoint as { id: string };
  };
  healthRoom = await room('Phòng họp Sở Y tế', healthId);
  financeRoom = await room('Phòng họp Sở Tài chính', financeId);
}, 180_000);
afterAll(() => server?.close());

let booked = 0;
/** Each meeting at its own hours, so that the units' rooms are never double-booked between tests (R2.3). */
async function bookMeeting(unitIds: string[], over: Record<string, unknown> = {}) {
  booked += 1;
  const startsAt = new Date(Date.now() + 4 * DAY + booked * 3 * HOUR);
  const res = await hostOrganiser.client.post('/api/meetings', {
    title: 'Giao ban công tác y tế quý IV',
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 2 * HOUR).toISOString(),
    chairId: chair.id,
    inviteeIds: [],
    unitIds,
    slug: `y-te-${randomBytes(4).toString('hex')}`,
    password: PASSWORD,
    notStateSecret: true,
    // the system check has begun: the room is open (it opens at the check time, D19.3)
    checkAt: new Date(Date.now() - 60_000).toISOString(),
    ...over,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const meeting = res.body.meeting as MeetingView;
  expect((await server.operator.post(`/api/meetings/${meeting.id}/approve`)).status).toBe(200);
  return meeting;
}

const attendeesUrl = (meetingId: string, unitId: string) => `/api/meetings/${meetingId}/units/${unitId}/attendees`;
const access = (client: TestClient, slug: string) => client.post(`/api/meetings/by-slug/${slug}/access`, { password: PASSWORD });
const weekOf = (m: MeetingView) => isoWeekOfInstant(new Date(m.startsAt)).label;
const scheduled = async (client: TestClient, m: MeetingView, unitId?: string) => {
  const res = await client.get(`/api/schedule?week=${weekOf(m)}${unitId ? `&unitId=${unitId}` : ''}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body as ScheduleView).days.flatMap((d) => d.meetings).some((x) => x.id === m.id);
};
const mailsTo = (meetingId: string, email: string) =>
  server.app.database.db.select().from(mailOutbox).where(and(eq(mailOutbox.meetingId, meetingId), eq(mailOutbox.to, email), eq(mailOutbox.kind, 'invitation')));

describe('an invited unit’s organiser (R2.5, issue 14 point 12)', () => {
  it('sees the meeting, its documents and the meeting in the unit’s weekly schedule and list; an organiser of a unit not invited does not', async () => {
    const meeting = await bookMeeting([healthId]);
    const got = await healthOrganiser.client.get(`/api/meetings/${meeting.id}`);
    expect(got.status, JSON.stringify(got.body)).toBe(200);
    expect((await healthOrganiser.client.get(`/api/meetings/${meeting.id}/documents`)).status).toBe(200);
    const pdf = await fetch(`${server.url}/api/meetings/${meeting.id}/invitation.pdf`, { headers: { cookie: healthOrganiser.client.cookie! } });
    expect(pdf.status).toBe(200);
    expect(await scheduled(healthOrganiser.client, meeting, healthId)).toBe(true);
    expect(await scheduled(healthOrganiser.client, meeting)).toBe(true);
    expect(((await healthOrganiser.client.get('/api/meetings')).body.meetings as MeetingView[]).some((m) => m.id === meeting.id)).toBe(true);

    // refused, as before: an organiser of another unit, and a plain member of the invited unit not named
    expect((await financeOrganiser.client.get(`/api/meetings/${meeting.id}`)).body.error.id).toBe('meeting_not_invited');
    expect((await financeOrganiser.client.get(`/api/meetings/${meeting.id}/documents`)).status).toBe(403);
    expect(await scheduled(financeOrganiser.client, meeting)).toBe(false);
    expect((await healthClerk.client.get(`/api/meetings/${meeting.id}`)).status).toBe(403);
    expect(await scheduled(healthClerk.client, meeting)).toBe(false);
    // the head answers for the unit but knocks at the lobby unless they named themself
    expect((await access(healthOrganiser.client, meeting.slug)).body.admission).toBe('lobby');
  });

  it('names people and rooms of the unit: they see the meeting and schedule, are mailed, and enter directly; others still knock', async () => {
    const meeting = await bookMeeting([healthId]);
    expect((await hostOrganiser.client.post(`/api/meetings/${meeting.id}/invitations/send`, { password: PASSWORD })).status).toBe(200);
    expect((await access(healthDoctor.client, meeting.slug)).body.admission).toBe('lobby');

    const before = await healthOrganiser.client.get(attendeesUrl(meeting.id, healthId));
    expect(before.status, JSON.stringify(before.body)).toBe(200);
    const view = before.body as UnitAttendeesResponse;
    // the unit's people and those of the hospital under it, its rooms; not other units'
    expect(view.candidates.people.map((p) => p.id)).toEqual(expect.arrayContaining([healthDoctor.id, hospitalDirector.id, healthClerk.id]));
    expect(view.candidates.people.map((p) => p.id)).not.toContain(financeOrganiser.id);
    expect(view.candidates.rooms.map((r) => r.id)).toEqual([healthRoom.id]);
    expect(view.unit.attendees).toEqual([]);

    const named = await healthOrganiser.client.put(attendeesUrl(meeting.id, healthId), { personIds: [healthDoctor.id, hospitalDirector.id], endpointIds: [healthRoom.id], membersAdmitted: false, password: PASSWORD });
    expect(named.status, JSON.stringify(named.body)).toBe(200);
    const after = named.body as UnitAttendeesResponse;
    expect(after.unit.attendees.map((p) => p.id).sort()).toEqual([healthDoctor.id, hospitalDirector.id].sort());
    expect(after.unit.rooms.map((r) => r.id)).toEqual([healthRoom.id]);
    expect(after.mailed).toBe(2);

    for (const person of [healthDoctor, hospitalDirector]) {
      expect((await person.client.get(`/api/meetings/${meeting.id}`)).status).toBe(200);
      expect((await person.client.get(`/api/meetings/${meeting.id}/documents`)).status).toBe(200);
      expect(await scheduled(person.client, meeting)).toBe(true);
      expect((await access(person.client, meeting.slug)).body.admission).toBe('direct');
      const [mail] = await mailsTo(meeting.id, person.email);
      expect(mail, `invitation to ${person.name}`).toBeDefined();
      // the unit's organiser gave the password: the mail carries it, sealed beside the text until it is sent (R6.1)
      expect(mail!.text).toContain('Mật khẩu cuộc họp: [[');
      expect(mail!.sealedSecret).toMatch(/^gb1\./);
      expect(JSON.stringify(mail)).not.toContain(PASSWORD);
    }
    expect((await access(healthClerk.client, meeting.slug)).body.admission).toBe('lobby');

    // the meeting shows them under the unit, not on the organiser's own list
    const shown = (await hostOrganiser.client.get(`/api/meetings/${meeting.id}`)).body.meeting as MeetingView;
    expect(shown.invitees).toEqual([]);
    expect(shown.endpoints).toEqual([]);
    expect(shown.units[0]!.attendees.map((p) => p.id).sort()).toEqual([healthDoctor.id, hospitalDirector.id].sort());
    expect(shown.units[0]!.rooms.map((r) => r.id)).toEqual([healthRoom.id]);

    const audit = await server.app.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'meeting.unit_attendees_named'), eq(auditLog.targetId, meeting.id)));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.data).toMatchObject({ unitId: healthId, people: 2, rooms: 1, membersAdmitted: false, added: 2 });

    // naming again without the password: the newcomer's mail says who gives it, and the one dropped no longer enters directly
    const again = await healthOrganiser.client.put(attendeesUrl(meeting.id, healthId), { personIds: [healthDoctor.id, healthClerk.id], endpointIds: [healthRoom.id] });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body.mailed).toBe(1);
    const [clerkMail] = await mailsTo(meeting.id, healthClerk.email);
    expect(clerkMail!.text).not.toContain(PASSWORD);
    expect(clerkMail!.sealedSecret).toBeNull();
    expect(clerkMail!.text).toContain('do văn phòng đơn vị cử đồng chí tham dự cung cấp');
    expect((await access(hospitalDirector.client, meeting.slug)).body.admission).toBe('lobby');
    expect((await hospitalDirector.client.get(`/api/meetings/${meeting.id}`)).status).toBe(403);
  });

  it('admits every member of the unit: each sees the meeting and enters directly', async () => {
    const meeting = await bookMeeting([healthId]);
    const res = await healthOrganiser.client.put(attendeesUrl(meeting.id, healthId), { personIds: [], endpointIds: [], membersAdmitted: true });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.unit.membersAdmitted).toBe(true);
    for (const member of [healthClerk, healthDoctor, healthOrganiser]) {
      expect((await member.client.get(`/api/meetings/${meeting.id}`)).status).toBe(200);
      expect(await scheduled(member.client, meeting)).toBe(true);
      expect((await access(member.client, meeting.slug)).body.admission).toBe('direct');
    }
    // members of the unit itself, not of the units under it
    expect((await access(hospitalDirector.client, meeting.slug)).body.admission).toBe('lobby');
    // they get the invitation when it is sent
    expect((await hostOrganiser.client.post(`/api/meetings/${meeting.id}/invitations/send`, { password: PASSWORD })).status).toBe(200);
    expect(await mailsTo(meeting.id, healthClerk.email)).toHaveLength(1);
  });

  it('refuses those who do not answer for the unit, people and rooms of other units, units not invited, ended meetings', async () => {
    const meeting = await bookMeeting([healthId]);
    const body = { personIds: [healthDoctor.id], endpointIds: [] };
    for (const [who, client] of [
      ['a member of the unit', healthDoctor.client],
      ['an organiser of another unit', financeOrganiser.client],
      ['the chair', chair.client],
    ] as const) {
      const res = await client.put(attendeesUrl(meeting.id, healthId), body);
      expect(res.status, who).toBe(403);
      expect(res.body.error.id, who).toBe('forbidden');
      expect((await client.get(attendeesUrl(meeting.id, healthId))).status, who).toBe(403);
    }
    const stranger = await healthOrganiser.client.put(attendeesUrl(meeting.id, healthId), { personIds: [healthDoctor.id, financeOrganiser.id], endpointIds: [financeRoom.id] });
    expect(stranger.status).toBe(400);
    expect(stranger.body.error).toMatchObject({ id: 'attendee_not_in_unit', fields: { personIds: financeOrganiser.id, endpointIds: financeRoom.id } });
    const notInvited = await financeOrganiser.client.put(attendeesUrl(meeting.id, financeId), body);
    expect(notInvited.body.error.id).toBe('unit_not_invited');
    const wrongPassword = await healthOrganiser.client.put(attendeesUrl(meeting.id, healthId), { ...body, password: 'sai-mat-khau' });
    expect(wrongPassword.body.error.id).toBe('meeting_password_wrong');
    // nothing was written by the refusals
    expect(((await healthOrganiser.client.get(attendeesUrl(meeting.id, healthId))).body as UnitAttendeesResponse).unit.attendees).toEqual([]);

    expect((await hostOrganiser.client.post(`/api/meetings/${meeting.id}/cancel`, { reason: 'Hoãn theo chỉ đạo' })).status).toBe(200);
    const closed = await healthOrganiser.client.put(attendeesUrl(meeting.id, healthId), body);
    expect(closed.body.error.id).toBe('meeting_not_editable');
  });

  it('keeps what the unit named through the organiser’s edits, and drops it with the unit', async () => {
    const meeting = await bookMeeting([healthId, financeId], { inviteeIds: [healthClerk.id] });
    expect((await healthOrganiser.client.put(attendeesUrl(meeting.id, healthId), { personIds: [healthDoctor.id], endpointIds: [healthRoom.id] })).status).toBe(200);
    const edit = await hostOrganiser.client.patch(`/api/meetings/${meeting.id}`, { version: meeting.version, inviteeIds: [], reason: 'Bớt đại biểu' });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    expect((await access(healthDoctor.client, meeting.slug)).body.admission).toBe('direct');
    expect((await access(healthClerk.client, meeting.slug)).body.admission).toBe('lobby');
    const dropUnit = await hostOrganiser.client.patch(`/api/meetings/${meeting.id}`, { version: edit.body.meeting.version, unitIds: [financeId], reason: 'Sở Y tế không dự' });
    expect(dropUnit.status, JSON.stringify(dropUnit.body)).toBe(200);
    expect((await healthDoctor.client.get(`/api/meetings/${meeting.id}`)).status).toBe(403);
    expect((dropUnit.body.meeting as MeetingView).units.map((u) => u.id)).toEqual([financeId]);
  });
});

describe('a substitute of someone a unit named (R2.5, D8.3)', () => {
  it('stays invited through the organiser’s edit of the list, and goes when the unit is dropped', async () => {
    const meeting = await bookMeeting([healthId], { inviteeIds: [] });
    expect((await healthOrganiser.client.put(attendeesUrl(meeting.id, healthId), { personIds: [healthDoctor.id], endpointIds: [] })).status).toBe(200);
    const proposed = await healthDoctor.client.put(`/api/meetings/${meeting.id}/replies/person/${healthDoctor.id}`, { answer: 'substitute', reason: 'Đi công tác tuyến huyện', substituteId: healthClerk.id });
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(200);
    const approved = await chair.client.post(`/api/meetings/${meeting.id}/replies/person/${healthDoctor.id}/substitute`, { decision: 'approve' });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect((await access(healthClerk.client, meeting.slug)).body.admission).toBe('direct');

    const current = (await hostOrganiser.client.get(`/api/meetings/${meeting.id}`)).body.meeting as MeetingView;
    const edit = await hostOrganiser.client.patch(`/api/meetings/${meeting.id}`, { version: current.version, inviteeIds: [], reason: 'Rà soát danh sách' });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    expect((await access(healthClerk.client, meeting.slug)).body.admission).toBe('direct');
    expect((await access(healthDoctor.client, meeting.slug)).body.admission).toBe('direct');

    const dropped = await hostOrganiser.client.patch(`/api/meetings/${meeting.id}`, { version: edit.body.meeting.version, unitIds: [], reason: 'Sở Y tế không dự' });
    expect(dropped.status, JSON.stringify(dropped.body)).toBe(200);
    expect((await access(healthClerk.client, meeting.slug)).body.admission).toBe('lobby');
    expect((await access(healthDoctor.client, meeting.slug)).body.admission).toBe('lobby');
  });
});

describe('an invited unit nobody can be reached for is named plainly (R2.4, issue 14 point 12)', () => {
  it('at booking, at sending and at reminding; naming an attendee makes it reachable', async () => {
    const meeting = await bookMeeting([healthId, communeId]);
    // the commune has no organiser account: nobody would receive its invitation
    expect(meeting.unreachableUnits).toEqual([{ id: communeId, name: COMMUNE }]);
    const sent = await hostOrganiser.client.post(`/api/meetings/${meeting.id}/invitations/send`, { password: PASSWORD });
    expect(sent.status).toBe(200);
    expect(sent.body.unreachableUnits).toEqual([{ id: communeId, name: COMMUNE }]);
    const reminded = await hostOrganiser.client.post(`/api/meetings/${meeting.id}/replies/remind`);
    expect(reminded.status, JSON.stringify(reminded.body)).toBe(200);
    expect(reminded.body.unreachable).toEqual([COMMUNE]);
    // the view for others does not carry it
    expect(((await healthOrganiser.client.get(`/api/meetings/${meeting.id}`)).body.meeting as MeetingView).unreachableUnits).toEqual([]);

    // the operator names the commune's clerk for it: the clerk is mailed and enters; the commune is reachable
    const named = await server.operator.put(attendeesUrl(meeting.id, communeId), { personIds: [communeClerk.id], endpointIds: [], password: PASSWORD });
    expect(named.status, JSON.stringify(named.body)).toBe(200);
    expect(named.body.mailed).toBe(1);
    expect((await access(communeClerk.client, meeting.slug)).body.admission).toBe('direct');
    expect(((await hostOrganiser.client.get(`/api/meetings/${meeting.id}`)).body.meeting as MeetingView).unreachableUnits).toEqual([]);
  });

  it('the early-join reminder reaches the unit’s named attendees and its organiser (M6.1)', async () => {
    const meeting = await bookMeeting([healthId]);
    expect((await healthOrganiser.client.put(attendeesUrl(meeting.id, healthId), { personIds: [healthDoctor.id], endpointIds: [] })).status).toBe(200);
    expect((await hostOrganiser.client.post(`/api/meetings/${meeting.id}/invitations/send`, { password: PASSWORD })).status).toBe(200);
    await server.app.invitations.runReminders(new Date(new Date(meeting.startsAt).getTime() - 5 * 60_000));
    const reminders = await server.app.database.db.select().from(mailOutbox).where(and(eq(mailOutbox.meetingId, meeting.id), eq(mailOutbox.kind, 'early_reminder')));
    expect(reminders.map((m) => m.to)).toEqual(expect.arrayContaining([healthDoctor.email, healthOrganiser.email]));
  });
});
