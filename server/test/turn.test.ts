/**
 * NAT traversal (R7.1): the server runs its own coturn and hands each signed-in participant time-limited TURN
 * credentials that coturn accepts over UDP, TCP and TLS — and refuses once expired or forged; the shared secret is in
 * no answer and not in the page; nobody signed out gets credentials.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IceServersResponse } from '../../shared/api';
import os from 'node:os';
import pino from 'pino';
import WebSocket from 'ws';
import { JanusSupervisor } from '../media/janus-supervisor';
import { turnCredentials } from '../turn/turn-credentials';
import { createUser, freePort, startTestServer, TestClient, type TestServer } from './support';
import { turnAllocate } from './turn-client';

let server: TestServer;
let turnPort: number;
let tlsPort: number;
beforeAll(async () => {
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
  turnPort = await freePort();
  tlsPort = await freePort();
  const relayFrom = 40000 + Math.floor(Math.random() * 200) * 100;
  server = await startTestServer({
    HTTPS: 'self-signed',
    SERVE_WEB: 'true',
    TURN_ENABLED: 'true',
    TURN_PORT: String(turnPort),
    TURN_TLS_PORT: String(tlsPort),
    TURN_RELAY_PORTS: `${relayFrom}-${relayFrom + 99}`,
    TURN_LISTEN_IPS: '127.0.0.1',
    TURN_HOST: '127.0.0.1',
    TURN_CREDENTIAL_TTL_S: '600',
  });
});
afterAll(() => server?.close());

const secretOf = () => fs.readFileSync(path.join(server.dataDir, 'turn', 'secret'), 'utf8').trim();

describe('TURN (R7.1)', () => {
  it('a signed-in participant gets credentials for UDP, TCP and TLS that coturn accepts; the secret is never sent', async () => {
    const delegate = await createUser(server, 'Nguyễn Văn Chuyển Tiếp', 'Sở Nội vụ TURN');
    const res = await delegate.client.get('/api/media/ice-servers');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('no-store');
    const body = res.body as IceServersResponse;
    expect(body.iceTransportPolicy).toBe('all');
    const [ice] = body.iceServers;
    expect(ice!.urls).toEqual([`turn:127.0.0.1:${turnPort}?transport=udp`, `turn:127.0.0.1:${turnPort}?transport=tcp`, `turns:127.0.0.1:${tlsPort}?transport=tcp`]);
    const [expiry, userId] = ice!.username!.split(':');
    expect(userId).toBe(delegate.id);
    const left = Number(expiry) - Date.now() / 1000;
    expect(left).toBeGreaterThan(590);
    expect(left).toBeLessThanOrEqual(601);
    expect(new Date(body.expiresAt!).getTime()).toBe(Number(expiry) * 1000);

    const secret = secretOf();
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect(JSON.stringify(res.body)).not.toContain(secret);
    const page = await fetch(`${server.url}/`).then((r) => r.text());
    expect(page).not.toContain(secret);
    expect(fs.statSync(path.join(server.dataDir, 'turn', 'turnserver.conf')).mode & 0o077).toBe(0);

    for (const transport of ['udp', 'tcp'] as const) {
      const ok = await turnAllocate('127.0.0.1', turnPort, transport, ice!.username!, ice!.credential!);
      expect(ok, transport).toMatchObject({ ok: true });
    }
    expect(await turnAllocate('127.0.0.1', tlsPort, 'tls', ice!.username!, ice!.credential!)).toMatchObject({ ok: true });

    // a changed password, another user's name with this password, a made-up secret: refused
    expect(await turnAllocate('127.0.0.1', turnPort, 'udp', ice!.username!, `${ice!.credential!.slice(0, -2)}A=`)).toMatchObject({ ok: false, code: 401 });
    expect(await turnAllocate('127.0.0.1', turnPort, 'udp', `${expiry}:someone-else`, ice!.credential!)).toMatchObject({ ok: false, code: 401 });
    const forged = turnCredentials('not-the-secret-0123456789', delegate.id, 600);
    expect(await turnAllocate('127.0.0.1', turnPort, 'udp', forged.username, forged.credential)).toMatchObject({ ok: false, code: 401 });
  });

  it('expired credentials are refused by coturn, fresh ones from the same secret accepted', async () => {
    const secret = secretOf();
    const expired = turnCredentials(secret, 'some-user', 60, new Date(Date.now() - 120_000));
    expect(await turnAllocate('127.0.0.1', turnPort, 'udp', expired.username, expired.credential)).toMatchObject({ ok: false, code: 401 });
    const fresh = turnCredentials(secret, 'some-user', 60);
    expect(await turnAllocate('127.0.0.1', turnPort, 'tcp', fresh.username, fresh.credential)).toMatchObject({ ok: true });
  });

  it('no answer of the server carries the shared secret (every GET route without parameters, as the operator)', async () => {
    const secret = secretOf();
    const urls = [...new Set(server.app.routes.filter((r) => r.method === 'GET' && !r.url.includes(':') && !r.url.includes('*') && r.url.startsWith('/api/')).map((r) => r.url))];
    expect(urls).toContain('/api/media/ice-servers');
    for (const url of urls) {
      const res = await fetch(`${server.url}${url}`, { headers: { cookie: server.operator.cookie ?? '' } });
      const text = await res.text();
      if (url === '/api/media/ice-servers') expect(res.status).toBe(200); // signed in: the answers are the real ones
      expect(text.includes(secret), url).toBe(false);
    }
  });

  it('nobody signed out gets credentials', async () => {
    const anonymous = new TestClient(server.url);
    const res = await anonymous.get('/api/media/ice-servers');
    expect(res.status).toBe(401);
    expect(res.body.error.id).toBe('unauthenticated');
  });

  it('coturn is supervised: killed, it is started again with the same secret', async () => {
    const turn = server.app.turn!;
    const before = turn.pid!;
    process.kill(before, 'SIGKILL');
    const deadline = Date.now() + 10_000;
    while ((turn.pid === before || !(await turnAllocate('127.0.0.1', turnPort, 'tcp', 'x', 'y').then(() => true, () => false))) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(turn.pid).not.toBe(before);
    const fresh = turnCredentials(secretOf(), 'after-restart', 60);
    expect(await turnAllocate('127.0.0.1', turnPort, 'udp', fresh.username, fresh.credential)).toMatchObject({ ok: true });
  });

  it('Janus behind NAT: with its public mapping and the STUN server (our coturn) it starts with full ICE', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'giaoban-janus-nat-'));
    const ports = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    const janus = new JanusSupervisor({
      dataDir,
      wsPort: ports[0]!,
      httpPort: ports[1]!,
      adminWsPort: ports[2]!,
      adminHttpPort: ports[3]!,
      rtpPortRange: [20100, 20199],
      logger: pino({ level: 'silent' }),
      nat: { nat11Mapping: ['203.0.113.10'], keepPrivateHost: true, stunServer: `127.0.0.1:${turnPort}` },
    });
    try {
      const endpoint = await janus.start();
      const info = await new Promise<Record<string, unknown>>((resolve, reject) => {
        const ws = new WebSocket(endpoint.url, 'janus-protocol');
        ws.on('open', () => ws.send(JSON.stringify({ janus: 'info', transaction: 't' })));
        ws.on('message', (data) => {
          ws.close();
          resolve(JSON.parse(String(data)) as Record<string, unknown>);
        });
        ws.on('error', reject);
      });
      // Janus took the configuration: full ICE (a STUN-discovered NAT needs Janus's own checks)
      expect(info['ice-lite']).toBe(false);
      const core = fs.readFileSync(path.join(dataDir, 'janus', 'etc', 'janus.jcfg'), 'utf8');
      expect(core).toContain('nat_1_1_mapping = "203.0.113.10"');
      expect(core).toContain(`stun_port = ${turnPort}`);
    } finally {
      await janus.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
