/**
 * Live governance (R3.1–R3.10) at the signaling level, against the real server, database and Janus: the lobby,
 * removal and lock, the floor with its time limits, stale and racing commands, role refusals, mute, leaving early
 * with or without consent, layout frames, the technicians' back-channel and incidents. Every test runs its own
 * meeting with a chair, the chair's technician, two delegates, and where needed an uninvited person, unassigned
 * technical staff, a meeting room's account and its assigned technician.
 *
 * A TestSocket cannot send media, so audio-level proof is left to the browser tests; what Janus itself does with
 * `moderate` is checked here by a publisher handle of the test's own in the meeting's VideoRoom (the *spy*), which
 * hears Janus's `moderation: muted|unmuted` events, and by publishing a well-formed SDP offer from the socket.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EndpointView } from '../../shared/api';
import type { z } from 'zod';
import { applyLiveFrame, emptyLiveView, type LiveView } from '../../shared/live-view';
import { PROTOCOL_VERSION, type clientMessage, type MeetingStateView, type ParticipantView, type ServerMessage } from '../../shared/protocol';
import type { ErrorId } from '../../shared/errors';
import { meetingEvents } from '../db/schema';
import type { JanusHandle, PluginReply } from '../media/janus-client';
import { joinAsPublisher } from '../media/videoroom';
import { pdfOfPages } from './document-fixtures';
import { TestClient, TestSocket, createUser, ensureUnit, startTestServer, type TestServer } from './support';

type Person = Awaited<ReturnType<typeof createUser>>;
/** A client frame as a browser writes it (defaults may be left out). */
type ClientMessage = z.input<typeof clientMessage>;

let server: TestServer;
let chair: Person;
let chairTech: Person;
let delegate1: Person;
let delegate2: Person;
let outsider: Person;
let staffTech: Person;
let roomTech: Person;
let room: EndpointView;
let roomComputer: TestClient;
const sockets: TestSocket[] = [];
const spies: JanusHandle[] = [];

beforeAll(async () => {
  server = await startTestServer();
  const province = await ensureUnit(server, 'UBND tỉnh Đắk Nông');
  const district = await ensureUnit(server, 'UBND huyện Krông Nô', province);
  chair = await createUser(server, 'Nguyễn Văn Chủ', 'UBND tỉnh Đắk Nông', { title: 'Chủ tịch UBND tỉnh' });
  chairTech = await createUser(server, 'Lê Văn Kỹ', 'Văn phòng UBND tỉnh', { role: 'technician' });
  delegate1 = await createUser(server, 'Trần Thị Một', 'Sở Tài chính', { title: 'Giám đốc' });
  delegate2 = await createUser(server, 'Phạm Văn Hai', 'Sở Xây dựng', { title: 'Phó Giám đốc' });
  outsider = await createUser(server, 'Hoàng Thị Lạ', 'Sở Y tế');
  staffTech = await createUser(server, 'Vũ Văn Mạng', 'Viễn thông Đắk Nông', { role: 'technician' });
  roomTech = await createUser(server, 'Đỗ Văn Phòng', 'UBND huyện Krông Nô', { role: 'technician' });

  const created = await server.operator.post('/api/endpoints', {
    name: 'Phòng họp trực tuyến UBND huyện Krông Nô',
    unitId: district,
    location: 'Tầng 2, trụ sở UBND huyện',
    equipment: 'Camera, 2 micro, TV 65 inch',
    networkAddress: '10.64.3.10',
    capacity: 40,
  });
  if (created.status !== 201) throw new Error(`endpoint: ${JSON.stringify(created.body)}`);
  room = created.body.endpoint;
  const assigned = await server.operator.post(`/api/endpoints/${room.id}/technicians`, { userId: roomTech.id, contact: '0912 345 678' });
  if (assigned.status !== 201) throw new Error(`technician: ${JSON.stringify(assigned.body)}`);
  const account = await server.operator.post(`/api/endpoints/${room.id}/account`, { email: `phong-hop-krong-no-${randomBytes(3).toString('hex')}@example.vn` });
  if (account.status !== 201) throw new Error(`room account: ${JSON.stringify(account.body)}`);
  roomComputer = new TestClient(server.url);
  await roomComputer.signIn(account.body.account.email, account.body.temporaryPassword);
}, 120_000); // nine accounts signed in and their passwords changed (argon2id each): slow on a busy 2-core machine

afterAll(async () => {
  sockets.forEach((s) => s.close());
  await Promise.all(spies.map((h) => h.detach().catch(() => undefined)));
  await server?.close();
});

// ------------------------------------------------------------------------------------------------ helpers

interface Meeting {
  id: string;
  slug: string;
  password: string;
}

/** The chair ends the meeting, so its room may be booked again at the same time (R2.3). */
async function endMeeting(chairSeat: { s: TestSocket }) {
  chairSeat.s.send({ type: 'end_meeting', noConclusions: true });
  await chairSeat.s.next('closed', (m) => m.reason === 'meeting_ended');
}

/** A meeting in progress now (so that leaving counts as early), chaired with the chair's technician named. */
async function newMeeting(opts: { withRoom?: boolean; alsoInvite?: string[] } = {}): Promise<Meeting> {
  const slug = `quan-tri-${randomBytes(4).toString('hex')}`;
  const res = await server.operator.post('/api/meetings', {
    title: 'Họp giao ban kinh tế - xã hội',
    startsAt: new Date(Date.now() - 60_000).toISOString(),
    endsAt: new Date(Date.now() + 3 * 3_600_000).toISOString(),
    chairId: chair.id,
    notStateSecret: true,
    emergency: true,
    chairTechnicianId: chairTech.id,
    inviteeIds: [delegate1.id, delegate2.id, ...(opts.alsoInvite ?? [])],
    endpointIds: opts.withRoom ? [room.id] : [],
    slug,
    password: 'mat-khau-1',
  });
  if (res.status !== 201) throw new Error(`meeting: ${JSON.stringify(res.body)}`);
  return { id: res.body.meeting.id, slug, password: 'mat-khau-1' };
}

/** A signaling connection that also remembers the latest roster and meeting state it was sent. */
interface Seat {
  s: TestSocket;
  /** Our participant id once joined. */
  pid: string;
  roster: ParticipantView[];
  state: MeetingStateView | null;
  view: LiveView;
  /** Every frame ever received, never consumed (TestSocket.next consumes). */
  log: ServerMessage[];
}

async function connect(client: TestClient): Promise<Seat> {
  const s = await TestSocket.open(server, client);
  sockets.push(s);
  const seat: Seat = { s, pid: '', roster: [], state: null, view: emptyLiveView(), log: [] };
  s.ws.on('message', (raw) => {
    const m = JSON.parse(raw.toString()) as ServerMessage;
    seat.log.push(m);
    seat.view = applyLiveFrame(seat.view, m);
    seat.roster = [...seat.view.roster];
    seat.state = seat.view.state;
  });
  return seat;
}

const join = (seat: Seat, m: Meeting) => seat.s.send({ type: 'join', v: PROTOCOL_VERSION, slug: m.slug, password: m.password });

/** Enter the meeting directly (joined). */
async function enter(client: TestClient, m: Meeting): Promise<Seat> {
  const seat = await connect(client);
  join(seat, m);
  seat.pid = (await seat.s.next('joined')).participantId;
  await expect.poll(() => seat.state).not.toBeNull();
  return seat;
}

/** Knock: the join ends in the lobby; returns the seat and the reason given. */
async function knock(client: TestClient, m: Meeting) {
  const seat = await connect(client);
  join(seat, m);
  const lobby = await seat.s.next('lobby');
  return { seat, reason: lobby.reason };
}

