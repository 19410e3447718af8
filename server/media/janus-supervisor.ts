/**
 * Runs GiaoBan's own Janus: writes its configuration under `dataDir/janus/`, spawns the Debian `janus` binary
 * (detached, output in `janus.log`), waits until its WebSocket API answers, and restarts it with backoff if it dies.
 * A Janus left running by a server that was killed is adopted by the next one when its configuration is unchanged,
 * so that a restart of the server does not interrupt the media of meetings in progress. The rest of the server only
 * sees {@link JanusEndpoint} (where to connect and with which secrets) and the `'ready'` / `'state'` events.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { closeSync, openSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import WebSocket from 'ws';
import { z } from 'zod';
import { debianJanusModuleFolders, generateJanusConfig, JANUS_CONFIG_FILES, type JanusModuleFolders } from './janus-config';

/** How long `start()` (and each restart) waits for Janus to answer `info` before giving up. */
export const DEFAULT_READY_TIMEOUT_MS = 10_000;
/** How long `stop()` waits after SIGTERM before sending SIGKILL. */
export const DEFAULT_STOP_TIMEOUT_MS = 5_000;
/** First restart delay; doubled after each consecutive crash, capped at {@link RESTART_BACKOFF_MAX_MS}. */
export const RESTART_BACKOFF_INITIAL_MS = 250;
export const RESTART_BACKOFF_MAX_MS = 5_000;
/** A Janus that stayed up this long is considered healthy again: the next crash restarts it after the initial delay. */
export const RESTART_BACKOFF_RESET_AFTER_MS = 30_000;

/** Pause between two readiness probes while Janus is loading its plugins. */
const READY_POLL_INTERVAL_MS = 100;
/** One probe (connect + info round trip) on loopback is a few ms; a stuck one must not eat the whole ready budget. */
const READY_PROBE_TIMEOUT_MS = 1_000;
/** Lines of Janus output kept to explain a failed start in the error message. */
const OUTPUT_TAIL_LINES = 15;

/** Options of {@link JanusSupervisor}. */
export interface JanusSupervisorOptions {
  /** GiaoBan's data folder (e.g. ./data); everything goes under `dataDir/janus/`. */
  dataDir: string;
  /** Janus API over WebSocket, on 127.0.0.1. */
  wsPort: number;
  /** Janus API over HTTP (/janus), on 127.0.0.1. */
  httpPort: number;
  /** Admin API over WebSocket, on 127.0.0.1. */
  adminWsPort: number;
  /** Admin API over HTTP (/admin), on 127.0.0.1. */
  adminHttpPort: number;
  /** UDP ports Janus may use for media, inclusive. Must be open in the firewall. */
  rtpPortRange: [number, number];
  /** Receives supervisor events and Janus output (debug); used as given, so bind `component` yourself. */
  logger: Logger;
  /** Path or name (looked up in PATH) of the Janus executable; default `janus`. */
  janusBinary?: string;
  /** Janus log verbosity 0-7, default 4. Janus output is logged at pino `debug` level, secrets redacted. */
  debugLevel?: number;
  /** Default {@link DEFAULT_READY_TIMEOUT_MS}. */
  readyTimeoutMs?: number;
  /** Default {@link DEFAULT_STOP_TIMEOUT_MS}. */
  stopTimeoutMs?: number;
  /** Module folders; default the Debian package's. */
  moduleFolders?: JanusModuleFolders;
  /**
   * `unix`: the Janus API on `dataDir/janus/api.sock` only (the folder is 0700), no TCP port and no admin API, so
   * that nothing but this server reaches Janus; `tcp` (default): the ports above, on 127.0.0.1.
   */
  apiListen?: 'unix' | 'tcp';
  /** Janus behind NAT (R7.1): public address mapping and STUN; unset on one machine or a LAN (janus-config.ts). */
  nat?: { nat11Mapping: string[]; keepPrivateHost: boolean; stunServer?: string };
}

