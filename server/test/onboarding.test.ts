/**
 * The operator's first run (issue 15 point 10) against the real server: the checklist of an empty system, each step
 * ticked by the data as it is made (units, people, endpoints with technicians, holidays), the mail step by the
 * configuration, and refused to everyone but the operator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SetupChecklist, SetupStepId } from '../../shared/api';
import { TestClient, createUser, ensureUnit, startTestServer, type TestServer } from './support';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

async function steps(): Promise<Record<SetupStepId, { done: boolean; count: number; missing?: number }>> {
  const res = await server.operator.get('/api/onboarding');
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const body = res.body as SetupChecklist;
  return Object.fromEntries(body.steps.map((s) => [s.id, s])) as never;
}

describe('the operator’s first steps', () => {
  it('an empty system: nothing done; the list fills as units, people, rooms with technicians and holidays are made', async () => {
    const empty = await steps();
    expect(Object.keys(empty)).toEqual(['units', 'people', 'endpoints', 'mail', 'holidays']);
    expect(Object.values(empty).map((s) => s.done)).toEqual([false, false, false, false, false]);
    expect((await server.operator.get('/api/onboarding')).body.done).toBe(false);

    const unitId = await ensureUnit(server, 'UBND tỉnh Đắk Nông');
    expect((await steps()).units).toMatchObject({ done: true, count: 1 });

    const technician = await createUser(server, 'Lê Văn Kỹ', 'UBND tỉnh Đắk Nông', { role: 'technician' });
    expect((await steps()).people).toMatchObject({ done: true, count: 1 });

    // a room without a technician is not done; with one it is
    const room = await server.operator.post('/api/endpoints', { name: 'Phòng họp tầng 3', unitId });
    expect(room.status, JSON.stringify(room.body)).toBe(201);
    expect((await steps()).endpoints).toMatchObject({ done: false, count: 1, missing: 1 });
    const assigned = await server.operator.post(`/api/endpoints/${room.body.endpoint.id}/technicians`, { userId: technician.id, contact: '0912 000 111' });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(201);
    expect((await steps()).endpoints).toMatchObject({ done: true, count: 1, missing: 0 });
    // a room's own account is not a person's account
    const account = await server.operator.post(`/api/endpoints/${room.body.endpoint.id}/account`, { email: 'phong.tang3@example.vn' });
    expect(account.status, JSON.stringify(account.body)).toBe(201);
    expect((await steps()).people.count).toBe(1);

    // this year's holidays adjusted to the government's announcement
    const year = new Date(Date.now() + 7 * 3_600_000).getUTCFullYear();
    const holiday = await server.operator.put(`/api/holidays/${year}-12-31`, { kind: 'day_off', name: 'Nghỉ bù' });
    expect(holiday.status, JSON.stringify(holiday.body)).toBe(200);
    expect((await steps()).holidays).toMatchObject({ done: true, count: 1 });

    // without SMTP_URL the mails stay in the outbox: not done, whatever else is
    expect((await steps()).mail).toMatchObject({ done: false, count: 0 });
    expect((await server.operator.get('/api/onboarding')).body.done).toBe(false);
  });

  it('only the operator: an organiser is refused, and so is someone signed out', async () => {
    const organiser = await createUser(server, 'Hoàng Văn Tổ', 'UBND tỉnh Đắk Nông', { role: 'organiser' });
    const refused = await organiser.client.get('/api/onboarding');
    expect(refused.status).toBe(403);
    expect(refused.body.error.id).toBe('forbidden');
    const anonymous = await new TestClient(server.url).get('/api/onboarding');
    expect(anonymous.status).toBe(401);
  });
});
