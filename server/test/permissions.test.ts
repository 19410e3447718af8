/**
 * The permission matrix: every role against every protected action of the API (R1.1, R1.2, R6.4, R1.5; M11.2a,
 * M13.3, M8.1b, M10.5). Each row names the roles allowed; every other role is refused with 403 `forbidden`
 * (401 `unauthenticated` without a session) and the state the row names is unchanged. Other domains add their
 * rows with `describeMatrix` (see permission-matrix.ts).
 *
 *                                  oper orgA secA tecA delA guest endA orgB anon
 *   units create/update/delete/import ✓
 *   users list                       ✓    ✓    ✓    ✓                   ✓        (each their own units)
 *   users create/update in unit A    ✓    ✓
 *   users grant operator/organiser   ✓
 *   meetings create for unit A       ✓    ✓
 *   meetings create for unit B       ✓                                  ✓
 *   meeting revoke-access / entries  ✓    ✓                                      (meeting of unit A)
 *   audit read / export / verify     ✓
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { UnitView, UserView } from '../../shared/api';
import { describeMatrix, row, useMatrixWorld, type MatrixWorld } from './permission-matrix';
import type { TestClient } from './support';

const world = useMatrixWorld();

const tag = () => randomBytes(3).toString('hex');
const units = (w: MatrixWorld) => w.operator.get('/api/units').then((r) => r.body.units as UnitView[]);
const users = (w: MatrixWorld) => w.operator.get('/api/users').then((r) => (r.body.users as UserView[]).map((u) => `${u.email} ${u.role} ${u.unitId}`).sort());
const userById = (w: MatrixWorld, id: string) => w.operator.get('/api/users').then((r) => (r.body.users as UserView[]).find((u) => u.id === id));
const meetingSlugs = (w: MatrixWorld) => w.operator.get('/api/meetings').then((r) => (r.body.meetings as { slug: string }[]).map((m) => m.slug).sort());
const auditCount = (w: MatrixWorld, action: string) => w.operator.get(`/api/audit?action=${action}&limit=5000`).then((r) => (r.body.entries as unknown[]).length);

async function newUnit(w: MatrixWorld, parentId: string | null = w.unitA): Promise<UnitView> {
  const res = await w.operator.post('/api/units', { code: `M-${tag()}`.toUpperCase(), name: `Phòng ${tag()}`, parentId });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body.unit;
}

/** A delegate of `unitId`, made by the operator (never signed in). */
async function newPerson(w: MatrixWorld, unitId = w.subUnitA): Promise<UserView> {
  const res = await w.operator.post('/api/users', { name: `Trần Văn ${tag()}`, unitId, email: `nguoi.${tag()}@example.vn`, role: 'delegate' });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body.user;
}

/** A booking 10 days ahead (R2.3 lead time kept: an organiser may make it); `asOffice` books it now, as an emergency. */
const meetingBody = (w: MatrixWorld, hostUnitId: string, asOffice = false) => ({
  title: 'Giao ban công tác tháng',
  startsAt: asOffice ? '2026-12-01T08:00:00+07:00' : new Date(Date.now() + 10 * 86_400_000).toISOString(),
  endsAt: asOffice ? '2026-12-01T10:00:00+07:00' : new Date(Date.now() + 10 * 86_400_000 + 2 * 3_600_000).toISOString(),
  hostUnitId,
  chairId: w.ids.delegateA,
  notStateSecret: true,
  emergency: asOffice,
  inviteeIds: [w.ids.secretaryA],
  slug: `ma-tran-${tag()}`,
  password: 'mat-khau-hop',
});

async function newMeetingOfA(w: MatrixWorld): Promise<{ id: string }> {
  const res = await w.operator.post('/api/meetings', meetingBody(w, w.unitA, true));
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return { id: res.body.meeting.id };
}

