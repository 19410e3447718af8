/**
 * Bad input never gives a 500 (issue 14): each kind of input that did, answered now with a clear 4xx from the
 * catalogue naming the field, over HTTP and on the signaling WebSocket, with nothing half-written and no stack
 * trace in the log. (The fuzz test, fuzz.test.ts, then throws thousands of generated inputs at every route.)
 */
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import { TestSocket, createUser, ensureUnit, startTestServer, type TestServer } from './support';

const log: string[] = [];
let server: TestServer;
let unitId: string;
let endpoint: { id: string; version: number };
let technicianId: string;
let meeting: { id: string; slug: string; version: number };
let chair: Awaited<ReturnType<typeof createUser>>;

beforeAll(async () => {
  server = await startTestServer({ LOG_LEVEL: 'info' }, { logTo: { write: (line: string) => void log.push(line) } });
  unitId = await ensureUnit(server, 'Sở Tài chính');
  chair = await createUser(server, 'Nguyễn Văn Chủ', 'Sở Tài chính');
  technicianId = (await createUser(server, 'Lê Văn Kỹ', 'Sở Tài chính', { role: 'technician' })).id;
  const ep = await server.operator.post('/api/endpoints', { name: 'Phòng họp Sở Tài chính', unitId });
  endpoint = ep.body.endpoint;
  const slug = `bad-input-${randomBytes(3).toString('hex')}`;
  const created = await server.operator.post('/api/meetings', {
    title: 'Họp thử dữ liệu xấu',
    startsAt: new Date(Date.now() - 60_000).toISOString(),
    endsAt: new Date(Date.now() + 3_600_000).toISOString(),
    chairId: chair.id,
    notStateSecret: true,
    emergency: true,
    slug,
    password: 'mat-khau-1',
  });
  meeting = created.body.meeting;
});
afterAll(() => server?.close());

