/**
 * Account recovery (issue 15.2, R1.3): "Quên mật khẩu?" (a reset link by e-mail through the outbox: 30 minutes, one
 * use, only its hash stored, every session ended, no account enumeration), the operator's one-time password and
 * removal of a second factor, and the recovery codes of the second factor (ten, shown once, stored hashed, each used
 * once instead of the authenticator's code). Every step is an audit entry; the refusals are tested from the side of
 * whoever must be refused.
 */
import { and, eq } from 'drizzle-orm';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntryView } from '../../shared/api';
import { mailOutbox, recoveryCodes, signInLinks } from '../db/schema';
import { TestClient, createUser, rememberTotp, secretOfUri, startTestServer, totpCodeFor, type TestServer, sentText } from './support';

let server: TestServer;
const db = () => server.app.database.db;
const UNIT = 'Sở Nội vụ tỉnh Lâm Đồng';

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const resetMailsTo = (email: string) => db().select().from(mailOutbox).where(and(eq(mailOutbox.to, email), eq(mailOutbox.kind, 'password_reset')));
async function resetTokenOf(email: string): Promise<string> {
  const mails = await resetMailsTo(email);
  const m = /\/reset-password#([A-Za-z0-9_-]+)/.exec(mails.length ? sentText(server, mails.at(-1)!) : '');
  if (!m) throw new Error(`no reset link mailed to ${email}`);
  return m[1]!;
}
const anonymous = () => new TestClient(server.url);
const requestReset = (email: string) => anonymous().post('/api/auth/password-reset', { email });
const redeem = (token: string, password: string) => anonymous().post('/api/sign-in-links/redeem', { token, password });
const auditOf = async (targetId: string, action: string) =>
  ((await server.operator.get(`/api/audit?targetId=${targetId}&action=${action}`)).body.entries as AuditEntryView[]);