/** A GET whose success is not JSON (the CSV export); a refusal's JSON body is parsed. */
async function getText(client: TestClient, path: string) {
  const res = await fetch(client.baseUrl + path, { headers: client.cookie ? { cookie: client.cookie } : {} });
  const text = await res.text();
  const json = (res.headers.get('content-type') ?? '').includes('json');
  return { status: res.status, body: json ? JSON.parse(text) : text, headers: res.headers };
}

const patch = (client: TestClient, path: string, body: unknown) => client.request('PATCH', path, body);

describeMatrix('units (R1.1)', world, [
  row({
    requirement: 'R1.1',
    name: 'create a unit',
    allow: ['operator'],
    run: (c, _t, w) => c.post('/api/units', { code: `N-${tag()}`.toUpperCase(), name: 'Phòng Kinh tế', parentId: w.unitA }),
    okStatus: 201,
    state: (_t, w) => units(w),
  }),
  row({
    requirement: 'R1.1',
    name: 'rename a unit',
    allow: ['operator'],
    prepare: (w) => newUnit(w),
    run: (c, u) => patch(c, `/api/units/${u.id}`, { name: 'Tên mới' }),
    check: (res) => expect(res.body.unit.name).toBe('Tên mới'),
    state: (_u, w) => units(w),
  }),
  row({
    requirement: 'R1.1',
    name: 'move a unit under another parent',
    allow: ['operator'],
    prepare: (w) => newUnit(w, w.unitB),
    run: (c, u, w) => patch(c, `/api/units/${u.id}`, { parentId: w.subUnitA }),
    check: (res, _r, _u, w) => expect(res.body.unit.parentId).toBe(w.subUnitA),
    state: (_u, w) => units(w),
  }),
  row({
    requirement: 'R1.1',
    name: 'delete an empty unit',
    allow: ['operator'],
    prepare: (w) => newUnit(w),
    run: (c, u) => c.request('DELETE', `/api/units/${u.id}`),
    okStatus: 204,
    state: (_u, w) => units(w),
  }),
  row({
    requirement: 'R1.1',
    name: 'import units from CSV',
    allow: ['operator'],
    run: (c) => c.request('POST', '/api/units/import', `code,name,parent_code\nCSV-${tag().toUpperCase()},Phòng Nhập,\n`),
    check: (res) => expect(res.body).toEqual({ created: 1 }),
    state: (_t, w) => units(w),
  }),
]);

