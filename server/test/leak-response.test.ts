/**
 * Leak response (R6.4, M10.5): those who manage a meeting revoke its link address and password, and see everyone
 * who entered it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntryView, MeetingEntryView, MeetingView, RevokeAccessResponse } from '../../shared/api';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import { TestSocket, createUser, ensureUnit, startTestServer, type TestClient, type TestServer } from './support';

let server: TestServer;
let organiser: Awaited<ReturnType<typeof createUser>>;
let province: string;
let otherOrganiser: Awaited<ReturnType<typeof createUser>>;
let chair: Awaited<ReturnType<typeof createUser>>;
let delegate: Awaited<ReturnType<typeof createUser>>;
let colleague: Awaited<ReturnType<typeof createUser>>;
const sockets: TestSocket[] = [];

beforeAll(async () => {
  server = await startTestServer();
  province = await ensureUnit(server, 'UBND tỉnh Lâm Đồng');
  await ensureUnit(server, 'Văn phòng UBND tỉnh Lâm Đồng', province);
  organiser = await createUser(server, 'Phạm Thị Hoa', 'UBND tỉnh Lâm Đồng', { role: 'organiser', title: 'Chánh Văn phòng' });
  otherOrganiser = await createUser(server, 'Lý Văn Khoa', 'Sở Xây dựng', { role: 'organiser' });
  chair = await createUser(server, 'Nguyễn Bốn', 'UBND tỉnh Lâm Đồng', { title: 'Phó Chủ tịch UBND tỉnh' });
  delegate = await createUser(server, 'Trần Văn Năm', 'Sở Tài chính', { title: 'Giám đốc Sở' });
  colleague = await createUser(server, 'Lê Thị Sáu', 'Sở Tài chính');
});
afterAll(async () => {
  sockets.forEach((s) => s.close());
  await server?.close();
});

/**
 * A meeting of the organiser's unit, under way (booked by the office as an emergency, D19.2; the organiser manages
 * it), with the chair, the delegate and the colleague invited.
 */
async function newMeeting(password = 'mat-khau-cu') {
  const slug = `giao-ban-${Math.random().toString(36).slice(2, 8)}`;
  const res = await server.operator.post('/api/meetings', {
    title: 'Giao ban công tác phòng chống lụt bão',
    hostUnitId: province,
    startsAt: '2026-12-01T08:00:00+07:00',
    endsAt: '2026-12-01T11:00:00+07:00',
    chairId: chair.id,
    notStateSecret: true,
    emergency: true,
    inviteeIds: [delegate.id, colleague.id],
    slug,
    password,
  });
  expect(res.status).toBe(201);
  return { id: res.body.meeting.id as string, slug, password };
}

async function joinRoom(client: TestClient, slug: string, password: string) {
  const socket = await TestSocket.open(server, client);
  sockets.push(socket);
  socket.send({ type: 'join', v: PROTOCOL_VERSION, slug, password });
  return socket;
}

/** Past the door (the answer's body says how: straight in or through the lobby). */
const admitted = (res: { status: number }) => res.status === 200 || res.status === 204;
const access = (client: TestClient, slug: string, password: string) => client.post(`/api/meetings/by-slug/${slug}/access`, { password });

