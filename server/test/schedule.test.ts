/**
 * The weekly schedule, its PDF and iCalendar feeds (R2.4, M8.1a, M12.2), and the operator's list of holidays that
 * the invitation notice counts (D7.3, VIETNAMESE-CONVENTIONS "Working days and public holidays").
 */
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import ical from 'node-ical';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, defaultHolidays, isWorkingDay, weekday } from '../../shared/calendar/working-days';
import { meetings as meetingsTable } from '../db/schema';
import { readPdf } from '../pdf/read-pdf';
import { isoWeekOfDate } from '../schedule/iso-week';
import { describeMatrix, matrixRoles, row, useMatrixWorld, type MatrixWorld } from './permission-matrix';
import { createUser, ensureUnit, startTestServer, type TestClient, type TestServer } from './support';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let server: TestServer;
let province: string;
let department: string;
let other: string;
let organiser: Awaited<ReturnType<typeof createUser>>;
let chair: Awaited<ReturnType<typeof createUser>>;
let deptDelegate: Awaited<ReturnType<typeof createUser>>;
let stranger: Awaited<ReturnType<typeof createUser>>;
let otherOrganiser: Awaited<ReturnType<typeof createUser>>;
let otherChair: Awaited<ReturnType<typeof createUser>>;

/** The Vietnamese civil date today. */
const vnToday = () => new Date(Date.now() + 7 * HOUR).toISOString().slice(0, 10);
/** `date` at `hh:mm` in Hà Nội. */
const vnAt = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+07:00`);

let monday: string; // Monday of the week under test, about three weeks ahead
let week: string;
let early: string; // hosted by the province, Sunday 23:30 UTC = Monday 06:30 in Hà Nội, invites the department's delegate
let foreign: string; // hosted by the other unit, pending
let cancelled: string; // hosted by the province, then cancelled

async function book(client: TestClient, body: Record<string, unknown>) {
  const startsAt = body.startsAt as Date;
  const res = await client.post('/api/meetings', {
    endsAt: new Date(startsAt.getTime() + 2 * HOUR).toISOString(),
    slug: `lich-${randomBytes(4).toString('hex')}`,
    password: 'mat-khau-hop',
    notStateSecret: true,
    ...body,
    startsAt: startsAt.toISOString(),
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res;
}

beforeAll(async () => {
  server = await startTestServer();
  province = await ensureUnit(server, 'UBND tỉnh Lâm Đồng');
  department = await ensureUnit(server, 'Sở Tài chính Lâm Đồng', province);
  other = await ensureUnit(server, 'UBND tỉnh Khánh Hòa');
  organiser = await createUser(server, 'Lê Thị Văn', 'UBND tỉnh Lâm Đồng', { role: 'organiser' });
  chair = await createUser(server, 'Trần Văn Chủ', 'UBND tỉnh Lâm Đồng', { title: 'Chủ tịch UBND tỉnh' });
  deptDelegate = await createUser(server, 'Phạm Thị Sở', 'Sở Tài chính Lâm Đồng', { title: 'Giám đốc Sở' });
  stranger = await createUser(server, 'Hoàng Văn Lạ', 'UBND tỉnh Lâm Đồng');
  otherOrganiser = await createUser(server, 'Ngô Thị Khánh', 'UBND tỉnh Khánh Hòa', { role: 'organiser' });
  otherChair = await createUser(server, 'Đỗ Văn Hòa', 'UBND tỉnh Khánh Hòa', { title: 'Chủ tịch UBND tỉnh' });

  // The Monday about three weeks ahead, and the instant 23:30 UTC of the Sunday before it.
  const today = vnToday();
  monday = addDays(today, 21 - ((weekday(today) + 6) % 7));
  week = isoWeekOfDate(monday).label;
  const sundayLate = new Date(`${addDays(monday, -1)}T23:30:00Z`);
  // An organiser's booking waits for the office's decision (D21.1): the province's is approved, Khánh Hòa's stays pending.
  early = (await book(organiser.client, { title: 'Giao ban đầu tuần của UBND tỉnh', startsAt: sundayLate, hostUnitId: province, chairId: chair.id, inviteeIds: [deptDelegate.id] })).body.meeting.id;
  expect((await server.operator.post(`/api/meetings/${early}/approve`)).status).toBe(200);
  foreign = (await book(otherOrganiser.client, { title: 'Họp Ban chỉ đạo phòng chống thiên tai Khánh Hòa', startsAt: vnAt(addDays(monday, 1), '08:00'), hostUnitId: other, chairId: otherChair.id })).body.meeting.id;
  cancelled = (await book(server.operator, { title: 'Họp bị hủy của UBND tỉnh', startsAt: vnAt(addDays(monday, 2), '14:00'), hostUnitId: province, chairId: chair.id })).body.meeting.id;
  const cancel = await organiser.client.post(`/api/meetings/${cancelled}/cancel`, { reason: 'Lãnh đạo bận công tác đột xuất' });
  expect(cancel.status, JSON.stringify(cancel.body)).toBe(200);
}, 180_000);
afterAll(() => server?.close());

type Schedule = { week: string; from: string; to: string; days: { date: string; weekday: number; meetings: { id: string; title: string; pending: boolean }[] }[] };
const ids = (s: Schedule) => s.days.flatMap((d) => d.meetings.map((m) => m.id));

describe('R2.4/M12.2 the weekly schedule', () => {
  it('runs Monday to Sunday in Vietnamese time: a meeting at 23:30 UTC on Sunday is on Monday', async () => {
    const res = await server.operator.get(`/api/schedule?week=${week}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const s = res.body as Schedule;
    expect(s.from).toBe(monday);
    expect(s.days.map((d) => d.weekday)).toEqual([1, 2, 3, 4, 5, 6, 0]);
    expect(s.days[0]!.date).toBe(monday);
    expect(s.days[0]!.meetings.map((m) => m.id)).toEqual([early]);
    expect(s.days[1]!.meetings).toEqual([expect.objectContaining({ id: foreign, pending: true })]);
    expect(s.days[0]!.meetings[0]!.pending).toBe(false);
    // cancelled meetings are not on the schedule
    expect(ids(s)).not.toContain(cancelled);
    // the week before does not have the Sunday-UTC meeting
    const before = (await server.operator.get(`/api/schedule?week=${res.body.previousWeek}`)).body as Schedule;
    expect(ids(before)).not.toContain(early);
  });

  it('a unit’s view holds what it or a unit under it hosts, or what invites its people', async () => {
    const dept = (await server.operator.get(`/api/schedule?week=${week}&unitId=${department}`)).body as Schedule;
    expect(ids(dept)).toEqual([early]); // not hosted by the department, but inviting its delegate
    const prov = (await server.operator.get(`/api/schedule?week=${week}&unitId=${province}`)).body as Schedule;
    expect(ids(prov)).toEqual([early]);
    const khanhHoa = (await server.operator.get(`/api/schedule?week=${week}&unitId=${other}`)).body as Schedule;
    expect(ids(khanhHoa)).toEqual([foreign]);
    const bad = await server.operator.get(`/api/schedule?week=2027-W53`);
    expect(bad.status).toBe(400);
  });

  it('each sees what the meetings list shows them: organisers their subtree, others what they are part of', async () => {
    expect(ids((await organiser.client.get(`/api/schedule?week=${week}`)).body)).toEqual([early]);
    expect(ids((await otherOrganiser.client.get(`/api/schedule?week=${week}`)).body)).toEqual([foreign]);
    expect(ids((await deptDelegate.client.get(`/api/schedule?week=${week}`)).body)).toEqual([early]);
    expect(ids((await stranger.client.get(`/api/schedule?week=${week}`)).body)).toEqual([]);
    // asking for another unit does not widen what one sees
    expect(ids((await stranger.client.get(`/api/schedule?week=${week}&unitId=${other}`)).body)).toEqual([]);
  });

  it('the PDF is "LỊCH HỌP TRỰC TUYẾN" of the week in administrative form, with the meetings', async () => {
    const res = await fetch(`${server.url}/api/schedule.pdf?week=${week}`, { headers: { cookie: server.operator.cookie! } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const { text, sizes } = await readPdf(Buffer.from(await res.arrayBuffer()));
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('LỊCH HỌP TRỰC TUYẾN');
    const dmy = (d: string) => `${d.slice(8)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
    expect(flat).toContain(`Tuần ${+week.slice(6)}, từ ngày ${dmy(monday)} đến ngày ${dmy(addDays(monday, 6))}`);
    expect(flat).toContain('Giao ban đầu tuần của UBND tỉnh');
    expect(flat).toContain('06:30');
    expect(flat).toContain('Chờ phê duyệt'); // the pending Khánh Hòa meeting
    expect(flat).not.toContain('Họp bị hủy');
    expect(sizes[0]!.width).toBeGreaterThan(sizes[0]!.height); // landscape
    expect((await fetch(`${server.url}/api/schedule.pdf?week=${week}`)).status).toBe(401);
  });
});

describe('R2.4/M12.2 iCalendar feeds of the schedule', () => {
  const fetchFeed = (url: string) => fetch(url); // no cookie: a calendar program
  const parse = async (res: Response) => Object.values(ical.sync.parseICS(await res.text())).filter((c) => c?.type === 'VEVENT') as ical.VEvent[];

  it('a feed shows its owner’s meetings, with UID <id>@giaoban and SEQUENCE = version − 1, and never more', async () => {
    const created = await deptDelegate.client.post('/api/schedule/feeds', {});
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.url).toMatch(/\/api\/schedule\/feed\/[A-Za-z0-9_-]+\.ics$/);
    const res = await fetchFeed(created.body.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/calendar');
    const events = await parse(res);
    expect(events.map((e) => e.uid)).toEqual([`${early}@giaoban`]);
    const [row] = await server.app.database.db.select().from(meetingsTable).where(eq(meetingsTable.id, early));
    expect(Number(events[0]!.sequence)).toBe(row!.version - 1);
    expect(events[0]!.summary).toBe('Giao ban đầu tuần của UBND tỉnh');
    // the list of one's feeds never carries the address again
    const list = await deptDelegate.client.get('/api/schedule/feeds');
    expect(list.body.feeds).toEqual([expect.objectContaining({ id: created.body.feed.id, unit: null })]);
    expect(JSON.stringify(list.body)).not.toContain(created.body.url.split('/').at(-1)!.replace('.ics', ''));
    // a stranger's feed of the other unit is empty: a feed shows only what its owner may see
    const strangers = await stranger.client.post('/api/schedule/feeds', { unitId: other });
    expect(await parse(await fetchFeed(strangers.body.url))).toEqual([]);
  });

  it('the operator’s feed of the province marks the cancelled meeting STATUS:CANCELLED', async () => {
    const created = await server.operator.post('/api/schedule/feeds', { unitId: province });
    expect(created.status).toBe(201);
    const events = await parse(await fetchFeed(created.body.url));
    const byUid = new Map(events.map((e) => [e.uid, e]));
    expect(byUid.get(`${early}@giaoban`)?.status).toBe('CONFIRMED');
    expect(byUid.get(`${cancelled}@giaoban`)?.status).toBe('CANCELLED');
    expect(byUid.has(`${foreign}@giaoban`)).toBe(false);
  });

  it('a revoked feed, an unknown token and a disabled owner’s feed are 404; only the owner revokes', async () => {
    const a = await organiser.client.post('/api/schedule/feeds', {});
    expect((await fetchFeed(a.body.url)).status).toBe(200);
    // someone else cannot revoke it
    expect((await stranger.client.request('DELETE', `/api/schedule/feeds/${a.body.feed.id}`)).status).toBe(404);
    expect((await fetchFeed(a.body.url)).status).toBe(200);
    expect((await organiser.client.request('DELETE', `/api/schedule/feeds/${a.body.feed.id}`)).status).toBe(204);
    expect((await fetchFeed(a.body.url)).status).toBe(404);
    expect((await fetchFeed(`${server.url}/api/schedule/feed/${randomBytes(32).toString('base64url')}.ics`)).status).toBe(404);

    const b = await deptDelegate.client.post('/api/schedule/feeds', {});
    expect((await fetchFeed(b.body.url)).status).toBe(200);
    const disable = await server.operator.request('PATCH', `/api/users/${deptDelegate.id}`, { disabled: true });
    expect(disable.status, JSON.stringify(disable.body)).toBe(200);
    expect((await fetchFeed(b.body.url)).status).toBe(404);
    expect((await server.operator.request('PATCH', `/api/users/${deptDelegate.id}`, { disabled: false })).status).toBe(200);
  });
});

describe('D7.3 the operator’s holidays count in the invitation notice', () => {
  const holidaySet = (from: string, to: string) => {
    const s = new Set<string>();
    for (let y = +from.slice(0, 4); y <= +to.slice(0, 4); y++) for (const h of defaultHolidays(y)) s.add(h.date);
    return s;
  };
  const workingDaysIn = (from: string, to: string, extraOff: string[] = []) => {
    const off = holidaySet(from, to);
    for (const d of extraOff) off.add(d);
    const out: string[] = [];
    for (let d = from; d < to; d = addDays(d, 1)) if (isWorkingDay(d, off)) out.push(d);
    return out;
  };
  const warningOf = async (meetingDay: string) => {
    const res = await book(server.operator, { title: 'Họp kiểm tra thời hạn gửi giấy mời', startsAt: vnAt(meetingDay, '08:00'), hostUnitId: province, chairId: chair.id });
    // the notice only: the meeting day may itself be a day off, which is another warning
    return (res.body.warnings as { rule: string; actual: number }[]).filter((w) => w.rule === 'invitation_notice');
  };

  it('lists the year’s holidays with their source; a delegate cannot change them', async () => {
    const res = await stranger.client.get('/api/holidays?year=2027');
    expect(res.status).toBe(200);
    expect(res.body.holidays).toEqual(expect.arrayContaining([expect.objectContaining({ date: '2027-02-06', kind: 'day_off', source: 'default', name: 'Tết Nguyên đán (mùng 1)' })]));
    const put = await stranger.client.request('PUT', '/api/holidays/2027-03-08', { kind: 'day_off', name: 'Ngày Quốc tế Phụ nữ' });
    expect(put.status).toBe(403);
    expect(put.body.error.id).toBe('forbidden');
    const del = await stranger.client.request('DELETE', '/api/holidays/2027-02-06');
    expect(del.status).toBe(403);
    const after = await stranger.client.get('/api/holidays?year=2027');
    expect(after.body.holidays).toEqual(res.body.holidays);
  });

  it('a day off the operator adds shortens the notice; removing it restores', async () => {
    const today = vnToday();
    // the first meeting day at least 2 days ahead that leaves exactly 3 working days of notice
    let day = addDays(today, 2);
    while (workingDaysIn(today, day).length !== 3) day = addDays(day, 1);
    expect(await warningOf(day)).toEqual([]);
    const dayOff = workingDaysIn(today, day).at(-1)!;
    const put = await server.operator.request('PUT', `/api/holidays/${dayOff}`, { kind: 'day_off', name: 'Nghỉ theo thông báo của Chính phủ' });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body.holiday).toMatchObject({ date: dayOff, kind: 'day_off', source: 'override' });
    expect(await warningOf(day)).toEqual([expect.objectContaining({ rule: 'invitation_notice', actual: 2 })]);

    const audit = await server.operator.get('/api/audit?action=holiday.set');
    expect(audit.body.entries.some((e: { targetId: string }) => e.targetId === dayOff)).toBe(true);
    expect((await server.operator.request('DELETE', `/api/holidays/${dayOff}`)).status).toBe(204);
    expect(await warningOf(day)).toEqual([]);
    expect((await server.operator.request('DELETE', `/api/holidays/${dayOff}`)).status).toBe(404);
  });

  it('a Saturday the operator makes a working day (a swap) counts in the notice', async () => {
    const today = vnToday();
    let saturday = today;
    while (weekday(saturday) !== 6) saturday = addDays(saturday, 1);
    const day = addDays(saturday, 2); // the Monday after: the notice spans that Saturday
    // days off on the last working days until at most 2 remain, so that the notice is short
    const working = workingDaysIn(today, day);
    const offs = working.slice(Math.min(2, working.length));
    for (const d of offs) expect((await server.operator.request('PUT', `/api/holidays/${d}`, { kind: 'day_off', name: 'Nghỉ bù' })).status).toBe(200);
    const short = Math.min(2, working.length);
    expect(await warningOf(day)).toEqual([expect.objectContaining({ rule: 'invitation_notice', actual: short })]);
    const swap = await server.operator.request('PUT', `/api/holidays/${saturday}`, { kind: 'working_day', name: 'Làm bù' });
    expect(swap.status, JSON.stringify(swap.body)).toBe(200);
    expect(swap.body.holiday).toMatchObject({ date: saturday, kind: 'working_day', source: 'override', weekday: 6 });
    expect(await warningOf(day)).toEqual(short + 1 >= 3 ? [] : [expect.objectContaining({ actual: short + 1 })]);
    // a working day that is neither a holiday nor a weekend cannot be "made" a working day
    const monday = addDays(saturday, 2);
    if (!holidaySet(monday, monday).has(monday)) expect((await server.operator.request('PUT', `/api/holidays/${monday}`, { kind: 'working_day', name: '' })).status).toBe(400);
    for (const d of [...offs, saturday]) expect((await server.operator.request('DELETE', `/api/holidays/${d}`)).status).toBe(204);
    expect(await warningOf(day)).toEqual(working.length >= 3 ? [] : [expect.objectContaining({ actual: working.length })]);
  });
});

describe('holidays and calendar feeds: who may do what (permission matrix)', () => {
  const world = useMatrixWorld();
  const overrides = (w: MatrixWorld) => w.operator.get('/api/holidays?year=2031').then((r) => (r.body.holidays as { date: string; kind: string; source: string }[]).filter((h) => h.source === 'override'));
  const signedIn = matrixRoles.filter((r) => r !== 'anonymous');
  describeMatrix('holidays (VIETNAMESE-CONVENTIONS, D7.3)', world, [
    row({
      requirement: 'D7.3',
      name: 'add a day off to the list',
      allow: ['operator'],
      run: (c) => c.request('PUT', '/api/holidays/2031-03-07', { kind: 'day_off', name: 'Nghỉ theo thông báo' }),
      state: (_t, w) => overrides(w),
    }),
    row({
      requirement: 'D7.3',
      name: 'remove a change to the list',
      allow: ['operator'],
      prepare: async (w) => {
        const date = `2031-0${1 + Math.floor(Math.random() * 9)}-1${Math.floor(Math.random() * 9)}`;
        const res = await w.operator.request('PUT', `/api/holidays/${date}`, { kind: 'day_off', name: 'Tạm' });
        if (res.status !== 200) throw new Error(JSON.stringify(res.body));
        return date;
      },
      run: (c, date) => c.request('DELETE', `/api/holidays/${date}`),
      okStatus: 204,
      state: (_t, w) => overrides(w),
    }),
    row({ requirement: 'D7.3', name: 'read the list of a year', allow: signedIn, run: (c) => c.get('/api/holidays?year=2031') }),
    row({ requirement: 'M12.2', name: 'read the weekly schedule', allow: signedIn, run: (c) => c.get('/api/schedule?week=2031-W10') }),
    row({ requirement: 'M12.2', name: 'create a calendar feed of one’s own', allow: signedIn, run: (c) => c.post('/api/schedule/feeds', {}), okStatus: 201 }),
  ]);
});
