/**
 * Secrets at rest (R1.3, R6.1): a TOTP code is accepted once, across a restart too (the last step is in the
 * database); TOTP secrets are sealed (AES-256-GCM under the secrets key), never in clear in the database, old clear
 * ones sealed at start; `npm run secrets:rotate` re-seals them under a new key and sign-ins go on working.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq, sql } from 'drizzle-orm';
import { generate } from 'otplib';
import { describe, expect, it } from 'vitest';
import { AuditAnchorFile } from '../audit/audit-anchor';
import { openDatabase } from '../db/client';
import { users } from '../db/schema';
import { Keyring, loadKeyring, readKeyFile } from '../secrets/keyring';
import { SecretBox } from '../secrets/secret-box';
import { TestClient, createUser, startTestServer, type TestServer } from './support';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const STEP_S = 30;
const currentStep = () => Math.floor(Date.now() / 1000 / STEP_S);
const codeFor = (secret: string, step: number) => generate({ secret, epoch: step * STEP_S });

/** A code the account has not used: the step after the last one used, waiting until it is within the window. */
async function unusedCode(secret: string, lastStep: number | null): Promise<string> {
  const step = Math.max(currentStep(), (lastStep ?? 0) + 1);
  while (step > currentStep() + 1) await new Promise((r) => setTimeout(r, 1000));
  return codeFor(secret, step);
}

/** The account's TOTP columns as stored. */
async function storedTotp(server: Pick<TestServer, 'app'>, id: string) {
  const [row] = await server.app.database.db.select({ secret: users.totpSecret, lastStep: users.totpLastStep }).from(users).where(eq(users.id, id));
  return row!;
}

/** The password step, then the code; the status of the code step. */
async function signInWithCode(url: string, email: string, password: string, code: string) {
  const device = new TestClient(url);
  const login = await device.login(email, password);
  expect(login.body, JSON.stringify(login.body)).toMatchObject({ secondFactorRequired: true });
  return device.secondFactor(code);
}

function runCli(script: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', script], { cwd: repoRoot, env: { ...process.env, ...env }, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? -1) : 0, stdout, stderr });
    });
  });
}

describe('TOTP secrets at rest (R1.3, R6.1)', () => {
  it('R1.3 a code used once is refused again, by the same server and after a restart; the secret is stored sealed', async () => {
    const first = await startTestServer({}, { pgliteOnDisk: true });
    let second: TestServer | undefined;
    try {
      const person = await createUser(first, 'Lò Văn Mã', 'Sở Thông tin và Truyền thông');
      const secret = await person.client.enrolSecondFactor(person.email);
      const stored = await storedTotp(first, person.id);
      expect(stored.secret).toMatch(/^gb1\.[0-9a-f]{8}\./);
      expect(stored.secret).not.toContain(secret);
      expect(new SecretBox(loadKeyring({ dataDir: first.dataDir, SECRETS_KEY_PREVIOUS: [] })).open(stored.secret!, `users.totp:${person.id}`)).toBe(secret);

      // a code of the next step (accepted as clock drift), so that it is still valid after the restart
      const code = await codeFor(secret, currentStep() + 1);
      expect((await signInWithCode(first.url, person.email, person.password, code)).status).toBe(200);
      expect((await storedTotp(first, person.id)).lastStep).toBe(currentStep() + 1);
      const replayed = await signInWithCode(first.url, person.email, person.password, code);
      expect(replayed.status).toBe(400);
      expect(replayed.body.error.id).toBe('second_factor_invalid');

      await first.app.close();
      second = await startTestServer({}, { restartOf: first });
      const afterRestart = await signInWithCode(second.url, person.email, person.password, code);
      expect(afterRestart.status).toBe(400);
      expect(afterRestart.body.error.id).toBe('second_factor_invalid');
    } finally {
      await (second ?? first).close();
    }
  }, 120_000);

  it('R6.1 a secret stored in clear by an earlier version is sealed at start; `npm run secrets:rotate` re-seals under a new key and sign-in goes on', async () => {
    const first = await startTestServer({}, { pgliteOnDisk: true });
    let second: TestServer | undefined;
    let third: TestServer | undefined;
    try {
      const person = await createUser(first, 'Hà Thị Khóa', 'Sở Thông tin và Truyền thông');
      const secret = await person.client.enrolSecondFactor(person.email);
      // as an earlier version left it: in clear
      await first.app.database.db.update(users).set({ totpSecret: secret }).where(eq(users.id, person.id));
      await first.app.close();

      second = await startTestServer({}, { restartOf: first });
      const sealedAtStart = (await storedTotp(second, person.id)).secret!;
      expect(sealedAtStart).toMatch(/^gb1\./);
      expect(sealedAtStart).not.toContain(secret);
      expect((await signInWithCode(second.url, person.email, person.password, await unusedCode(secret, (await storedTotp(second, person.id)).lastStep))).status).toBe(200);
      await second.app.close();

      const oldKeyId = Keyring.fromBase64(readKeyFile(first.dataDir).current).current.id;
      const rotated = await runCli('server/secrets/rotate-cli.ts', { DATA_DIR: first.dataDir, DATABASE_SCHEMA: first.schema ?? '', LOG_LEVEL: 'warn' });
      expect(rotated, rotated.stderr).toMatchObject({ code: 0 });
      // the operator's and this person's
      expect(rotated.stdout).toMatch(/secrets key rotated: [0-9a-f]{8} → [0-9a-f]{8}; 2 TOTP secrets re-sealed; 0 meeting passwords in the outbox re-sealed; audit anchor re-signed; 1 signing keys re-sealed/);
      const keyFile = readKeyFile(first.dataDir);
      const newKeyId = Keyring.fromBase64(keyFile.current).current.id;
      expect(newKeyId).not.toBe(oldKeyId);
      expect(keyFile.previous).toEqual([]);
      // the anchor verifies with the new key
      expect(new AuditAnchorFile(first.dataDir, new SecretBox(loadKeyring({ dataDir: first.dataDir, SECRETS_KEY_PREVIOUS: [] }))).read().state).toBe('valid');

      third = await startTestServer({}, { restartOf: first });
      const resealed = (await storedTotp(third, person.id)).secret!;
      expect(resealed.split('.')[1]).toBe(newKeyId);
      const next = await unusedCode(secret, (await storedTotp(third, person.id)).lastStep);
      expect((await signInWithCode(third.url, person.email, person.password, next)).status).toBe(200);
      const raw = await third.app.database.db.execute(sql`SELECT totp_secret FROM users WHERE totp_secret IS NOT NULL`);
      expect(JSON.stringify(raw)).not.toContain(secret);
    } finally {
      await (third ?? second ?? first).close();
    }
  }, 180_000);
});
