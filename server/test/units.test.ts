/**
 * Units (R1.1, M11.2a, M13.3): the operator manages the tree by hand and by CSV import; a unit that still has
 * people, meetings, endpoints or sub-units is kept, with the reason; nobody else changes the tree.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UnitView } from '../../shared/api';
import { createUser, startTestServer, type TestClient, type TestServer } from './support';

let server: TestServer;
let operatorId: string;
let organiser: Awaited<ReturnType<typeof createUser>>;
let delegate: Awaited<ReturnType<typeof createUser>>;

beforeAll(async () => {
  server = await startTestServer();
  operatorId = (await server.operator.get('/api/auth/me')).body.user.id;
  organiser = await createUser(server, 'Phạm Thị Hoa', 'UBND tỉnh Gia Lai', { role: 'organiser', title: 'Chánh Văn phòng' });
  delegate = await createUser(server, 'Trần Văn Năm', 'UBND tỉnh Gia Lai');
});
afterAll(() => server?.close());

const listUnits = async (client: TestClient = server.operator) => (await client.get('/api/units')).body.units as UnitView[];
const byCode = async (code: string) => (await listUnits()).find((u) => u.code === code);
let seq = 0;
/** A code nobody used yet in this server. */
const freshCode = (prefix: string) => `${prefix}-${Date.now().toString(36).toUpperCase()}${(seq++).toString(36).toUpperCase()}`;

async function createUnit(name: string, parentId: string | null = null, code = freshCode('DV')): Promise<UnitView> {
  const res = await server.operator.post('/api/units', { code, name, parentId });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.unit;
}

/** POST the CSV as the browser's file upload does (text/csv), or as a JSON string (the paste box). */
async function importCsv(client: TestClient, text: string, as: 'csv' | 'json' = 'csv') {
  if (as === 'json') return client.request('POST', '/api/units/import', text);
  const res = await fetch(`${client.baseUrl}/api/units/import`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv; charset=utf-8', cookie: client.cookie ?? '', 'x-csrf-token': client.csrf ?? '' },
    body: text,
  });
  const body = await res.text();
  return { status: res.status, body: body ? JSON.parse(body) : undefined };
}

