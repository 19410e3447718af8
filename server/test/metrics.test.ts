/**
 * Prometheus metrics (issue 17, point 8): `/metrics` answers only with the configured token, counts the live
 * meetings and participants this instance runs, Janus's health, the delivery of live changes and HTTP latency by
 * route pattern — never an address with its ids.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import { TestSocket, createUser, startTestServer, type TestServer } from './support';

const TOKEN = 'metrics-token-for-the-test-0123456789';
let server: TestServer;
const sockets: TestSocket[] = [];

beforeAll(async () => {
  server = await startTestServer({ METRICS_TOKEN: TOKEN });
});
afterAll(async () => {
  sockets.forEach((s) => s.close());
  await server?.close();
});

const scrape = (token?: string) => fetch(`${server.url}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

/** The value of a sample line `name{labels} value`, or undefined. */
function sample(text: string, name: string, labels = ''): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line ? Number(line.split(' ').at(-1)) : undefined;
}

describe('metrics (R3.10, M9.2)', () => {
  it('refuses a scrape without the token or with a wrong one, and tells nothing', async () => {
    for (const token of [undefined, 'metrics-token-for-the-test-0123456780', 'x']) {
      const res = await scrape(token);
      expect(res.status).toBe(401);
      const body = await res.text();
      expect(body).not.toContain('giaoban_');
      expect(JSON.parse(body).error.id).toBe('unauthenticated');
    }
  });

  it('counts the live meeting, its participants, Janus and the delivery of changes; HTTP by route pattern', async () => {
    const before = await (await scrape(TOKEN)).text();
    expect(sample(before, 'giaoban_janus_up')).toBe(1);
    expect(sample(before, 'giaoban_live_meetings')).toBe(0);

    const chair = await createUser(server, 'Nguyễn Văn Đo', 'UBND tỉnh');
    const delegate = await createUser(server, 'Trần Thị Đếm', 'Sở Tài chính');
    const res = await server.operator.post('/api/meetings', {
      title: 'Họp giao ban có số đo',
      startsAt: '2026-12-01T08:00:00+07:00',
      endsAt: '2026-12-01T11:00:00+07:00',
      chairId: chair.id,
      notStateSecret: true,
      emergency: true,
      inviteeIds: [delegate.id],
      slug: `do-${Math.random().toString(36).slice(2, 8)}`,
      password: 'mat-khau-1',
    });
    expect(res.status).toBe(201);
    const meeting = res.body.meeting as { id: string; slug: string };
    for (const person of [chair, delegate]) {
      const s = await TestSocket.open(server, person.client);
      sockets.push(s);
      s.send({ type: 'join', v: PROTOCOL_VERSION, slug: meeting.slug, password: 'mat-khau-1' });
      await s.next('joined');
    }
    await sockets[0]!.rosterWhere((roster) => roster.length === 2);
    expect((await server.operator.get(`/api/meetings/${meeting.id}`)).status).toBe(200);

    const after = await (await scrape(TOKEN)).text();
    expect(sample(after, 'giaoban_live_meetings')).toBe(1);
    expect(sample(after, 'giaoban_live_participants')).toBe(2);
    expect(sample(after, 'giaoban_live_event_delivery_seconds_count')).toBeGreaterThan(0);
    expect(sample(after, 'giaoban_http_request_duration_seconds_count', 'method="GET",route="/api/meetings/:id",status="200"')).toBeGreaterThanOrEqual(1);
    expect(after).not.toContain(meeting.id); // the pattern, not the address
    expect(after).toContain('giaoban_process_resident_memory_bytes');
  });
});