describe('leak response (R6.4)', () => {
  it('R6.4 revoking a meeting’s link and password keeps out whoever had the old ones', async () => {
    const m = await newMeeting();
    // The delegate entered once: the session holds an entry grant and would not be asked again.
    expect(admitted(await access(delegate.client, m.slug, m.password))).toBe(true);
    expect(admitted(await access(delegate.client, m.slug, ''))).toBe(true);

    const res = await organiser.client.post(`/api/meetings/${m.id}/revoke-access`);
    expect(res.status).toBe(200);
    const revoked = res.body as RevokeAccessResponse;
    const newSlug = revoked.meeting.slug;
    expect(newSlug).not.toBe(m.slug);
    expect(newSlug).toMatch(/^[a-z0-9][a-z0-9-]*[a-z0-9]$/);
    expect(revoked.password).not.toBe(m.password);
    expect(revoked.password.length).toBeGreaterThanOrEqual(8);
    expect(JSON.stringify(revoked)).not.toMatch(/argon2|passwordHash/);

    // The old link is dead, for everyone.
    for (const client of [delegate.client, colleague.client, organiser.client]) {
      expect((await client.get(`/api/meetings/by-slug/${m.slug}`)).body.error.id).toBe('meeting_not_found');
      expect((await access(client, m.slug, m.password)).body.error.id).toBe('meeting_not_found');
    }
    const oldLink = await joinRoom(delegate.client, m.slug, m.password);
    expect((await oldLink.next('error')).id).toBe('meeting_not_found');

    // The old password does not open the new link.
    expect((await access(colleague.client, newSlug, m.password)).body.error.id).toBe('meeting_password_wrong');
    // The session that had entered before must give the new password too, on the page and on the WebSocket.
    expect((await access(delegate.client, newSlug, '')).body.error.id).toBe('meeting_password_wrong');
    expect((await access(delegate.client, newSlug, m.password)).body.error.id).toBe('meeting_password_wrong');
    const withGrant = await joinRoom(delegate.client, newSlug, m.password);
    expect((await withGrant.next('error')).id).toBe('meeting_password_wrong');

    // The new password works.
    expect(admitted(await access(delegate.client, newSlug, revoked.password))).toBe(true);
    expect((await delegate.client.get(`/api/meetings/by-slug/${newSlug}`)).body.meeting.id).toBe(m.id);
    const inRoom = await joinRoom(colleague.client, newSlug, revoked.password);
    expect((await inRoom.next('joined')).meeting.slug).toBe(newSlug);

    // Recorded, with who and both addresses; the new password is shown once and kept nowhere readable.
    const audit = (await server.operator.get(`/api/audit?targetId=${m.id}&action=meeting.access_revoked`)).body.entries as AuditEntryView[];
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: { id: organiser.id }, targetType: 'meeting', data: { oldSlug: m.slug, newSlug } });
    expect(JSON.stringify(audit)).not.toContain(revoked.password);
    const view = (await organiser.client.get(`/api/meetings/${m.id}`)).body.meeting as MeetingView;
    expect(view).toMatchObject({ slug: newSlug, canManage: true });
    expect(JSON.stringify(view)).not.toContain(revoked.password);
  });

  it('R6.4 only the operator and the host unit’s organisers revoke a meeting’s access; a refusal changes nothing', async () => {
    const m = await newMeeting();
    for (const client of [chair.client, delegate.client, otherOrganiser.client]) {
      const res = await client.post(`/api/meetings/${m.id}/revoke-access`);
      expect(res.status).toBe(403);
      expect(res.body.error.id).toBe('forbidden');
    }
    expect(admitted(await access(delegate.client, m.slug, m.password))).toBe(true);
    expect((await server.operator.get(`/api/audit?targetId=${m.id}&action=meeting.access_revoked`)).body.entries).toEqual([]);
    expect((await chair.client.get(`/api/meetings/${m.id}`)).body.meeting.canManage).toBe(false);
    expect((await otherOrganiser.client.get(`/api/meetings/${m.id}`)).body.error.id).toBe('meeting_not_invited');
    expect((await organiser.client.post('/api/meetings/00000000-0000-4000-8000-000000000000/revoke-access')).body.error.id).toBe('meeting_not_found');
    expect((await organiser.client.post('/api/meetings/khong-phai-uuid/revoke-access')).body.error.fields).toHaveProperty('id');

    const byOperator = await server.operator.post(`/api/meetings/${m.id}/revoke-access`);
    expect(byOperator.status).toBe(200);
    expect(admitted(await access(delegate.client, byOperator.body.meeting.slug, byOperator.body.password))).toBe(true);
  });

  it('R6.4 the list of everyone who entered a meeting', async () => {
    const m = await newMeeting();
    const first = await joinRoom(chair.client, m.slug, m.password);
    await first.next('joined');
    const second = await joinRoom(delegate.client, m.slug, m.password);
    await second.next('joined');
    second.close();
    // the colleague was invited but never entered

    const listed = async () => ((await organiser.client.get(`/api/meetings/${m.id}/entries`)).body.entries ?? []) as MeetingEntryView[];
    await expect.poll(async () => (await listed()).length).toBe(2);
    const entries = await listed();
    expect(entries.map((e) => [e.person?.name, e.person?.title, e.person?.unit, e.email])).toEqual([
      ['Nguyễn Bốn', 'Phó Chủ tịch UBND tỉnh', 'UBND tỉnh Lâm Đồng', chair.email],
      ['Trần Văn Năm', 'Giám đốc Sở', 'Sở Tài chính', delegate.email],
    ]);
    expect(Date.parse(entries[0]!.at)).toBeLessThanOrEqual(Date.parse(entries[1]!.at));
    expect(Math.abs(Date.now() - Date.parse(entries[1]!.at))).toBeLessThan(60_000);

    // A second entry by the same person is listed again, with its own time.
    const again = await joinRoom(delegate.client, m.slug, m.password);
    await again.next('joined');
    await expect.poll(async () => (await listed()).length).toBe(3);
    expect((await listed()).map((e) => e.person?.id)).toEqual([chair.id, delegate.id, delegate.id]);
    expect((await server.operator.get(`/api/meetings/${m.id}/entries`)).body.entries).toHaveLength(3);

    // Only those who manage the meeting see who entered.
    for (const client of [chair.client, delegate.client, colleague.client, otherOrganiser.client]) {
      const res = await client.get(`/api/meetings/${m.id}/entries`);
      expect(res.status).toBe(403);
      expect(res.body.error.id).toBe('forbidden');
    }
    expect((await organiser.client.get('/api/meetings/00000000-0000-4000-8000-000000000000/entries')).body.error.id).toBe('meeting_not_found');
  });
});