/** Where and how the server talks to the running Janus. */
export interface JanusEndpoint {
  /** Janus API, e.g. `ws://127.0.0.1:8188` (subprotocol `janus-protocol`). */
  url: string;
  /** Admin API, e.g. `ws://127.0.0.1:7188` (subprotocol `janus-admin-protocol`). */
  adminUrl: string;
  /** `apisecret` every Janus API request must carry. */
  apiSecret: string;
  /** VideoRoom `admin_key`, needed to create rooms and RTP forwarders. */
  adminKey: string;
  /** `admin_secret` for the Admin API. */
  adminSecret: string;
}

/** Lifecycle of the supervised process; see {@link JanusSupervisor}. */
export type JanusProcessState = 'stopped' | 'starting' | 'running' | 'restarting' | 'stopping';

/** Payload of the `'exit'` event: as in ChildProcess `'close'`. */
export interface JanusExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Events of {@link JanusSupervisor}. */
export interface JanusSupervisorEvents {
  /** Every state change. */
  state: [JanusProcessState];
  /** Janus answered after a start or restart. After a restart, clients must create new sessions and rooms. */
  ready: [JanusEndpoint];
  /** A Janus process ended, whether expected (stop) or not. */
  exit: [JanusExit];
}

const secretsSchema = z.object({
  apiSecret: z.string().regex(/^[A-Za-z0-9_-]{16,256}$/),
  adminKey: z.string().regex(/^[A-Za-z0-9_-]{16,256}$/),
  adminSecret: z.string().regex(/^[A-Za-z0-9_-]{16,256}$/),
});
type JanusSecrets = z.infer<typeof secretsSchema>;

const port = z.number().int().min(1).max(65535);
const optionsSchema = z.object({
  dataDir: z.string().min(1),
  wsPort: port,
  httpPort: port,
  adminWsPort: port,
  adminHttpPort: port,
  rtpPortRange: z.tuple([port, port]),
  janusBinary: z.string().min(1).default('janus'),
  debugLevel: z.number().int().min(0).max(7).default(4),
  readyTimeoutMs: z.number().int().positive().default(DEFAULT_READY_TIMEOUT_MS),
  stopTimeoutMs: z.number().int().positive().default(DEFAULT_STOP_TIMEOUT_MS),
  apiListen: z.enum(['unix', 'tcp']).default('tcp'),
  nat: z.object({ nat11Mapping: z.array(z.string()), keepPrivateHost: z.boolean(), stunServer: z.string().optional() }).optional(),
});
/**
 * `dataDir/janus/janus.pid`: which Janus we spawned, from which server process, with which configuration (a hash of
 * the generated files): a later server adopts that Janus only when its configuration is the same.
 */
const pidFileSchema = z.object({ janusPid: z.number().int().min(2), serverPid: z.number().int().min(1), configHash: z.string().optional() });
/** How often an adopted Janus (not our child: no exit event) is checked for being alive. */
const ADOPTED_POLL_MS = 250;
/** How often new lines of janus.log are read and passed on to our logger. */
const LOG_TAIL_MS = 250;
/**
 * Janus writes its own log file (it must outlive the server), and from level 5 on it prints its configuration with
 * the API secret and admin key in it: no secret may reach a log, so the level is capped here.
 */
export const MAX_JANUS_DEBUG_LEVEL = 4;

type ResolvedOptions = z.infer<typeof optionsSchema> & { moduleFolders: JanusModuleFolders };

/** One Janus process — spawned by us, or adopted from a previous server — and what we know about it. */
interface JanusChild {
  /** Our child process; undefined for a Janus adopted from a previous run of the server. */
  proc?: ChildProcess;
  pid: number | undefined;
  /** Resolves when the process has exited and its output is drained. */
  closed: Promise<JanusExit>;
  exit?: JanusExit;
  /** Set when spawn itself failed (ENOENT, EACCES). */
  spawnError?: NodeJS.ErrnoException;
  readyAt?: number;
  terminating?: Promise<void>;
  /** Last lines of output (redacted), to explain a failed start. */
  tail: string[];
}

/** Thrown inside a launch when stop() interrupted it. */
class LaunchCancelled extends Error {}