describe('"Quên mật khẩu?": a reset link by e-mail', () => {
  it('mails a 30-minute, single-use link whose use sets the password and ends every session', async () => {
    const person = await createUser(server, 'Nguyễn Thị Quên', UNIT);
    const other = new TestClient(server.url);
    expect((await other.login(person.email, person.password)).status).toBe(200);

    const asked = await requestReset(person.email.toUpperCase());
    expect(asked.status).toBe(204);
    const [mail] = await resetMailsTo(person.email);
    expect(mail!.status).toBe('kept'); // no SMTP here: it waits in the outbox like every mail
    expect(mail!.subject).toBe('GiaoBan: đặt lại mật khẩu');
    const token = await resetTokenOf(person.email);
    // only the hash is stored, and the link lives 30 minutes
    const [link] = await db().select().from(signInLinks).where(and(eq(signInLinks.userId, person.id), eq(signInLinks.purpose, 'reset')));
    expect(link!.tokenHash).not.toContain(token);
    const minutes = (link!.expiresAt.getTime() - link!.createdAt.getTime()) / 60_000;
    expect(minutes).toBeGreaterThan(29);
    expect(minutes).toBeLessThanOrEqual(30.1);

    // a second request within the minute sends nothing more (nobody floods a mailbox by typing an address)
    expect((await requestReset(person.email)).status).toBe(204);
    expect(await resetMailsTo(person.email)).toHaveLength(1);

    const newPassword = 'Mat-khau-moi-2026';
    const used = await redeem(token, newPassword);
    expect(used.status, JSON.stringify(used.body)).toBe(200);
    expect(used.body.email).toBe(person.email);
    // every session ended: both the person's client and the other browser are out
    expect((await person.client.get('/api/meetings')).body.error.id).toBe('unauthenticated');
    expect((await other.get('/api/meetings')).body.error.id).toBe('unauthenticated');
    expect((await anonymous().login(person.email, person.password)).body.error.id).toBe('invalid_credentials');
    expect((await anonymous().login(person.email, newPassword)).status).toBe(200);

    // used once only
    expect((await redeem(token, 'Mat-khau-khac-2026')).body.error.id).toBe('sign_in_link_invalid');
    expect((await anonymous().login(person.email, newPassword)).status).toBe(200);

    expect((await auditOf(person.id, 'auth.password_reset_requested')).map((e) => e.data.sent)).toEqual([false, true]);
    expect(await auditOf(person.id, 'auth.password_reset')).toHaveLength(1);
  });

  it('refuses an expired link, and an earlier link once a new one is mailed', async () => {
    const person = await createUser(server, 'Trần Văn Hết Hạn', UNIT);
    await requestReset(person.email);
    const first = await resetTokenOf(person.email);
    await db().update(signInLinks).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(signInLinks.userId, person.id));
    const refused = await redeem(first, 'Mat-khau-moi-2026');
    expect(refused.status).toBe(410);
    expect(refused.body.error.id).toBe('sign_in_link_invalid');
    expect((await anonymous().login(person.email, person.password)).status).toBe(200);

    // a later request (after the minute) replaces it; the earlier one stays dead
    await db().update(signInLinks).set({ createdAt: new Date(Date.now() - 120_000) }).where(eq(signInLinks.userId, person.id));
    await requestReset(person.email);
    const second = await resetTokenOf(person.email);
    expect(second).not.toBe(first);
    expect((await redeem(second, 'Mat-khau-moi-2026')).status).toBe(200);
  });

  it('answers the same for an unknown or disabled address, and mails nothing to them', async () => {
    const unknown = `khong-co-ai-${Date.now()}@example.vn`;
    const a = await requestReset(unknown);
    const disabled = await createUser(server, 'Lê Văn Nghỉ', UNIT);
    expect((await server.operator.patch(`/api/users/${disabled.id}`, { disabled: true })).status).toBe(200);
    const b = await requestReset(disabled.email);
    expect([a.status, b.status]).toEqual([204, 204]);
    expect(a.body).toEqual(b.body);
    expect(await resetMailsTo(unknown)).toHaveLength(0);
    expect(await resetMailsTo(disabled.email)).toHaveLength(0);
    // still recorded: somebody asked
    const entries = (await server.operator.get('/api/audit?action=auth.password_reset_requested')).body.entries as AuditEntryView[];
    expect(entries.some((e) => e.data.email === unknown && e.data.sent === false)).toBe(true);
    // a wrong address is refused by its shape only
    expect((await anonymous().post('/api/auth/password-reset', { email: 'không phải thư' })).body.error.id).toBe('validation_failed');
  });

  it("a token is its own account's: it sets that account's password, never another's", async () => {
    const holder = await createUser(server, 'Phạm Thị Giữ', UNIT);
    const bystander = await createUser(server, 'Đỗ Văn Bên', UNIT);
    await requestReset(holder.email);
    const token = await resetTokenOf(holder.email);
    const used = await redeem(token, 'Mat-khau-moi-2026');
    expect(used.body.email).toBe(holder.email);
    expect((await anonymous().login(bystander.email, 'Mat-khau-moi-2026')).body.error.id).toBe('invalid_credentials');
    expect((await anonymous().login(bystander.email, bystander.password)).status).toBe(200);
    // a made-up token
    expect((await redeem('A'.repeat(43), 'Mat-khau-moi-2026')).body.error.id).toBe('sign_in_link_invalid');
  });
});