describeMatrix('people and roles (R1.2)', world, [
  row({
    requirement: 'R1.2',
    name: 'list people',
    allow: ['operator', 'organiserA', 'secretaryA', 'technicianA', 'organiserB'],
    check: (res, role, _t, w) => {
      const list = res.body.users as UserView[];
      const ids = list.map((u) => u.id);
      // Each sees their own unit subtree; only the operator sees everyone.
      if (role === 'organiserB') expect(ids).not.toContain(w.ids.delegateA);
      else expect(ids).toContain(w.ids.delegateA);
      if (role !== 'operator') expect(ids).not.toContain(w.ids.operator);
      if (role !== 'organiserB' && role !== 'operator') expect(ids).not.toContain(w.ids.organiserB);
      expect(JSON.stringify(list)).not.toMatch(/passwordHash|argon2|totp/i);
    },
    run: (c) => c.get('/api/users'),
  }),
  row({
    requirement: 'R1.2',
    name: 'create a delegate in a sub-unit of A',
    allow: ['operator', 'organiserA'],
    run: (c, _t, w) => c.post('/api/users', { name: 'Hoàng Văn Tư', title: 'Chuyên viên', unitId: w.subUnitA, email: `tu.${tag()}@example.vn`, role: 'delegate' }),
    okStatus: 201,
    check: (res) => expect(res.body.temporaryPassword.length).toBeGreaterThanOrEqual(10),
    state: (_t, w) => users(w),
  }),
  row({
    requirement: 'R1.2',
    name: 'create a technician in unit B',
    allow: ['operator', 'organiserB'],
    run: (c, _t, w) => c.post('/api/users', { name: 'Đặng Văn Kỹ', unitId: w.unitB, email: `ky.${tag()}@example.vn`, role: 'technician' }),
    okStatus: 201,
    state: (_t, w) => users(w),
  }),
  row({
    requirement: 'R1.2',
    name: 'create an operator account',
    allow: ['operator'],
    run: (c, _t, w) => c.post('/api/users', { name: 'Vũ Thị Vận Hành', unitId: w.unitA, email: `vh.${tag()}@example.vn`, role: 'operator' }),
    okStatus: 201,
    state: (_t, w) => users(w),
  }),
  row({
    requirement: 'R1.2',
    name: 'create an organiser account in unit A',
    allow: ['operator'],
    run: (c, _t, w) => c.post('/api/users', { name: 'Bùi Văn Tổ Chức', unitId: w.subUnitA, email: `tc.${tag()}@example.vn`, role: 'organiser' }),
    okStatus: 201,
    state: (_t, w) => users(w),
  }),
  row({
    requirement: 'R1.2',
    name: 'change the title and phone of a person of A',
    allow: ['operator', 'organiserA'],
    prepare: (w) => newPerson(w),
    run: (c, p) => patch(c, `/api/users/${p.id}`, { title: 'Phó Giám đốc Sở', phone: '0261 3544 123' }),
    check: (res) => expect(res.body.user).toMatchObject({ title: 'Phó Giám đốc Sở', phone: '0261 3544 123' }),
    state: (p, w) => userById(w, p.id),
  }),
  row({
    requirement: 'R1.2',
    name: 'make a person of A a secretary',
    allow: ['operator', 'organiserA'],
    prepare: (w) => newPerson(w),
    run: (c, p) => patch(c, `/api/users/${p.id}`, { role: 'secretary' }),
    check: (res) => expect(res.body.user.role).toBe('secretary'),
    state: (p, w) => userById(w, p.id),
  }),
  row({
    requirement: 'R1.2',
    name: 'grant the operator role to a person of A',
    allow: ['operator'],
    prepare: (w) => newPerson(w),
    run: (c, p) => patch(c, `/api/users/${p.id}`, { role: 'operator' }),
    check: (res) => expect(res.body.user.role).toBe('operator'),
    state: (p, w) => userById(w, p.id),
  }),
  row({
    requirement: 'R1.2',
    name: 'move a person of A to unit B',
    allow: ['operator'],
    prepare: (w) => newPerson(w),
    run: (c, p, w) => patch(c, `/api/users/${p.id}`, { unitId: w.unitB }),
    check: (res, _r, _p, w) => expect(res.body.user.unitId).toBe(w.unitB),
    state: (p, w) => userById(w, p.id),
  }),
  row({
    requirement: 'R1.3',
    name: 'disable the account of a person of A',
    allow: ['operator', 'organiserA'],
    prepare: (w) => newPerson(w),
    run: (c, p) => patch(c, `/api/users/${p.id}`, { disabled: true }),
    check: (res) => expect(res.body.user.disabled).toBe(true),
    state: (p, w) => userById(w, p.id),
  }),
]);

describeMatrix('meetings (R1.1, M8.1b)', world, [
  row({
    requirement: 'R1.1',
    name: 'create a meeting hosted by unit A',
    allow: ['operator', 'organiserA'],
    run: (c, _t, w) => c.post('/api/meetings', meetingBody(w, w.unitA)),
    okStatus: 201,
    state: (_t, w) => meetingSlugs(w),
  }),
  row({
    requirement: 'R1.1',
    name: 'create a meeting hosted by a sub-unit of A',
    allow: ['operator', 'organiserA'],
    run: (c, _t, w) => c.post('/api/meetings', meetingBody(w, w.subUnitA)),
    okStatus: 201,
    state: (_t, w) => meetingSlugs(w),
  }),
  row({
    requirement: 'R1.1',
    name: 'create a meeting hosted by unit B',
    allow: ['operator', 'organiserB'],
    run: (c, _t, w) => c.post('/api/meetings', meetingBody(w, w.unitB)),
    okStatus: 201,
    state: (_t, w) => meetingSlugs(w),
  }),
]);