/** Parent pid of a process, from /proc/<pid>/stat (the command name in parentheses may itself contain spaces). */
async function parentPid(pid: number): Promise<number | undefined> {
  const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // state, ppid, …
  const ppid = Number(fields[1]);
  return Number.isInteger(ppid) ? ppid : undefined;
}

/** Delay before restart number `attempt` (0-based): 250 ms, 500 ms, 1 s, 2 s, 4 s, then 5 s. */
export function restartDelayMs(attempt: number): number {
  return Math.min(RESTART_BACKOFF_INITIAL_MS * 2 ** attempt, RESTART_BACKOFF_MAX_MS);
}

/**
 * Send `{"janus":"info"}` over the Janus WebSocket API and resolve with the `server_info` reply. `info` is one of the
 * few requests Janus answers without the api secret, which makes it a cheap liveness probe.
 */
export function requestJanusInfo(url: string, timeoutMs: number): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const transaction = randomUUID();
    const ws = new WebSocket(url, 'janus-protocol', { handshakeTimeout: timeoutMs });
    const finish = (err: Error | undefined, info?: Record<string, unknown>): void => {
      clearTimeout(timer);
      ws.removeAllListeners();
      ws.on('error', () => {}); // a late error after terminate() must not become an unhandled 'error' event
      ws.terminate();
      if (err) reject(err);
      else resolve(info!);
    };
    const timer = setTimeout(() => finish(new Error(`no info reply from ${url} within ${timeoutMs} ms`)), timeoutMs);
    ws.on('open', () => ws.send(JSON.stringify({ janus: 'info', transaction })));
    ws.on('message', (data) => {
      let msg: unknown;
      try {
        msg = JSON.parse(data.toString());
      } catch {
        return;
      }
      const m = msg as Record<string, unknown>;
      if (m && m.transaction === transaction && m.janus === 'server_info') finish(undefined, m);
    });
    ws.on('error', (err) => finish(err));
    ws.on('close', () => finish(new Error(`${url} closed the connection before answering info`)));
  });
}

/**
 * Supervises one Janus process. States: `stopped` → `starting` → `running`; an unexpected exit goes `running` →
 * `restarting` → `running` (retrying with backoff for as long as it takes); `stop()` goes through `stopping` to
 * `stopped` from any state. A restarted Janus has lost every session and room: listen to `'ready'` to recreate them.
 */
export class JanusSupervisor extends EventEmitter<JanusSupervisorEvents> {
  private readonly opts: ResolvedOptions;
  private readonly log: Logger;
  private readonly janusDir: string;
  private readonly etcDir: string;
  private readonly secretsFile: string;
  private readonly pidFile: string;

  private currentState: JanusProcessState = 'stopped';
  private secrets: JanusSecrets | undefined;
  private child: JanusChild | undefined;
  /** Aborted by stop(): cancels backoff sleeps and readiness polling of the current run. */
  private runAbort = new AbortController();
  private startPromise: Promise<JanusEndpoint> | undefined;
  private stopPromise: Promise<void> | undefined;
  /** The restart launch (spawn + wait for ready) under way, so stop() can wait until it has cleaned up. */
  private launching: Promise<unknown> | undefined;
  /** Consecutive crashes since Janus last stayed up RESTART_BACKOFF_RESET_AFTER_MS. */
  private restartAttempt = 0;
  /** Hash of the configuration written at start; recorded in the pid file. */
  private configHash = '';
  /** The running Janus was adopted from a previous server (its rooms and sessions may still be there). */
  private adoptedJanus = false;

  constructor(options: JanusSupervisorOptions) {
    super();
    const { logger, moduleFolders, ...rest } = options;
    this.opts = { ...optionsSchema.parse(rest), moduleFolders: moduleFolders ?? debianJanusModuleFolders };
    // Used as given: the caller decides the bindings (app.ts already adds component: 'janus').
    this.log = logger;
    this.janusDir = path.resolve(this.opts.dataDir, 'janus');
    this.etcDir = path.join(this.janusDir, 'etc');
    this.secretsFile = path.join(this.janusDir, 'secrets.json');
    this.pidFile = path.join(this.janusDir, 'janus.pid');
  }

