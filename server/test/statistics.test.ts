/**
 * Statistics (issue 17 point 2, M13.5): GET /api/statistics and its exports count the held meetings of the period by
 * month, by unit and by cause; the operator sees every unit, a unit's office only its own subtree — asking for
 * another unit is refused, not narrowed — and nobody else sees any; bad input is a clear 400.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatisticsView } from '../../shared/api';
import { unitReports } from '../db/schema';
import { seedHeldMeeting } from './statistics-seed';
import { createUser, ensureUnit, startTestServer, type TestClient, type TestServer } from './support';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

const PERIOD = 'from=2026-07-01&to=2026-08-31';

async function download(client: TestClient, path: string) {
  const res = await fetch(server.url + path, { headers: client.cookie ? { cookie: client.cookie } : {} });
  return { status: res.status, type: res.headers.get('content-type') ?? '', disposition: res.headers.get('content-disposition') ?? '', body: Buffer.from(await res.arrayBuffer()) };
}

describe('statistics (issue 17 point 2)', () => {
  it('counts by month, unit and cause; each unit office sees its own subtree only; bad input is refused', async () => {
    const province = await ensureUnit(server, 'UBND tỉnh Thống Kê');
    const health = await ensureUnit(server, 'Sở Y tế Thống Kê', province);
    const other = await ensureUnit(server, 'UBND tỉnh Khác Thống Kê');
    const orgP = await createUser(server, 'Lê Văn Văn Phòng', 'UBND tỉnh Thống Kê', { role: 'organiser' });
    const orgX = await createUser(server, 'Trần Thị Khác', 'UBND tỉnh Khác Thống Kê', { role: 'organiser' });
    const delegateS = await createUser(server, 'Phạm Văn Đại Biểu', 'Sở Y tế Thống Kê', { role: 'delegate' });
    const techS = await createUser(server, 'Đỗ Văn Kỹ Thuật', 'Sở Y tế Thống Kê', { role: 'technician' });
    const delegateX = await createUser(server, 'Vũ Thị Khách', 'UBND tỉnh Khác Thống Kê', { role: 'delegate' });
    const { db } = server.app.database;
    // July: the province hosts, the other province takes part; met
    await seedHeldMeeting(db, { hostUnitId: province, chairId: orgP.id, endedAt: '2026-07-10T10:00:00+07:00', outcome: 'met', joiners: [orgP.id, delegateS.id, delegateX.id] });
    // August: the department hosts, fell short (transmission); the other province hosts with an incident, nobody judged
    await seedHeldMeeting(db, { hostUnitId: health, chairId: delegateS.id, endedAt: '2026-08-05T10:00:00+07:00', outcome: 'fell_short', cause: 'transmission', joiners: [delegateS.id, techS.id] });
    await seedHeldMeeting(db, { hostUnitId: other, chairId: orgX.id, endedAt: '2026-08-20T15:00:00+07:00', incident: true, joiners: [delegateX.id, delegateS.id] });
    // not counted: cancelled; ended outside the period (31 Aug 23:30 in Vietnam counts, 1 Sep 00:30 does not)
    await seedHeldMeeting(db, { hostUnitId: province, chairId: orgP.id, endedAt: '2026-07-15T10:00:00+07:00', cancelled: true, joiners: [] });
    await seedHeldMeeting(db, { hostUnitId: province, chairId: orgP.id, endedAt: '2026-08-31T23:30:00+07:00', outcome: 'met', joiners: [orgP.id] });
    await seedHeldMeeting(db, { hostUnitId: province, chairId: orgP.id, endedAt: '2026-09-01T00:30:00+07:00', outcome: 'met', joiners: [orgP.id] });

    // the operator: every unit
    const all = await server.operator.get(`/api/statistics?${PERIOD}`);
    expect(all.status).toBe(200);
    const view = all.body as StatisticsView;
    expect(view.months.map((m) => [m.month, m.meetings])).toEqual([['2026-07', 1], ['2026-08', 3]]);
    expect(view.total).toMatchObject({ meetings: 4, met: 2, metPercent: 50, shortfalls: { transmission: 1, endpoint_equipment: 0, software_operation: 0, other: 1 } });
    expect(view.total.participants).toBe(3 + 2 + 2 + 1);
    const unit = (v: StatisticsView, id: string) => v.units.find((u) => u.id === id);
    expect(unit(view, province)).toMatchObject({ name: 'UBND tỉnh Thống Kê', hosted: { meetings: 2, participants: 4, met: 2 } });
    expect(unit(view, health)).toMatchObject({ hosted: { meetings: 1, participants: 2, met: 0, metPercent: 0 }, guest: { meetings: 2, participants: 2 } });
    expect(unit(view, other)).toMatchObject({ hosted: { meetings: 1, met: 0, shortfalls: { other: 1 } }, guest: { meetings: 1, participants: 1, met: 1 } });
    expect(view.choosable.map((u) => u.id)).toEqual(expect.arrayContaining([province, health, other]));
    expect(view.choosable.find((u) => u.id === health)!.depth).toBe(view.choosable.find((u) => u.id === province)!.depth + 1);
    expect(view.bySystem).toBeNull();

    // the province's office: the province and its department, nothing of the other province
    const own = await orgP.client.get(`/api/statistics?${PERIOD}`);
    expect(own.status).toBe(200);
    const ownView = own.body as StatisticsView;
    expect(ownView.units.map((u) => u.id).sort()).toEqual([province, health].sort());
    expect(ownView.choosable.map((u) => u.id).sort()).toEqual([province, health].sort());
    expect(ownView.total.meetings).toBe(4); // hosted by or attended by its units
    expect((await orgP.client.get(`/api/statistics?${PERIOD}&unitIds=${health}`)).body.units.map((u: { id: string }) => u.id)).toEqual([health]);
    // …and refused the other province's figures, alone or among its own
    for (const ids of [other, `${health},${other}`]) {
      const refused = await orgP.client.get(`/api/statistics?${PERIOD}&unitIds=${ids}`);
      expect(refused.status).toBe(403);
      expect(refused.body.error.id).toBe('forbidden');
      expect(JSON.stringify(refused.body)).not.toContain('UBND tỉnh Khác');
    }
    const otherView = (await orgX.client.get(`/api/statistics?${PERIOD}`)).body as StatisticsView;
    expect(otherView.units.map((u) => u.id)).toEqual([other]);
    expect(otherView.total.meetings).toBe(2); // July's (attended) and its own in August
    expect((await orgX.client.get(`/api/statistics?${PERIOD}&unitIds=${province}`)).status).toBe(403);
    expect((await download(orgX.client, `/api/statistics/export?${PERIOD}&unitIds=${province}&table=units&format=csv`)).status).toBe(403);

    // nobody else sees statistics
    for (const c of [delegateS.client, techS.client]) expect((await c.get(`/api/statistics?${PERIOD}`)).status).toBe(403);
    expect((await download(techS.client, `/api/statistics/export?${PERIOD}&table=months&format=csv`)).status).toBe(403);
    expect((await fetch(`${server.url}/api/statistics?${PERIOD}`)).status).toBe(401);

    // by system: rows 2 and 3 of the submitted quarterly reports of the quarters wholly within the period
    const line = (meetings: number, participants: number, cost: number) => ({ meetings, participants, metPercent: 100, cost, note: '' });
    await db.insert(unitReports).values([
      { unitId: health, year: 2026, quarter: 3, state: 'submitted', otherInternal: line(4, 40, 0), otherExternal: line(2, 30, 0), rented: [{ ...line(1, 12, 5_000_000), provider: 'VNPT' }], createdBy: orgP.id, submittedAt: new Date(), submittedBy: orgP.id },
      { unitId: province, year: 2026, quarter: 3, state: 'draft', otherInternal: line(90, 900, 0), otherExternal: line(0, 0, 0), createdBy: orgP.id },
    ]);
    expect((await orgP.client.get(`/api/statistics?${PERIOD}`)).body.bySystem).toBeNull(); // July–August: the quarter is not within
    const quarter = (await orgP.client.get('/api/statistics?from=2026-07-01&to=2026-09-30')).body as StatisticsView;
    expect(quarter.bySystem).toEqual({
      reports: 1,
      rows: [
        { system: 'shared', meetings: 5, participants: 9, cost: 0 },
        { system: 'other_internal', meetings: 4, participants: 40, cost: 0 },
        { system: 'other_external', meetings: 2, participants: 30, cost: 0 },
        { system: 'rented', meetings: 1, participants: 12, cost: 5_000_000 },
      ],
    });
    expect((await orgX.client.get('/api/statistics?from=2026-07-01&to=2026-09-30')).body.bySystem).toBeNull(); // not its unit's report
    const systems = await download(orgP.client, '/api/statistics/export?from=2026-07-01&to=2026-09-30&table=systems&format=csv');
    expect(systems.body.toString('utf8')).toContain('Dịch vụ thuê,1,12,5000000');

    // bad input: a clear 400 naming the field
    const bad = async (query: string, field: string) => {
      const res = await server.operator.get(`/api/statistics?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error.id).toBe('validation_failed');
      expect(Object.keys(res.body.error.fields ?? {}).some((k) => k === field || k.startsWith(`${field}.`)), query).toBe(true);
    };
    await bad('from=2026-13-01&to=2026-12-31', 'from');
    await bad('from=2026-02-30&to=2026-12-31', 'from');
    await bad('from=01/07/2026&to=2026-12-31', 'from');
    await bad('to=2026-12-31', 'from');
    await bad('from=2026-09-01&to=2026-08-01', 'to');
    await bad('from=2000-01-01&to=2026-08-01', 'from');
    await bad(`${PERIOD}&unitIds=not-a-unit`, 'unitIds');
    await bad(`${PERIOD}&unitIds=00000000-0000-4000-8000-000000000000`, 'unitIds');
    const badTable = await server.operator.get(`/api/statistics/export?${PERIOD}&table=people&format=csv`);
    expect(badTable.status).toBe(400);
    expect(Object.keys(badTable.body.error.fields)).toContain('table');
    expect((await server.operator.get(`/api/statistics/export?${PERIOD}&table=months&format=pdf`)).status).toBe(400);

    // exports: the tables as the page shows them, CSV and XLSX, in Vietnamese; audited
    const csv = await download(orgP.client, `/api/statistics/export?${PERIOD}&table=months&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.type).toContain('text/csv');
    expect(csv.disposition).toContain('thong-ke-months-2026-07-01-2026-08-31.csv');
    const lines = csv.body.toString('utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toMatch(/^Tháng,Số lượng cuộc họp,Số lượng người tham gia,Số cuộc họp đạt yêu cầu,Tỷ lệ đạt yêu cầu \(%\)/);
    expect(lines.slice(1)).toEqual(['07/2026,1,3,1,"100,0",0,0,0,0', '08/2026,3,5,1,"33,3",1,0,0,1', 'Tổng cộng,4,8,2,"50,0",1,0,0,1']);
    const causes = await download(server.operator, `/api/statistics/export?${PERIOD}&table=causes&format=csv`);
    expect(causes.body.toString('utf8')).toContain('Do chất lượng đường truyền không bảo đảm,1,"50,0"');
    const xlsx = await download(orgP.client, `/api/statistics/export?${PERIOD}&table=units&format=xlsx`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.type).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    const values = sheet.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1));
    expect(values[0]![0]).toContain('Theo đơn vị, từ 01/07/2026 đến 31/08/2026');
    expect(values).toContainEqual(['UBND tỉnh Thống Kê', 2, 4, '100,0', 0, 0, '']);
    expect(values).toContainEqual(['Sở Y tế Thống Kê', 1, 2, '0,0', 2, 2, '50,0']);
    expect(JSON.stringify(values)).not.toContain('Khác');
    const audit = await server.operator.get('/api/audit?action=statistics.exported');
    expect(audit.body.entries.filter((e: { action: string }) => e.action === 'statistics.exported').length).toBeGreaterThanOrEqual(3);
  });
});
