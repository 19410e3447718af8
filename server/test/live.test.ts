import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import { meetingEvents, meetings } from '../db/schema';
import { TestClient, TestSocket, createUser, startTestServer, type TestServer } from './support';

let server: TestServer;
let chair: Awaited<ReturnType<typeof createUser>>;
let delegate: Awaited<ReturnType<typeof createUser>>;
let outsider: Awaited<ReturnType<typeof createUser>>;
const sockets: TestSocket[] = [];

beforeAll(async () => {
  server = await startTestServer({ LIVE_RESUME_GRACE_S: '2' });
  chair = await createUser(server, 'Nguyễn Bốn', 'UBND tỉnh');
  delegate = await createUser(server, 'Trần Văn Năm', 'Sở Tài chính');
  outsider = await createUser(server, 'Lê Thị Sáu', 'Sở Xây dựng');
});
afterAll(async () => {
  sockets.forEach((s) => s.close());
  await server?.close();
});

async function newMeeting() {
  const slug = `hop-${Math.random().toString(36).slice(2, 8)}`;
  const res = await server.operator.post('/api/meetings', {
    title: 'Họp giao ban điện tử',
    startsAt: '2026-12-01T08:00:00+07:00',
    endsAt: '2026-12-01T11:00:00+07:00',
    chairId: chair.id,
    notStateSecret: true,
    emergency: true,
    inviteeIds: [delegate.id],
    slug,
    password: 'mat-khau-1',
  });
  return { slug, id: res.body.meeting.id as string, password: 'mat-khau-1' };
}

async function open(client: TestClient, origin?: string) {
  const s = await TestSocket.open(server, client, origin);
  sockets.push(s);
  return s;
}

/** Shaped as a session description (shared/sdp.ts) but with nothing Janus can negotiate: no ICE, no fingerprint. */
const SHAPED_SDP = 'v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\n';
const join = (s: TestSocket, slug: string, password: string) => s.send({ type: 'join', v: PROTOCOL_VERSION, slug, password });

