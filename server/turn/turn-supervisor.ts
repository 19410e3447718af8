/**
 * Runs GiaoBan's own TURN server (coturn's `turnserver`, Debian package `coturn`) when TURN_ENABLED=true: writes its
 * configuration under `dataDir/turn/`, spawns it, waits until it listens, and restarts it with backoff if it dies —
 * the same pattern as the Janus supervisor (server/media/janus-supervisor.ts), simpler: a TURN allocation is cheap to
 * make again (a browser whose relay is lost restarts ICE), so coturn is not adopted across server restarts; one left
 * running by a killed server is ended by its pid file and started afresh.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import { generateTurnConfig } from './turn-config';

const READY_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 3_000;
const RESTART_BACKOFF_INITIAL_MS = 250;
const RESTART_BACKOFF_MAX_MS = 5_000;
const HEALTHY_AFTER_MS = 30_000;

export interface TurnSupervisorOptions {
  dataDir: string;
  /** The shared secret, or undefined to use (and create on first start) `dataDir/turn/secret`. */
  secret?: string;
  realm: string;
  port: number;
  tls?: { port: number; certFile: string; keyFile: string };
  relayPorts: [number, number];
  listenIps: string[];
  externalIp?: string;
  allowLoopbackPeers: boolean;
  binary: string;
  logger: Logger;
}

export class TurnSupervisor {
  private child?: ChildProcess;
  private stopping = false;
  private attempt = 0;
  private secretValue?: string;
  private readonly dir: string;

  constructor(private readonly opts: TurnSupervisorOptions) {
    this.dir = path.join(opts.dataDir, 'turn');
  }

  /** The TURN REST shared secret coturn runs with (known after start()). */
  get secret(): string {
    if (!this.secretValue) throw new Error('the TURN server has not started');
    return this.secretValue;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  private get configFile(): string {
    return path.join(this.dir, 'turnserver.conf');
  }

  private get pidFile(): string {
    return path.join(this.dir, 'turnserver.pid');
  }

  async start(): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
    await fs.chmod(this.dir, 0o700);
    this.secretValue = this.opts.secret ?? (await this.loadOrCreateSecret());
    const text = generateTurnConfig({
      secret: this.secretValue,
      realm: this.opts.realm,
      port: this.opts.port,
      ...(this.opts.tls ? { tls: this.opts.tls } : {}),
      relayPorts: this.opts.relayPorts,
      listenIps: this.opts.listenIps,
      ...(this.opts.externalIp ? { externalIp: this.opts.externalIp } : {}),
      allowLoopbackPeers: this.opts.allowLoopbackPeers,
      pidFile: this.pidFile,
      logFile: path.join(this.dir, 'turnserver.log'),
      userDb: path.join(this.dir, 'turndb'),
    });
    const tmp = `${this.configFile}.${process.pid}.tmp`;
    await fs.writeFile(tmp, text, { mode: 0o600 }); // holds the shared secret
    await fs.rename(tmp, this.configFile);
    await this.killStale();
    await this.launch();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
    child.kill('SIGTERM');
    const timedOut = await Promise.race([closed.then(() => false), delay(STOP_TIMEOUT_MS, true)]);
    if (timedOut) {
      child.kill('SIGKILL');
      await closed;
    }
    await fs.rm(this.pidFile, { force: true });
  }

  private async loadOrCreateSecret(): Promise<string> {
    const file = path.join(this.dir, 'secret');
    try {
      await fs.writeFile(file, `${randomBytes(32).toString('base64url')}\n`, { flag: 'wx', mode: 0o600 });
      this.opts.logger.info({ file }, 'created the TURN shared secret');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    await fs.chmod(file, 0o600);
    const secret = (await fs.readFile(file, 'utf8')).trim();
    if (!/^[A-Za-z0-9_-]{16,}$/.test(secret)) throw new Error(`${file} is not a valid TURN secret; delete it to generate a new one`);
    return secret;
  }

  /** A turnserver left by a server that was killed holds our ports: end it, only if it runs our own config file. */
  private async killStale(): Promise<void> {
    const pid = Number((await fs.readFile(this.pidFile, 'utf8').catch(() => '')).trim());
    if (!Number.isInteger(pid) || pid <= 0) return;
    const cmdline = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (!cmdline.split('\0').includes(this.configFile)) return;
    this.opts.logger.warn({ turnPid: pid }, 'ending a TURN server left over from a previous run');
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      return;
    }
    for (let i = 0; i < 100 && (await fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).includes(this.configFile); i++) await delay(20);
  }

  private async launch(): Promise<void> {
    const logFd = openSync(path.join(this.dir, 'turnserver.out'), 'w', 0o600);
    let child: ChildProcess;
    try {
      child = spawn(this.opts.binary, ['-c', this.configFile], { cwd: this.dir, stdio: ['ignore', logFd, logFd] });
    } finally {
      closeSync(logFd);
    }
    this.child = child;
    const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
    const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(`code ${code}, signal ${signal}`)));
    const ready = this.waitListening();
    const first = await Promise.race([
      ready.then(() => null),
      spawnError.then((err) => ((err as NodeJS.ErrnoException).code === 'ENOENT' ? `turnserver not found: install the Debian package coturn (tried "${this.opts.binary}")` : err.message)),
      exited.then((how) => `turnserver exited before listening (${how}); see ${path.join(this.dir, 'turnserver.log')}`),
    ]);
    if (first !== null) {
      child.kill('SIGKILL');
      throw new Error(first);
    }
    const startedAt = Date.now();
    this.opts.logger.info({ turnPid: child.pid, port: this.opts.port, tlsPort: this.opts.tls?.port }, 'turn server is ready');
    child.once('exit', (code, signal) => {
      if (this.stopping || this.child !== child) return;
      if (Date.now() - startedAt > HEALTHY_AFTER_MS) this.attempt = 0;
      this.opts.logger.warn({ turnPid: child.pid, code, signal }, 'turn server died unexpectedly');
      void this.restartLoop();
    });
  }

  private async restartLoop(): Promise<void> {
    while (!this.stopping) {
      const wait = Math.min(RESTART_BACKOFF_INITIAL_MS * 2 ** this.attempt++, RESTART_BACKOFF_MAX_MS);
      await delay(wait);
      if (this.stopping) return;
      try {
        await this.launch();
        return;
      } catch (err) {
        this.opts.logger.error({ err: (err as Error).message }, 'turn server restart failed');
      }
    }
  }

  /** coturn accepts TCP on its TURN port once its listeners are up. */
  private async waitListening(): Promise<void> {
    const host = this.opts.listenIps[0] ?? '127.0.0.1';
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      const ok = await new Promise<boolean>((resolve) => {
        const socket = net.connect({ host, port: this.opts.port });
        socket.setTimeout(500);
        socket.once('connect', () => {
          socket.destroy();
          resolve(true);
        });
        socket.once('error', () => resolve(false));
        socket.once('timeout', () => {
          socket.destroy();
          resolve(false);
        });
      });
      if (ok) return;
      await delay(100);
    }
    throw new Error(`turnserver did not listen on ${host}:${this.opts.port} within ${READY_TIMEOUT_MS / 1000} s`);
  }
}
