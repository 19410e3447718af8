/**
 * Integration tests against the real Janus from the Debian package (/usr/bin/janus): each supervisor gets free
 * loopback ports and a temporary data dir.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  JanusSupervisor,
  MAX_JANUS_DEBUG_LEVEL,
  requestJanusInfo,
  restartDelayMs,
  type JanusEndpoint,
  type JanusExit,
  type JanusProcessState,
} from '../media/janus-supervisor';

const TEST_TIMEOUT_MS = 15_000;

/** Ask the kernel for `count` distinct free loopback ports (listen on port 0, note the port, close). */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<net.Server>((resolve, reject) => {
      const server = net.createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve(server));
    })),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

type JanusMessage = Record<string, any>;

/** Minimal Janus API client: one request at a time is enough here; `ack`s of async requests are skipped. */
async function connectJanus(url: string): Promise<{ request: (body: JanusMessage) => Promise<JanusMessage>; close: () => void }> {
  const ws = new WebSocket(url, 'janus-protocol');
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const waiting = new Map<string, (msg: JanusMessage) => void>();
  ws.on('message', (data) => {
    const msg = JSON.parse(data.toString()) as JanusMessage;
    if (msg.janus === 'ack') return;
    waiting.get(msg.transaction)?.(msg);
  });
  return {
    request: (body) =>
      new Promise((resolve, reject) => {
        const transaction = randomUUID();
        const timer = setTimeout(() => reject(new Error(`no reply to ${JSON.stringify(body.janus)}`)), 5_000);
        waiting.set(transaction, (msg) => {
          clearTimeout(timer);
          waiting.delete(transaction);
          resolve(msg);
        });
        ws.send(JSON.stringify({ ...body, transaction }));
      }),
    close: () => ws.close(),
  };
}