describe('signaling (R7.1, R3.1, R3.13)', () => {
  it('R7.1 participants see each other in the roster with name and unit, and the meeting gets a Janus room', async () => {
    const m = await newMeeting();
    const a = await open(chair.client);
    join(a, m.slug, m.password);
    const joined = await a.next('joined');
    expect(joined.meeting).toMatchObject({ id: m.id, chairId: chair.id });
    expect(joined.media).toBe('available');
    const b = await open(delegate.client);
    join(b, m.slug, m.password);
    await b.next('joined');
    const roster = await a.rosterWhere((r) => r.length === 2);
    expect(roster.map((p) => [p.name, p.unit, p.isChair]).sort()).toEqual([
      ['Nguyễn Bốn', 'UBND tỉnh', true],
      ['Trần Văn Năm', 'Sở Tài chính', false],
    ]);
    await expect.poll(async () => (await server.app.media.listRooms()).some((r) => r.startsWith(m.id))).toBe(true);
    // no Janus secret ever reaches a browser
    expect(JSON.stringify([...a.frames, ...b.frames, joined, roster])).not.toMatch(/secret|admin_key|apisecret/i);
  });

  it('R1.3 a second join on the same account replaces the first', async () => {
    const m = await newMeeting();
    const first = await open(delegate.client);
    join(first, m.slug, m.password);
    await first.next('joined');
    const second = await open(delegate.client);
    join(second, m.slug, m.password);
    await second.next('joined');
    expect((await first.next('closed')).reason).toBe('replaced');
    const roster = await second.rosterWhere((r) => r.length === 1);
    expect(roster[0]!.userId).toBe(delegate.id);
  });

  it('a closed tab leaves the others’ roster at once', async () => {
    const m = await newMeeting();
    const a = await open(chair.client);
    join(a, m.slug, m.password);
    await a.next('joined');
    const b = await open(delegate.client);
    join(b, m.slug, m.password);
    await a.rosterWhere((r) => r.length === 2);
    b.ws.close(1001); // a tab closing says "going away"
    await a.rosterWhere((r) => r.length === 1, 3000);
  });

  it('a lost connection keeps its presence for a while (shown as lost); the participant takes it back with the resume token, without the password', async () => {
    const m = await newMeeting();
    const a = await open(chair.client);
    join(a, m.slug, m.password);
    await a.next('joined');
    const b = await open(delegate.client);
    join(b, m.slug, m.password);
    const joined = await b.next('joined');
    await a.rosterWhere((r) => r.length === 2);
    b.ws.terminate(); // the network went: no close frame
    await a.rosterWhere((r) => r.find((p) => p.id === joined.participantId)?.connection === 'lost');
    const again = await open(delegate.client);
    again.send({ type: 'join', v: PROTOCOL_VERSION, slug: m.slug, password: '', resume: joined.resumeToken });
    const resumed = await again.next('joined');
    expect(resumed).toMatchObject({ resumed: true, participantId: joined.participantId });
    expect(resumed.resumeToken).not.toBe(joined.resumeToken);
    await a.rosterWhere((r) => r.length === 2 && r.every((p) => p.connection === 'online'));
    // The log has the loss and the return, not a leave.
    const types = (await server.app.database.db.select().from(meetingEvents).where(eq(meetingEvents.meetingId, m.id))).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['connection_lost', 'resumed']));
    expect(types).not.toContain('left');
    // A token is good for one presence of one account: another account cannot use it.
    const thief = await open(outsider.client);
    thief.send({ type: 'join', v: PROTOCOL_VERSION, slug: m.slug, password: 'sai', resume: resumed.resumeToken });
    expect((await thief.next('error')).id).toBe('meeting_password_wrong');
  });

  it('a lost presence that does not come back has left, as of when its connection was lost', async () => {
    const m = await newMeeting();
    const a = await open(chair.client);
    join(a, m.slug, m.password);
    await a.next('joined');
    const b = await open(delegate.client);
    join(b, m.slug, m.password);
    await a.rosterWhere((r) => r.length === 2);
    const lostAt = Date.now();
    b.ws.terminate();
    await a.rosterWhere((r) => r.length === 1, 10_000); // LIVE_RESUME_GRACE_S=2 for this file
    const [left] = await server.app.database.db.select().from(meetingEvents).where(and(eq(meetingEvents.meetingId, m.id), eq(meetingEvents.type, 'left')));
    expect(left!.data).toMatchObject({ dropped: true });
    expect(Math.abs(left!.at.getTime() - lostAt)).toBeLessThan(1000);
  });

  it('R3.1 a wrong password is refused; an uninvited user waits in the lobby with no media', async () => {
    const m = await newMeeting();
    const wrong = await open(delegate.client);
    join(wrong, m.slug, 'sai-mat-khau');
    expect((await wrong.next('error')).id).toBe('meeting_password_wrong');
    const stranger = await open(outsider.client);
    join(stranger, m.slug, m.password);
    expect((await stranger.next('lobby')).reason).toBe('not_invited');
    stranger.send({ type: 'publish', jsep: { type: 'offer', sdp: SHAPED_SDP } });
    expect((await stranger.next('error')).id).toBe('not_joined');
    const unknown = await open(delegate.client);
    join(unknown, 'khong-ton-tai', 'x');
    expect((await unknown.next('error')).id).toBe('meeting_not_found');
  });

  it('malformed and unknown frames get an error naming the problem; the connection stays usable', async () => {
    const m = await newMeeting();
    const s = await open(delegate.client);
    s.send('{not json');
    expect((await s.next('error')).id).toBe('message_malformed');
    s.send({ type: 'dance' });
    const unknown = await s.next('error');
    expect(unknown).toMatchObject({ id: 'message_unknown' });
    s.send({ type: 'join', v: PROTOCOL_VERSION, slug: 42 });
    expect(await s.next('error')).toMatchObject({ id: 'message_malformed', request: 'join' });
    s.send({ type: 'join', v: 999, slug: m.slug, password: m.password });
    expect((await s.next('error')).id).toBe('protocol_version_unsupported');
    join(s, m.slug, m.password);
    await s.next('joined');
    s.send({ type: 'subscriber_answer', jsep: { type: 'answer', sdp: SHAPED_SDP } });
    expect((await s.next('error')).id).toBe('media_negotiation_failed');
    // not shaped as a session description: refused at the door, naming the field (Janus never sees it)
    s.send({ type: 'publish', jsep: { type: 'offer', sdp: 'v=0\r\nnot really sdp' } });
    expect(await s.next('error')).toMatchObject({ id: 'message_malformed', request: 'publish' });
    // shaped as one, but nothing Janus can negotiate
    s.send({ type: 'publish', jsep: { type: 'offer', sdp: SHAPED_SDP } });
    expect((await s.next('error')).id).toBe('media_negotiation_failed');
    s.send({ type: 'set_media', audio: false, video: true });
    const roster = await s.rosterWhere((r) => r[0]?.audio === false);
    expect(roster[0]!.video).toBe(true);
  });

  it('a socket without a session, or from another site, is refused', async () => {
    const anonymous = await open(new TestClient(server.url));
    expect((await anonymous.next('error')).id).toBe('unauthenticated');
    const crossSite = await open(delegate.client, 'https://evil.example');
    expect((await crossSite.next('error')).id).toBe('forbidden');
  });

  it('R3.13 only the chair ends the meeting; everyone is disconnected and the Janus room is destroyed', async () => {
    const m = await newMeeting();
    const a = await open(chair.client);
    join(a, m.slug, m.password);
    await a.next('joined');
    const b = await open(delegate.client);
    join(b, m.slug, m.password);
    await b.next('joined');
    await expect.poll(async () => (await server.app.media.listRooms()).some((r) => r.startsWith(m.id))).toBe(true);
    b.send({ type: 'end_meeting', noConclusions: true });
    expect((await b.next('error')).id).toBe('chair_only');
    a.send({ type: 'end_meeting', noConclusions: true });
    expect((await a.next('closed')).reason).toBe('meeting_ended');
    expect((await b.next('closed')).reason).toBe('meeting_ended');
    await expect.poll(() => b.closed).toBe(true);
    expect((await server.app.media.listRooms()).some((r) => r.startsWith(m.id))).toBe(false);
    const late = await open(delegate.client);
    join(late, m.slug, m.password);
    expect((await late.next('error')).id).toBe('meeting_ended');
  });

  it('R3.13 ending is all or nothing: when its audit entry cannot be written the meeting stays open, unlogged, and can be ended again', async () => {
    const m = await newMeeting();
    const a = await open(chair.client);
    join(a, m.slug, m.password);
    await a.next('joined');
    const original = server.app.audit.record.bind(server.app.audit);
    const failing = vi.spyOn(server.app.audit, 'record').mockImplementation((entry, tx) => (entry.action === 'meeting.ended' ? Promise.reject(new Error('disk full')) : original(entry, tx)));
    try {
      a.send({ type: 'end_meeting', noConclusions: true });
      expect((await a.next('error')).id).toBe('internal_error');
    } finally {
      failing.mockRestore();
    }
    const db = server.app.database.db;
    expect((await db.select().from(meetings).where(eq(meetings.id, m.id)))[0]!.status).toBe('open');
    expect((await db.select().from(meetingEvents).where(and(eq(meetingEvents.meetingId, m.id), eq(meetingEvents.type, 'ended')))).length).toBe(0);
    a.send({ type: 'end_meeting', noConclusions: true });
    expect((await a.next('closed')).reason).toBe('meeting_ended');
    expect((await db.select().from(meetings).where(eq(meetings.id, m.id)))[0]!.status).toBe('ended');
    expect((await db.select().from(meetingEvents).where(and(eq(meetingEvents.meetingId, m.id), eq(meetingEvents.type, 'ended')))).length).toBe(1);
  });

  it('when Janus dies, participants are told media is unavailable, and it comes back by itself; a recording under way is reported stopped (R3.6)', async () => {
    const m = await newMeeting();
    const a = await open(chair.client);
    join(a, m.slug, m.password);
    await a.next('joined');
    a.send({ type: 'set_recording', recording: true });
    await a.next('notice', (n) => n.id === 'recording_started');
    const pid = server.app.janus!.pid!;
    process.kill(pid, 'SIGKILL');
    expect((await a.next('media_state', () => true, 10_000)).state).toBe('unavailable');
    await a.next('notice', (n) => n.id === 'recording_interrupted');
    await expect
      .poll(async () => (await server.app.database.db.select().from(meetingEvents).where(and(eq(meetingEvents.meetingId, m.id), eq(meetingEvents.type, 'recording_stopped')))).map((e) => e.data))
      .toEqual([{ cause: 'media_lost' }]);
    expect((await a.stateWhere((s) => !s.recording)).recording).toBe(false);
    expect((await a.next('media_state', () => true, 15_000)).state).toBe('available');
    expect(server.app.janus!.pid).not.toBe(pid);
    // the meeting gets a room again on the new Janus
    const b = await open(delegate.client);
    join(b, m.slug, m.password);
    await b.next('joined');
    await expect.poll(async () => (await server.app.media.listRooms()).some((r) => r.startsWith(m.id)), { timeout: 5000 }).toBe(true);
  });
});