describeMatrix('leak response (R6.4)', world, [
  row({
    requirement: 'R6.4',
    name: 'revoke the link and password of a meeting of A',
    allow: ['operator', 'organiserA'],
    prepare: (w) => newMeetingOfA(w),
    run: (c, m) => c.post(`/api/meetings/${m.id}/revoke-access`),
    check: (res) => expect(res.body.password).toEqual(expect.any(String)),
    state: (m, w) => w.operator.get(`/api/meetings/${m.id}`).then((r) => r.body.meeting.slug),
  }),
  row({
    requirement: 'R6.4',
    name: 'list who entered a meeting of A',
    allow: ['operator', 'organiserA'],
    prepare: (w) => newMeetingOfA(w),
    run: (c, m) => c.get(`/api/meetings/${m.id}/entries`),
    check: (res) => expect(res.body.entries).toEqual([]),
  }),
]);

/** A meeting of A (booked by the office) inviting unit B as a unit. */
async function meetingOfAInvitingB(w: MatrixWorld): Promise<{ id: string }> {
  const res = await w.operator.post('/api/meetings', { ...meetingBody(w, w.unitA, true), unitIds: [w.unitB] });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return { id: res.body.meeting.id };
}

describeMatrix('invited units (R2.1, R2.5)', world, [
  row({
    requirement: 'R2.5',
    name: 'see a meeting of A that invites unit B (its organiser answers for B)',
    allow: ['operator', 'organiserA', 'secretaryA', 'delegateA', 'organiserB'],
    prepare: (w) => meetingOfAInvitingB(w),
    run: (c, m) => c.get(`/api/meetings/${m.id}`),
    refusal: { status: 403, id: 'meeting_not_invited' },
  }),
  row({
    requirement: 'R2.1',
    name: 'name who attends for unit B (every member admitted)',
    allow: ['operator', 'organiserB'],
    prepare: (w) => meetingOfAInvitingB(w),
    run: (c, m, w) => c.request('PUT', `/api/meetings/${m.id}/units/${w.unitB}/attendees`, { personIds: [], endpointIds: [], membersAdmitted: true }),
    check: (res) => expect(res.body.unit.membersAdmitted).toBe(true),
    state: (m, w) => w.operator.get(`/api/meetings/${m.id}`).then((r) => r.body.meeting.units),
  }),
]);

describeMatrix('audit trail (R1.5, R6.3)', world, [
  row({
    requirement: 'R1.5',
    name: 'search the audit trail',
    allow: ['operator'],
    run: (c) => c.get('/api/audit'),
    check: (res) => expect(res.body.entries.length).toBeGreaterThan(0),
  }),
  row({
    requirement: 'R1.5',
    name: 'export the audit trail',
    allow: ['operator'],
    run: (c) => getText(c, '/api/audit/export.csv'),
    check: (res) => expect(res.body).toMatch(/^\uFEFF?.*\r\n/),
    // a refused export records nothing (an allowed one records `audit.exported`)
    state: (_t, w) => auditCount(w, 'audit.exported'),
  }),
  row({
    requirement: 'R1.5',
    name: 'verify the audit chain',
    allow: ['operator'],
    run: (c) => c.get('/api/audit/verify'),
    check: (res) => expect(res.body.ok).toBe(true),
  }),
]);

describe('every refusal has the same shape', () => {
  it('R1.2 a refusal is `{error:{id,message}}` with nothing else, whatever the domain', async () => {
    const w = world();
    const answers = [
      await w.clients.delegateA.post('/api/units', { code: 'X1', name: 'Đơn vị X' }),
      await w.clients.organiserB.post('/api/users', { name: 'Ai Đó', unitId: w.unitA, email: 'ai.do@example.vn' }),
      await w.clients.secretaryA.post('/api/meetings', meetingBody(w, w.unitA)),
      await w.clients.guest.get('/api/audit'),
    ];
    for (const res of answers) {
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ error: { id: 'forbidden', message: expect.any(String) } });
    }
  });
});
