/**
 * People and their accounts (R1.2, R1.3): each belongs to a unit and holds a title and a role; organisers manage
 * the people of their own units; a change touches only the fields given; a disabled account is shut out at once.
 * Who may do what is in permissions.test.ts; this file checks what the allowed changes do.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserView } from '../../shared/api';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import { TestSocket, createUser, ensureUnit, startTestServer, type TestServer } from './support';

let server: TestServer;
let province: string;
let department: string;
let organiser: Awaited<ReturnType<typeof createUser>>;

beforeAll(async () => {
  server = await startTestServer();
  province = await ensureUnit(server, 'UBND tỉnh Đắk Nông');
  department = await ensureUnit(server, 'Sở Tài chính', province);
  organiser = await createUser(server, 'Phạm Thị Hoa', 'UBND tỉnh Đắk Nông', { role: 'organiser', title: 'Chánh Văn phòng' });
});
afterAll(() => server?.close());

const find = async (id: string) => ((await server.operator.get('/api/users')).body.users as UserView[]).find((u) => u.id === id)!;

describe('people (R1.2)', () => {
  it('R1.2 a person has a unit, a title and a phone; a change of one field leaves the others as they were', async () => {
    const res = await organiser.client.post('/api/users', {
      name: 'Nguyễn Bốn',
      title: 'Phó Giám đốc Sở',
      unitId: department,
      email: 'nguyen.bon@example.vn',
      phone: '0261 3544 123',
      role: 'secretary',
    });
    expect(res.status).toBe(201);
    const created = res.body.user as UserView;
    expect(created).toMatchObject({ name: 'Nguyễn Bốn', title: 'Phó Giám đốc Sở', unitId: department, unit: 'Sở Tài chính', phone: '0261 3544 123', role: 'secretary', disabled: false, mustChangePassword: true });

    const retitled = await organiser.client.request('PATCH', `/api/users/${created.id}`, { title: 'Giám đốc Sở' });
    expect(retitled.status).toBe(200);
    expect(await find(created.id)).toMatchObject({ title: 'Giám đốc Sở', phone: '0261 3544 123', role: 'secretary', unitId: department });

    await organiser.client.request('PATCH', `/api/users/${created.id}`, { unitId: province, phone: '' });
    expect(await find(created.id)).toMatchObject({ title: 'Giám đốc Sở', phone: '', role: 'secretary', unitId: province, unit: 'UBND tỉnh Đắk Nông' });
  });

  it('R1.2 an organiser lists the people of their units only, sorted by unit, title of office and given name', async () => {
    await createUser(server, 'Trần Văn An', 'Sở Tài chính');
    await createUser(server, 'Bùi Văn Anh', 'Sở Tài chính', { title: 'Chuyên viên' });
    await createUser(server, 'Ngô Văn Vinh', 'Sở Tài chính', { title: 'Giám đốc Sở' });
    await createUser(server, 'Lê Thị Yến', 'UBND tỉnh Đắk Nông');
    const outsider = await createUser(server, 'Đỗ Văn Ba', 'UBND tỉnh Kon Tum');
    const list = (await organiser.client.get('/api/users')).body.users as UserView[];
    const names = list.map((u) => u.name);
    expect(names).not.toContain(outsider.name);
    expect(names.indexOf('Trần Văn An')).toBeLessThan(names.indexOf('Phạm Thị Hoa'));
    expect(names.indexOf('Phạm Thị Hoa')).toBeLessThan(names.indexOf('Lê Thị Yến'));
    // within a unit the director first, then staff by title, whatever their given names
    expect(names.indexOf('Ngô Văn Vinh')).toBeLessThan(names.indexOf('Bùi Văn Anh'));
    expect(names.indexOf('Bùi Văn Anh')).toBeLessThan(names.indexOf('Trần Văn An'));
    // The operator sees everyone, in the same order.
    expect(((await server.operator.get('/api/users')).body.users as UserView[]).map((u) => u.name)).toContain(outsider.name);
  });

  it('R2.1 an organiser of a department chooses a meeting’s people across the organisation: name, title and unit only', async () => {
    const deptOrganiser = await createUser(server, 'Vũ Thị Lan', 'Sở Tài chính', { role: 'organiser' });
    const chairman = await createUser(server, 'Hồ Văn Chủ', 'UBND tỉnh Đắk Nông', { title: 'Chủ tịch UBND tỉnh' });
    const elsewhere = await createUser(server, 'Đinh Văn Xa', 'UBND tỉnh Kon Tum', { title: 'Giám đốc Sở' });
    const gone = await createUser(server, 'Lò Văn Nghỉ', 'UBND tỉnh Kon Tum');
    await server.operator.request('PATCH', `/api/users/${gone.id}`, { disabled: true });
    const guest = await createUser(server, 'Khách Mời Ngoài', 'UBND tỉnh Kon Tum', { role: 'guest' });

    // their own list stays their subtree; the directory is everyone who can sit in a meeting
    expect(((await deptOrganiser.client.get('/api/users')).body.users as UserView[]).map((u) => u.id)).not.toContain(chairman.id);
    const res = await deptOrganiser.client.get('/api/people');
    expect(res.status).toBe(200);
    const people = res.body.people as Record<string, unknown>[];
    expect(people.find((p) => p.id === chairman.id)).toEqual({ id: chairman.id, name: 'Hồ Văn Chủ', title: 'Chủ tịch UBND tỉnh', unit: 'UBND tỉnh Đắk Nông' });
    expect(people.map((p) => p.id)).toContain(elsewhere.id);
    expect(people.map((p) => p.id)).not.toContain(gone.id);
    expect(people.map((p) => p.id)).not.toContain(guest.id);
    expect(JSON.stringify(people)).not.toContain('@example.vn');

    // a delegate, a secretary or a technician does not book meetings: refused
    for (const role of ['delegate', 'secretary', 'technician']) {
      const who = await createUser(server, `Người ${role}`, 'Sở Tài chính', role === 'delegate' ? {} : { role });
      const refused = await who.client.get('/api/people');
      expect(refused.status).toBe(403);
      expect(refused.body.error.id).toBe('forbidden');
    }
  });

  it('R1.3 a disabled account loses its open sessions at once and cannot sign in again', async () => {
    const person = await createUser(server, 'Hoàng Văn Tư', 'Sở Tài chính');
    expect((await person.client.get('/api/meetings')).status).toBe(200);
    // in a meeting when the account is disabled: the connection is closed at once
    const slug = `hop-${Math.random().toString(36).slice(2, 8)}`;
    await server.operator.post('/api/meetings', {
      title: 'Họp Sở Tài chính',
      startsAt: '2026-12-01T08:00:00+07:00',
      endsAt: '2026-12-01T09:00:00+07:00',
      hostUnitId: department,
      chairId: organiser.id,
      notStateSecret: true,
      emergency: true,
      inviteeIds: [person.id],
      slug,
      password: 'mat-khau-1',
    });
    const socket = await TestSocket.open(server, person.client);
    socket.send({ type: 'join', v: PROTOCOL_VERSION, slug, password: 'mat-khau-1' });
    await socket.next('joined');
    const res = await organiser.client.request('PATCH', `/api/users/${person.id}`, { disabled: true });
    expect(res.body.user.disabled).toBe(true);
    expect((await socket.next('closed')).reason).toBe('session_revoked');
    await expect.poll(() => socket.closed).toBe(true);
    expect((await person.client.get('/api/meetings')).status).toBe(401);
    expect((await person.client.login(person.email, person.password)).status).toBe(401);

    // Enabled again, it signs in with the same password.
    await organiser.client.request('PATCH', `/api/users/${person.id}`, { disabled: false });
    expect((await person.client.login(person.email, person.password)).status).toBe(200);
    // Nobody disables their own account or changes their own role.
    const self = await server.operator.request('PATCH', `/api/users/${(await server.operator.get('/api/auth/me')).body.user.id}`, { disabled: true });
    expect(self.body.error.id).toBe('forbidden');
  });
});
