/** Booking rules over HTTP (R2.2, R2.3, R2.4): each refusal names its rule and article, and stores nothing. */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, ensureUnit, startTestServer, type TestServer } from './support';

const HOUR = 3_600_000;
let server: TestServer;
let province: string;
let chair: Awaited<ReturnType<typeof createUser>>;
let organiser: Awaited<ReturnType<typeof createUser>>;
const rooms: string[] = [];

beforeAll(async () => {
  server = await startTestServer();
  province = await ensureUnit(server, 'UBND tỉnh Lâm Đồng');
  chair = await createUser(server, 'Trần Văn Chủ', 'UBND tỉnh Lâm Đồng', { title: 'Chủ tịch UBND tỉnh' });
  organiser = await createUser(server, 'Lê Thị Văn', 'UBND tỉnh Lâm Đồng', { role: 'organiser' });
  for (const name of ['Phòng họp tỉnh', 'Phòng họp huyện Đức Trọng', 'Phòng họp huyện Di Linh']) {
    const res = await server.operator.post('/api/endpoints', { name, unitId: province, location: 'Trụ sở', equipment: 'Camera, micro', networkAddress: '10.70.0.1', capacity: 30 });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    rooms.push(res.body.endpoint.id);
  }
});
afterAll(() => server?.close());

/** A Vietnamese civil day `days` from today at `hour`:00 in Hà Nội. */
const vnAt = (days: number, hour: number) => {
  const vnToday = new Date(Date.now() + 7 * HOUR).toISOString().slice(0, 10);
  return new Date(Date.parse(`${vnToday}T00:00:00Z`) + days * 24 * HOUR + (hour - 7) * HOUR);
};
const body = (startsAt: Date, over: Record<string, unknown> = {}) => ({
  title: 'Họp Ban chỉ đạo phòng chống thiên tai',
  startsAt: startsAt.toISOString(),
  endsAt: new Date(startsAt.getTime() + 2 * HOUR).toISOString(),
  chairId: chair.id,
  notStateSecret: true,
  slug: `pctt-${randomBytes(4).toString('hex')}`,
  password: 'mat-khau-pctt',
  ...over,
});
/** The invitation-notice warnings of a booking (the day may also be a day off: another warning). */
const noticeWarnings = (res: { warnings: { rule: string; actual?: number }[] }) => res.warnings.filter((w) => w.rule === 'invitation_notice');
const slugs = async () => ((await server.operator.get('/api/meetings')).body.meetings as { slug: string }[]).map((m) => m.slug);

describe('R2.2 the organiser declares the content is not a state secret (M4)', () => {
  it('refuses a booking without the declaration and records it with one', async () => {
    const refused = body(vnAt(10, 8), { notStateSecret: undefined });
    const res = await organiser.client.post('/api/meetings', refused);
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toHaveProperty('notStateSecret');
    expect(await slugs()).not.toContain(refused.slug);

    const ok = await organiser.client.post('/api/meetings', body(vnAt(10, 8)));
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    const audit = await server.operator.get(`/api/audit?action=meeting.created`);
    const entry = (audit.body.entries as { targetId: string; data: Record<string, unknown> }[]).find((e) => e.targetId === ok.body.meeting.id);
    expect(entry?.data).toMatchObject({ notStateSecret: true, emergency: false });
  });
});

describe('R2.3 booking at least 2 days ahead unless an emergency (D19.2)', () => {
  it('refuses tomorrow naming the rule and its article, and stores nothing', async () => {
    const late = body(vnAt(1, 8));
    const res = await organiser.client.post('/api/meetings', late);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ id: 'meeting_booking_too_late', fields: { article: 'D19.2', requirement: 'R2.3' } });
    expect(await slugs()).not.toContain(late.slug);
  });
  it('accepts the same booking declared an emergency by the office, and refuses the declaration from a unit (D19.1)', async () => {
    const byUnit = body(vnAt(1, 8), { emergency: true });
    const refused = await organiser.client.post('/api/meetings', byUnit);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ id: 'meeting_emergency_not_allowed', fields: { article: 'D19.2', requirement: 'R2.3' } });
    expect(await slugs()).not.toContain(byUnit.slug);
    const res = await server.operator.post('/api/meetings', body(vnAt(1, 8), { emergency: true }));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(noticeWarnings(res.body)).toEqual([]); // urgent meetings are also exempt from the invitation notice (D7.3)
    expect(res.body.meeting.approval.status).toBe('approved');
  });
});

