/**
 * Parts of a main-and-backup deployment, started by the tests from Debian's packages (scripts/setup.sh installs
 * them): a NATS server for the instances' bus, and HAProxy in front of the instances, sending each new connection
 * to an instance that answers its health check (and to the other when one dies).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './support';

export interface Started {
  url: string;
  stop(): Promise<void>;
}

function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`nothing listens on ${port} after ${timeoutMs} ms`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

async function stopped(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  proc.kill('SIGTERM');
  await exited;
}

/** Debian's nats-server on a free loopback port. */
export async function startNats(): Promise<Started> {
  const port = await freePort();
  const proc = spawn('/usr/sbin/nats-server', ['-a', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  await waitForPort(port);
  return { url: `nats://127.0.0.1:${port}`, stop: () => stopped(proc) };
}

/**
 * Debian's HAProxy on a free loopback port, balancing new connections over `backends` (round robin) among those whose
 * `/api/health` answers; a connection that finds its backend dead is sent to another (redispatch). WebSockets pass
 * through (tunnel timeout of an hour).
 */
export async function startHaproxy(backends: { name: string; url: string }[]): Promise<Started> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'giaoban-haproxy-'));
  const config = `global
  maxconn 8192

defaults
  mode http
  option forwardfor
  timeout connect 1s
  timeout client 60s
  timeout server 60s
  timeout tunnel 1h
  option redispatch
  retries 3

frontend giaoban
  bind 127.0.0.1:${port}
  default_backend instances

backend instances
  balance roundrobin
  option httpchk GET /api/health
  default-server inter 300ms fall 2 rise 2
${backends.map((b) => `  server ${b.name} ${new URL(b.url).host} check`).join('\n')}
`;
  const file = path.join(dir, 'haproxy.cfg');
  fs.writeFileSync(file, config);
  const proc = spawn('haproxy', ['-f', file, '-db'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let errors = '';
  proc.stderr!.on('data', (d: Buffer) => (errors += d.toString()));
  await waitForPort(port).catch((err: Error) => {
    throw new Error(`${err.message}\n${errors}`);
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      await stopped(proc);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
