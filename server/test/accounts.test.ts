/**
 * Secure accounts (R1.3) and the leak response on accounts (R6.4): the TOTP second factor, required for
 * operators; one's sessions with "sign out elsewhere"; the operator ending every session of an account; the
 * sign-in log; a revoked session refused at once, over HTTP and on the meeting's WebSocket.
 */
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntryView, SessionView, SignInView } from '../../shared/api';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import { TestClient, TestSocket, createUser, ensureUnit, rememberTotp, secretOfUri, startTestServer, totpCodeFor, type TestServer } from './support';

let server: TestServer;
const sockets: TestSocket[] = [];

beforeAll(async () => {
  server = await startTestServer({ LOCKOUT_MAX_FAILURES: '3' });
});
afterAll(async () => {
  sockets.forEach((s) => s.close());
  await server?.close();
});

const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

const codeNow = (secret: string) => generate({ secret, epoch: Math.floor(Date.now() / 1000) });
/** A code no authenticator shows now: the current one's neighbour far in the past. */
const staleCode = (secret: string) => generate({ secret, epoch: Math.floor(Date.now() / 1000) - 3600 });

/** Sets up the second factor through the API as the authenticator app would; the tests keep the secret. */
async function enrol(client: TestClient, email: string): Promise<{ secret: string; code: string }> {
  const setup = await client.post('/api/auth/second-factor/setup');
  expect(setup.status).toBe(200);
  const secret = secretOfUri(setup.body.uri);
  const step = Math.floor(Date.now() / 30_000);
  const code = await generate({ secret, epoch: step * 30 });
  const confirm = await client.post('/api/auth/second-factor/confirm', { code });
  expect(confirm.status).toBe(200);
  rememberTotp(server.url, email, secret, step);
  return { secret, code };
}

/** A second client of the same person, signed in with their password (and code, if any) from another device. */
async function signInElsewhere(email: string, password: string, userAgent = IPHONE): Promise<TestClient> {
  const client = new TestClient(server.url);
  const res = await client.request('POST', '/api/auth/login', { email, password }, { 'user-agent': userAgent });
  expect(res.status).toBe(200);
  client.csrf = res.body.csrfToken;
  if (res.body.secondFactorRequired) expect((await client.secondFactor(await totpCodeFor(server.url, email))).status).toBe(200);
  return client;
}

async function auditOf(targetId: string): Promise<AuditEntryView[]> {
  return (await server.operator.get(`/api/audit?targetId=${targetId}`)).body.entries;
}

/** A meeting of the operator's making, with `invitees` invited; returns its slug and password. */
async function newMeeting(chairId: string, inviteeIds: string[]) {
  const slug = `bao-mat-${Math.random().toString(36).slice(2, 8)}`;
  const res = await server.operator.post('/api/meetings', {
    title: 'Giao ban an toàn thông tin',
    startsAt: '2026-12-01T08:00:00+07:00',
    endsAt: '2026-12-01T11:00:00+07:00',
    hostUnitId: await ensureUnit(server, 'Sở Thông tin và Truyền thông'),
    chairId,
    notStateSecret: true,
    emergency: true,
    inviteeIds,
    slug,
    password: 'an-toan-2026',
  });
  expect(res.status).toBe(201);
  return { slug, password: 'an-toan-2026' };
}

async function joinRoom(client: TestClient, slug: string, password: string): Promise<TestSocket> {
  const socket = await TestSocket.open(server, client);
  sockets.push(socket);
  socket.send({ type: 'join', v: PROTOCOL_VERSION, slug, password });
  await socket.next('joined');
  return socket;
}

async function closedSoon(socket: TestSocket): Promise<boolean> {
  for (let i = 0; i < 50 && !socket.closed; i++) await new Promise((r) => setTimeout(r, 100));
  return socket.closed;
}

