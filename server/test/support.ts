/**
 * Integration test support: a real GiaoBan server on a free port with a real database (PGlite in memory, or a
 * fresh schema in the PostgreSQL of DATABASE_URL) and a real Janus that the server spawns on free ports.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { generate } from 'otplib';
import pino from 'pino';
import WebSocket from 'ws';
import { applyLiveFrame, emptyLiveView, type LiveView } from '../../shared/live-view';
import type { MeetingStateView, ParticipantView, ServerMessage } from '../../shared/protocol';
import { foldDiacritics } from '../../shared/slug';
import { buildApp, redactPaths, type App } from '../app';
import { hashToken } from '../auth/auth.service';
import { sessions, users } from '../db/schema';
import { loadConfig } from '../config';
import { fillMailSecret } from '../mail/mail-secret';
import type { MailRow } from '../mail/mail.repository';
import { loadKeyring } from '../secrets/keyring';
import { SecretBox } from '../secrets/secret-box';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A disjoint RTP range per test server (one per vitest worker and file), below the kernel's ephemeral ports
 * (32768 and up), so that it never contains the API ports `freePort` hands out.
 */
function rtpRange(): string {
  const base = 21000 + Math.floor(Math.random() * 117) * 100;
  return `${base}-${base + 99}`;
}

export interface TestServer {
  app: App;
  url: string;
  dataDir: string;
  /** The PostgreSQL schema the test runs in (DATABASE_URL set), for tools that open the database themselves. */
  schema?: string;
  operator: TestClient;
  close(): Promise<void>;
}

export interface TestServerOptions {
  /** PGlite in `DATA_DIR/db` on disk instead of in memory, so another process can open it once the server is closed. */
  pgliteOnDisk?: boolean;
  /**
   * Start again on what an earlier server (closed with `app.close()`, not `close()`) left: its data directory (and
   * PGlite on disk in it) and its PostgreSQL schema. No operator is signed in then: the first start made it.
   */
  restartOf?: Pick<TestServer, 'dataDir' | 'schema'>;
  /** Where the server's log goes (as JSON lines), to read it back; stdout otherwise. */
  logTo?: { write(line: string): void };
}

