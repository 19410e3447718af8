import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient, createUser, ensureUnit, startTestServer, type TestServer } from './support';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ LOCKOUT_MAX_FAILURES: '3' });
});
afterAll(() => server?.close());

describe('sign-in (R1.3)', () => {
  it('R1.3 the first operator must change the one-time password before anything else', async () => {
    const fresh = await startTestServer();
    try {
      const client = new TestClient(fresh.url);
      // startTestServer already changed the operator's password; a new user shows the same rule
      const res = await fresh.operator.post('/api/users', { name: 'Nguyễn Văn An', unitId: await ensureUnit(fresh, 'Sở Nội vụ'), email: 'an@example.vn' });
      expect(res.status).toBe(201);
      const login = await client.login('an@example.vn', res.body.temporaryPassword);
      expect(login.body.user.mustChangePassword).toBe(true);
      expect((await client.get('/api/meetings')).body.error.id).toBe('password_change_required');
      const weak = await client.post('/api/auth/password', { currentPassword: res.body.temporaryPassword, newPassword: 'short' });
      expect(weak.body.error.id).toBe('password_too_weak');
      const ok = await client.post('/api/auth/password', { currentPassword: res.body.temporaryPassword, newPassword: 'Mot-mat-khau-dai-1' });
      expect(ok.status).toBe(204);
      expect((await client.get('/api/meetings')).status).toBe(200);
    } finally {
      await fresh.close();
    }
  });

  it('R1.3 the password hash and session token never appear in API responses', async () => {
    const { client } = await createUser(server, 'Trần Thị Bình');
    const me = await client.get('/api/auth/me');
    const users = await server.operator.get('/api/users');
    const text = JSON.stringify([me.body, users.body]);
    expect(text).not.toMatch(/argon2|passwordHash|password_hash/);
    expect(text).not.toContain(client.cookie!.split('=')[1]);
    expect(me.headers.get('set-cookie')).toBeNull();
  });

  it('R1.3 repeated failures lock the account, even against the right password', async () => {
    const { email, client } = await createUser(server, 'Lê Văn Cường');
    const stranger = new TestClient(server.url);
    expect((await stranger.login(email, 'wrong-1')).body.error.id).toBe('invalid_credentials');
    expect((await stranger.login(email, 'wrong-2')).body.error.id).toBe('invalid_credentials');
    const third = await stranger.login(email, 'wrong-3');
    expect(third.status).toBe(423);
    expect(third.body.error.id).toBe('account_locked');
    // the real holder is refused as well until the lock expires
    expect((await new TestClient(server.url).login(email, 'anything')).body.error.id).toBe('account_locked');
    expect((await client.get('/api/auth/me')).body.user.email).toBe(email); // existing session unaffected
  });

  it('unknown e-mail and wrong password get the same answer', async () => {
    const a = await new TestClient(server.url).login('nobody@example.vn', 'x');
    expect(a.status).toBe(401);
    expect(a.body.error.id).toBe('invalid_credentials');
  });

  it('a state-changing request without the CSRF token is refused and changes nothing', async () => {
    const before = (await server.operator.get('/api/users')).body.users.length;
    const unitId = await ensureUnit(server, 'Sở Y tế');
    const res = await server.operator.request('POST', '/api/users', { name: 'Phạm Văn Dũng', unitId, email: 'dung@example.vn' }, { 'x-csrf-token': 'forged' });
    expect(res.status).toBe(403);
    expect(res.body.error.id).toBe('csrf_token_invalid');
    const noHeader = new TestClient(server.url);
    noHeader.cookie = server.operator.cookie;
    expect((await noHeader.post('/api/users', { name: 'Phạm Văn Dũng', unitId, email: 'dung@example.vn' })).body.error.id).toBe('csrf_token_invalid');
    expect((await server.operator.get('/api/users')).body.users.length).toBe(before);
  });

  it('signing out ends the session on the server', async () => {
    const { client } = await createUser(server, 'Hoàng Thị Em');
    const cookie = client.cookie;
    expect((await client.post('/api/auth/logout')).status).toBe(204);
    const replay = new TestClient(server.url);
    replay.cookie = cookie;
    expect((await replay.get('/api/auth/me')).body.user).toBeNull();
    expect((await replay.get('/api/meetings')).body.error.id).toBe('unauthenticated');
  });

  it('only operators manage accounts', async () => {
    const { client } = await createUser(server, 'Võ Văn Phúc');
    const res = await client.post('/api/users', { name: 'Kẻ Lạ', unitId: await ensureUnit(server, 'Sở Y tế'), email: 'x@example.vn' });
    expect(res.status).toBe(403);
    expect(res.body.error.id).toBe('forbidden');
    expect((await client.get('/api/users')).body.error.id).toBe('forbidden');
  });

  it('bad input names the field and creates nothing', async () => {
    const res = await server.operator.post('/api/users', { name: 'A', unitId: 'khong-phai-uuid', email: 'not-an-email' });
    expect(res.status).toBe(400);
    expect(res.body.error.id).toBe('validation_failed');
    expect(Object.keys(res.body.error.fields)).toEqual(expect.arrayContaining(['name', 'unitId', 'email']));
    const malformed = await server.operator.request('POST', '/api/users', undefined, { 'content-type': 'application/json' });
    expect(malformed.status).toBe(400);
  });
});
