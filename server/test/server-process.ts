/**
 * GiaoBan run as its own operating-system process, the way `npm start` runs it — for the tests that kill it with
 * SIGKILL and start it again (a restart loses nothing) and that run two instances side by side (main and backup).
 * Each has its own data directory and Janus ports; the database is PGlite in the data directory, or a schema of its
 * own in the PostgreSQL of DATABASE_URL (shared by the instances given the same schema).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './support';

export interface ServerProcessOptions {
  /** Extra environment (INSTANCE_ID, DATABASE_SCHEMA …). */
  env?: Record<string, string>;
  /** Reuse a data directory (another process of the same instance). */
  dataDir?: string;
  /** PostgreSQL to use (a schema of its own is made in it); default DATABASE_URL; null for PGlite. */
  databaseUrl?: string | null;
  /** Name of the data directory's prefix, for finding it when something goes wrong. */
  name?: string;
}

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

/** dist/server/main.mjs exists and no server or shared source is newer (scripts/setup.sh builds it). */
function bundleIsCurrent(): boolean {
  const bundle = path.join(root, 'dist/server/main.mjs');
  if (!fs.existsSync(bundle)) return false;
  const built = fs.statSync(bundle).mtimeMs;
  const newer = (dir: string): boolean =>
    fs.readdirSync(dir, { withFileTypes: true }).some((e) => {
      const p = path.join(dir, e.name);
      return e.isDirectory() ? newer(p) : e.name.endsWith('.ts') && fs.statSync(p).mtimeMs > built;
    });
  return !newer(path.join(root, 'server')) && !newer(path.join(root, 'shared'));
}

/** The test runner's own database settings are not the process's: it gets exactly those in its `env`. */
function withoutDatabase(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { DATABASE_URL: _url, DATABASE_SCHEMA: _schema, ...rest } = env;
  return rest;
}

export class ServerProcess {
  readonly dataDir: string;
  readonly env: Record<string, string>;
  readonly url: string;
  proc?: ChildProcess;
  /** The operator's one-time password, printed at the very first start. */
  initialOperatorPassword?: string;
  /** Everything the process wrote (for diagnosing a failure). */
  readonly output: string[] = [];

  private constructor(dataDir: string, env: Record<string, string>) {
    this.dataDir = dataDir;
    this.env = env;
    this.url = `http://127.0.0.1:${env.PORT}`;
  }

  static async create(opts: ServerProcessOptions = {}): Promise<ServerProcess> {
    const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), `giaoban-${opts.name ?? 'proc'}-`));
    const databaseUrl = opts.databaseUrl === undefined ? process.env.DATABASE_URL : opts.databaseUrl;
    const base = 21000 + Math.floor(Math.random() * 117) * 100;
    const env: Record<string, string> = {
      HOST: '127.0.0.1',
      PORT: String(await freePort()),
      DATA_DIR: dataDir,
      SERVE_WEB: 'true',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
      // tests sign in many accounts from one address; the limits on guessing have tests of their own
      GUESSES_PER_MINUTE: '1000000',
      JANUS_WS_PORT: String(await freePort()),
      JANUS_HTTP_PORT: String(await freePort()),
      JANUS_ADMIN_WS_PORT: String(await freePort()),
      JANUS_ADMIN_HTTP_PORT: String(await freePort()),
      JANUS_RTP_PORTS: `${base}-${base + 99}`,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl, DATABASE_SCHEMA: `gb_proc_${randomBytes(5).toString('hex')}` } : {}),
      ...opts.env,
    };
    return new ServerProcess(dataDir, env);
  }

  /** Start the process; resolves once it prints that it runs (HTTP answers then). Returns ms from spawn. */
  async start(timeoutMs = 60_000): Promise<number> {
    const started = Date.now();
    // The bundle `npm start` runs when it is built and current (scripts/setup.sh); the sources through tsx otherwise.
    const proc = spawn(process.execPath, bundleIsCurrent() ? ['--enable-source-maps', 'dist/server/main.mjs'] : ['--import', 'tsx', 'server/main.ts'], {
      cwd: root,
      env: { ...withoutDatabase(process.env), ...this.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.proc = proc;
    let buffered = '';
    const running = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start within ${timeoutMs} ms:\n${this.output.slice(-30).join('')}`)), timeoutMs);
      const onData = (chunk: Buffer) => {
        const text = chunk.toString();
        this.output.push(text);
        buffered += text;
        const password = /mật khẩu:\s+(\S+)/.exec(buffered);
        if (password) this.initialOperatorPassword ??= password[1];
        if (buffered.includes('is running at')) {
          clearTimeout(timer);
          resolve();
        }
      };
      proc.stdout!.on('data', onData);
      proc.stderr!.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
      proc.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`server exited (code ${code}, signal ${signal}) before it ran:\n${this.output.slice(-30).join('')}`));
      });
    });
    await running;
    return Date.now() - started;
  }

  /** Kill the process (SIGKILL: no cleanup at all, as a crash or `kill -9`); its Janus keeps running. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill(signal);
    await exited;
  }

  /** Stop as an operator does (SIGTERM): the server closes and stops its Janus. */
  async stop(): Promise<void> {
    await this.kill('SIGTERM');
  }

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  /** Janus's pid and secrets, as the server wrote them under its data directory. */
  janus(): { pid: number; url: string; apiSecret: string; adminKey: string } {
    const { janusPid } = JSON.parse(fs.readFileSync(path.join(this.dataDir, 'janus', 'janus.pid'), 'utf8')) as { janusPid: number };
    const secrets = JSON.parse(fs.readFileSync(path.join(this.dataDir, 'janus', 'secrets.json'), 'utf8')) as { apiSecret: string; adminKey: string };
    return { pid: janusPid, url: `ws://127.0.0.1:${this.env.JANUS_WS_PORT}`, ...secrets };
  }

  /** Stop and remove the data directory and the database schema. */
  async dispose(): Promise<void> {
    await this.stop().catch(() => undefined);
    fs.rmSync(this.dataDir, { recursive: true, force: true });
    if (this.env.DATABASE_SCHEMA && this.env.DATABASE_URL) {
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: this.env.DATABASE_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${this.env.DATABASE_SCHEMA}" CASCADE`);
      await client.end();
    }
  }
}
