/**
 * Only the server may talk to Janus (R6.1, R7.1): the Janus GiaoBan spawns listens on no TCP port — its API is a
 * UNIX socket in a folder only the server's user may enter — so nobody else reaches it, not even for `info`
 * (answered without the api secret, with Janus's version); the meetings' media still flows through it.
 */
import fs from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestJanusInfo } from '../media/janus-supervisor';
import { freePort, startTestServer, type TestServer } from './support';

let server: TestServer;
/** The ports the configuration names for Janus's API, admin API and HTTP transport. */
let ports: { ws: number; http: number; adminWs: number; adminHttp: number };
beforeAll(async () => {
  ports = { ws: await freePort(), http: await freePort(), adminWs: await freePort(), adminHttp: await freePort() };
  server = await startTestServer({
    JANUS_WS_PORT: String(ports.ws),
    JANUS_HTTP_PORT: String(ports.http),
    JANUS_ADMIN_WS_PORT: String(ports.adminWs),
    JANUS_ADMIN_HTTP_PORT: String(ports.adminHttp),
  });
});
afterAll(() => server?.close());

/** The TCP sockets a process listens on, from /proc: `address:port` of each. */
function listeningTcp(pid: number): string[] {
  const inodes = new Set(
    fs
      .readdirSync(`/proc/${pid}/fd`)
      .map((fd) => {
        try {
          return /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
        } catch {
          return undefined;
        }
      })
      .filter((x): x is string => Boolean(x)),
  );
  const out: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of fs.readFileSync(table, 'utf8').trim().split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f[3] === '0A' && inodes.has(f[9]!)) out.push(`${f[1]!.split(':')[0]}:${parseInt(f[1]!.split(':')[1]!, 16)}`);
    }
  }
  return out;
}

describe('Janus is the server’s alone (R6.1)', () => {
  it('R6.1 Janus listens on no TCP port: its configured ports answer nobody, not even `info`; its API socket is the server user’s only', async () => {
    const janusPid = (JSON.parse(fs.readFileSync(path.join(server.dataDir, 'janus', 'janus.pid'), 'utf8')) as { janusPid: number }).janusPid;
    expect(fs.existsSync(`/proc/${janusPid}`)).toBe(true);
    expect(listeningTcp(janusPid)).toEqual([]);

    // what the configuration names as Janus's ports: refused
    for (const port of [ports.ws, ports.adminWs]) await expect(requestJanusInfo(`ws://127.0.0.1:${port}`, 1_000)).rejects.toThrow();
    for (const port of [ports.http, ports.adminHttp]) await expect(fetch(`http://127.0.0.1:${port}/janus/info`)).rejects.toThrow();

    // the API's socket, in a folder nobody but the server's user enters
    const socket = path.join(server.dataDir, 'janus', 'api.sock');
    expect(fs.statSync(socket).isSocket()).toBe(true);
    expect(fs.statSync(path.dirname(socket)).mode & 0o077).toBe(0);
    const ws = new WebSocket(`ws+unix://${socket}`, 'janus-protocol');
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    ws.close();

    // and the server's media goes through it
    expect((await fetch(`${server.url}/api/health`).then((r) => r.json())) as { media: string }).toMatchObject({ media: 'available' });
  });
});