describe('second factor (R1.3)', () => {
  it('R1.3 TOTP sign-in', async () => {
    const person = await createUser(server, 'Đặng Thị Bảo Mật', 'Sở Tài chính');
    const { client } = person;
    expect((await client.get('/api/auth/me')).body.user.hasSecondFactor).toBe(false);

    // Enrolment: the address for the app, then a code from it confirms; a wrong code confirms nothing.
    const setup = await client.post('/api/auth/second-factor/setup');
    expect(setup.status).toBe(200);
    expect(setup.body.uri).toMatch(/^otpauth:\/\/totp\/GiaoBan:/);
    expect(setup.body.qrSvg).toMatch(/^<svg/);
    const secret = secretOfUri(setup.body.uri);
    expect((await client.post('/api/auth/second-factor/confirm', { code: await staleCode(secret) })).body.error.id).toBe('second_factor_invalid');
    expect((await client.get('/api/auth/me')).body.user.hasSecondFactor).toBe(false);
    expect((await client.post('/api/auth/second-factor/confirm', { code: await codeNow(secret) })).status).toBe(200);
    rememberTotp(server.url, person.email, secret);
    expect((await client.get('/api/auth/me')).body.user.hasSecondFactor).toBe(true);
    expect((await client.post('/api/auth/second-factor/setup')).body.error.id).toBe('second_factor_already_enabled');
    // The secret never leaves the server again.
    const seen = JSON.stringify([(await client.get('/api/auth/me')).body, (await server.operator.get('/api/users')).body, await auditOf(person.id)]);
    expect(seen).not.toContain(secret);

    expect((await client.post('/api/auth/logout')).status).toBe(204);

    // The password alone gives nothing but the second-factor step.
    const device = new TestClient(server.url);
    const login = await device.login(person.email, person.password);
    expect(login.status).toBe(200);
    expect(login.body).toEqual({ secondFactorRequired: true, csrfToken: expect.any(String) });
    const me = (await device.get('/api/auth/me')).body;
    expect(me.user).toBeNull();
    expect(me.secondFactorRequired).toBe(true);
    expect((await device.get('/api/meetings')).body.error.id).toBe('second_factor_required');
    expect((await device.get('/api/auth/sessions')).body.error.id).toBe('second_factor_required');
    expect((await device.post('/api/auth/password', { currentPassword: person.password, newPassword: 'Doi-mat-khau-2026' })).body.error.id).toBe('second_factor_required');
    const socket = await TestSocket.open(server, device);
    sockets.push(socket);
    expect((await socket.next('error')).id).toBe('unauthenticated');
    expect(await closedSoon(socket)).toBe(true);

    // A wrong code is refused and counted towards the lockout (the log shows it).
    const wrong = await device.secondFactor(await staleCode(secret));
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.id).toBe('second_factor_invalid');
    expect((await device.get('/api/meetings')).body.error.id).toBe('second_factor_required');

    // The right code signs in, with a new session token.
    const pendingCookie = device.cookie;
    const right = await device.secondFactor(await totpCodeFor(server.url, person.email));
    expect(right.status).toBe(200);
    expect(right.body.user.email).toBe(person.email);
    expect(device.cookie).not.toBe(pendingCookie);
    expect((await device.get('/api/meetings')).status).toBe(200);
    const replay = new TestClient(server.url);
    replay.cookie = pendingCookie;
    expect((await replay.get('/api/auth/me')).body).toEqual({ user: null, csrfToken: null });

    const log = (await device.get('/api/auth/sign-ins')).body.signIns as SignInView[];
    expect(log.slice(0, 2).map((s) => s.outcome)).toEqual(['success', 'second_factor_failed']);
    const actions = (await auditOf(person.id)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['auth.second_factor_enabled', 'auth.signed_out', 'auth.sign_in_failed', 'auth.signed_in']));
  });

  it('R1.3 wrong second-factor codes lock the account like wrong passwords', async () => {
    const person = await createUser(server, 'Phan Văn Khóa', 'Sở Tài chính');
    const { secret } = await enrol(person.client, person.email);
    const device = new TestClient(server.url);
    expect((await device.login(person.email, person.password)).body.secondFactorRequired).toBe(true);
    expect((await device.secondFactor(await staleCode(secret))).body.error.id).toBe('second_factor_invalid');
    expect((await device.secondFactor(await staleCode(secret))).body.error.id).toBe('second_factor_invalid');
    const third = await device.secondFactor(await staleCode(secret));
    expect(third.status).toBe(423);
    expect(third.body.error.id).toBe('account_locked');
    // The half-open session is gone, and neither the password nor a right code gets in until the lock expires.
    expect((await device.secondFactor(await codeNow(secret))).body.error.id).toBe('unauthenticated');
    expect((await new TestClient(server.url).login(person.email, person.password)).body.error.id).toBe('account_locked');
    // A right password does not reset the count between codes: password, wrong code, password, … cannot go on forever.
    const other = await createUser(server, 'Tô Thị Đếm', 'Sở Tài chính');
    const { secret: otherSecret } = await enrol(other.client, other.email);
    for (let i = 0; i < 2; i++) {
      const attempt = new TestClient(server.url);
      expect((await attempt.login(other.email, other.password)).body.secondFactorRequired).toBe(true);
      expect((await attempt.secondFactor(await staleCode(otherSecret))).body.error.id).toBe('second_factor_invalid');
    }
    const last = new TestClient(server.url);
    expect((await last.login(other.email, other.password)).body.secondFactorRequired).toBe(true);
    expect((await last.secondFactor(await staleCode(otherSecret))).body.error.id).toBe('account_locked');
  });

  it('R1.3 turning the second factor off needs a current code', async () => {
    const person = await createUser(server, 'Hồ Văn Tắt', 'Sở Tài chính');
    const { secret, code } = await enrol(person.client, person.email);
    expect((await person.client.post('/api/auth/second-factor/disable', {})).body.error.id).toBe('validation_failed');
    expect((await person.client.post('/api/auth/second-factor/disable', { code: await staleCode(secret) })).body.error.id).toBe('second_factor_invalid');
    // The code used to enrol does not work twice.
    expect((await person.client.post('/api/auth/second-factor/disable', { code })).body.error.id).toBe('second_factor_invalid');
    expect((await person.client.get('/api/auth/me')).body.user.hasSecondFactor).toBe(true);
    expect((await person.client.post('/api/auth/second-factor/disable', { code: await totpCodeFor(server.url, person.email) })).status).toBe(204);
    expect((await person.client.get('/api/auth/me')).body.user.hasSecondFactor).toBe(false);
    expect((await auditOf(person.id)).map((e) => e.action)).toContain('auth.second_factor_disabled');
    // The password alone signs in again.
    expect((await new TestClient(server.url).login(person.email, person.password)).body.user.email).toBe(person.email);
  });

  it('R1.3 operators must enrol a second factor', async () => {
    expect((await server.operator.get('/api/auth/me')).body.user.hasSecondFactor).toBe(true);
    const email = `van.hanh.${Date.now()}@example.vn`;
    const created = await server.operator.post('/api/users', { name: 'Vũ Thị Vận Hành', unitId: await ensureUnit(server, 'Sở Thông tin và Truyền thông'), email, role: 'operator' });
    expect(created.status).toBe(201);
    const client = new TestClient(server.url);
    const login = await client.login(email, created.body.temporaryPassword);
    expect(login.body.user.mustChangePassword).toBe(true);
    // The one-time password first, then the second factor, before anything else.
    expect((await client.post('/api/auth/second-factor/setup')).body.error.id).toBe('password_change_required');
    expect((await client.post('/api/auth/password', { currentPassword: created.body.temporaryPassword, newPassword: 'Van-hanh-manh-2026' })).status).toBe(204);
    const me = (await client.get('/api/auth/me')).body;
    expect(me.user.email).toBe(email);
    expect(me.secondFactorEnrolmentRequired).toBe(true);
    for (const path of ['/api/users', '/api/meetings', '/api/audit', '/api/auth/sessions']) {
      const res = await client.get(path);
      expect(res.status, path).toBe(403);
      expect(res.body.error.id, path).toBe('second_factor_enrolment_required');
    }
    const refused = await client.post('/api/units', { code: 'KHONG', name: 'Không được tạo' });
    expect(refused.body.error.id).toBe('second_factor_enrolment_required');
    expect((await server.operator.get('/api/units')).body.units.map((u: { code: string }) => u.code)).not.toContain('KHONG');
    const socket = await TestSocket.open(server, client);
    sockets.push(socket);
    expect((await socket.next('error')).id).toBe('unauthenticated');

    await enrol(client, email);
    expect((await client.get('/api/auth/me')).body.secondFactorEnrolmentRequired).toBeUndefined();
    expect((await client.get('/api/users')).status).toBe(200);
    // From now on the password alone is not enough.
    const again = new TestClient(server.url);
    expect((await again.login(email, 'Van-hanh-manh-2026')).body.secondFactorRequired).toBe(true);

    // Other roles may, but need not.
    const delegate = await createUser(server, 'Mai Văn Đại', 'Sở Tài chính');
    const delegateMe = (await delegate.client.get('/api/auth/me')).body;
    expect(delegateMe.secondFactorEnrolmentRequired).toBeUndefined();
    expect(delegateMe.user.hasSecondFactor).toBe(false);
    expect((await delegate.client.get('/api/meetings')).status).toBe(200);
  });
});