const send = (seat: Seat, frame: ClientMessage | Record<string, unknown>) => seat.s.send(frame);

let syncs = 0;
/** Every frame this socket sent before has been handled (frames are handled in order; an unknown type answers at once). */
async function sync(seat: Seat): Promise<void> {
  const probe = `sync_probe_${++syncs}`;
  seat.s.send({ type: probe });
  await seat.s.next('error', (e) => e.request === probe);
}

/** Send a frame and expect it refused with `id`. */
async function refused(seat: Seat, frame: ClientMessage, id: ErrorId): Promise<void> {
  seat.s.send(frame);
  const error = await seat.s.next('error', (e) => e.request === frame.type);
  expect(error.id, `${frame.type} → ${error.id}`).toBe(id);
}

const live = (m: Meeting) => server.app.live.liveMeeting(m.id)!;

/** The meeting log, oldest first. */
async function events(m: Meeting, type?: string) {
  const rows = await server.app.database.db
    .select()
    .from(meetingEvents)
    .where(type ? and(eq(meetingEvents.meetingId, m.id), eq(meetingEvents.type, type as never)) : eq(meetingEvents.meetingId, m.id))
    .orderBy(meetingEvents.id);
  return rows.map((r) => ({ id: r.id, type: r.type, userId: r.userId, data: r.data as Record<string, unknown> }));
}

/** Everything the server holds about the meeting that a command could change, plus the length of its log. */
async function snapshot(m: Meeting) {
  const lm = live(m);
  const chairP = lm.state.participantOf(chair.id)!;
  return { state: lm.state.stateFor(chairP), roster: [...lm.state.participants.values()].map((p) => p.view()), lobby: [...lm.state.lobby.keys()], removed: [...lm.state.removedUserIds], logLength: (await events(m)).length };
}

const audibleOthers = (seat: Seat) =>
  seat.roster
    .filter((p) => p.role !== 'chair')
    .filter((p) => p.audible)
    .map((p) => p.id);

const errorsOf = (...seats: Seat[]) => seats.flatMap((seat) => seat.log.filter((f): f is Extract<ServerMessage, { type: 'error' }> => f.type === 'error' && !f.request?.startsWith('sync_probe')));

/** The operator uploads a document to the meeting (R2.1); its id. */
async function upload(m: Meeting, name: string, type: string, bytes: Buffer): Promise<string> {
  const res = await fetch(`${server.url}/api/meetings/${m.id}/documents?name=${encodeURIComponent(name)}&kind=document`, {
    method: 'POST',
    headers: { 'content-type': type, cookie: server.operator.cookie!, 'x-csrf-token': server.operator.csrf! },
    body: new Uint8Array(bytes),
  });
  const body = (await res.json()) as { document: { id: string } };
  if (res.status !== 201) throw new Error(`upload: ${JSON.stringify(body)}`);
  return body.document.id;
}