export async function startTestServer(env: Record<string, string> = {}, opts: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = opts.restartOf?.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'giaoban-test-'));
  const config = loadConfig({
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: dataDir,
    DATABASE_URL: process.env.DATABASE_URL,
    SERVE_WEB: process.env.GIAOBAN_TEST_SERVE_WEB ?? 'false',
    JANUS_WS_PORT: String(await freePort()),
    JANUS_HTTP_PORT: String(await freePort()),
    JANUS_ADMIN_WS_PORT: String(await freePort()),
    JANUS_ADMIN_HTTP_PORT: String(await freePort()),
    JANUS_RTP_PORTS: rtpRange(),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    // every test signs people in from 127.0.0.1: the address's budget of guesses is the rate-limit tests' business
    GUESSES_PER_MINUTE: '1000000',
    ...env,
  });
  const schema = opts.restartOf ? opts.restartOf.schema : process.env.DATABASE_URL ? `gb_test_${randomBytes(6).toString('hex')}` : undefined;
  const app = await buildApp(config, {
    logger: opts.logTo ? pino({ level: config.LOG_LEVEL, redact: redactPaths }, opts.logTo) : pino({ level: config.LOG_LEVEL, redact: redactPaths }),
    databaseSchema: schema,
    pgliteDir: opts.pgliteOnDisk || opts.restartOf ? undefined : 'memory://',
  });
  const operator = new TestClient(app.url);
  // Operators must set up a second factor (R1.3): signIn enrols one through the API.
  if (app.initialOperatorPassword) await operator.signIn(config.OPERATOR_EMAIL, app.initialOperatorPassword, 'Operator-password-1');
  return {
    app,
    url: app.url,
    dataDir,
    schema,
    operator,
    async close() {
      await app.close();
      if (schema) await dropSchema(schema);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function dropSchema(schema: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
}

/**
 * Second-factor secrets of the accounts the tests enrolled, by server and e-mail, with the last time step used:
 * the server accepts a code once, so each sign-in takes the next step (waiting for it when need be).
 */
const totpAccounts = new Map<string, { secret: string; lastStep: number }>();
const totpKey = (baseUrl: string, email: string) => `${new URL(baseUrl).origin} ${email.toLowerCase()}`;
const TOTP_STEP_MS = 30_000;

/** The secret inside an `otpauth://` enrolment address. */
export const secretOfUri = (uri: string) => new URL(uri).searchParams.get('secret')!;

/** Remember an enrolled account's secret (so `totpCodeFor` and the browser sign-in can give codes). */
export function rememberTotp(baseUrl: string, email: string, secret: string, usedStep = Math.floor(Date.now() / TOTP_STEP_MS)) {
  totpAccounts.set(totpKey(baseUrl, email), { secret, lastStep: usedStep });
}

/** The secret of an account a test enrolled, if any. */
export const totpSecretFor = (baseUrl: string, email: string) => totpAccounts.get(totpKey(baseUrl, email))?.secret;

/** A code the server has not seen yet for this account: the current step, or the next one (accepted as drift). */
export async function totpCodeFor(baseUrl: string, email: string): Promise<string> {
  const account = totpAccounts.get(totpKey(baseUrl, email));
  if (!account) throw new Error(`no second factor enrolled by the tests for ${email}`);
  let current = Math.floor(Date.now() / TOTP_STEP_MS);
  const step = Math.max(current, account.lastStep + 1);
  while (step > current + 1) {
    await new Promise((r) => setTimeout(r, (current + 1) * TOTP_STEP_MS - Date.now() + 50));
    current = Math.floor(Date.now() / TOTP_STEP_MS);
  }
  account.lastStep = step;
  return generate({ secret: account.secret, epoch: step * (TOTP_STEP_MS / 1000) });
}

/** A browser-like HTTP client: keeps the session cookie and sends the CSRF token. */
export class TestClient {
  cookie?: string;
  /** The whole last Set-Cookie of the session cookie (to check its attributes). */
  lastSetCookie?: string;
  csrf?: string;
  constructor(readonly baseUrl: string) {}

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(this.baseUrl + path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrf && method !== 'GET' ? { 'x-csrf-token': this.csrf } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('gb_session='));
    if (setCookie) {
      this.cookie = setCookie.split(';')[0];
      this.lastSetCookie = setCookie;
    }
    const text = await res.text();
    const json = text ? JSON.parse(text) : undefined;
    return { status: res.status, body: json, headers: res.headers };
  }

  get = (path: string) => this.request('GET', path);
  post = (path: string, body?: unknown) => this.request('POST', path, body ?? {});
  put = (path: string, body: unknown) => this.request('PUT', path, body);
  patch = (path: string, body: unknown) => this.request('PATCH', path, body);

  async login(email: string, password: string) {
    const res = await this.post('/api/auth/login', { email, password });
    if (res.status === 200) this.csrf = res.body.csrfToken;
    return res;
  }

  /** The second step of a sign-in with a second factor; the new session's CSRF token is kept. */
  async secondFactor(code: string) {
    const res = await this.post('/api/auth/second-factor', { code });
    if (res.status === 200) this.csrf = res.body.csrfToken;
    return res;
  }

  /**
   * Sign in as a person does: the password, the code when the account has a second factor, the change of a
   * one-time password, and the enrolment of a second factor when the account must have one (operators).
   */
  async signIn(email: string, temporaryPassword: string, newPassword = `Mat-khau-${randomBytes(4).toString('hex')}9`) {
    let res = await this.login(email, temporaryPassword);
    if (res.status !== 200) throw new Error(`sign-in failed: ${JSON.stringify(res.body)}`);
    if (res.body.secondFactorRequired) {
      res = await this.secondFactor(await totpCodeFor(this.baseUrl, email));
      if (res.status !== 200) throw new Error(`second factor refused: ${JSON.stringify(res.body)}`);
    }
    if (res.body.user.mustChangePassword) {
      const changed = await this.post('/api/auth/password', { currentPassword: temporaryPassword, newPassword });
      if (changed.status !== 204) throw new Error(`password change failed: ${JSON.stringify(changed.body)}`);
    }
    if ((await this.get('/api/auth/me')).body.secondFactorEnrolmentRequired) await this.enrolSecondFactor(email);
    return res.body.user as { id: string; name: string };
  }

  /** Set up a TOTP second factor through the API, as the authenticator app would; returns the secret. */
  async enrolSecondFactor(email: string): Promise<string> {
    const setup = await this.post('/api/auth/second-factor/setup');
    if (setup.status !== 200) throw new Error(`second-factor setup failed: ${JSON.stringify(setup.body)}`);
    const secret = secretOfUri(setup.body.uri);
    const step = Math.floor(Date.now() / TOTP_STEP_MS);
    const confirmed = await this.post('/api/auth/second-factor/confirm', { code: await generate({ secret, epoch: step * (TOTP_STEP_MS / 1000) }) });
    if (confirmed.status !== 200) throw new Error(`second-factor confirmation failed: ${JSON.stringify(confirmed.body)}`);
    rememberTotp(this.baseUrl, email, secret, step);
    return secret;
  }
}

/** The id of the unit named `name`, created under the operator's unit tree root if missing. */
export async function ensureUnit(server: Pick<TestServer, 'operator'>, name: string, parentId: string | null = null): Promise<string> {
  const list = (await server.operator.get('/api/units')).body.units as { id: string; name: string }[];
  const found = list.find((u) => u.name === name);
  if (found) return found.id;
  const code = `${foldDiacritics(name).toUpperCase().replace(/[^A-Z0-9]+/g, '-').slice(0, 20)}-${randomBytes(2).toString('hex').toUpperCase()}`.replace(/^-+/, 'U');
  const res = await server.operator.post('/api/units', { code, name, parentId });
  if (res.status !== 201) throw new Error(`create unit failed: ${JSON.stringify(res.body)}`);
  return res.body.unit.id;
}

/** Create a user through the operator's API and return a signed-in client for them. */
export async function createUser(server: Pick<TestServer, 'url' | 'operator'>, name: string, unit = 'Văn phòng UBND tỉnh', extra: { role?: string; title?: string } = {}) {
  const email = `${foldDiacritics(name).toLowerCase().replace(/[^a-z]+/g, '.')}.${randomBytes(3).toString('hex')}@example.vn`;
  const unitId = await ensureUnit(server, unit);
  const res = await server.operator.post('/api/users', { name, unitId, email, ...extra });
  if (res.status !== 201) throw new Error(`create user failed: ${JSON.stringify(res.body)}`);
  const client = new TestClient(server.url);
  const password = `Mat-khau-${randomBytes(4).toString('hex')}9`;
  await client.signIn(email, res.body.temporaryPassword, password);
  return { id: res.body.user.id as string, name, unit, unitId, email, password, client };
}

/**
 * Many signed-in delegates at once, written straight into the database (test set-up: one password hash for all,
 * sessions with known tokens) — creating a thousand through the API would mean a thousand argon2 hashes.
 */
export async function createPeopleFast(server: TestServer, unitId: string, n: number, namePrefix = 'Đại biểu'): Promise<{ id: string; name: string; client: TestClient }[]> {
  const { db } = server.app.database;
  const [{ passwordHash }] = (await db.select({ passwordHash: users.passwordHash }).from(users).limit(1)) as [{ passwordHash: string }];
  const people = Array.from({ length: n }, (_, i) => ({ id: randomUUID(), token: randomBytes(32).toString('base64url'), name: `${namePrefix} ${i + 1}` }));
  for (let from = 0; from < n; from += 500) {
    const batch = people.slice(from, from + 500);
    await db.insert(users).values(batch.map((p) => ({ id: p.id, email: `${p.id}@nhanh.example.vn`, name: p.name, title: 'Chuyên viên', unitId, role: 'delegate' as const, passwordHash, mustChangePassword: false })));
    await db.insert(sessions).values(batch.map((p) => ({ userId: p.id, tokenHash: hashToken(p.token), csrfToken: randomBytes(16).toString('hex'), expiresAt: new Date(Date.now() + 12 * 3_600_000) })));
  }
  return people.map((p) => {
    const client = new TestClient(server.url);
    client.cookie = `gb_session=${p.token}`;
    return { id: p.id, name: p.name, client };
  });
}

/** A signaling connection as the browser opens it, collecting the frames it receives. */
/**
 * A signaling connection as a browser has it: every frame received (for `next`), and the meeting as the frames
 * make it (`view`, kept by the same `applyLiveFrame` the web client uses): the roster and state another participant
 * would see.
 */
export class TestSocket {
  readonly frames: ServerMessage[] = [];
  /** Every frame ever received, never consumed (`next` consumes `frames`). */
  readonly log: ServerMessage[] = [];
  /** The frames as they arrived, unparsed (to compare bytes across recipients). */
  readonly raw: string[] = [];
  view: LiveView = emptyLiveView();
  private waiters: { match: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void }[] = [];
  private viewWaiters: (() => void)[] = [];
  closed = false;
  closeCode: number | null = null;
  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const text = data.toString();
      this.raw.push(text);
      const msg = JSON.parse(text) as ServerMessage;
      this.log.push(msg);
      this.view = applyLiveFrame(this.view, msg);
      this.viewWaiters.splice(0).forEach((w) => w());
      this.frames.push(msg);
      this.waiters = this.waiters.filter((w) => (w.match(msg) ? (w.resolve(msg), false) : true));
    });
    ws.on('close', (code) => {
      this.closed = true;
      this.closeCode = code;
    });
  }

  get roster(): readonly ParticipantView[] {
    return this.view.roster;
  }

  get state(): MeetingStateView | null {
    return this.view.state;
  }

  /** Waits until the view satisfies `test` (checked after every frame); returns what `test` returned. */
  until<T>(test: (view: LiveView) => T | false | null | undefined, timeoutMs = 5000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the view did not change as expected within ${timeoutMs} ms; roster ${JSON.stringify(this.view.roster.map((p) => p.name))}`)), timeoutMs);
      const check = () => {
        const result = test(this.view);
        if (result) {
          clearTimeout(timer);
          resolve(result);
        } else this.viewWaiters.push(check);
      };
      check();
    });
  }

  /** The roster once it satisfies `test`. */
  rosterWhere(test: (roster: readonly ParticipantView[]) => boolean, timeoutMs = 5000): Promise<readonly ParticipantView[]> {
    return this.until((v) => test(v.roster) && v.roster, timeoutMs);
  }

  /** The meeting state once it satisfies `test`. */
  stateWhere(test: (state: MeetingStateView) => boolean, timeoutMs = 5000): Promise<MeetingStateView> {
    return this.until((v) => v.state !== null && test(v.state) && v.state, timeoutMs);
  }

  /** Every participant line this connection was ever sent (in `joined`, `snapshot` and `events` frames). */
  participantsEverSeen(): ParticipantView[] {
    return this.log.flatMap((m) =>
      m.type === 'joined' || m.type === 'snapshot' ? m.roster : m.type === 'events' ? m.events.flatMap((e) => (e.kind === 'participant' ? [e.participant] : [])) : [],
    );
  }

  static async open(server: Pick<TestServer, 'url'>, client: TestClient, origin?: string, options: { autoPong?: boolean } = {}): Promise<TestSocket> {
    const ws = new WebSocket(server.url.replace(/^http/, 'ws') + '/ws', {
      headers: { ...(client.cookie ? { cookie: client.cookie } : {}), ...(origin ? { origin } : {}) },
      ...options,
    });
    const socket = new TestSocket(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return socket;
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The next frame (already received or coming) matching the predicate. */
  next<T extends ServerMessage['type']>(type: T, match: (m: Extract<ServerMessage, { type: T }>) => boolean = () => true, timeoutMs = 5000) {
    const test = (m: ServerMessage) => m.type === type && match(m as Extract<ServerMessage, { type: T }>);
    const seen = this.frames.find(test);
    if (seen) {
      this.frames.splice(this.frames.indexOf(seen), 1);
      return Promise.resolve(seen as Extract<ServerMessage, { type: T }>);
    }
    return new Promise<Extract<ServerMessage, { type: T }>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${type} frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames.map((f) => f.type))}`)), timeoutMs);
      this.waiters.push({
        match: test,
        resolve: (m) => {
          clearTimeout(timer);
          this.frames.splice(this.frames.indexOf(m), 1);
          resolve(m as Extract<ServerMessage, { type: T }>);
        },
      });
    });
  }

  close(): void {
    this.ws.close();
  }
}

/**
 * A stored mail's text as it is sent: a secret it carries (a meeting password, a sign-in link) is kept sealed in the
 * outbox, masked for readers, and filled in only when the mail leaves; tests open it with the server's own key.
 */
export function sentText(server: Pick<TestServer, 'dataDir'>, mail: Pick<MailRow, 'meetingId' | 'sealedSecret' | 'text' | 'html'>): string {
  const box = new SecretBox(loadKeyring({ dataDir: server.dataDir, SECRETS_KEY_PREVIOUS: [] }));
  return fillMailSecret(box, mail).text;
}