describe('sessions (R1.3, R6.4)', () => {
  it('R1.3 sign out elsewhere ends the other sessions', async () => {
    const person = await createUser(server, 'Lâm Thị Phiên', 'Sở Nội vụ');
    const here = await signInElsewhere(person.email, person.password, WINDOWS);
    const phone = await signInElsewhere(person.email, person.password, IPHONE);

    const listed = (await here.get('/api/auth/sessions')).body.sessions as SessionView[];
    expect(listed).toHaveLength(3);
    expect(listed.filter((s) => s.current)).toHaveLength(1);
    const current = listed.find((s) => s.current)!;
    expect(current.userAgent).toBe(WINDOWS);
    expect(current.ip).toBe('127.0.0.1');
    expect(Date.parse(current.lastSeenAt)).toBeGreaterThanOrEqual(Date.parse(current.startedAt));
    expect(listed.map((s) => s.userAgent)).toContain(IPHONE);
    expect(JSON.stringify(listed)).not.toContain(here.cookie!.split('=')[1]);
    expect(JSON.stringify(listed)).not.toContain(here.csrf);

    // Someone else's session cannot be signed out.
    const stranger = await createUser(server, 'Lạ Văn Người', 'Sở Nội vụ');
    const refused = await stranger.client.request('DELETE', `/api/auth/sessions/${current.id}`);
    expect(refused.status).toBe(404);
    expect(refused.body.error.id).toBe('session_not_found');
    expect((await here.get('/api/meetings')).status).toBe(200);

    // One session by itself…
    const phoneSession = listed.find((s) => s.userAgent === IPHONE)!;
    expect((await here.request('DELETE', `/api/auth/sessions/${phoneSession.id}`)).status).toBe(204);
    expect((await phone.get('/api/meetings')).body.error.id).toBe('unauthenticated');

    // …and every other one at once.
    const res = await here.post('/api/auth/sessions/revoke-others');
    expect(res.body).toEqual({ revoked: 1 });
    expect((await person.client.get('/api/auth/me')).body.user).toBeNull();
    expect((await person.client.get('/api/meetings')).body.error.id).toBe('unauthenticated');
    expect((await here.get('/api/meetings')).status).toBe(200);
    expect(((await here.get('/api/auth/sessions')).body.sessions as SessionView[]).map((s) => s.id)).toEqual([current.id]);
    const revocations = (await auditOf(person.id)).filter((e) => e.action === 'auth.sessions_revoked');
    expect(revocations.map((e) => e.data.scope).sort()).toEqual(['one', 'others']);
  });

  it('R1.3 a revoked session is refused on its next request and its WebSocket is closed', async () => {
    const chair = await createUser(server, 'Nguyễn Văn Chủ', 'Sở Nội vụ');
    const delegate = await createUser(server, 'Trịnh Thị Thu', 'Sở Nội vụ');
    const meeting = await newMeeting(chair.id, [delegate.id]);
    const chairSocket = await joinRoom(chair.client, meeting.slug, meeting.password);
    const delegateSocket = await joinRoom(delegate.client, meeting.slug, meeting.password);
    await chairSocket.rosterWhere((r) => r.length === 2);
    chairSocket.frames.splice(0); // only what follows the revocation counts

    const other = await signInElsewhere(delegate.email, delegate.password);
    const target = ((await other.get('/api/auth/sessions')).body.sessions as SessionView[]).find((s) => !s.current)!;
    expect((await other.request('DELETE', `/api/auth/sessions/${target.id}`)).status).toBe(204);

    expect((await delegateSocket.next('closed')).reason).toBe('session_revoked');
    expect(await closedSoon(delegateSocket)).toBe(true);
    const roster = await chairSocket.rosterWhere((r) => r.length === 1);
    expect(roster[0]!.name).toBe(chair.name);
    const next = await delegate.client.get('/api/meetings');
    expect(next.status).toBe(401);
    expect(next.body.error.id).toBe('unauthenticated');
    // The revoked cookie opens no new WebSocket either.
    const reopened = await TestSocket.open(server, delegate.client);
    sockets.push(reopened);
    expect((await reopened.next('error')).id).toBe('unauthenticated');
    expect(chairSocket.closed).toBe(false);
  });

  it('R1.3 changing one’s password ends the other sessions, keeps the current one, and closes their meeting presence', async () => {
    const chair = await createUser(server, 'Phan Văn Khóa', 'Sở Nội vụ');
    const person = await createUser(server, 'Vũ Thị Đổi', 'Sở Nội vụ');
    const phone = await signInElsewhere(person.email, person.password, IPHONE);
    const meeting = await newMeeting(chair.id, [person.id]);
    const phoneSocket = await joinRoom(phone, meeting.slug, meeting.password);

    const newPassword = 'Mat-khau-moi-2026';
    expect((await person.client.post('/api/auth/password', { currentPassword: person.password, newPassword })).status).toBe(204);

    expect((await phoneSocket.next('closed')).reason).toBe('session_revoked');
    expect(await closedSoon(phoneSocket)).toBe(true);
    expect((await phone.get('/api/meetings')).body.error.id).toBe('unauthenticated');
    expect((await person.client.get('/api/meetings')).status).toBe(200);
    expect(((await person.client.get('/api/auth/sessions')).body.sessions as SessionView[]).map((s) => s.current)).toEqual([true]);
    const entry = (await auditOf(person.id)).find((e) => e.action === 'auth.password_changed' && e.data.firstSignIn === false)!;
    expect(entry.data.endedSessions).toBe(1);
    // The old password opens nothing, the new one does.
    expect((await new TestClient(server.url).login(person.email, person.password)).body.error.id).toBe('invalid_credentials');
    expect((await new TestClient(server.url).login(person.email, newPassword)).status).toBe(200);
  });

  it('R6.4 the operator ends every session of an account at once', async () => {
    const chair = await createUser(server, 'Đỗ Văn Trì', 'Sở Nội vụ');
    const leaked = await createUser(server, 'Cao Thị Lộ', 'Sở Nội vụ');
    const organiser = await createUser(server, 'Kiều Văn Tổ', 'Sở Nội vụ', { role: 'organiser' });
    const second = await signInElsewhere(leaked.email, leaked.password);
    const meeting = await newMeeting(chair.id, [leaked.id]);
    const socket = await joinRoom(second, meeting.slug, meeting.password);

    // Nobody but the operator may, and a refusal changes nothing.
    for (const who of [organiser, chair, leaked]) {
      const res = await who.client.post(`/api/users/${leaked.id}/end-sessions`);
      expect(res.status).toBe(403);
      expect(res.body.error.id).toBe('forbidden');
    }
    for (const who of [organiser, chair]) {
      expect((await who.client.get(`/api/users/${leaked.id}/sessions`)).body.error.id).toBe('forbidden');
      expect((await who.client.get(`/api/users/${leaked.id}/sign-ins`)).body.error.id).toBe('forbidden');
    }
    expect((await leaked.client.get('/api/meetings')).status).toBe(200);
    expect(socket.closed).toBe(false);
    expect((await server.operator.post('/api/users/00000000-0000-4000-8000-000000000000/end-sessions')).body.error.id).toBe('user_not_found');

    expect(((await server.operator.get(`/api/users/${leaked.id}/sessions`)).body.sessions as SessionView[]).length).toBe(2);
    const res = await server.operator.post(`/api/users/${leaked.id}/end-sessions`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ revoked: 2 });
    expect((await socket.next('closed')).reason).toBe('session_revoked');
    expect(await closedSoon(socket)).toBe(true);
    for (const client of [leaked.client, second]) expect((await client.get('/api/meetings')).body.error.id).toBe('unauthenticated');
    expect((await server.operator.get(`/api/users/${leaked.id}/sessions`)).body.sessions).toEqual([]);
    expect((await server.operator.get('/api/users')).status).toBe(200); // the operator's own session stays

    const entry = (await auditOf(leaked.id)).find((e) => e.action === 'auth.sessions_revoked')!;
    expect(entry.actor?.id).not.toBe(leaked.id);
    expect(entry.data).toMatchObject({ scope: 'all', count: 2 });
    // The account itself is not disabled: its holder signs in again.
    expect((await new TestClient(server.url).login(leaked.email, leaked.password)).status).toBe(200);
  });
});