/** A request whose body is sent as it is written (a JSON text with escapes a serialiser would not produce). */
async function raw(method: string, path: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(server.url + path, {
    method,
    headers: { 'content-type': 'application/json', cookie: server.operator.cookie!, 'x-csrf-token': server.operator.csrf!, ...headers },
    body,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const stackTraces = () => log.filter((l) => /"stack"|\n\s+at /.test(l));

describe('HTTP: bad input is a clear 4xx (issue 14)', () => {
  it('a PATCH with nothing to change is refused as such (was "No values to set", a 500)', async () => {
    for (const [path, body] of [
      [`/api/units/${unitId}`, {}],
      [`/api/users/${chair.id}`, {}],
      [`/api/endpoints/${endpoint.id}`, { version: endpoint.version }],
    ] as const) {
      const res = await server.operator.request('PATCH', path, body);
      expect(res.status, path).toBe(400);
      expect(res.body.error.id, path).toBe('validation_failed');
      expect(JSON.stringify(res.body.error.fields), path).toContain('nothing to change');
    }
  });

  it('a NUL character in any text field is text_invalid naming the field, and nothing is stored', async () => {
    const nul = 'Sở\u0000Tài chính';
    const before = (await server.operator.get('/api/units')).body.units.length;
    const cases: [string, string, unknown, string][] = [
      ['POST', '/api/units', { code: 'NUL-1', name: nul }, 'name'],
      ['POST', '/api/users', { name: nul, unitId, email: 'nul@example.vn' }, 'name'],
      ['PATCH', `/api/meetings/${meeting.id}`, { version: meeting.version, title: nul }, 'title'],
      ['PATCH', `/api/meetings/${meeting.id}`, { version: meeting.version, agenda: [{ title: nul, minutes: 10 }] }, 'agenda.0.title'],
      ['POST', '/api/endpoints', { name: 'Phòng họp', unitId, location: nul }, 'location'],
      ['POST', `/api/endpoints/${endpoint.id}/technicians`, { userId: technicianId, contact: `0912${'\u0000'}345` }, 'contact'],
      ['PUT', '/api/holidays/2027-03-08', { kind: 'day_off', name: nul }, 'name'],
    ];
    for (const [method, path, body, field] of cases) {
      const res = await server.operator.request(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(400);
      expect(res.body.error.id, `${method} ${path}`).toBe('text_invalid');
      expect(Object.keys(res.body.error.fields), `${method} ${path}`).toEqual([field]);
    }
    expect((await server.operator.get('/api/units')).body.units.length).toBe(before);
    expect((await server.operator.get(`/api/meetings/${meeting.id}`)).body.meeting.version).toBe(meeting.version);
  });

  it('a %00 in a link address or a query is text_invalid, not a 500', async () => {
    const slug = await server.operator.get('/api/meetings/by-slug/hop%00');
    expect(slug.status).toBe(400);
    expect(slug.body.error.id).toBe('text_invalid');
    expect((await server.operator.get('/api/audit?q=a%00b')).body.error.id).toBe('text_invalid');
  });

  it('a lone UTF-16 surrogate in a JSON string is text_invalid (it broke the audit and event rows)', async () => {
    const res = await raw('POST', '/api/units', '{"code":"SUR-1","name":"S\\ud800 Tài chính"}');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ id: 'text_invalid', fields: { name: expect.stringContaining('surrogate') } });
    // a whole character written as its pair is fine
    const ok = await raw('POST', '/api/units', '{"code":"SUR-2","name":"Sở Tài chính \\ud83c\\uddfb\\ud83c\\uddf3"}');
    expect(ok.status).toBe(201);
  });

  it('a version past the database integer is validation_failed naming it', async () => {
    const res = await server.operator.request('PATCH', `/api/meetings/${meeting.id}`, { version: 2147483648, title: 'Đổi tên' });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toHaveProperty('version');
    expect((await server.operator.request('PATCH', `/api/endpoints/${endpoint.id}`, { version: 2147483648, name: 'Đổi tên' })).body.error.fields).toHaveProperty('version');
  });

  it('a JSON body over the limit is 413 request_too_large (was 400)', async () => {
    const res = await raw('POST', '/api/units', JSON.stringify({ code: 'BIG-1', name: 'x'.repeat(1_100_000) }));
    expect(res.status).toBe(413);
    expect(res.body.error.id).toBe('request_too_large');
  });

  it('none of it left a stack trace in the log', () => {
    expect(stackTraces()).toEqual([]);
  });
});

describe('signaling: bad frames are a clear error frame (issue 14)', () => {
  const joined = async () => {
    const s = await TestSocket.open(server, chair.client);
    s.send({ type: 'join', v: PROTOCOL_VERSION, slug: meeting.slug, password: 'mat-khau-1' });
    await s.next('joined');
    return s;
  };

  it('a NUL or broken Unicode in chat, an SDP or an ICE candidate is refused at once, naming the field; never internal_error', async () => {
    const s = await joined();
    const frames: [unknown, string][] = [
      [{ type: 'chat', channel: 'meeting', text: 'xin\u0000chào' }, 'text'],
      [{ type: 'chat', channel: 'meeting', text: 'xin \uDC00 chào' }, 'text'],
      [{ type: 'publish', jsep: { type: 'offer', sdp: 'v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\u0000\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n' } }, 'jsep.sdp'],
      [{ type: 'trickle', peer: 'publisher', candidate: { candidate: 'candidate:1 1 udp 1 10.0.0.1 9 typ host\uD800', sdpMid: '0' } }, 'candidate.candidate'],
    ];
    for (const [frame, field] of frames) {
      const started = Date.now();
      s.send(frame);
      const error = await s.next('error', () => true, 3_000);
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(error.id).toBe('message_malformed');
      expect(JSON.stringify(error)).not.toContain('internal_error');
    }
    // and the connection is still good for what is well formed
    s.send({ type: 'chat', channel: 'meeting', text: 'Xin chào các đồng chí' });
    expect((await s.next('chat')).message.text).toBe('Xin chào các đồng chí');
    s.close();
  });

  it('a frame over the limit gets an error frame from the catalogue before the close (1009), and one log line, no stack', async () => {
    for (const size of [300 * 1024, 5 * 1024 * 1024]) {
      const ws = new WebSocket(server.url.replace(/^http/, 'ws') + '/ws', { headers: { cookie: chair.client.cookie! } });
      const got: string[] = [];
      ws.on('message', (m) => got.push(m.toString()));
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
      const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
      ws.send(JSON.stringify({ type: 'chat', channel: 'meeting', text: 'x'.repeat(size) }));
      expect(await closed).toBe(1009);
      expect(got.map((m) => JSON.parse(m))).toContainEqual(expect.objectContaining({ type: 'error', id: 'request_too_large' }));
    }
    expect(stackTraces()).toEqual([]);
    expect(log.filter((l) => l.includes('WS_ERR_UNSUPPORTED_MESSAGE_LENGTH')).length).toBe(2);
  });
});
