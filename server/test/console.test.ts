/**
 * The operator's console (R3.10, M9.2): a real server, participants simulated over the meeting WebSocket, the
 * console over its own WebSocket.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { applyConsoleFrame, consoleServerMessage, emptyConsoleView, type ConsoleServerMessage, type ConsoleView } from '../../shared/api';
import { vnDate } from '../../shared/calendar/working-days';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import { auditLog } from '../db/schema';
import { TestSocket, createUser, startTestServer, type TestClient, type TestServer } from './support';

let server: TestServer;
let chair: Awaited<ReturnType<typeof createUser>>;
let chairTech: Awaited<ReturnType<typeof createUser>>;
let delegate: Awaited<ReturnType<typeof createUser>>;
let other: Awaited<ReturnType<typeof createUser>>;
const closers: { close(): void }[] = [];

beforeAll(async () => {
  server = await startTestServer({ LIVE_RESUME_GRACE_S: '2' });
  chair = await createUser(server, 'Nguyễn Văn Chủ', 'UBND tỉnh');
  chairTech = await createUser(server, 'Lê Văn Kỹ', 'Văn phòng UBND tỉnh', { role: 'technician' });
  delegate = await createUser(server, 'Trần Thị Mạng', 'Sở Tài chính');
  other = await createUser(server, 'Phạm Văn Khác', 'Sở Xây dựng', { role: 'organiser' });
});
afterAll(async () => {
  closers.forEach((c) => c.close());
  await server?.close();
});

/** The console as the page holds it, from the frames of its WebSocket. */
class ConsoleSocket {
  view: ConsoleView = emptyConsoleView();
  readonly frames: ConsoleServerMessage[] = [];
  readonly raw: string[] = [];
  closeCode: number | null = null;
  private waiters: (() => void)[] = [];
  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.raw.push(data.toString());
      const frame = consoleServerMessage.parse(JSON.parse(data.toString()));
      this.frames.push(frame);
      this.view = applyConsoleFrame(this.view, frame);
      this.waiters.splice(0).forEach((w) => w());
    });
    ws.on('close', (code) => {
      this.closeCode = code;
      this.waiters.splice(0).forEach((w) => w());
    });
  }

  static async open(client: TestClient | null, origin?: string): Promise<ConsoleSocket> {
    const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/api/console/ws`, { headers: { ...(client?.cookie ? { cookie: client.cookie } : {}), ...(origin ? { origin } : {}) } });
    const socket = new ConsoleSocket(ws);
    closers.push(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return socket;
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  until<T>(test: (c: ConsoleSocket) => T | false | null | undefined, timeoutMs = 8000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the console did not show it within ${timeoutMs} ms: ${JSON.stringify({ meetings: [...this.view.meetings.values()].map((m) => m.title), alarms: [...this.view.alarms.values()].map((a) => a.kind), frames: this.frames.length })}`)), timeoutMs);
      const check = () => {
        const result = test(this);
        if (result) {
          clearTimeout(timer);
          resolve(result);
        } else this.waiters.push(check);
      };
      check();
    });
  }

  error(id: string) {
    return this.until(() => this.frames.find((f) => f.type === 'error' && f.id === id));
  }
}

const dayStart = () => new Date(`${vnDate(new Date())}T00:00:00+07:00`).getTime();