describe("the operator's recovery of an account", () => {
  it('issues a one-time password: the old one stops, every session ends, the new one must be changed', async () => {
    const person = await createUser(server, 'Vũ Thị Mất', UNIT);
    const reset = await server.operator.post(`/api/users/${person.id}/reset-password`);
    expect(reset.status, JSON.stringify(reset.body)).toBe(200);
    const temporary = reset.body.temporaryPassword as string;
    expect((await person.client.get('/api/meetings')).body.error.id).toBe('unauthenticated');
    expect((await anonymous().login(person.email, person.password)).body.error.id).toBe('invalid_credentials');
    const fresh = anonymous();
    const signedIn = await fresh.login(person.email, temporary);
    expect(signedIn.body.user.mustChangePassword).toBe(true);
    expect((await fresh.get('/api/meetings')).body.error.id).toBe('password_change_required');
    const [entry] = await auditOf(person.id, 'user.password_reset');
    expect(entry!.actor?.id).toBe((await server.operator.get('/api/auth/me')).body.user.id);
    expect(JSON.stringify(entry)).not.toContain(temporary);
  });

  it('removes a lost second factor and its recovery codes: the person signs in with the password and enrols again', async () => {
    const person = await createUser(server, 'Hoàng Văn Điện Thoại', UNIT);
    await person.client.enrolSecondFactor(person.email);
    expect(await db().select().from(recoveryCodes).where(eq(recoveryCodes.userId, person.id))).toHaveLength(10);
    const removed = await server.operator.post(`/api/users/${person.id}/reset-second-factor`);
    expect(removed.status).toBe(204);
    expect((await person.client.get('/api/meetings')).body.error.id).toBe('unauthenticated');
    const fresh = anonymous();
    const signedIn = await fresh.login(person.email, person.password);
    expect(signedIn.body.secondFactorRequired).toBeUndefined();
    expect(signedIn.body.user.hasSecondFactor).toBe(false);
    expect(await db().select().from(recoveryCodes).where(eq(recoveryCodes.userId, person.id))).toHaveLength(0);
    expect(await auditOf(person.id, 'user.second_factor_reset')).toHaveLength(1);
    // nothing left to remove
    expect((await server.operator.post(`/api/users/${person.id}/reset-second-factor`)).body.error.id).toBe('second_factor_not_enabled');
  });

  it('is refused to everyone but the operator, and to the operator on their own account', async () => {
    const person = await createUser(server, 'Bùi Văn Được Bảo Vệ', UNIT);
    await person.client.enrolSecondFactor(person.email);
    const organiser = await createUser(server, 'Lý Thị Tổ Chức', UNIT, { role: 'organiser' });
    const delegate = await createUser(server, 'Mai Văn Đại Biểu', UNIT);
    for (const who of [organiser.client, delegate.client, anonymous()]) {
      const a = await who.post(`/api/users/${person.id}/reset-password`);
      const b = await who.post(`/api/users/${person.id}/reset-second-factor`);
      expect([a.body.error.id, b.body.error.id]).toEqual(who.cookie ? ['forbidden', 'forbidden'] : ['unauthenticated', 'unauthenticated']);
    }
    const me = (await server.operator.get('/api/auth/me')).body.user.id as string;
    expect((await server.operator.post(`/api/users/${me}/reset-password`)).body.error.id).toBe('forbidden');
    expect((await server.operator.post(`/api/users/${me}/reset-second-factor`)).body.error.id).toBe('forbidden');
    // nothing changed for the person
    expect((await person.client.get('/api/auth/me')).body.user.hasSecondFactor).toBe(true);
    expect(await auditOf(person.id, 'user.password_reset')).toHaveLength(0);
  });
});