/** A well-formed publisher offer (audio mid 0, video mid 1), as a browser would send; ICE never completes. */
function fakeOffer(): string {
  const fingerprint = Array.from(randomBytes(32), (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':');
  const ufrag = randomBytes(4).toString('hex');
  const pwd = randomBytes(12).toString('hex');
  const media = (kind: 'audio' | 'video', mid: string, pt: number, codec: string, ssrc: number, fmtp?: string) => [
    `m=${kind} 9 UDP/TLS/RTP/SAVPF ${pt}`,
    'c=IN IP4 0.0.0.0',
    'a=rtcp:9 IN IP4 0.0.0.0',
    `a=ice-ufrag:${ufrag}`,
    `a=ice-pwd:${pwd}`,
    'a=ice-options:trickle',
    `a=fingerprint:sha-256 ${fingerprint}`,
    'a=setup:actpass',
    `a=mid:${mid}`,
    'a=sendonly',
    `a=msid:s ${kind}`,
    'a=rtcp-mux',
    `a=rtpmap:${pt} ${codec}`,
    ...(fmtp ? [`a=fmtp:${pt} ${fmtp}`] : []),
    `a=ssrc:${ssrc} cname:giaoban-test`,
  ];
  return [
    'v=0',
    `o=- ${Date.now()} 2 IN IP4 127.0.0.1`,
    's=-',
    't=0 0',
    'a=group:BUNDLE 0 1',
    'a=msid-semantic: WMS s',
    ...media('audio', '0', 111, 'opus/48000/2', 1111, 'minptime=10;useinbandfec=1'),
    ...media('video', '1', 96, 'VP8/90000', 2222),
    '',
  ].join('\r\n');
}

/** Publish camera and microphone (a fake offer): Janus answers, the server relays the answer. */
async function publishFake(seat: Seat): Promise<void> {
  seat.s.send({ type: 'publish', jsep: { type: 'offer', sdp: fakeOffer() } });
  await seat.s.next('publisher_answer', () => true, 10_000);
}

/**
 * The test's own handle in the meeting's VideoRoom: Janus tells every participant of the room when a publisher's
 * stream is moderated, so this hears what Janus itself did.
 */
async function spyOn(m: Meeting) {
  let roomId: string | undefined;
  await expect.poll(async () => (roomId = await live(m).media.roomId())).toBeDefined();
  const handle = await server.app.media.attach();
  spies.push(handle);
  const moderation: { id: string; mid: string; moderation: 'muted' | 'unmuted' }[] = [];
  handle.on('event', (reply: PluginReply) => {
    const d = reply.data as { id?: string; mid?: string; moderation?: 'muted' | 'unmuted' };
    if (d.moderation && d.id && d.mid !== undefined) moderation.push({ id: d.id, mid: d.mid, moderation: d.moderation });
  });
  await joinAsPublisher(handle, roomId!, `spy-${randomBytes(6).toString('hex')}`, 'test spy');
  /** The last moderation Janus announced for a participant's microphone, if any. */
  const last = (participantId: string) => moderation.filter((e) => e.id === participantId && e.mid === '0').at(-1)?.moderation;
  return { moderation, last };
}

/** The floor holder as the chair sees it, once its `meeting_state` arrived. */
const floorOf = (seat: Seat) => seat.state?.floor ?? null;

// ------------------------------------------------------------------------------------------------ R3.1 lobby

describe('R3.1 entering: invited people directly, anyone else through the lobby', () => {
  it('R3.1 invited people enter directly; an uninvited person waits in the lobby, the chair sees them and admits them', async () => {
    const m = await newMeeting();
    const c = await enter(chair.client, m);
    const t = await enter(chairTech.client, m);
    const d1 = await enter(delegate1.client, m);
    expect(c.state!.you.role).toBe('chair');
    expect(t.state!.you.role).toBe('chair_technician');
    expect(d1.state!.you.role).toBe('delegate');

    const { seat: stranger, reason } = await knock(outsider.client, m);
    expect(reason).toBe('not_invited');
    await expect.poll(() => c.state!.lobby.map((e) => [e.name, e.unit, e.reason])).toEqual([['Hoàng Thị Lạ', 'Sở Y tế', 'not_invited']]);
    await expect.poll(() => t.state!.lobby.length).toBe(1);
    expect(d1.state!.lobby).toEqual([]); // only those who admit see the lobby
    expect(c.roster.some((p) => p.userId === outsider.id)).toBe(false);

    // a lobby waiter may not act in the meeting
    for (const frame of [
      { type: 'request_floor', topic: 'Xin phát biểu' },
      { type: 'chat', channel: 'meeting', text: 'Xin chào' },
      { type: 'publish', jsep: { type: 'offer', sdp: fakeOffer() } },
      { type: 'grant_floor', participantId: c.pid },
    ] as ClientMessage[]) {
      await refused(stranger, frame, 'not_joined');
    }
    expect(c.log.some((f) => f.type === 'chat')).toBe(false);
    expect(live(m).state.floor.requests).toEqual([]);

    send(c, { type: 'admit', lobbyId: c.state!.lobby[0]!.lobbyId, asObserver: false });
    const joined = await stranger.s.next('joined');
    await expect.poll(() => c.roster.find((p) => p.userId === outsider.id)?.role).toBe('delegate');
    await expect.poll(() => c.state!.lobby).toEqual([]);
    expect(joined.roster.some((p) => p.userId === outsider.id)).toBe(true);

    const log = await events(m);
    expect(log.find((e) => e.type === 'lobby_waiting')).toMatchObject({ userId: outsider.id, data: { reason: 'not_invited' } });
    expect(log.find((e) => e.type === 'admitted')).toMatchObject({ userId: outsider.id, data: { by: chair.id, asObserver: false } });
    expect(errorsOf(c, t, d1).map((e) => e.id)).toEqual([]);
  });

  it('R3.1 the chair refuses entry with a reason: the waiter is told it and disconnected', async () => {
    const m = await newMeeting();
    const c = await enter(chair.client, m);
    const { seat: stranger } = await knock(outsider.client, m);
    await expect.poll(() => c.state!.lobby.length).toBe(1);
    const lobbyId = c.state!.lobby[0]!.lobbyId;
    send(c, { type: 'refuse', lobbyId, reason: 'Cuộc họp chỉ dành cho đại biểu được mời' });
    expect(await stranger.s.next('closed')).toMatchObject({ reason: 'refused', message: 'Cuộc họp chỉ dành cho đại biểu được mời' });
    await expect.poll(() => stranger.s.closed).toBe(true);
    await expect.poll(() => c.state!.lobby).toEqual([]);
    // the same entry cannot be admitted afterwards
    await refused(c, { type: 'admit', lobbyId, asObserver: false }, 'lobby_entry_not_found');
    expect(c.roster.some((p) => p.userId === outsider.id)).toBe(false);
    expect((await events(m, 'refused'))[0]).toMatchObject({ userId: outsider.id, data: { by: chair.id, reason: 'Cuộc họp chỉ dành cho đại biểu được mời' } });
  });

  it('R3.1 technical staff wait (technical_staff) and are admitted by the chair’s technician as an observer', async () => {
    const m = await newMeeting();
    const c = await enter(chair.client, m);
    const t = await enter(chairTech.client, m);
    const { seat: staff, reason } = await knock(staffTech.client, m);
    expect(reason).toBe('technical_staff');
    await expect.poll(() => t.state!.lobby.map((e) => [e.name, e.reason])).toEqual([['Vũ Văn Mạng', 'technical_staff']]);
    send(t, { type: 'admit', lobbyId: t.state!.lobby[0]!.lobbyId, asObserver: true });
    staff.pid = (await staff.s.next('joined')).participantId;
    await expect.poll(() => staff.state?.you.role).toBe('observer');
    expect(staff.state!.you.may).toMatchObject({ technicianChat: true, reportIncident: true, controlFloor: false, requestFloor: false, moderate: false, admit: false });
    await expect.poll(() => c.roster.find((p) => p.id === staff.pid)?.role).toBe('observer');
    // an observer has no say in the meeting
    await refused(staff, { type: 'request_floor', topic: '' }, 'meeting_role_forbidden');
    await refused(staff, { type: 'grant_floor', participantId: c.pid }, 'meeting_role_forbidden');
    expect((await events(m, 'admitted'))[0]).toMatchObject({ userId: staffTech.id, data: { by: chairTech.id, reason: 'technical_staff', asObserver: true } });
  });
});

// ------------------------------------------------------------------------------------------------ R3.2 removal, lock

describe('R3.2 removal and the lock', () => {
  it('R3.2 the chair removes a delegate with a reason; the delegate comes back only through the lobby', async () => {
    const m = await newMeeting();
    const c = await enter(chair.client, m);
    const d1 = await enter(delegate1.client, m);
    await expect.poll(() => c.roster.length).toBe(2);
    send(c, { type: 'remove', participantId: d1.pid, reason: 'Không hiển thị tên đơn vị' });
    expect(await d1.s.next('closed')).toMatchObject({ reason: 'removed', message: 'Không hiển thị tên đơn vị' });
    await expect.poll(() => d1.s.closed).toBe(true);
    await expect.poll(() => c.roster.map((p) => p.userId)).toEqual([chair.id]);
    expect((await events(m, 'removed'))[0]).toMatchObject({ userId: delegate1.id, data: { by: chair.id, reason: 'Không hiển thị tên đơn vị' } });

    const { seat: again, reason } = await knock(delegate1.client, m);
    expect(reason).toBe('removed');
    await expect.poll(() => c.state!.lobby.map((e) => e.reason)).toEqual(['removed']);
    send(c, { type: 'admit', lobbyId: c.state!.lobby[0]!.lobbyId, asObserver: false });
    again.pid = (await again.s.next('joined')).participantId;
    await expect.poll(() => c.roster.find((p) => p.userId === delegate1.id)?.role).toBe('delegate');
    // once re-admitted, a reconnection enters directly again
    const reconnect = await enter(delegate1.client, m);
    expect(reconnect.state!.you.role).toBe('delegate');
    // nobody removes the chair
    const t = await enter(chairTech.client, m);
    await refused(t, { type: 'remove', participantId: c.pid, reason: '' }, 'meeting_role_forbidden');
    expect(c.s.closed).toBe(false);
  });

  it('R3.1 while the meeting is locked every new entry waits in the lobby (locked); after unlocking people enter again', async () => {
    const m = await newMeeting();
    const c = await enter(chair.client, m);
    const d1 = await enter(delegate1.client, m);
    send(c, { type: 'lock', locked: true });
    expect((await d1.s.next('notice')).id).toBe('meeting_locked');
    await expect.poll(() => d1.state!.locked).toBe(true);

    const { seat: late, reason } = await knock(delegate2.client, m);
    expect(reason).toBe('locked');
    await expect.poll(() => c.state!.lobby.map((e) => [e.name, e.reason])).toEqual([['Phạm Văn Hai', 'locked']]);
    // those who run the meeting still enter, and someone present may reconnect
    const t = await enter(chairTech.client, m);
    expect(t.state!.locked).toBe(true);
    const d1again = await enter(delegate1.client, m);
    expect(d1again.state!.you.role).toBe('delegate');

    send(c, { type: 'lock', locked: false });
    await expect.poll(() => c.state!.locked).toBe(false);
    // the waiter still waits for a decision; leaving the lobby and coming back now enters directly
    expect(c.state!.lobby.length).toBe(1);
    send(late, { type: 'leave' });
    await expect.poll(() => c.state!.lobby).toEqual([]);
    const d2 = await enter(delegate2.client, m);
    expect(d2.state!.locked).toBe(false);
    expect((await events(m)).filter((e) => e.type === 'locked' || e.type === 'unlocked').map((e) => [e.type, e.userId])).toEqual([
      ['locked', chair.id],
      ['unlocked', chair.id],
    ]);
  });
});

// ------------------------------------------------------------------------------------------------ R3.4, R3.5 floor

describe('R3.4 R3.5 the floor', () => {
  it('R3.4 requests queue in order; the chair and the chair’s technician see the whole queue, a delegate only their own', async () => {
    const m = await newMeeting();
    const c = await enter(chair.client, m);
    const t = await enter(chairTech.client, m);
    const d1 = await enter(delegate1.client, m);
    const d2 = await enter(delegate2.client, m);
    send(d1, { type: 'request_floor', topic: 'Giải ngân vốn đầu tư công' });
    await sync(d1);
    send(d2, { type: 'request_floor', topic: 'Tiến độ dự án' });
    await sync(d2);
    const order = [
      ['Trần Thị Một', 'Giải ngân vốn đầu tư công'],
      ['Phạm Văn Hai', 'Tiến độ dự án'],
    ];
    await expect.poll(() => c.state!.queue.map((r) => [r.speaker, r.topic])).toEqual(order);
    await expect.poll(() => t.state!.queue.map((r) => [r.speaker, r.topic])).toEqual(order);
    await expect.poll(() => d1.state!.queue.map((r) => r.participantId)).toEqual([d1.pid]);
    await expect.poll(() => d2.state!.queue.map((r) => r.participantId)).toEqual([d2.pid]);
    await refused(d1, { type: 'request_floor', topic: 'Lần nữa' }, 'floor_already_requested');
    // nobody withdraws another's request but the chair's side
    await refused(d2, { type: 'withdraw_floor', requestId: c.state!.queue[0]!.id }, 'floor_request_not_found');
    send(d1, { type: 'withdraw_floor', requestId: d1.state!.queue[0]!.id });
    await expect.poll(() => c.state!.queue.map((r) => r.participantId)).toEqual([d2.pid]);
    await expect.poll(() => d1.state!.queue).toEqual([]);
    expect((await events(m)).filter((e) => e.type.startsWith('floor_')).map((e) => [e.type, e.userId])).toEqual([
      ['floor_requested', delegate1.id],
      ['floor_requested', delegate2.id],
      ['floor_withdrawn', delegate1.id],
    ]);
  });

  it('R3.5 a grant with a time limit makes only the speaker audible; a warning comes, and the turn ends by itself at the limit', async () => {
    const m = await newMeeting();
    const c = await enter(chair.client, m);
    const d1 = await enter(delegate1.client, m);
    const d2 = await enter(delegate2.client, m);
    send(d1, { type: 'request_floor', topic: 'Báo cáo ngân sách' });
    await expect.poll(() => c.state!.queue.length).toBe(1);
    expect(audibleOthers(c)).toEqual([]);
    const sentAt = Date.now();
    send(c, { type: 'grant_floor', requestId: c.state!.queue[0]!.id, seconds: 10 });
    expect((await d1.s.next('notice', (n) => n.id === 'floor_granted_to_you')).id).toBe('floor_granted_to_you');
    await expect.poll(() => audibleOthers(c)).toEqual([d1.pid]);
    await expect.poll(() => audibleOthers(d2)).toEqual([d1.pid]);
    const floor = floorOf(d2)!;
    expect(floor).toMatchObject({ participantId: d1.pid, speaker: 'Trần Thị Một' });
    expect(Date.parse(floor.endsAt) - Date.parse(floor.grantedAt)).toBe(10_000);
    // a 10 s turn is warned in its last third (30 s before the end for turns of 90 s and more)
    expect(Date.parse(floor.endsAt) - Date.parse(floor.warnAt)).toBeGreaterThanOrEqual(3_333);
    expect(Date.parse(floor.endsAt) - Date.parse(floor.warnAt)).toBeLessThanOrEqual(3_334);
    expect(c.state!.queue).toEqual([]);
    // the warning reaches the speaker before the end
    await d1.s.next('notice', (n) => n.id === 'floor_ending_soon', 10_000);
    expect(Date.now()).toBeLessThan(Date.parse(floor.endsAt));
    expect(d2.log.some((f) => f.type === 'notice' && f.id === 'floor_ending_soon')).toBe(false);

    await d1.s.next('notice', (n) => n.id === 'floor_ended', 14_000);
    const endedAfter = Date.now() - sentAt;
    expect(endedAfter).toBeGreaterThanOrEqual(9_900);
    await expect.poll(() => floorOf(c)).toBeNull();
    await expect.poll(() => audibleOthers(c)).toEqual([]);
    const log = await events(m);
    const granted = log.find((e) => e.type === 'floor_granted')!;
    expect(granted).toMatchObject({ userId: chair.id, data: { participantId: d1.pid, userId: delegate1.id, seconds: 10 } });
    const ended = log.find((e) => e.type === 'floor_ended')!;
    expect(ended).toMatchObject({ userId: delegate1.id, data: { grantId: granted.data.grantId, how: 'expired', spokeMs: 10_000 } });
  }, 30_000);

  it('R3.5 the chair’s technician gives the floor to someone who did not ask, extends it, grants a request, revokes', async () => {
    const m = await newMeeting();
    const c = await enter(chair.client, m);
    const t = await enter(chairTech.client, m);
    const d1 = await enter(delegate1.client, m);
    const d2 = await enter(delegate2.client, m);

    send(t, { type: 'grant_floor', participantId: d2.pid, seconds: 60 });
    await expect.poll(() => floorOf(c)?.participantId).toBe(d2.pid);
    await d2.s.next('notice', (n) => n.id === 'floor_granted_to_you');
    const first = floorOf(c)!;
    expect(Date.parse(first.endsAt) - Date.parse(first.grantedAt)).toBe(60_000);

    send(t, { type: 'extend_floor', grantId: first.grantId, seconds: 120 });
    await expect.poll(() => floorOf(c)?.endsAt).toBe(new Date(Date.parse(first.endsAt) + 120_000).toISOString());
    expect(floorOf(c)!.grantId).toBe(first.grantId);

    // a queued request granted while someone speaks replaces the turn
    send(d1, { type: 'request_floor', topic: 'Bổ sung ý kiến' });
    await expect.poll(() => t.state!.queue.length).toBe(1);
    send(t, { type: 'grant_floor', requestId: t.state!.queue[0]!.id });
    await expect.poll(() => floorOf(c)?.participantId).toBe(d1.pid);
    await expect.poll(() => audibleOthers(c)).toEqual([d1.pid]);
    await d2.s.next('notice', (n) => n.id === 'floor_ended');
    const second = floorOf(c)!;
    // without seconds, the meeting's speaking time applies
    expect(Date.parse(second.endsAt) - Date.parse(second.grantedAt)).toBe(300_000);

    send(t, { type: 'revoke_floor', grantId: second.grantId });
    await expect.poll(() => floorOf(c)).toBeNull();
    await expect.poll(() => audibleOthers(c)).toEqual([]);
    await d1.s.next('notice', (n) => n.id === 'floor_ended');

    const log = (await events(m)).filter((e) => e.type === 'floor_granted' || e.type === 'floor_ended' || e.type === 'floor_extended');
    expect(log.map((e) => [e.type, e.data.how ?? null, e.data.grantId])).toEqual([
      ['floor_granted', null, first.grantId],
      ['floor_extended', null, first.grantId],
      ['floor_ended', 'replaced', first.grantId],
      ['floor_granted', null, second.grantId],
      ['floor_ended', 'revoked', second.grantId],
    ]);
    expect(log.filter((e) => e.type !== 'floor_ended').every((e) => e.userId === chairTech.id)).toBe(true);
    expect(log.at(-1)!.data.by).toBe(chairTech.id);
    expect(errorsOf(c, t, d1, d2)).toEqual([]);
  });

  it('R3.11 only the floor holder (or someone the chair allows) shares a screen, and the share stops with the turn', async () => {
    const m = await newMeeting();
    const c = await enter(chair.client, m);
    const d1 = await enter(delegate1.client, m);
    send(d1, { type: 'publish', source: 'screen', jsep: { type: 'offer', sdp: fakeOffer() } });
    expect((await d1.s.next('error')).id).toBe('presentation_not_allowed');

    send(c, { type: 'grant_floor', participantId: d1.pid, seconds: 60 });
    await expect.poll(() => floorOf(c)?.participantId).toBe(d1.pid);
    send(d1, { type: 'publish', source: 'screen', jsep: { type: 'offer', sdp: fakeOffer() } });
    expect((await d1.s.next('publisher_answer', () => true, 10_000)).source).toBe('screen');
    await expect.poll(() => c.state?.presentation).toBe(d1.pid);
    await expect.poll(() => c.roster.find((p) => p.id === d1.pid)?.sharingScreen).toBe(true);

    send(c, { type: 'revoke_floor', grantId: floorOf(c)!.grantId });
    await expect.poll(() => c.state?.presentation ?? null).toBeNull();
    await expect.poll(() => c.roster.find((p) => p.id === d1.pid)?.sharingScreen).toBe(false);
  });

  it('R3.11 a meeting document shown by the floor holder: everyone follows the pages; refused without the right, when busy, or not a PDF of the meeting; stops with the turn', async () => {
    const m = await newMeeting();
    const other = await newMeeting();
    const pdf = await upload(m, 'Báo cáo tình hình kinh tế - xã hội.pdf', 'application/pdf', await pdfOfPages(3));
    const foreign = await upload(other, 'Tài liệu cuộc họp khác.pdf', 'application/pdf', await pdfOfPages(1));
    const c = await enter(chair.client, m);
    const d1 = await enter(delegate1.client, m);
    const d2 = await enter(delegate2.client, m);

    await refused(d1, { type: 'present_document', documentId: pdf, page: 1 }, 'presentation_not_allowed');
    send(c, { type: 'grant_floor', participantId: d1.pid, seconds: 60 });
    await expect.poll(() => floorOf(c)?.participantId).toBe(d1.pid);
    await refused(d1, { type: 'present_document', documentId: foreign, page: 1 }, 'document_not_presentable');
    await refused(d1, { type: 'present_document', documentId: randomUUID(), page: 1 }, 'document_not_presentable');

    send(d1, { type: 'present_document', documentId: pdf, page: 1 });
    await expect.poll(() => d2.state?.document).toEqual({ participantId: d1.pid, documentId: pdf, name: 'Báo cáo tình hình kinh tế - xã hội.pdf', page: 1 });
    // The presentation takes the main frame for everyone (R3.8).
    expect(d2.state?.layout.main).toBe(d1.pid);
    send(d1, { type: 'present_document', documentId: pdf, page: 2 });
    await expect.poll(() => d2.state?.document?.page).toBe(2);
    await expect.poll(() => c.state?.document?.page).toBe(2);
    // Only the presenter turns the pages; a screen does not cover the document.
    await refused(d2, { type: 'present_document', documentId: pdf, page: 3 }, 'presentation_not_allowed');
    await refused(d2, { type: 'stop_document' }, 'presentation_not_allowed');
    send(c, { type: 'allow_presentation', participantId: d2.pid, allowed: true });
    await expect.poll(() => d2.state?.you.may.present).toBe(true);
    await refused(d2, { type: 'present_document', documentId: pdf, page: 3 }, 'presentation_busy');
    send(d2, { type: 'publish', source: 'screen', jsep: { type: 'offer', sdp: fakeOffer() } });
    expect((await d2.s.next('error', (e) => e.request === 'publish')).id).toBe('presentation_busy');
    expect(d2.state?.document?.page).toBe(2);

    // The turn ends: the document stops with it (R3.11).
    send(c, { type: 'revoke_floor', grantId: floorOf(c)!.grantId });
    await expect.poll(() => d2.state?.document ?? null).toBeNull();
    const log = (await events(m)).filter((e) => e.type === 'presentation_started' || e.type === 'presentation_stopped');
    expect(log.map((e) => [e.type, e.data.documentId])).toEqual([
      ['presentation_started', pdf],
      ['presentation_stopped', pdf],
    ]);
    await endMeeting(c);
    expect(errorsOf(c)).toEqual([]);
  });

  it('R3.4 an endpoint’s technician asks for the floor on behalf of a named person in the room; the room is heard', async () => {
    const m = await newMeeting({ withRoom: true });
    const c = await enter(chair.client, m);
    const t = await enter(chairTech.client, m);
    const roomSeat = await enter(roomComputer, m);
    const rt = await enter(roomTech.client, m);
    const d1 = await enter(delegate1.client, m);
    expect(roomSeat.state!.you.role).toBe('endpoint');
    expect(rt.state!.you.role).toBe('endpoint_technician');
    expect(rt.state!.you.may).toMatchObject({ requestOnBehalf: true, requestFloor: false, controlFloor: false });

    // the technician does not ask for themself, and a delegate does not ask for others
    await refused(rt, { type: 'request_floor', topic: '' }, 'meeting_role_forbidden');
    await refused(d1, { type: 'request_floor', topic: '', onBehalfOf: 'Ông Ba' }, 'meeting_role_forbidden');

    send(rt, { type: 'request_floor', topic: 'Tình hình thiên tai', onBehalfOf: 'Ông Y Nuê, Phó Chủ tịch UBND huyện' });
    const speaker = 'Ông Y Nuê, Phó Chủ tịch UBND huyện (Phòng họp trực tuyến UBND huyện Krông Nô)';
    await expect.poll(() => c.state!.queue.map((r) => [r.speaker, r.participantId])).toEqual([[speaker, roomSeat.pid]]);
    await expect.poll(() => t.state!.queue.length).toBe(1);
    await expect.poll(() => rt.state!.queue.map((r) => r.speaker)).toEqual([speaker]); // the one who entered it sees it
    expect(d1.state!.queue).toEqual([]);

    send(t, { type: 'grant_floor', requestId: t.state!.queue[0]!.id, seconds: 120 });
    await expect.poll(() => floorOf(c)).toMatchObject({ participantId: roomSeat.pid, speaker });
    await expect.poll(() => audibleOthers(c)).toEqual([roomSeat.pid]);
    await roomSeat.s.next('notice', (n) => n.id === 'floor_granted_to_you');
    expect((await events(m, 'floor_requested'))[0]).toMatchObject({ userId: roomTech.id, data: { speaker, forParticipantId: roomSeat.pid } });
    await endMeeting(c); // the room is free for the next meeting (R2.3: no double booking)
  });
});

// ------------------------------------------------------------------------------------------------ stale, refused, racing

describe('R3.4 R3.9 stale, refused and racing commands', () => {
  it('R3.4 stale and repeated floor commands are refused and change nothing', async () => {
    const m = await newMeeting();
    const c = await enter(chair.client, m);
    const t = await enter(chairTech.client, m);
    const d1 = await enter(delegate1.client, m);
    const d2 = await enter(delegate2.client, m);

    send(d1, { type: 'request_floor', topic: 'Ý kiến' });
    await expect.poll(() => c.state!.queue.length).toBe(1);
    const withdrawn = c.state!.queue[0]!.id;
    send(d1, { type: 'withdraw_floor', requestId: withdrawn });
    await expect.poll(() => c.state!.queue).toEqual([]);
    let before = await snapshot(m);
    await refused(c, { type: 'grant_floor', requestId: withdrawn, seconds: 60 }, 'floor_request_not_found');
    await refused(d1, { type: 'withdraw_floor', requestId: withdrawn }, 'floor_request_not_found');
    expect(await snapshot(m)).toEqual(before);

    send(c, { type: 'grant_floor', participantId: d2.pid, seconds: 60 });
    await expect.poll(() => floorOf(c)?.participantId).toBe(d2.pid);
    const old = floorOf(c)!.grantId;
    send(c, { type: 'revoke_floor', grantId: old });
    await expect.poll(() => floorOf(c)).toBeNull();

    before = await snapshot(m);
    await refused(c, { type: 'revoke_floor', grantId: old }, 'floor_not_held');
    await refused(t, { type: 'revoke_floor', grantId: old }, 'floor_not_held');
    await refused(t, { type: 'extend_floor', grantId: old, seconds: 60 }, 'floor_not_held');
    expect(await snapshot(m)).toEqual(before);

    // a new turn is not touched by commands about the old one
    send(c, { type: 'grant_floor', participantId: d1.pid, seconds: 60 });
    await expect.poll(() => floorOf(c)?.participantId).toBe(d1.pid);
    before = await snapshot(m);
    await refused(t, { type: 'extend_floor', grantId: old, seconds: 600 }, 'floor_not_held');
    await refused(c, { type: 'revoke_floor', grantId: old }, 'floor_not_held');
    await refused(c, { type: 'grant_floor', participantId: 'khong-co-ai', seconds: 60 }, 'participant_not_found');
    expect(await snapshot(m)).toEqual(before);
    expect(audibleOthers(c)).toEqual([d1.pid]);
    expect(live(m).floorTimers.length).toBe(2); // the current turn still ends by itself
  });

  it('R3.9 a delegate’s chair commands are refused with meeting_role_forbidden or chair_only and change nothing', async () => {
    const m = await newMeeting();
    const c = await enter(chair.client, m);
    const t = await enter(chairTech.client, m);
    const d1 = await enter(delegate1.client, m);
    const d2 = await enter(delegate2.client, m);
    const { seat: stranger } = await knock(outsider.client, m);
    send(d2, { type: 'request_floor', topic: 'Tiến độ' });
    send(d2, { type: 'request_leave', reason: 'Đi công tác' });
    send(c, { type: 'grant_floor', participantId: d1.pid, seconds: 300 });
    await expect.poll(() => floorOf(c)?.participantId).toBe(d1.pid);
    await expect.poll(() => c.state!.queue.length).toBe(1);
    await expect.poll(() => c.state!.lobby.length).toBe(1);
    await expect.poll(() => c.roster.find((p) => p.id === d2.pid)?.leaveRequested).toBe('Đi công tác');
    const grantId = floorOf(c)!.grantId;
    const requestId = c.state!.queue[0]!.id;
    const lobbyId = c.state!.lobby[0]!.lobbyId;
    expect(d1.state!.you.may).toMatchObject({ controlFloor: false, moderate: false, layout: false, record: false, admit: false, technicianChat: false, reportIncident: false, leaveFreely: false });

    const before = await snapshot(m);
    const forbidden: [ClientMessage, ErrorId][] = [
      [{ type: 'grant_floor', requestId, seconds: 60 }, 'meeting_role_forbidden'],
      [{ type: 'grant_floor', participantId: d1.pid, seconds: 60 }, 'meeting_role_forbidden'],
      [{ type: 'extend_floor', grantId, seconds: 600 }, 'meeting_role_forbidden'],
      [{ type: 'revoke_floor', grantId }, 'meeting_role_forbidden'],
      [{ type: 'mute', participantId: d1.pid }, 'meeting_role_forbidden'],
      [{ type: 'mute_all' }, 'meeting_role_forbidden'],
      [{ type: 'remove', participantId: d2.pid, reason: 'thử' }, 'meeting_role_forbidden'],
      [{ type: 'lock', locked: true }, 'meeting_role_forbidden'],
      [{ type: 'set_layout', mode: 'grid', pinned: d1.pid }, 'meeting_role_forbidden'],
      [{ type: 'set_recording', recording: true }, 'meeting_role_forbidden'],
      [{ type: 'admit', lobbyId, asObserver: false }, 'meeting_role_forbidden'],
      [{ type: 'refuse', lobbyId, reason: 'không' }, 'meeting_role_forbidden'],
      [{ type: 'allow_presentation', participantId: d1.pid, allowed: true }, 'meeting_role_forbidden'],
      [{ type: 'chat', channel: 'technicians', text: 'kênh kỹ thuật' }, 'meeting_role_forbidden'],
      [{ type: 'report_incident', cause: 'transmission', detail: 'mất mạng', remedy: 'khởi động lại', expectedMinutes: 5 }, 'meeting_role_forbidden'],
      [{ type: 'consent_leave', participantId: d2.pid, consent: true }, 'chair_only'],
      [{ type: 'end_meeting' }, 'chair_only'],
    ];
    for (const [frame, id] of forbidden) await refused(d1, frame, id);
    // the chair's technician acts for the chair on the floor and layout, but neither records nor consents to leaving
    await refused(t, { type: 'set_recording', recording: true }, 'meeting_role_forbidden');
    await refused(t, { type: 'consent_leave', participantId: d2.pid, consent: true }, 'chair_only');
    await refused(t, { type: 'end_meeting' }, 'chair_only');
    expect(await snapshot(m)).toEqual(before);
    expect(stranger.s.closed).toBe(false);
    expect(d2.s.closed).toBe(false);
    expect(live(m).media.isRecording).toBe(false);
    expect((await server.app.database.db.select().from(meetingEvents).where(eq(meetingEvents.meetingId, m.id))).every((e) => e.type !== 'ended')).toBe(true);
  });

  it('R3.4 the chair and the chair’s technician grant two requests at the same instant: one speaker, a consistent log, the turn still ends by itself', async () => {
    // a third delegate holds the floor before each race, so each grant first ends a turn
    const m = await newMeeting({ alsoInvite: [outsider.id] });
    const c = await enter(chair.client, m);
    const t = await enter(chairTech.client, m);
    const d1 = await enter(delegate1.client, m);
    const d2 = await enter(delegate2.client, m);
    const d3 = await enter(outsider.client, m);
    // with media published, every grant and end waits for Janus: the widest window for interleaving
    for (const seat of [d1, d2, d3]) await publishFake(seat);
    const spy = await spyOn(m);
    const delegates = [d1.pid, d2.pid, d3.pid];

    for (let round = 0; round < 4; round++) {
      const last = round === 3;
      send(c, { type: 'grant_floor', participantId: d3.pid, seconds: 300 });
      await expect.poll(() => floorOf(c)?.participantId).toBe(d3.pid);
      await expect.poll(() => spy.last(d3.pid)).toBe('unmuted');
      send(d1, { type: 'request_floor', topic: `Vòng ${round}` });
      send(d2, { type: 'request_floor', topic: `Vòng ${round}` });
      await expect.poll(() => c.state!.queue.length).toBe(2);
      await expect.poll(() => t.state!.queue.length).toBe(2);
      const [r1, r2] = c.state!.queue;
      const seconds = last ? 10 : 60;
      // both frames leave before either answer: the server receives them at the same instant
      const [a, b] = round % 2 ? [t, c] : [c, t];
      a.s.send({ type: 'grant_floor', requestId: r1!.id, seconds });
      b.s.send({ type: 'grant_floor', requestId: r2!.id, seconds });
      await Promise.all([sync(c), sync(t)]);

      const lm = live(m);
      const holder = lm.state.floor.holder!;
      expect(holder).not.toBeNull();
      expect([d1.pid, d2.pid]).toContain(holder.participantId);
      const other = holder.participantId === d1.pid ? d2.pid : d1.pid;
      // the other request was granted and then replaced, or is still queued
      expect(lm.state.floor.requests.map((r) => r.participantId).filter((p) => p !== other)).toEqual([]);
      // exactly one delegate is audible, on the server and in Janus
      expect([...lm.state.participants.values()].filter((p) => p.role !== 'chair' && p.audible).map((p) => p.id)).toEqual([holder.participantId]);
      await expect.poll(() => audibleOthers(c)).toEqual([holder.participantId]);
      await expect.poll(() => delegates.map((id) => [id, spy.last(id)])).toEqual(delegates.map((id) => [id, id === holder.participantId ? 'unmuted' : 'muted']));
      await expect.poll(() => floorOf(t)?.grantId).toBe(holder.id);
      // the current turn keeps its timers
      expect(lm.floorTimers.length).toBe(2);

      if (!last) {
        send(c, { type: 'revoke_floor', grantId: holder.id });
        for (const r of lm.state.floor.requests) send(c, { type: 'withdraw_floor', requestId: r.id });
        await sync(c);
        expect(lm.state.floor.holder).toBeNull();
        expect(lm.state.floor.requests).toEqual([]);
      } else {
        // the surviving 10 s turn ends by itself
        await expect.poll(() => floorOf(c), { timeout: 13_000 }).toBeNull();
        await expect.poll(() => spy.last(holder.participantId)).toBe('muted');
      }
    }

    // every floor_ended follows the floor_granted of the same grant, once; a grant starts only after the previous ended
    const log = (await events(m)).filter((e) => e.type === 'floor_granted' || e.type === 'floor_ended');
    const granted = new Set<string>();
    const ended = new Set<string>();
    for (const e of log) {
      const grantId = e.data.grantId as string;
      if (e.type === 'floor_granted') {
        expect(granted.has(grantId)).toBe(false);
        expect([...granted].filter((g) => !ended.has(g)), 'a grant starts only after the previous ended').toEqual([]);
        granted.add(grantId);
      } else {
        expect(granted.has(grantId), `floor_ended ${grantId} without floor_granted before it`).toBe(true);
        expect(ended.has(grantId)).toBe(false);
        ended.add(grantId);
      }
    }
    expect(ended.size).toBe(granted.size);
    expect(errorsOf(c, t, d1, d2, d3)).toEqual([]);
  }, 45_000);
});

// ------------------------------------------------------------------------------------------------ R3.3 microphones in Janus

describe('R3.3 microphones are moderated in Janus', () => {
  it('R3.3 a delegate is muted in Janus before their answer leaves; a grant unmutes exactly the speaker; the end mutes again', async () => {
    const m = await newMeeting();
    const c = await enter(chair.client, m);
    const d1 = await enter(delegate1.client, m);
    const d2 = await enter(delegate2.client, m);
    const spy = await spyOn(m);

    await publishFake(c);
    await publishFake(d1);
    await publishFake(d2);
    // the server awaited Janus's answer to `moderate` before relaying the publish answer
    await expect.poll(() => spy.last(d1.pid)).toBe('muted');
    await expect.poll(() => spy.last(d2.pid)).toBe('muted');
    expect(spy.last(c.pid)).toBeUndefined(); // the chair speaks freely
    expect(live(m).state.participantOf(delegate1.id)!.audioMid).toBe('0');

    send(c, { type: 'grant_floor', participantId: d1.pid, seconds: 10 });
    await expect.poll(() => spy.last(d1.pid)).toBe('unmuted');
    expect(spy.last(d2.pid)).toBe('muted');
    await expect.poll(() => spy.last(d1.pid), { timeout: 13_000 }).toBe('muted');
    await expect.poll(() => floorOf(c)).toBeNull();
    expect(spy.moderation.filter((e) => e.id === d2.pid).map((e) => e.moderation)).toEqual(['muted']);
    expect(errorsOf(c, d1, d2)).toEqual([]);
  }, 30_000);

  it('R3.3 the chair mutes one speaker, or everyone but themself; the turn ends with it', async () => {
    const m = await newMeeting();
    const c = await enter(chair.client, m);
    const t = await enter(chairTech.client, m);
    const d1 = await enter(delegate1.client, m);
    const d2 = await enter(delegate2.client, m);
    await publishFake(d1);
    await publishFake(d2);
    const spy = await spyOn(m);

    send(c, { type: 'grant_floor', participantId: d1.pid, seconds: 300 });
    await expect.poll(() => spy.last(d1.pid)).toBe('unmuted');
    send(c, { type: 'mute', participantId: d1.pid });
    await d1.s.next('notice', (n) => n.id === 'muted_by_chair');
    await expect.poll(() => spy.last(d1.pid)).toBe('muted');
    await expect.poll(() => floorOf(c)).toBeNull();
    await expect.poll(() => audibleOthers(c)).toEqual([]);

    send(t, { type: 'grant_floor', participantId: d2.pid, seconds: 300 });
    await expect.poll(() => spy.last(d2.pid)).toBe('unmuted');
    send(t, { type: 'mute_all' });
    await d2.s.next('notice', (n) => n.id === 'muted_by_chair');
    await expect.poll(() => spy.last(d2.pid)).toBe('muted');
    await expect.poll(() => floorOf(c)).toBeNull();
    await expect.poll(() => audibleOthers(c)).toEqual([]);
    expect(c.roster.find((p) => p.id === c.pid)!.audible).toBe(true);
    expect(d1.log.filter((f) => f.type === 'notice' && f.id === 'muted_by_chair').length).toBe(1); // d1 was not audible any more

    const log = await events(m);
    expect(log.filter((e) => e.type === 'muted').map((e) => [e.userId, e.data.userId])).toEqual([
      [chair.id, delegate1.id],
      [chairTech.id, delegate2.id],
    ]);
    expect(log.filter((e) => e.type === 'floor_ended').map((e) => e.data.how)).toEqual(['revoked', 'revoked']);
    expect(errorsOf(c, t, d1, d2)).toEqual([]);
  });
});

// ------------------------------------------------------------------------------------------------ R3.7 leaving

describe('R3.7 leaving early', () => {
  it('R3.7 leaving early is asked of the chair; leaving without consent is recorded with consent:false', async () => {
    const m = await newMeeting();
    const c = await enter(chair.client, m);
    const t = await enter(chairTech.client, m);
    const d1 = await enter(delegate1.client, m);
    const d2 = await enter(delegate2.client, m);
    expect(d1.state!.you.may.leaveFreely).toBe(false);

    await refused(c, { type: 'consent_leave', participantId: d1.pid, consent: true }, 'leave_request_not_found');
    send(d1, { type: 'request_leave', reason: 'Họp Thường trực Tỉnh ủy' });
    expect(await c.s.next('notice', (n) => n.id === 'leave_requested')).toMatchObject({ detail: 'Trần Thị Một' });
    expect(t.log.some((f) => f.type === 'notice' && f.id === 'leave_requested')).toBe(false);
    await expect.poll(() => c.roster.find((p) => p.id === d1.pid)?.leaveRequested).toBe('Họp Thường trực Tỉnh ủy');
    send(c, { type: 'consent_leave', participantId: d1.pid, consent: true });
    await d1.s.next('notice', (n) => n.id === 'leave_consented');
    await expect.poll(() => c.roster.find((p) => p.id === d1.pid)?.leaveRequested).toBeNull();
    send(d1, { type: 'leave' });
    await expect.poll(() => c.roster.some((p) => p.id === d1.pid)).toBe(false);

    send(d2, { type: 'request_leave', reason: 'Việc riêng' });
    await c.s.next('notice', (n) => n.id === 'leave_requested' && n.detail === 'Phạm Văn Hai');
    send(c, { type: 'consent_leave', participantId: d2.pid, consent: false });
    await d2.s.next('notice', (n) => n.id === 'leave_refused');
    send(d2, { type: 'leave' }); // leaves anyway
    await expect.poll(() => c.roster.some((p) => p.id === d2.pid)).toBe(false);

    send(t, { type: 'leave' }); // the chair's technician leaves freely
    await expect.poll(() => c.roster.length).toBe(1);

    const left = (await events(m, 'left')).map((e) => [e.userId, e.data.early, e.data.consent]);
    expect(left).toEqual([
      [delegate1.id, true, true],
      [delegate2.id, true, false],
      [chairTech.id, true, true],
    ]);
    expect((await events(m)).filter((e) => e.type.startsWith('leave_')).map((e) => [e.type, e.userId])).toEqual([
      ['leave_requested', delegate1.id],
      ['leave_consented', chair.id],
      ['leave_requested', delegate2.id],
      ['leave_refused', chair.id],
    ]);
  });
});

// ------------------------------------------------------------------------------------------------ R3.8 layout

describe('R3.8 layout frames', () => {
  it('R3.8 the chair’s technician sets the layout and pins someone; everyone follows; the floor holder takes the main frame when nothing is pinned', async () => {
    const m = await newMeeting();
    const c = await enter(chair.client, m);
    const t = await enter(chairTech.client, m);
    const d1 = await enter(delegate1.client, m);
    const d2 = await enter(delegate2.client, m);
    const everyone = [c, t, d1, d2];
    for (const seat of everyone) expect(seat.state!.layout).toEqual({ mode: 'main', pinned: null, main: c.pid });

    send(t, { type: 'set_layout', mode: 'grid', pinned: d1.pid });
    for (const seat of everyone) await expect.poll(() => seat.state!.layout).toEqual({ mode: 'grid', pinned: d1.pid, main: d1.pid });

    send(c, { type: 'grant_floor', participantId: d2.pid, seconds: 120 });
    await expect.poll(() => floorOf(d2)?.participantId).toBe(d2.pid);
    expect(d2.state!.layout.main).toBe(d1.pid); // the pinned frame stays

    send(t, { type: 'set_layout', mode: 'main', pinned: null });
    for (const seat of everyone) await expect.poll(() => seat.state!.layout).toEqual({ mode: 'main', pinned: null, main: d2.pid });
    send(c, { type: 'revoke_floor', grantId: floorOf(c)!.grantId });
    for (const seat of everyone) await expect.poll(() => seat.state!.layout.main).toBe(c.pid);

    send(t, { type: 'set_layout', mode: 'side_by_side', pinned: d2.pid });
    await expect.poll(() => d1.state!.layout).toEqual({ mode: 'side_by_side', pinned: d2.pid, main: d2.pid });
    await refused(t, { type: 'set_layout', mode: 'grid', pinned: 'khong-co-ai' }, 'participant_not_found');
    expect(live(m).state.layout).toEqual({ mode: 'side_by_side', pinned: d2.pid });
    // the pinned participant leaves: the pin goes with them
    send(d2, { type: 'leave' });
    await expect.poll(() => d1.state!.layout).toEqual({ mode: 'side_by_side', pinned: null, main: c.pid });

    expect((await events(m, 'layout_changed')).map((e) => [e.userId, e.data.mode, e.data.pinned])).toEqual([
      [chairTech.id, 'grid', d1.pid],
      [chairTech.id, 'main', null],
      [chairTech.id, 'side_by_side', d2.pid],
    ]);
  });
});

// ------------------------------------------------------------------------------------------------ R3.10 technicians

describe('R3.10 technicians keep in touch', () => {
  it('R3.10 the technicians’ back-channel reaches the technicians and the chair, never the delegates', async () => {
    const m = await newMeeting({ withRoom: true });
    const c = await enter(chair.client, m);
    const t = await enter(chairTech.client, m);
    const rt = await enter(roomTech.client, m);
    const d1 = await enter(delegate1.client, m);
    const d2 = await enter(delegate2.client, m);
    const { seat: staff } = await knock(staffTech.client, m);
    await expect.poll(() => t.state!.lobby.length).toBe(1);
    send(t, { type: 'admit', lobbyId: t.state!.lobby[0]!.lobbyId, asObserver: true });
    await staff.s.next('joined');

    send(rt, { type: 'chat', channel: 'technicians', text: 'Phòng Krông Nô nghe rõ, hình ảnh tốt' });
    for (const seat of [c, t, rt, staff]) {
      const chat = await seat.s.next('chat', (f) => f.message.channel === 'technicians');
      expect(chat.message).toMatchObject({ fromName: 'Đỗ Văn Phòng', text: 'Phòng Krông Nô nghe rõ, hình ảnh tốt' });
    }
    send(d1, { type: 'chat', channel: 'meeting', text: 'Xin gửi tài liệu' });
    for (const seat of [c, t, rt, staff, d1, d2]) await seat.s.next('chat', (f) => f.message.channel === 'meeting');
    await Promise.all([sync(d1), sync(d2)]);
    for (const seat of [d1, d2]) expect(seat.log.filter((f) => f.type === 'chat').map((f) => (f as Extract<ServerMessage, { type: 'chat' }>).message.channel)).toEqual(['meeting']);
    expect((await events(m, 'chat')).map((e) => [e.userId, e.data.channel])).toEqual([
      [roomTech.id, 'technicians'],
      [delegate1.id, 'meeting'],
    ]);
    await endMeeting(c);
  });

  it('R3.10 an endpoint’s incident report reaches the chair’s technician at once and is in the meeting log', async () => {
    const m = await newMeeting({ withRoom: true });
    const c = await enter(chair.client, m);
    const t = await enter(chairTech.client, m);
    const rt = await enter(roomTech.client, m);
    const d1 = await enter(delegate1.client, m);
    send(rt, { type: 'report_incident', cause: 'transmission', detail: 'Mất kết nối đường truyền cáp quang', remedy: 'Chuyển sang đường 4G dự phòng', expectedMinutes: 10 });
    const incident = await t.s.next('incident', () => true, 2000);
    expect(incident.incident).toMatchObject({ from: 'Đỗ Văn Phòng', participantId: rt.pid, cause: 'transmission', detail: 'Mất kết nối đường truyền cáp quang', remedy: 'Chuyển sang đường 4G dự phòng', expectedMinutes: 10 });
    await c.s.next('incident');
    await sync(d1);
    expect(d1.log.some((f) => f.type === 'incident')).toBe(false);
    await expect.poll(async () => (await events(m, 'incident')).map((e) => [e.userId, e.data.cause, e.data.detail, e.data.expectedMinutes])).toEqual([[roomTech.id, 'transmission', 'Mất kết nối đường truyền cáp quang', 10]]);
    // …and in the incident register (R5.4), at the room its technician operates
    const registered = await server.operator.get(`/api/incidents/${incident.incident.id}`);
    expect(registered.body.incident).toMatchObject({ meeting: { id: m.id }, endpoint: { id: room.id }, cause: 'transmission', status: 'open' });
    await endMeeting(c);
  });
});