async function book(title: string, startsAt: Date, endsAt: Date) {
  const slug = `console-${Math.random().toString(36).slice(2, 8)}`;
  const res = await server.operator.post('/api/meetings', {
    title,
    startsAt: startsAt.toISOString(),
    endsAt: endsAt.toISOString(),
    chairId: chair.id,
    chairTechnicianId: chairTech.id,
    notStateSecret: true,
    emergency: true,
    inviteeIds: [delegate.id],
    slug,
    password: 'mat-khau-1',
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.meeting.id as string, slug, password: 'mat-khau-1' };
}

async function enter(client: TestClient, m: { slug: string; password: string }) {
  const s = await TestSocket.open(server, client);
  closers.push(s);
  s.send({ type: 'join', v: PROTOCOL_VERSION, slug: m.slug, password: m.password });
  const joined = await s.next('joined');
  return { s, pid: joined.participantId };
}

describe('the operator’s console (R3.10, M9.2)', () => {
  it('shows the meetings under way and those due today, then a participant joining, live', async () => {
    const underWay = await book('Giao ban trực tuyến tháng 12', new Date('2026-12-01T08:00:00+07:00'), new Date(dayStart() + 20 * 3600_000));
    const dueToday = await book('Họp chuẩn bị Tết', new Date(dayStart() + 3600_000), new Date(dayStart() + 2 * 3600_000));
    const tomorrow = await book('Họp ngày mai', new Date(dayStart() + 25 * 3600_000), new Date(dayStart() + 26 * 3600_000));
    await enter(chair.client, underWay);
    await expect.poll(() => server.app.live.liveMeeting(underWay.id)?.state.participants.size).toBe(1);

    const c = await ConsoleSocket.open(server.operator);
    await c.until((x) => x.frames[0]?.type === 'snapshot');
    const first = c.view;
    expect(first.meetings.get(underWay.id)).toMatchObject({ title: 'Giao ban trực tuyến tháng 12', status: 'open', place: 'here', participants: 1, online: 1, hostUnit: expect.any(String) });
    expect(first.meetings.get(dueToday.id)).toMatchObject({ title: 'Họp chuẩn bị Tết', status: 'scheduled', place: 'none', participants: 0 });
    expect(first.meetings.has(tomorrow.id)).toBe(false);
    expect([...first.endpoints.values()].filter((e) => e.meetingId === underWay.id).map((e) => [e.name, e.connection, e.health])).toEqual([['Nguyễn Văn Chủ', 'online', 'unknown']]);
    expect(first.thresholds).toEqual({ lossPercent: 5, rttMs: 500, bitrateDropRatio: 0.25 });

    const d = await enter(delegate.client, underWay);
    await c.until((x) => x.view.meetings.get(underWay.id)?.participants === 2 && x.view.endpoints.get(d.pid));
    expect(c.view.endpoints.get(d.pid)).toMatchObject({ name: 'Trần Thị Mạng', unit: 'Sở Tài chính', kind: 'person', connection: 'online', meetingId: underWay.id });
    // coalesced: never more than about one push a second
    const deltas = c.frames.filter((f) => f.type === 'delta').map((f) => Date.parse(f.at));
    for (let i = 1; i < deltas.length; i++) expect(deltas[i]! - deltas[i - 1]!).toBeGreaterThanOrEqual(900);
    // nothing secret ever reaches the console
    expect(c.raw.join('\n')).not.toMatch(/secret|resume|token|password|admin_key|pin/i);
  });

  it('raises a degrade alarm for high loss and a drop alarm for a lost connection; an operator acknowledges one for all', async () => {
    const m = await book('Họp ứng phó thiên tai', new Date('2026-12-01T08:00:00+07:00'), new Date(dayStart() + 20 * 3600_000));
    await enter(chair.client, m);
    const d = await enter(delegate.client, m);
    const c = await ConsoleSocket.open(server.operator);
    await c.until((x) => x.view.endpoints.get(d.pid));

    d.s.send({ type: 'stats', sendKbps: 900, receiveKbps: 1500, lossPercent: 18.5, jitterMs: 12, rttMs: 90 });
    const loss = await c.until((x) => [...x.view.alarms.values()].find((a) => a.participantId === d.pid && a.kind === 'loss'));
    expect(loss).toMatchObject({ meetingId: m.id, meetingTitle: 'Họp ứng phó thiên tai', name: 'Trần Thị Mạng', value: 18.5, threshold: 5, acknowledgedAt: null });
    expect(c.view.endpoints.get(d.pid)).toMatchObject({ health: 'poor', lossPercent: 18.5, rttMs: 90, sendKbps: 900 });
    await c.until((x) => x.view.meetings.get(m.id)?.poor === 1);

    // a second operator's console sees the acknowledgement
    const second = await ConsoleSocket.open(server.operator);
    await second.until((x) => x.view.alarms.get(loss.id));
    c.send({ type: 'ack', alarmId: loss.id });
    await second.until((x) => x.view.alarms.get(loss.id)?.acknowledgedAt);
    expect(second.view.alarms.get(loss.id)?.acknowledgedBy).toBeTruthy();
    const audited = await server.app.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'console.alarm_acknowledged'), eq(auditLog.targetId, m.id)));
    expect(audited).toHaveLength(1);

    // the connection is lost (no close frame): dropped at once, then not back within the grace
    d.s.ws.terminate();
    const dropped = await c.until((x) => [...x.view.alarms.values()].find((a) => a.participantId === d.pid && a.kind === 'dropped'));
    expect(dropped).toMatchObject({ name: 'Trần Thị Mạng', meetingId: m.id });
    await c.until((x) => x.view.endpoints.get(d.pid)?.health === 'dropped' && x.view.meetings.get(m.id)?.dropped === 1);
    await c.until((x) => [...x.view.alarms.values()].find((a) => a.participantId === d.pid && a.kind === 'not_returned'));
    await c.until((x) => !x.view.endpoints.has(d.pid) && x.view.meetings.get(m.id)?.participants === 1);
  });

  it('shows an incident reported in a meeting among the open incidents', async () => {
    const m = await book('Họp kiểm tra đường truyền', new Date('2026-12-01T08:00:00+07:00'), new Date(dayStart() + 20 * 3600_000));
    await enter(chair.client, m);
    const t = await enter(chairTech.client, m);
    const c = await ConsoleSocket.open(server.operator);
    await c.until((x) => x.view.endpoints.get(t.pid));
    t.s.send({ type: 'report_incident', cause: 'transmission', detail: 'Mất kết nối cáp quang', remedy: 'Chuyển sang 4G dự phòng', expectedMinutes: 10 });
    const incident = await c.until((x) => [...x.view.incidents.values()].find((i) => i.meetingId === m.id));
    expect(incident).toMatchObject({ meetingTitle: 'Họp kiểm tra đường truyền', cause: 'transmission: Mất kết nối cáp quang', remedy: 'Chuyển sang 4G dự phòng', expectedMinutes: 10 });
    expect(incident.from).toContain('Lê Văn Kỹ');
    // a console opened later reads it from the incident register, with the same id
    const later = await ConsoleSocket.open(server.operator);
    await later.until((x) => x.view.incidents.get(incident.id));
  });

  it('shows an incident raised outside any meeting at once, and drops it once resolved (R5.4)', async () => {
    const c = await ConsoleSocket.open(server.operator);
    await c.until((x) => x.frames[0]?.type === 'snapshot');
    const raised = await server.operator.post('/api/incidents', { unitId: chair.unitId, cause: 'endpoint_equipment', detail: 'Máy chiếu phòng họp số 2 hỏng bóng đèn' });
    expect(raised.status, JSON.stringify(raised.body)).toBe(201);
    const id = raised.body.incident.id as string;
    const shown = await c.until((x) => x.view.incidents.get(id));
    expect(shown).toMatchObject({ meetingId: null, cause: 'endpoint_equipment: Máy chiếu phòng họp số 2 hỏng bóng đèn' });
    const resolved = await server.operator.post(`/api/incidents/${id}/resolve`, { version: raised.body.incident.version, resolution: 'Đã thay bóng đèn máy chiếu' });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
    await c.until((x) => !x.view.incidents.has(id), 15_000);
  });

  it('refuses anyone but the operator, and bad frames, with the catalogue’s errors', async () => {
    const refused = await ConsoleSocket.open(other.client);
    await refused.error('console_operator_only');
    await refused.until((x) => x.closeCode === 4403);
    expect(refused.frames.some((f) => f.type === 'snapshot')).toBe(false);

    const anonymous = await ConsoleSocket.open(null);
    await anonymous.error('unauthenticated');
    await anonymous.until((x) => x.closeCode === 4401);

    const foreign = await ConsoleSocket.open(server.operator, 'https://evil.example');
    await foreign.error('forbidden');

    const c = await ConsoleSocket.open(server.operator);
    await c.until((x) => x.frames[0]?.type === 'snapshot');
    c.send('not json');
    await c.error('message_malformed');
    c.send({ type: 'delete_everything' });
    await c.error('message_unknown');
    c.send({ type: 'ack', alarmId: 'not-a-uuid' });
    await c.until((x) => x.frames.filter((f) => f.type === 'error' && f.id === 'message_malformed').length === 2);
    c.send({ type: 'ack', alarmId: '00000000-0000-4000-8000-000000000000' });
    await c.error('console_alarm_not_found');
    c.send('x'.repeat(10_000));
    await c.until((x) => x.frames.filter((f) => f.type === 'error' && f.id === 'message_malformed').length === 3);
    expect(c.closeCode).toBeNull(); // still usable
  });
});
