/**
 * What the benchmarks share: the GiaoBan server started as its own process (`server/main.ts`, as `npm start`
 * runs it, so its CPU and memory are its own) on free ports, and simple statistics.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../server/test/support';

export interface BenchServer {
  child: ChildProcess;
  url: string;
  /** The first operator's one-time password, read from the start-up message. */
  password: string;
  dataDir: string;
  janusWsPort: number;
  stop(): Promise<void>;
}

/** PGlite by default (its WASM Postgres accounts for most of the server's RSS); BENCH_DATABASE_URL measures on PostgreSQL. */
export async function startBenchServer(name: string, rtpPorts: string): Promise<BenchServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `giaoban-bench-${name}-`));
  const janusWsPort = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: String(await freePort()),
    DATA_DIR: dataDir,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    SERVE_WEB: 'true',
    JANUS_WS_PORT: String(janusWsPort),
    // the raw-Janus comparison has the browser talk to Janus directly: its API on a port, not the UNIX socket
    JANUS_API_LISTEN: 'tcp',
    JANUS_HTTP_PORT: String(await freePort()),
    JANUS_ADMIN_WS_PORT: String(await freePort()),
    JANUS_ADMIN_HTTP_PORT: String(await freePort()),
    // below the ephemeral range freePort() draws from, so no API port falls inside
    JANUS_RTP_PORTS: rtpPorts,
  };
  if (process.env.BENCH_DATABASE_URL) env.DATABASE_URL = process.env.BENCH_DATABASE_URL;
  else delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (process.env.BENCH_LOG_LEVEL) process.stderr.write(d);
      const m = /running at (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code})`)));
  });
  const password = /mật khẩu: (\S+)/.exec(out)![1]!;
  return {
    child,
    url,
    password,
    dataDir,
    janusWsPort,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
