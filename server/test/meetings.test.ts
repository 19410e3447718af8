import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import { TestSocket, createUser, startTestServer, type TestServer } from './support';

let server: TestServer;
let chair: Awaited<ReturnType<typeof createUser>>;
let delegate: Awaited<ReturnType<typeof createUser>>;
let outsider: Awaited<ReturnType<typeof createUser>>;

beforeAll(async () => {
  server = await startTestServer();
  chair = await createUser(server, 'Nguyễn Bốn', 'UBND tỉnh Đắk Nông');
  delegate = await createUser(server, 'Trần Văn Năm', 'Sở Tài chính');
  outsider = await createUser(server, 'Lê Thị Sáu', 'Sở Xây dựng');
});
afterAll(() => server?.close());

const meeting = (over: Record<string, unknown> = {}) => ({
  title: 'Giao ban kinh tế - xã hội tháng 11',
  startsAt: '2026-12-01T08:00:00+07:00',
  endsAt: '2026-12-01T11:30:00+07:00',
  chairId: chair.id,
  notStateSecret: true,
  emergency: true,
  inviteeIds: [delegate.id],
  slug: `giao-ban-${Math.random().toString(36).slice(2, 8)}`,
  password: 'mat-khau-hop',
  ...over,
});

describe('meetings (R2.1, M8.1)', () => {
  it('M8.1 the operator creates a meeting with a link address and password; invitees see it', async () => {
    const body = meeting();
    const res = await server.operator.post('/api/meetings', body);
    expect(res.status).toBe(201);
    expect(res.body.meeting).toMatchObject({ title: body.title, slug: body.slug, status: 'scheduled', chair: { id: chair.id, name: 'Nguyễn Bốn' } });
    expect(res.body.meeting.startsAt).toBe('2026-12-01T01:00:00.000Z');
    expect(JSON.stringify(res.body)).not.toContain('mat-khau-hop');
    const mine = await delegate.client.get('/api/meetings');
    expect(mine.body.meetings.map((m: { slug: string }) => m.slug)).toContain(body.slug);
    const theirs = await outsider.client.get('/api/meetings');
    expect(theirs.body.meetings.map((m: { slug: string }) => m.slug)).not.toContain(body.slug);
  });

  it('M8.1b R3.1 the meeting password is checked at the door; the invited enter, anyone else waits for the chair', async () => {
    const body = meeting();
    await server.operator.post('/api/meetings', body);
    expect((await delegate.client.post(`/api/meetings/by-slug/${body.slug}/access`, { password: 'sai' })).body.error.id).toBe('meeting_password_wrong');
    expect((await delegate.client.post(`/api/meetings/by-slug/${body.slug}/access`, { password: body.password })).body).toEqual({ admission: 'direct' });
    expect((await chair.client.post(`/api/meetings/by-slug/${body.slug}/access`, { password: body.password })).body).toEqual({ admission: 'direct' });
    expect((await outsider.client.post(`/api/meetings/by-slug/${body.slug}/access`, { password: 'sai' })).body.error.id).toBe('meeting_password_wrong');
    expect((await outsider.client.post(`/api/meetings/by-slug/${body.slug}/access`, { password: body.password })).body).toEqual({ admission: 'lobby' });
    // the outsider does not see the meeting in their list, but may open its page to knock
    expect((await outsider.client.get('/api/meetings')).body.meetings.map((m: { slug: string }) => m.slug)).not.toContain(body.slug);
    expect((await outsider.client.get(`/api/meetings/by-slug/${body.slug}`)).status).toBe(200);
    expect((await delegate.client.get('/api/meetings/by-slug/khong-co')).body.error.id).toBe('meeting_not_found');
  });

  it('R3.1, R6.1 the page by link address tells an outsider no more than the meeting’s own page: no invitees, rooms, units or agenda', async () => {
    const body = meeting({ agenda: [{ title: 'Báo cáo tình hình', presenterId: delegate.id, minutes: 20 }] });
    const created = (await server.operator.post('/api/meetings', body)).body.meeting;
    // the meeting's own page refuses the outsider…
    expect((await outsider.client.get(`/api/meetings/${created.id}`)).body.error.id).toBe('meeting_not_invited');
    // …and its link address lets them knock, seeing only what the door needs
    const door = await outsider.client.get(`/api/meetings/by-slug/${body.slug}`);
    expect(door.status).toBe(200);
    expect(door.body.meeting).toMatchObject({ id: created.id, title: body.title, visitor: true, chair: { name: 'Nguyễn Bốn' }, invitees: [], endpoints: [], units: [], agenda: [], substitutes: [] });
    expect(JSON.stringify(door.body)).not.toContain(delegate.id);
    expect(JSON.stringify(door.body)).not.toContain(delegate.name);
    // those who are part of it see it whole, alike by either address
    for (const who of [delegate.client, chair.client, server.operator]) {
      const [byId, bySlug] = [(await who.get(`/api/meetings/${created.id}`)).body.meeting, (await who.get(`/api/meetings/by-slug/${body.slug}`)).body.meeting];
      expect(bySlug).toEqual(byId);
      expect(bySlug.visitor).toBeUndefined();
      expect(bySlug.invitees.map((p: { id: string }) => p.id)).toEqual([delegate.id]);
    }
  });

  it('D19.3 the room opens at the system-check time: nobody enters (nor so ends) it hours before; only the operator opens it earlier, with a reason in the log', async () => {
    const HOUR = 3_600_000;
    const startsAt = new Date(Date.now() + 3 * HOUR);
    const body = meeting({ startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 2 * HOUR).toISOString() });
    const created = (await server.operator.post('/api/meetings', body)).body.meeting;
    const opensAt = new Date(startsAt.getTime() - HOUR).toISOString(); // the default check time (D19.3)
    expect(created).toMatchObject({ opensAt, canOpenEarly: true });

    for (const who of [delegate, chair]) {
      const early = await who.client.post(`/api/meetings/by-slug/${body.slug}/access`, { password: body.password });
      expect(early.status).toBe(409);
      expect(early.body.error).toMatchObject({ id: 'meeting_not_open_yet', fields: { opensAt } });
    }
    // the signaling join is the same check: the chair cannot open (and then end) it either
    const socket = await TestSocket.open(server, chair.client);
    socket.send({ type: 'join', v: PROTOCOL_VERSION, slug: body.slug, password: body.password });
    expect((await socket.next('error')).id).toBe('meeting_not_open_yet');
    socket.send({ type: 'end_meeting', noConclusions: true });
    expect((await socket.next('error')).id).toBe('not_joined');
    socket.close();
    expect((await server.operator.get(`/api/meetings/${created.id}`)).body.meeting.status).toBe('scheduled');

    // only the office opens it early, and only with a reason
    for (const who of [chair, delegate]) expect((await who.client.post(`/api/meetings/${created.id}/open-early`, { reason: 'Chủ trì muốn vào sớm' })).body.error.id).toBe('forbidden');
    expect((await delegate.client.get(`/api/meetings/${created.id}`)).body.meeting.canOpenEarly).toBe(false);
    expect((await server.operator.post(`/api/meetings/${created.id}/open-early`, {})).body.error.fields).toHaveProperty('reason');
    expect((await server.operator.get(`/api/meetings/${created.id}`)).body.meeting.status).toBe('scheduled');
    const opened = await server.operator.post(`/api/meetings/${created.id}/open-early`, { reason: 'Lãnh đạo tỉnh chỉ đạo họp sớm do bão' });
    expect(opened.status).toBe(200);
    expect(opened.body.meeting).toMatchObject({ status: 'open', canOpenEarly: false });
    const entry = (await server.operator.get(`/api/audit?action=meeting.opened_early&targetId=${created.id}`)).body.entries[0];
    expect(entry.data).toMatchObject({ reason: 'Lãnh đạo tỉnh chỉ đạo họp sớm do bão', opensAt });
    expect((await delegate.client.post(`/api/meetings/by-slug/${body.slug}/access`, { password: body.password })).body).toEqual({ admission: 'direct' });

    // a meeting whose check time has come opens as before, for whoever enters first
    const soon = meeting({ startsAt: new Date(Date.now() + 30 * 60_000).toISOString(), endsAt: new Date(Date.now() + 2 * HOUR).toISOString(), checkAt: new Date(Date.now() - 60_000).toISOString() });
    expect((await server.operator.post('/api/meetings', soon)).status).toBe(201);
    expect((await delegate.client.post(`/api/meetings/by-slug/${soon.slug}/access`, { password: soon.password })).body).toEqual({ admission: 'direct' });
  });

  it('M8.1a a link address is unique and not one of the app’s own paths', async () => {
    const body = meeting();
    expect((await server.operator.post('/api/meetings', body)).status).toBe(201);
    const again = await server.operator.post('/api/meetings', meeting({ slug: body.slug }));
    expect(again.status).toBe(409);
    expect(again.body.error.id).toBe('meeting_slug_taken');
    expect((await server.operator.post('/api/meetings', meeting({ slug: 'admin' }))).body.error.id).toBe('meeting_slug_reserved');
    expect((await server.operator.post('/api/meetings', meeting({ slug: 'Dự án' }))).body.error.fields).toHaveProperty('slug');
  });

  it('a meeting that ends before it starts, or names an unknown chair, is refused and nothing is stored', async () => {
    const before = (await server.operator.get('/api/meetings')).body.meetings.length;
    expect((await server.operator.post('/api/meetings', meeting({ endsAt: '2026-12-01T07:00:00+07:00' }))).body.error.id).toBe('meeting_time_invalid');
    expect((await server.operator.post('/api/meetings', meeting({ chairId: '00000000-0000-4000-8000-000000000000' }))).body.error.id).toBe('user_not_found');
    expect((await server.operator.post('/api/meetings', meeting({ inviteeIds: ['00000000-0000-4000-8000-000000000000'] }))).body.error.id).toBe('user_not_found');
    expect((await server.operator.get('/api/meetings')).body.meetings.length).toBe(before);
  });

  it('only the operator creates meetings', async () => {
    const res = await chair.client.post('/api/meetings', meeting());
    expect(res.status).toBe(403);
    expect(res.body.error.id).toBe('forbidden');
  });
});