/** Listening TCP sockets on the given ports, as "address:port" in /proc/net/tcp{,6} hex notation. */
async function listeningSockets(ports: number[]): Promise<string[]> {
  const found: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const lines = (await fs.readFile(file, 'utf8')).split('\n').slice(1);
    for (const line of lines) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (!local || state !== '0A') continue; // 0A = LISTEN
      const [addr, portHex] = local.split(':');
      if (ports.includes(Number.parseInt(portHex!, 16))) found.push(`${path.basename(file)} ${addr}`);
    }
  }
  return found;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function nextEvent<T>(supervisor: JanusSupervisor, event: 'ready' | 'exit', timeoutMs = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no '${event}' within ${timeoutMs} ms`)), timeoutMs);
    supervisor.once(event, (value: unknown) => {
      clearTimeout(timer);
      resolve(value as T);
    });
  });
}

describe('JanusSupervisor with the real janus binary', () => {
  let dataDir: string;
  let ports: number[];
  const logLines: string[] = [];
  const logger = pino(
    { level: 'debug' },
    new Writable({
      write(chunk, _encoding, callback) {
        logLines.push(chunk.toString());
        callback();
      },
    }),
  );
  let supervisor: JanusSupervisor;
  let endpoint: JanusEndpoint;
  const states: JanusProcessState[] = [];

  const makeSupervisor = (overrides: Partial<ConstructorParameters<typeof JanusSupervisor>[0]> = {}): JanusSupervisor =>
    new JanusSupervisor({
      dataDir,
      wsPort: ports[0]!,
      httpPort: ports[1]!,
      adminWsPort: ports[2]!,
      adminHttpPort: ports[3]!,
      rtpPortRange: [20000, 20099],
      logger,
      // Level 5 would make Janus print its whole configuration, secrets included: the supervisor caps it at 4.
      debugLevel: 5,
      ...overrides,
    });

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'giaoban-janus-'));
    ports = await freePorts(4);
    supervisor = makeSupervisor();
    supervisor.on('state', (s) => states.push(s));
    endpoint = await supervisor.start();
  }, TEST_TIMEOUT_MS);

  afterAll(async () => {
    await supervisor?.stop();
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  }, TEST_TIMEOUT_MS);

  it('janus supervisor starts Janus, which answers info with the videoroom as its only plugin', async () => {
    expect(states).toEqual(['starting', 'running']);
    expect(supervisor.state).toBe('running');
    expect(supervisor.pid).toBeGreaterThan(0);
    expect(endpoint.url).toBe(`ws://127.0.0.1:${ports[0]}`);
    expect(endpoint.adminUrl).toBe(`ws://127.0.0.1:${ports[2]}`);

    const info = await requestJanusInfo(endpoint.url, 2_000);
    expect(info.name).toMatch(/Janus/);
    expect(info['server-name']).toBe('giaoban');
    expect(Object.keys(info.plugins as object)).toEqual(['janus.plugin.videoroom']);
    expect(Object.keys(info.transports as object).sort()).toEqual(['janus.transport.http', 'janus.transport.websockets']);
    expect(Object.keys(info.events as object)).toEqual([]);
  });

  it('janus supervisor binds every Janus API port to 127.0.0.1 only', async () => {
    // 0100007F is 127.0.0.1 in /proc/net/tcp's little-endian hex; nothing may listen on IPv6 or any other address.
    expect((await listeningSockets(ports)).sort()).toEqual(Array(4).fill('tcp 0100007F'));
  });

  it('janus refuses Janus API requests without the api secret', async () => {
    const client = await connectJanus(endpoint.url);
    try {
      const refused = await client.request({ janus: 'create' });
      expect(refused.janus).toBe('error');
      expect(refused.error.code).toBe(403);
      const wrong = await client.request({ janus: 'create', apisecret: 'not-the-secret' });
      expect(wrong.error?.code).toBe(403);
      const accepted = await client.request({ janus: 'create', apisecret: endpoint.apiSecret });
      expect(accepted.janus).toBe('success');
      await client.request({ janus: 'destroy', session_id: accepted.data.id, apisecret: endpoint.apiSecret });
    } finally {
      client.close();
    }
  });

  it('videoroom lists no rooms (the demo rooms do not exist) and refuses to create one without the admin key', async () => {
    const client = await connectJanus(endpoint.url);
    const apisecret = endpoint.apiSecret;
    try {
      const session = await client.request({ janus: 'create', apisecret });
      const sessionId = session.data.id;
      const handle = await client.request({ janus: 'attach', session_id: sessionId, plugin: 'janus.plugin.videoroom', apisecret });
      expect(handle.janus).toBe('success');
      const message = (body: JanusMessage) =>
        client.request({ janus: 'message', session_id: sessionId, handle_id: handle.data.id, body, apisecret });

      const list = await message({ request: 'list' });
      expect(list.plugindata.data).toMatchObject({ videoroom: 'success', list: [] });
      const demo = await message({ request: 'exists', room: '1234' });
      expect(demo.plugindata.data.exists).toBe(false);

      const refused = await message({ request: 'create', room: 'test-room' });
      expect(refused.plugindata.data.error_code).toBeGreaterThan(0);
      const created = await message({ request: 'create', room: 'test-room', admin_key: endpoint.adminKey, permanent: false });
      expect(created.plugindata.data).toMatchObject({ videoroom: 'created', room: 'test-room' });

      await client.request({ janus: 'destroy', session_id: sessionId, apisecret });
    } finally {
      client.close();
    }
  });

  it('janus supervisor keeps the secrets in a 0600 file and never logs them, even when asked for a verbose Janus', async () => {
    const file = path.join(dataDir, 'janus', 'secrets.json');
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(await fs.readFile(file, 'utf8'));
    expect(saved).toEqual({ apiSecret: endpoint.apiSecret, adminKey: endpoint.adminKey, adminSecret: endpoint.adminSecret });
    for (const name of await fs.readdir(path.join(dataDir, 'janus', 'etc'))) {
      expect((await fs.stat(path.join(dataDir, 'janus', 'etc', name))).mode & 0o777).toBe(0o600);
    }

    // Janus writes its own log (it outlives the server) and dumps its configuration from level 5: capped at 4.
    expect(await fs.readFile(path.join(dataDir, 'janus', 'etc', 'janus.jcfg'), 'utf8')).toContain(`debug_level = ${MAX_JANUS_DEBUG_LEVEL}`);
    await expect.poll(() => logLines.join('')).toContain('JANUS VideoRoom plugin initialized'); // Janus output does reach the logger...
    const janusLog = await fs.readFile(path.join(dataDir, 'janus', 'janus.log'), 'utf8');
    for (const secret of Object.values(saved) as string[]) {
      expect(logLines.join('')).not.toContain(secret); // ...without secrets,
      expect(janusLog).not.toContain(secret); // ...and Janus's own file has none either.
    }
  });

  it('janus supervisor restarts Janus after it dies', async () => {
    const oldPid = supervisor.pid!;
    states.length = 0;
    const exited = nextEvent<JanusExit>(supervisor, 'exit');
    const ready = nextEvent<JanusEndpoint>(supervisor, 'ready');
    process.kill(oldPid, 'SIGKILL');

    expect(await exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(await ready).toEqual(endpoint);
    expect(states).toEqual(['restarting', 'running']);
    expect(supervisor.pid).toBeGreaterThan(0);
    expect(supervisor.pid).not.toBe(oldPid);
    expect(isAlive(oldPid)).toBe(false);
    const info = await requestJanusInfo(endpoint.url, 2_000);
    expect(info.name).toMatch(/Janus/);
  }, TEST_TIMEOUT_MS);

  it('janus supervisor stop() leaves no janus process alive, is idempotent, and a second start reuses the secrets file', async () => {
    const pid = supervisor.pid!;
    const secretsFile = path.join(dataDir, 'janus', 'secrets.json');
    const secretsBefore = await fs.readFile(secretsFile, 'utf8');

    await Promise.all([supervisor.stop(), supervisor.stop()]);
    await supervisor.stop();
    expect(supervisor.state).toBe('stopped');
    expect(supervisor.pid).toBeUndefined();
    expect(isAlive(pid)).toBe(false);
    await expect(requestJanusInfo(endpoint.url, 500)).rejects.toThrow();

    supervisor = makeSupervisor();
    const again = await supervisor.start();
    expect(again).toEqual(endpoint);
    expect(await fs.readFile(secretsFile, 'utf8')).toBe(secretsBefore);
    expect(supervisor.pid).not.toBe(pid);
    expect((await requestJanusInfo(again.url, 2_000)).name).toMatch(/Janus/);
  }, TEST_TIMEOUT_MS);

  it('janus supervisor kills a Janus left over by a crashed server before starting its own', async () => {
    await supervisor.stop();
    // Simulate a server that died without stop(): its Janus still runs, holding the ports, and the pid file remains.
    const etc = path.join(dataDir, 'janus', 'etc');
    const orphan = spawn('janus', [`--configs-folder=${etc}`, `--config=${path.join(etc, 'janus.jcfg')}`], { stdio: 'ignore' });
    const orphanClosed = new Promise((resolve) => orphan.once('close', resolve));
    const deadServer = spawn('true');
    await new Promise((resolve) => deadServer.once('close', resolve));
    const pidFile = path.join(dataDir, 'janus', 'janus.pid');
    await fs.writeFile(pidFile, JSON.stringify({ janusPid: orphan.pid, serverPid: deadServer.pid }));
    for (let i = 0; i < 50; i++) {
      if (await requestJanusInfo(endpoint.url, 500).then(() => true, () => false)) break;
      await new Promise((r) => setTimeout(r, 100));
    }

    supervisor = makeSupervisor();
    await supervisor.start();
    await orphanClosed;
    expect(orphan.signalCode).toBe('SIGKILL');
    expect(supervisor.pid).not.toBe(orphan.pid);
    expect((await requestJanusInfo(endpoint.url, 2_000)).name).toMatch(/Janus/);
  }, TEST_TIMEOUT_MS);

  it('janus supervisor adopts a Janus left running by a killed server when its configuration is unchanged, and keeps watching it', async () => {
    const pidFile = path.join(dataDir, 'janus', 'janus.pid');
    const recorded = JSON.parse(await fs.readFile(pidFile, 'utf8'));
    expect(recorded.configHash).toMatch(/^[0-9a-f]{64}$/);
    await supervisor.stop();
    // A server killed with SIGKILL leaves its Janus running (detached), the pid file with the configuration's hash.
    const etc = path.join(dataDir, 'janus', 'etc');
    const orphan = spawn('janus', [`--configs-folder=${etc}`, `--config=${path.join(etc, 'janus.jcfg')}`], { stdio: 'ignore', detached: true });
    const deadServer = spawn('true');
    await new Promise((resolve) => deadServer.once('close', resolve));
    await fs.writeFile(pidFile, JSON.stringify({ janusPid: orphan.pid, serverPid: deadServer.pid, configHash: recorded.configHash }));
    for (let i = 0; i < 50; i++) {
      if (await requestJanusInfo(endpoint.url, 500).then(() => true, () => false)) break;
      await new Promise((r) => setTimeout(r, 100));
    }

    supervisor = makeSupervisor();
    expect(await supervisor.start()).toEqual(endpoint);
    expect(supervisor.pid).toBe(orphan.pid); // the same Janus: its rooms and sessions are still there
    expect(supervisor.adopted).toBe(true);
    expect(isAlive(orphan.pid!)).toBe(true);
    // It dies: the supervisor notices without being its parent and starts a new one.
    const ready = nextEvent<JanusEndpoint>(supervisor, 'ready');
    process.kill(orphan.pid!, 'SIGKILL');
    await ready;
    expect(supervisor.pid).not.toBe(orphan.pid);
    expect(supervisor.adopted).toBe(false);
    expect((await requestJanusInfo(endpoint.url, 2_000)).name).toMatch(/Janus/);
  }, TEST_TIMEOUT_MS * 2);

  it('janus supervisor refuses to start when a live server already runs Janus from the same data dir', async () => {
    const pid = supervisor.pid;
    const intruder = makeSupervisor();
    await expect(intruder.start()).rejects.toThrow(/another GiaoBan server \(pid \d+\) runs Janus/);
    expect(intruder.state).toBe('stopped');
    expect(supervisor.pid).toBe(pid);
    expect(isAlive(pid!)).toBe(true);
  });

  it('janus supervisor start() rejects with a clear error when the janus binary is missing', async () => {
    const missing = makeSupervisor({ dataDir: path.join(dataDir, 'missing'), janusBinary: path.join(dataDir, 'no-such-janus') });
    await expect(missing.start()).rejects.toThrow('janus binary not found: install the Debian package janus');
    expect(missing.state).toBe('stopped');
    await missing.stop();
  });

  it('janus supervisor start() gives up and kills the process when Janus never answers', async () => {
    // A stand-in binary that runs but never opens the WebSocket port.
    const fake = path.join(dataDir, 'silent-janus.sh');
    await fs.writeFile(fake, '#!/bin/sh\nexec sleep 30\n', { mode: 0o755 });
    const silent = makeSupervisor({ dataDir: path.join(dataDir, 'silent'), janusBinary: fake, readyTimeoutMs: 500, wsPort: (await freePorts(1))[0]! });
    const exited = nextEvent<JanusExit>(silent, 'exit');
    await expect(silent.start()).rejects.toThrow('janus did not answer within 0.5 s');
    expect(await exited).toEqual({ code: null, signal: 'SIGTERM' });
    expect(silent.state).toBe('stopped');
    expect(silent.pid).toBeUndefined();
  });

  it('janus supervisor restart delays double from 250 ms and are capped at 5 s', () => {
    expect([0, 1, 2, 3, 4, 5, 20].map(restartDelayMs)).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000]);
  });
});