  /** Current lifecycle state. */
  get state(): JanusProcessState {
    return this.currentState;
  }

  /** The running Janus was left by a previous server process and taken over, not started by this one. */
  get adopted(): boolean {
    return this.adoptedJanus && this.child !== undefined && !this.child.exit;
  }

  /** PID of the current Janus process, if one is running (or being started). */
  get pid(): number | undefined {
    return this.child?.exit ? undefined : this.child?.pid;
  }

  /**
   * Start Janus and resolve once its WebSocket API answers. Calling it while starting or running returns the same
   * endpoint; while restarting it waits for the next `'ready'`.
   * @throws Error `janus binary not found: …` when the executable is missing, `janus did not answer within 10 s` when
   *   it starts but never answers, or `janus exited …` when it dies during start-up (bad config, port in use).
   */
  start(): Promise<JanusEndpoint> {
    switch (this.currentState) {
      case 'running':
        return Promise.resolve(this.endpoint());
      case 'starting':
        return this.startPromise!;
      case 'restarting':
        return this.nextReady();
      case 'stopping':
        return this.stopPromise!.then(() => this.start());
      case 'stopped':
        break;
    }
    this.runAbort = new AbortController();
    this.restartAttempt = 0;
    this.setState('starting');
    const signal = this.runAbort.signal;
    const startPromise: Promise<JanusEndpoint> = (async () => {
      try {
        await fs.mkdir(this.janusDir, { recursive: true, mode: 0o700 });
        // the API's socket is reachable by whoever may enter its folder: the server's user only
        if (this.apiSocket) await fs.chmod(this.janusDir, 0o700);
        this.secrets = await this.loadOrCreateSecrets();
        this.configHash = await this.writeConfig();
        const adopted = await this.adoptOrKillStale();
        if (!adopted) await this.launch(signal);
        if (signal.aborted) throw new LaunchCancelled();
      } catch (err) {
        // If stop() interrupted us, it owns the transition to 'stopped' (and a later start() may own the state now).
        if (!signal.aborted) this.setState('stopped');
        if (err instanceof LaunchCancelled || signal.aborted) throw new Error('janus start was cancelled by stop()');
        throw err;
      }
      this.setState('running');
      const endpoint = this.endpoint();
      this.emit('ready', endpoint);
      return endpoint;
    })().finally(() => {
      if (this.startPromise === startPromise) this.startPromise = undefined;
    });
    this.startPromise = startPromise;
    return startPromise;
  }

  /** Stop Janus (SIGTERM, then SIGKILL after `stopTimeoutMs`) and do not restart it. Safe to call at any time. */
  stop(): Promise<void> {
    if (this.stopPromise) return this.stopPromise;
    if (this.currentState === 'stopped') return Promise.resolve();
    this.setState('stopping');
    this.runAbort.abort();
    const starting = this.startPromise;
    this.stopPromise = (async () => {
      const child = this.child;
      if (child) await this.terminate(child);
      // A start or restart that had not spawned yet sees the abort and gives up (launch() checks the signal right
      // before spawning); wait for it so nothing is left running once we report 'stopped'.
      await starting?.catch(() => {});
      await this.launching?.catch(() => {});
      await fs.rm(this.pidFile, { force: true }).catch(() => {});
      this.setState('stopped');
    })().finally(() => {
      this.stopPromise = undefined;
    });
    return this.stopPromise;
  }

  /** The UNIX socket of the Janus API, when it listens on one. */
  private get apiSocket(): string | undefined {
    return this.opts.apiListen === 'unix' ? path.join(this.janusDir, 'api.sock') : undefined;
  }

  /** `ws+unix://<socket>` (the ws library's address of a UNIX socket) or the loopback port. */
  private apiUrl(): string {
    return this.apiSocket ? `ws+unix://${this.apiSocket}` : `ws://127.0.0.1:${this.opts.wsPort}`;
  }