describe('recovery codes of the second factor', () => {
  it('are ten, shown once at enrolment, stored hashed, and each signs in once instead of the code', async () => {
    const person = await createUser(server, 'Ngô Thị Mã', UNIT);
    const setup = await person.client.post('/api/auth/second-factor/setup');
    const secret = secretOfUri(setup.body.uri);
    const step = Math.floor(Date.now() / 30_000);
    const confirmed = await person.client.post('/api/auth/second-factor/confirm', { code: await generate({ secret, epoch: step * 30 }) });
    rememberTotp(server.url, person.email, secret, step);
    expect(confirmed.status).toBe(200);
    const codes = confirmed.body.recoveryCodes as string[];
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[a-z0-9]{5}-[a-z0-9]{5}$/);
    const stored = await db().select().from(recoveryCodes).where(eq(recoveryCodes.userId, person.id));
    expect(JSON.stringify(stored)).not.toContain(codes[0]!.replace('-', ''));
    expect(JSON.stringify(stored)).not.toContain(codes[0]!);
    expect((await person.client.get('/api/auth/recovery-codes')).body.remaining).toBe(10);

    // a code in place of the authenticator's (typed in capitals, without the dash)
    const phoneLost = anonymous();
    expect((await phoneLost.login(person.email, person.password)).body.secondFactorRequired).toBe(true);
    const used = await phoneLost.secondFactor(codes[0]!.replace('-', '').toUpperCase());
    expect(used.status, JSON.stringify(used.body)).toBe(200);
    expect((await phoneLost.get('/api/auth/recovery-codes')).body.remaining).toBe(9);

    // the same code again is refused
    const again = anonymous();
    await again.login(person.email, person.password);
    expect((await again.secondFactor(codes[0]!)).body.error.id).toBe('second_factor_invalid');

    // another account's code is no use here
    const stranger = await createUser(server, 'Cao Văn Lạ', UNIT);
    const strangerCodes = (await (async () => {
      const s = await stranger.client.post('/api/auth/second-factor/setup');
      const sec = secretOfUri(s.body.uri);
      const st = Math.floor(Date.now() / 30_000);
      const r = await stranger.client.post('/api/auth/second-factor/confirm', { code: await generate({ secret: sec, epoch: st * 30 }) });
      rememberTotp(server.url, stranger.email, sec, st);
      return r.body.recoveryCodes as string[];
    })());
    const wrongPerson = anonymous();
    await wrongPerson.login(person.email, person.password);
    expect((await wrongPerson.secondFactor(strangerCodes[0]!)).body.error.id).toBe('second_factor_invalid');

    const usedEntries = await auditOf(person.id, 'auth.recovery_code_used');
    expect(usedEntries.map((e) => e.data.remaining)).toEqual([9]);
    expect(await auditOf(person.id, 'auth.recovery_codes_generated')).toHaveLength(1);
  });

  it('are regenerated with a current code: the old ones stop working', async () => {
    const person = await createUser(server, 'Đinh Văn Mới', UNIT);
    await person.client.enrolSecondFactor(person.email);
    // without a valid code, nothing changes
    expect((await person.client.post('/api/auth/recovery-codes', { code: '000000' })).body.error.id).toBe('second_factor_invalid');
    const before = await db().select({ h: recoveryCodes.codeHash }).from(recoveryCodes).where(eq(recoveryCodes.userId, person.id));
    const fresh = await person.client.post('/api/auth/recovery-codes', { code: await totpCodeFor(server.url, person.email) });
    expect(fresh.status, JSON.stringify(fresh.body)).toBe(200);
    const after = await db().select({ h: recoveryCodes.codeHash }).from(recoveryCodes).where(eq(recoveryCodes.userId, person.id));
    expect(after).toHaveLength(10);
    expect(after.some((r) => before.some((b) => b.h === r.h))).toBe(false);
    const signIn = anonymous();
    await signIn.login(person.email, person.password);
    expect((await signIn.secondFactor((fresh.body.recoveryCodes as string[])[3]!)).status).toBe(200);
    expect(await auditOf(person.id, 'auth.recovery_codes_generated')).toHaveLength(2);
    // an account without a second factor has none to regenerate
    const plain = await createUser(server, 'Tạ Văn Thường', UNIT);
    expect((await plain.client.post('/api/auth/recovery-codes', { code: '123456' })).body.error.id).toBe('second_factor_not_enabled');
    expect(await db().select().from(recoveryCodes).where(eq(recoveryCodes.userId, plain.id))).toHaveLength(0);
  });
});