describe('units (R1.1)', () => {
  it('R1.1 the operator creates, renames, moves and deletes units; the list shows the tree with its counts', async () => {
    const province = await createUnit('UBND tỉnh Đắk Nông');
    const office = await createUnit('Văn phòng UBND tỉnh', province.id);
    const department = await createUnit('Sở Tài chính', null);
    expect(office.parentId).toBe(province.id);

    // Rename without moving, then move under the province, then change the code.
    const renamed = await server.operator.request('PATCH', `/api/units/${department.id}`, { name: 'Sở Tài chính tỉnh Đắk Nông' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.unit).toMatchObject({ name: 'Sở Tài chính tỉnh Đắk Nông', parentId: null });
    const moved = await server.operator.request('PATCH', `/api/units/${department.id}`, { parentId: province.id });
    expect(moved.body.unit).toMatchObject({ name: 'Sở Tài chính tỉnh Đắk Nông', parentId: province.id });
    const recoded = await server.operator.request('PATCH', `/api/units/${department.id}`, { code: 'stc-dn' });
    expect(recoded.body.unit.code).toBe('STC-DN');

    // The list: parents before children, every unit with its counts of people and meetings.
    const units = await listUnits();
    const index = (id: string) => units.findIndex((u) => u.id === id);
    expect(index(province.id)).toBeLessThan(index(office.id));
    expect(index(province.id)).toBeLessThan(index(department.id));
    expect(units.find((u) => u.id === department.id)).toMatchObject({ people: 0, meetings: 0, parentId: province.id });
    const gialai = units.find((u) => u.name === 'UBND tỉnh Gia Lai')!;
    expect(gialai.people).toBe(2);
    // Everyone signed in reads the tree (forms name units).
    expect((await listUnits(delegate.client)).map((u) => u.id)).toContain(province.id);

    // Moving back to the root, deleting an empty unit.
    expect((await server.operator.request('PATCH', `/api/units/${department.id}`, { parentId: null })).body.unit.parentId).toBeNull();
    expect((await server.operator.request('DELETE', `/api/units/${department.id}`)).status).toBe(204);
    expect(await byCode('STC-DN')).toBeUndefined();
  });

  it('R1.1 a code is unique and a bad body names its fields', async () => {
    const code = freshCode('SO');
    await createUnit('Sở Nội vụ', null, code);
    const again = await server.operator.post('/api/units', { code, name: 'Sở Nội vụ 2' });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ id: 'unit_code_taken', fields: { code } });
    const bad = await server.operator.post('/api/units', { code: 'mã có dấu', name: 'X' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.id).toBe('validation_failed');
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['code', 'name']);
    const orphan = await server.operator.post('/api/units', { code: freshCode('X'), name: 'Không có cấp trên', parentId: '00000000-0000-4000-8000-000000000000' });
    expect(orphan.body.error.id).toBe('unit_not_found');
  });

  it('R1.1 a unit cannot be moved under itself or under one of its own sub-units', async () => {
    const root = await createUnit('UBND tỉnh Lâm Đồng');
    const child = await createUnit('UBND huyện Đức Trọng', root.id);
    const grandchild = await createUnit('UBND xã Hiệp An', child.id);
    for (const parentId of [root.id, child.id, grandchild.id]) {
      const res = await server.operator.request('PATCH', `/api/units/${root.id}`, { parentId });
      expect(res.status).toBe(400);
      expect(res.body.error.id).toBe('unit_cycle');
    }
    expect((await listUnits()).find((u) => u.id === root.id)!.parentId).toBeNull();
  });

  it('R1.1 deleting a unit that still has people, meetings, endpoints or sub-units is refused with the reason', async () => {
    // people
    const withPeople = await createUnit('Sở Xây dựng');
    await createUser(server, 'Lê Thị Sáu', 'Sở Xây dựng');
    const refusedPeople = await server.operator.request('DELETE', `/api/units/${withPeople.id}`);
    expect(refusedPeople.status).toBe(409);
    expect(refusedPeople.body.error).toMatchObject({ id: 'unit_not_empty', fields: { people: '1' } });

    // meetings
    const withMeeting = await createUnit('Ban Quản lý dự án');
    const meeting = await server.operator.post('/api/meetings', {
      title: 'Giao ban dự án',
      startsAt: '2026-12-01T08:00:00+07:00',
      endsAt: '2026-12-01T10:00:00+07:00',
      hostUnitId: withMeeting.id,
      chairId: operatorId,
      notStateSecret: true,
      emergency: true,
      slug: `du-an-${Math.random().toString(36).slice(2, 8)}`,
      password: 'mat-khau',
    });
    expect(meeting.status).toBe(201);
    const refusedMeeting = await server.operator.request('DELETE', `/api/units/${withMeeting.id}`);
    expect(refusedMeeting.body.error).toMatchObject({ id: 'unit_not_empty', fields: { meetings: '1' } });
    expect(refusedMeeting.body.error.fields.people).toBeUndefined();

    // sub-units
    const parent = await createUnit('UBND huyện Krông Nô');
    await createUnit('UBND xã Đắk Sôr', parent.id);
    const refusedChildren = await server.operator.request('DELETE', `/api/units/${parent.id}`);
    expect(refusedChildren.body.error).toMatchObject({ id: 'unit_not_empty', fields: { children: expect.any(String) } });

    // endpoints
    const withEndpoint = await createUnit('Trung tâm Hội nghị');
    expect((await server.operator.post('/api/endpoints', { name: 'Phòng họp trực tuyến số 1', unitId: withEndpoint.id })).status).toBe(201);
    const refusedEndpoint = await server.operator.request('DELETE', `/api/units/${withEndpoint.id}`);
    expect(refusedEndpoint.body.error).toMatchObject({ id: 'unit_not_empty', fields: { endpoints: expect.any(String) } });

    // all kept
    const ids = (await listUnits()).map((u) => u.id);
    for (const u of [withPeople, withMeeting, parent, withEndpoint]) expect(ids).toContain(u.id);
    expect((await server.operator.request('DELETE', '/api/units/00000000-0000-4000-8000-000000000000')).body.error.id).toBe('unit_not_found');
  });
});