  private endpoint(): JanusEndpoint {
    const s = this.secrets!;
    return {
      url: this.apiUrl(),
      adminUrl: this.apiSocket ? '' : `ws://127.0.0.1:${this.opts.adminWsPort}`,
      apiSecret: s.apiSecret,
      adminKey: s.adminKey,
      adminSecret: s.adminSecret,
    };
  }

  private setState(state: JanusProcessState): void {
    if (state === this.currentState) return;
    this.currentState = state;
    this.emit('state', state);
  }

  private nextReady(): Promise<JanusEndpoint> {
    return new Promise((resolve, reject) => {
      const onReady = (endpoint: JanusEndpoint): void => {
        this.off('state', onState);
        resolve(endpoint);
      };
      const onState = (state: JanusProcessState): void => {
        if (state !== 'stopping' && state !== 'stopped') return;
        this.off('ready', onReady);
        this.off('state', onState);
        reject(new Error('janus start was cancelled by stop()'));
      };
      this.once('ready', onReady);
      this.on('state', onState);
    });
  }

  /** Secrets are created once per install and reused, so external tools configured with them keep working. */
  private async loadOrCreateSecrets(): Promise<JanusSecrets> {
    const fresh: JanusSecrets = {
      apiSecret: randomBytes(32).toString('base64url'),
      adminKey: randomBytes(32).toString('base64url'),
      adminSecret: randomBytes(32).toString('base64url'),
    };
    try {
      // 'wx' fails if the file exists, so two servers sharing a data dir cannot overwrite each other's secrets.
      await fs.writeFile(this.secretsFile, `${JSON.stringify(fresh, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
      this.log.info({ file: this.secretsFile }, 'created Janus secrets');
      return fresh;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    // Tighten permissions in case the file was copied around with a permissive umask.
    await fs.chmod(this.secretsFile, 0o600);
    let parsed: unknown;
    try {
      parsed = JSON.parse(await fs.readFile(this.secretsFile, 'utf8'));
    } catch {
      parsed = undefined;
    }
    const result = secretsSchema.safeParse(parsed);
    if (!result.success) {
      // Do not silently replace it: the operator may have configured other tools with these secrets.
      throw new Error(`${this.secretsFile} is not a valid Janus secrets file; delete it to generate new secrets`);
    }
    return result.data;
  }

  /**
   * A Janus left running by a previous server process that died without stop() (SIGKILL, a crash): when it runs our
   * configuration unchanged and answers, it is adopted — its rooms and sessions are still there, and the media of
   * meetings in progress never stopped (docs/ARCHITECTURE.md, "A restart loses nothing"). Otherwise it is killed:
   * it would hold our ports. Only a process whose command line names our own configs folder is touched, and only if
   * the server that spawned it is gone: if that server is still its parent, a second server was started on the same
   * data dir, which must fail rather than fight the first one over Janus.
   */
  private async adoptOrKillStale(): Promise<boolean> {
    let recorded: z.infer<typeof pidFileSchema> | undefined;
    try {
      recorded = pidFileSchema.parse(JSON.parse(await fs.readFile(this.pidFile, 'utf8')));
    } catch {
      recorded = undefined; // no pid file, or one we cannot trust
    }
    const pid = recorded?.janusPid;
    if (!recorded || pid === undefined || !(await this.isOurJanus(pid))) {
      await fs.rm(this.pidFile, { force: true });
      return false;
    }
    if ((await parentPid(pid)) === recorded.serverPid) {
      throw new Error(`another GiaoBan server (pid ${recorded.serverPid}) runs Janus from ${this.janusDir}: stop it or use another data dir`);
    }
    const answers = await requestJanusInfo(this.apiUrl(), READY_PROBE_TIMEOUT_MS).then(
      () => true,
      () => false,
    );
    if (recorded.configHash === this.configHash && answers) {
      this.child = this.adoptChild(pid);
      this.child.readyAt = Date.now();
      this.tailLog(this.child, (await fs.stat(this.logFile).catch(() => ({ size: 0 }))).size);
      this.adoptedJanus = true;
      await this.writePidFile(pid);
      this.log.info({ janusPid: pid }, 'adopted the Janus left running by the previous server');
      return true;
    }
    this.log.warn({ janusPid: pid, configChanged: recorded.configHash !== this.configHash }, 'killing a Janus left over from a previous run');
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
    const deadline = Date.now() + this.opts.stopTimeoutMs;
    // A zombie has an empty cmdline, so this also ends when nobody reaps the orphan.
    while ((await this.isOurJanus(pid)) && Date.now() < deadline) await delay(20);
    await fs.rm(this.pidFile, { force: true });
    return false;
  }

  private async isOurJanus(pid: number): Promise<boolean> {
    const cmdline = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    return cmdline.split('\0').includes(`--configs-folder=${this.etcDir}`);
  }

  /** A Janus that is not our child: its end is noticed by polling. */
  private adoptChild(pid: number): JanusChild {
    let resolveClosed!: (exit: JanusExit) => void;
    const child: JanusChild = { pid, closed: new Promise((resolve) => (resolveClosed = resolve)), tail: [] };
    const poll = setInterval(() => {
      void this.isOurJanus(pid).then((alive) => {
        if (alive || child.exit) return;
        clearInterval(poll);
        const exit: JanusExit = { code: null, signal: null };
        child.exit = exit;
        resolveClosed(exit);
        this.emit('exit', exit);
        this.onChildClosed(child, exit);
      });
    }, ADOPTED_POLL_MS);
    poll.unref();
    return child;
  }

  private async writePidFile(janusPid: number): Promise<void> {
    const record: z.infer<typeof pidFileSchema> = { janusPid, serverPid: process.pid, configHash: this.configHash };
    await fs.writeFile(this.pidFile, `${JSON.stringify(record)}\n`).catch(() => {});
  }

  /** Writes the configuration files; returns a hash of them (a running Janus is adopted only with the same). */
  private async writeConfig(): Promise<string> {
    const folders = this.opts.moduleFolders;
    // A missing folder (janus not installed) is not an error here: spawning reports that more clearly.
    const list = (dir: string): Promise<string[]> =>
      fs.readdir(dir).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return [];
        throw err;
      });
    const [plugins, transports, events, loggers] = await Promise.all([
      list(folders.plugins),
      list(folders.transports),
      list(folders.events),
      list(folders.loggers),
    ]);
    const files = generateJanusConfig({
      configsFolder: this.etcDir,
      moduleFolders: folders,
      presentModules: { plugins, transports, events, loggers },
      ...this.secrets!,
      wsPort: this.opts.wsPort,
      httpPort: this.opts.httpPort,
      adminWsPort: this.opts.adminWsPort,
      adminHttpPort: this.opts.adminHttpPort,
      rtpPortRange: this.opts.rtpPortRange,
      debugLevel: Math.min(this.opts.debugLevel, MAX_JANUS_DEBUG_LEVEL),
      ...(this.apiSocket ? { apiSocket: this.apiSocket } : {}),
      ...(this.opts.nat ?? {}),
    });
    await fs.mkdir(this.etcDir, { recursive: true, mode: 0o700 });
    for (const [name, text] of Object.entries(files)) {
      const file = path.join(this.etcDir, name);
      // Write-then-rename: a crash mid-write never leaves a truncated config behind. 0600 because of the secrets.
      const tmp = `${file}.${process.pid}.tmp`;
      await fs.writeFile(tmp, text, { mode: 0o600 });
      await fs.chmod(tmp, 0o600);
      await fs.rename(tmp, file);
    }
    return createHash('sha256').update(JSON.stringify(files)).digest('hex');
  }

  /** Write the config, spawn Janus and wait until it answers; on any failure the child is killed before throwing. */
  private async launch(signal: AbortSignal): Promise<void> {
    this.configHash = await this.writeConfig();
    this.adoptedJanus = false;
    // a socket left by a Janus that died would keep the new one from binding (an adopted one keeps its own)
    if (this.apiSocket) await fs.rm(this.apiSocket, { force: true });
    // Checked synchronously right before spawning: once stop() has aborted, no new process may appear.
    if (signal.aborted) throw new LaunchCancelled();
    const child = this.spawnJanus();
    try {
      await this.waitUntilReady(child, signal);
    } catch (err) {
      await this.terminate(child);
      throw err;
    }
    child.readyAt = Date.now();
    this.log.info({ janusPid: child.pid, url: this.endpoint().url }, 'janus is ready');
  }

  private spawnJanus(): JanusChild {
    const configFile = path.join(this.etcDir, JANUS_CONFIG_FILES.core);
    // Detached, with its output in janus.log: Janus outlives a server killed with SIGKILL, and the next server adopts
    // it (adoptOrKillStale) so that meetings keep their media. stop() ends it; so does Ctrl-C through the server.
    const logFd = openSync(this.logFile, 'w', 0o600);
    let proc: ChildProcess;
    try {
      proc = spawn(this.opts.janusBinary, [`--configs-folder=${this.etcDir}`, `--config=${configFile}`], {
        cwd: this.janusDir,
        stdio: ['ignore', logFd, logFd],
        detached: true,
      });
    } finally {
      closeSync(logFd);
    }
    let resolveClosed!: (exit: JanusExit) => void;
    const child: JanusChild = {
      proc,
      pid: proc.pid,
      closed: new Promise((resolve) => (resolveClosed = resolve)),
      tail: [],
    };
    const markClosed = (exit: JanusExit): void => {
      if (child.exit) return;
      child.exit = exit;
      void this.readTail().then((tail) => {
        child.tail = tail;
        resolveClosed(exit);
      });
      if (child.spawnError === undefined) this.emit('exit', exit);
      this.onChildClosed(child, exit);
    };
    this.child = child;
    if (proc.pid !== undefined) void this.writePidFile(proc.pid);
    this.tailLog(child, 0);

    proc.on('error', (err: NodeJS.ErrnoException) => {
      // Emitted when spawn fails (ENOENT, EACCES) and, rarely, when kill() fails: only a spawn failure ends the child.
      if (proc.pid !== undefined) return;
      child.spawnError ??= err;
      markClosed({ code: null, signal: null });
    });
    proc.on('exit', (code, sig) => markClosed({ code, signal: sig }));
    return child;
  }

  private get logFile(): string {
    return path.join(this.janusDir, 'janus.log');
  }

  /**
   * Pass janus.log on to our logger (debug level, secrets redacted) while this server watches that Janus, from
   * `offset` (0 for a fresh file, its end for an adopted Janus).
   */
  private tailLog(child: JanusChild, offset: number): void {
    let position = offset;
    let partial = '';
    let reading = false;
    const read = async () => {
      if (reading) return;
      reading = true;
      try {
        const handle = await fs.open(this.logFile, 'r');
        try {
          const { size } = await handle.stat();
          if (size < position) position = 0; // a new Janus truncated it
          if (size > position) {
            const buffer = Buffer.alloc(Math.min(size - position, 1 << 20));
            const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
            position += bytesRead;
            const lines = (partial + buffer.subarray(0, bytesRead).toString('utf8')).split('\n');
            partial = lines.pop() ?? '';
            for (const raw of lines) {
              const line = this.redact(raw);
              if (line.trim()) this.log.debug({ janusPid: child.pid, stream: 'janus.log' }, line);
            }
          }
        } finally {
          await handle.close();
        }
      } catch {
        // not there yet
      } finally {
        reading = false;
      }
    };
    const timer = setInterval(() => void read(), LOG_TAIL_MS);
    timer.unref();
    void child.closed.then(async () => {
      clearInterval(timer);
      await read();
    });
  }

  /** The last lines of janus.log (redacted), to explain a failed start. */
  private async readTail(): Promise<string[]> {
    const text = await fs.readFile(this.logFile, 'utf8').catch(() => '');
    return text
      .split('\n')
      .map((line) => this.redact(line))
      .filter((line) => line.trim())
      .slice(-OUTPUT_TAIL_LINES);
  }

  /** Janus at debug level 5+ prints its whole configuration, secrets included: never let a secret reach a log. */
  private redact(line: string): string {
    let out = line;
    for (const value of Object.values(this.secrets ?? {})) out = out.split(value).join('[redacted]');
    return out;
  }

  private async waitUntilReady(child: JanusChild, signal: AbortSignal): Promise<void> {
    const timeoutMs = this.opts.readyTimeoutMs;
    const deadline = Date.now() + timeoutMs;
    const url = this.apiUrl();
    for (;;) {
      if (signal.aborted) throw new LaunchCancelled();
      if (child.spawnError) throw this.spawnFailure(child.spawnError);
      if (child.exit) {
        await child.closed;
        const { code, signal: sig } = child.exit;
        const tail = child.tail.length ? `; last output:\n${child.tail.join('\n')}` : '';
        throw new Error(`janus exited before answering (code ${code}, signal ${sig})${tail}`);
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`janus did not answer within ${timeoutMs / 1000} s`);
      try {
        await requestJanusInfo(url, Math.min(READY_PROBE_TIMEOUT_MS, remaining));
        // The answer might come from a foreign process on our port if our child died meanwhile: re-check.
        if (!child.exit && !child.spawnError) return;
      } catch {
        // not listening yet
      }
      await delay(Math.min(READY_POLL_INTERVAL_MS, Math.max(0, deadline - Date.now())), undefined, { signal }).catch(() => {});
    }
  }

  private spawnFailure(err: NodeJS.ErrnoException): Error {
    if (err.code === 'ENOENT') {
      return new Error(`janus binary not found: install the Debian package janus (tried "${this.opts.janusBinary}")`);
    }
    return new Error(`cannot run janus binary "${this.opts.janusBinary}": ${err.message}`);
  }

  /** SIGTERM, wait up to stopTimeoutMs, then SIGKILL; resolves once the process is gone. Idempotent per child. */
  private terminate(child: JanusChild): Promise<void> {
    child.terminating ??= (async () => {
      if (child.exit || child.pid === undefined) {
        await child.closed;
        return;
      }
      const kill = (signal: NodeJS.Signals) => {
        try {
          if (child.proc) child.proc.kill(signal);
          else process.kill(child.pid!, signal);
        } catch {
          // already gone
        }
      };
      kill('SIGTERM');
      const timedOut = Symbol('timeout');
      const first = await Promise.race([child.closed, delay(this.opts.stopTimeoutMs, timedOut)]);
      if (first === timedOut) {
        this.log.warn({ janusPid: child.pid, stopTimeoutMs: this.opts.stopTimeoutMs }, 'janus ignored SIGTERM, killing it');
        kill('SIGKILL');
        await child.closed;
      }
    })();
    return child.terminating;
  }

  private onChildClosed(child: JanusChild, exit: JanusExit): void {
    if (this.child === child) this.child = undefined;
    // Exits during start-up, restart attempts and stop() are handled by whoever is waiting on them.
    if (this.currentState !== 'running' || child.readyAt === undefined) return;
    const uptimeMs = Date.now() - child.readyAt;
    if (uptimeMs >= RESTART_BACKOFF_RESET_AFTER_MS) this.restartAttempt = 0;
    this.log.warn({ janusPid: child.pid, code: exit.code, signal: exit.signal, uptimeMs }, 'janus died unexpectedly');
    this.setState('restarting');
    void this.restartLoop(this.runAbort.signal);
  }

  /** Keep trying until Janus answers again or stop() is called. */
  private async restartLoop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const waitMs = restartDelayMs(this.restartAttempt++);
      this.log.info({ delayMs: waitMs }, 'restarting janus');
      try {
        await delay(waitMs, undefined, { signal });
      } catch {
        return; // stopped while waiting
      }
      try {
        const launch = this.launch(signal);
        this.launching = launch;
        await launch.finally(() => {
          if (this.launching === launch) this.launching = undefined;
        });
      } catch (err) {
        if (signal.aborted || err instanceof LaunchCancelled) return;
        this.log.error({ err: (err as Error).message }, 'janus restart failed');
        continue;
      }
      if (signal.aborted) return;
      this.setState('running');
      this.emit('ready', this.endpoint());
      return;
    }
  }
}