describe('R2.4 invitation notice of 3 working days (D7.3)', () => {
  it('warns the organiser when the meeting is too close for the invitations, and not when it is far', async () => {
    const close = await organiser.client.post('/api/meetings', body(vnAt(2, 8)));
    expect(close.status, JSON.stringify(close.body)).toBe(201);
    // two calendar days always give fewer than three working days
    expect(noticeWarnings(close.body)).toEqual([expect.objectContaining({ rule: 'invitation_notice', article: 'D7.3', required: 3 })]);
    expect(noticeWarnings(close.body)[0]!.actual).toBeLessThan(3);
    const far = await organiser.client.post('/api/meetings', body(vnAt(14, 8)));
    expect(noticeWarnings(far.body)).toEqual([]);
  });
});

describe('a meeting on a public holiday or a day off is booked with a warning naming it', () => {
  it('names the holiday the operator lists, and a weekend; an ordinary working day has none; an edit to a holiday warns too', async () => {
    // a weekday 20 to 26 days ahead that is no default holiday, made a day off by the operator
    const vnDay = (d: Date) => new Date(d.getTime() + 7 * HOUR).toISOString().slice(0, 10);
    const days = Array.from({ length: 7 }, (_, i) => vnAt(20 + i, 8));
    const weekdayOf = (d: Date) => new Date(`${vnDay(d)}T00:00:00Z`).getUTCDay();
    const defaults = new Set(((await server.operator.get(`/api/holidays?year=${vnDay(days[0]!).slice(0, 4)}`)).body.holidays as { date: string }[]).map((h) => h.date));
    const [holiday, ordinary] = days.filter((d) => weekdayOf(d) >= 1 && weekdayOf(d) <= 5 && !defaults.has(vnDay(d)));
    const sunday = days.find((d) => weekdayOf(d) === 0)!;
    expect((await server.operator.request('PUT', `/api/holidays/${vnDay(holiday!)}`, { kind: 'day_off', name: 'Nghỉ bù Quốc khánh' })).status).toBe(200);

    const onHoliday = await organiser.client.post('/api/meetings', body(holiday!));
    expect(onHoliday.status, JSON.stringify(onHoliday.body)).toBe(201);
    expect(onHoliday.body.warnings).toEqual([{ rule: 'day_off', date: vnDay(holiday!), name: 'Nghỉ bù Quốc khánh', weekday: weekdayOf(holiday!) }]);
    const onSunday = await organiser.client.post('/api/meetings', body(sunday));
    expect(onSunday.body.warnings).toEqual([{ rule: 'day_off', date: vnDay(sunday), name: '', weekday: 0 }]);
    const onWorkingDay = await organiser.client.post('/api/meetings', body(ordinary!));
    expect(onWorkingDay.body.warnings).toEqual([]);

    // moved onto the holiday by an edit: the same warning
    const moved = await organiser.client.request('PATCH', `/api/meetings/${onWorkingDay.body.meeting.id}`, {
      version: onWorkingDay.body.meeting.version,
      startsAt: holiday!.toISOString(),
      endsAt: new Date(holiday!.getTime() + 2 * HOUR).toISOString(),
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.warnings).toEqual([expect.objectContaining({ rule: 'day_off', name: 'Nghỉ bù Quốc khánh' })]);
  });
});

describe('R2.3 rooms are not double-booked', () => {
  it('refuses a room already booked at an overlapping time, accepts it right after', async () => {
    const first = await organiser.client.post('/api/meetings', body(vnAt(20, 8), { endpointIds: [rooms[0]] }));
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const clash = body(vnAt(20, 9), { endpointIds: [rooms[0], rooms[1]] });
    const res = await organiser.client.post('/api/meetings', clash);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ id: 'meeting_endpoint_double_booked', fields: { endpointIds: rooms[0] } });
    expect(await slugs()).not.toContain(clash.slug);
    const after = await organiser.client.post('/api/meetings', body(vnAt(20, 10), { endpointIds: [rooms[0]] }));
    expect(after.status, JSON.stringify(after.body)).toBe(201);
  });
  it('lets only one of two organisers booking the same room at the same moment have it', async () => {
    const both = await Promise.all([organiser.client, server.operator].map((c) => c.post('/api/meetings', body(vnAt(30, 8), { endpointIds: [rooms[2]] }))));
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(both.find((r) => r.status === 409)!.body.error.id).toBe('meeting_endpoint_double_booked');
  });
});
