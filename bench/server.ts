/**
 * What the benchmarks share: the GiaoBan server started as its own process (`ServerProcess`, as `npm start` runs
 * it, so its CPU and memory are its own) on free ports, and simple statistics.
 */
import fs from 'node:fs';
import { ServerProcess } from '../server/test/server-process';

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ on Linux). */
export const TICKS_PER_SECOND = 100;

/** CPU time a process has used so far, in clock ticks (user + system). */
export function cpuTicks(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime + stime
}

/** A process's resident memory, in KB. */
export const rssKb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);

export interface BenchServer {
  process: ServerProcess;
  url: string;
  /** The first operator's one-time password, read from the start-up message. */
  password: string;
  dataDir: string;
  pid: number;
  stop(): Promise<void>;
}

/** PGlite by default (its WASM Postgres accounts for most of the server's RSS); BENCH_DATABASE_URL measures on PostgreSQL. */
export async function startBenchServer(name: string, rtpPorts: string, env: Record<string, string> = {}, databaseUrl: string | null = process.env.BENCH_DATABASE_URL ?? null): Promise<BenchServer> {
  const server = await ServerProcess.create({
    name: `bench-${name}`,
    databaseUrl,
    // the raw-Janus comparisons have the browser talk to Janus directly: its API on a port, not the UNIX socket
    env: { LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn', JANUS_RTP_PORTS: rtpPorts, JANUS_API_LISTEN: 'tcp', ...env },
  });
  await server.start();
  return {
    process: server,
    url: server.url,
    password: server.initialOperatorPassword!,
    dataDir: server.dataDir,
    pid: server.pid!,
    stop: () => server.dispose(),
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