describe('CSV import of units (R1.1)', () => {
  it('R1.1 a CSV imports a nested tree, parents in any order, with Vietnamese names', async () => {
    const p = freshCode('T');
    // children before their parents, a quoted name with a comma, CRLF line ends, a BOM, and a parent that exists
    const existing = await createUnit('Bộ Tài nguyên và Môi trường');
    const csv =
      '\uFEFFcode,name,parent_code\r\n' +
      `${p}-XA,UBND xã Quảng Tân,${p}-HUYEN\r\n` +
      `${p}-HUYEN,UBND huyện Tuy Đức,${p}\r\n` +
      `${p},"UBND tỉnh Đắk Nông, khóa mới",\r\n` +
      `${p}-VP,Văn phòng UBND tỉnh,${p}\r\n` +
      `${p.toLowerCase()}-cuc,Cục Địa chất,${existing.code}\r\n`;
    const before = (await listUnits()).length;
    const res = await importCsv(server.operator, csv);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ created: 5 });
    const units = await listUnits();
    expect(units.length).toBe(before + 5);
    const get = (code: string) => units.find((u) => u.code === code)!;
    expect(get(p)).toMatchObject({ name: 'UBND tỉnh Đắk Nông, khóa mới', parentId: null });
    expect(get(`${p}-HUYEN`)).toMatchObject({ name: 'UBND huyện Tuy Đức', parentId: get(p).id });
    expect(get(`${p}-XA`)).toMatchObject({ name: 'UBND xã Quảng Tân', parentId: get(`${p}-HUYEN`).id });
    expect(get(`${p}-VP`).parentId).toBe(get(p).id);
    expect(get(`${p}-CUC`)).toMatchObject({ name: 'Cục Địa chất', parentId: existing.id });

    // The paste box sends the same text as a JSON string.
    const q = freshCode('P');
    const pasted = await importCsv(server.operator, `code,name,parent_code\n${q},Sở Y tế,${p}\n`, 'json');
    expect(pasted.body).toEqual({ created: 1 });
    expect((await byCode(q))!.parentId).toBe(get(p).id);
  });

  it('R1.1 a CSV with errors reports each row and field at fault and imports nothing', async () => {
    const taken = await createUnit('Sở Công Thương');
    const p = freshCode('E');
    const csv = [
      'code,name,parent_code',
      `${p},UBND tỉnh Kon Tum,`, // line 2: fine
      `${p}-A,X,${p}`, // line 3: name too short
      `mã sai,Sở Nội vụ,${p}`, // line 4: bad code
      `${p}-B,Sở Tư pháp,KHONG-CO`, // line 5: unknown parent
      `${taken.code},Sở Công Thương mới,`, // line 6: code exists
      `${p}-C,Sở Y tế,${p}`, // line 7: fine
      `${p}-C,Sở Y tế lần hai,${p}`, // line 8: duplicate of line 7
    ].join('\n');
    const before = await listUnits();
    const res = await importCsv(server.operator, csv);
    expect(res.status).toBe(400);
    expect(res.body.error.id).toBe('csv_invalid');
    const fields = res.body.error.fields as Record<string, string>;
    expect(Object.keys(fields).sort()).toEqual(['row 3: name', 'row 4: code', 'row 5: parent_code', 'row 6: code', 'row 8: code']);
    expect(fields['row 5: parent_code']).toContain('KHONG-CO');
    expect(fields['row 8: code']).toContain('7');

    // A cycle within the file, and a header without the columns.
    const cycle = await importCsv(server.operator, `code,name,parent_code\n${p}-X,Đơn vị X,${p}-Y\n${p}-Y,Đơn vị Y,${p}-X\n`);
    expect(Object.keys(cycle.body.error.fields).sort()).toEqual(['row 2: parent_code', 'row 3: parent_code']);
    const header = await importCsv(server.operator, 'ma,ten\nA,B\n');
    expect(header.body.error).toMatchObject({ id: 'csv_invalid', fields: { header: expect.any(String) } });

    // Nothing was imported, not even the good rows.
    const after = await listUnits();
    expect(after.length).toBe(before.length);
    expect(after.map((u) => u.code)).not.toContain(p);
  });
});

describe('unit permissions (R1.1)', () => {
  it('R1.1 only the operator changes units: organisers and delegates are refused every write, and nothing changes', async () => {
    const unit = await createUnit('Sở Kế hoạch và Đầu tư');
    const before = await listUnits();
    for (const client of [organiser.client, delegate.client]) {
      const attempts = [
        await client.post('/api/units', { code: freshCode('N'), name: 'Đơn vị lạ', parentId: organiser.unitId }),
        await client.request('PATCH', `/api/units/${unit.id}`, { name: 'Đổi tên trái phép' }),
        await client.request('PATCH', `/api/units/${unit.id}`, { parentId: organiser.unitId }),
        await client.request('DELETE', `/api/units/${unit.id}`),
        await importCsv(client, `code,name,parent_code\n${freshCode('N')},Đơn vị nhập lậu,\n`),
        await importCsv(client, `code,name,parent_code\n${freshCode('N')},Đơn vị nhập lậu,\n`, 'json'),
      ];
      for (const res of attempts) {
        expect(res.status).toBe(403);
        expect(res.body.error.id).toBe('forbidden');
      }
    }
    expect(await listUnits()).toEqual(before);
  });
});