describe('sign-in log (R1.3)', () => {
  it('R1.3 every sign-in attempt is logged', async () => {
    const person = await createUser(server, 'Quách Thị Nhật Ký', 'Sở Nội vụ');
    const { secret } = await enrol(person.client, person.email);
    const attempt = (password: string) => new TestClient(server.url).request('POST', '/api/auth/login', { email: person.email, password }, { 'user-agent': WINDOWS });

    expect((await attempt('Sai-mat-khau-1')).body.error.id).toBe('invalid_credentials');
    const device = new TestClient(server.url);
    expect((await device.login(person.email, person.password)).body.secondFactorRequired).toBe(true);
    expect((await device.secondFactor(await staleCode(secret))).body.error.id).toBe('second_factor_invalid');
    expect((await device.secondFactor(await totpCodeFor(server.url, person.email))).status).toBe(200);
    for (let i = 0; i < 3; i++) await attempt(`Sai-mat-khau-${i + 2}`);
    expect((await attempt(person.password)).body.error.id).toBe('account_locked');
    const unknownEmail = `khong.co.ai.${Date.now()}@example.vn`;
    expect((await new TestClient(server.url).login(unknownEmail, 'Mat-khau-bat-ky-1')).body.error.id).toBe('invalid_credentials');

    // The holder reads their own log (a lock does not end existing sessions), newest first.
    const own = (await device.get('/api/auth/sign-ins')).body.signIns as SignInView[];
    expect(own.map((s) => s.outcome)).toEqual([
      'locked',
      'wrong_password',
      'wrong_password',
      'wrong_password',
      'success',
      'second_factor_failed',
      'wrong_password',
      'success', // createUser's first sign-in
    ]);
    expect(own[0]!.ip).toBe('127.0.0.1');
    expect(own[0]!.userAgent).toBe(WINDOWS);
    expect(own.every((s) => s.email === person.email)).toBe(true);

    // The operator reads anyone's; another person may not.
    expect((await server.operator.get(`/api/users/${person.id}/sign-ins`)).body.signIns).toEqual(own);
    const other = await createUser(server, 'Lò Văn Khác', 'Sở Nội vụ');
    expect((await other.client.get(`/api/users/${person.id}/sign-ins`)).body.error.id).toBe('forbidden');
    expect(((await other.client.get('/api/auth/sign-ins')).body.signIns as SignInView[]).map((s) => s.outcome)).toEqual(['success']);

    // Each attempt is an audit entry too, the unknown account's with the e-mail tried.
    const audit = await auditOf(person.id);
    const failed = audit.filter((e) => e.action === 'auth.sign_in_failed').map((e) => e.data.outcome);
    expect(failed.sort()).toEqual(['locked', 'second_factor_failed', 'wrong_password', 'wrong_password', 'wrong_password', 'wrong_password']);
    expect(audit.filter((e) => e.action === 'auth.signed_in')).toHaveLength(2);
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['auth.password_changed', 'auth.second_factor_enabled']));
    const unknown = (await server.operator.get(`/api/audit?action=auth.sign_in_failed&q=${encodeURIComponent(unknownEmail)}`)).body.entries as AuditEntryView[];
    expect(unknown).toHaveLength(1);
    expect(unknown[0]!.data).toMatchObject({ email: unknownEmail, outcome: 'unknown_account' });
    expect(unknown[0]!.ip).toBe('127.0.0.1');
  });
});
