/**
 * Guessing is limited (R1.3): by address (sign-in passwords, codes and meeting passwords share one budget per
 * minute) and by account (the sign-in lockout; wrong meeting passwords), each refusal a clear error with
 * `Retry-After`; the lockout answers alike whether the account exists or not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import { TestClient, TestSocket, createUser, startTestServer, type TestServer } from './support';

describe('by address (R1.3)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ GUESSES_PER_MINUTE: '6' });
  });
  afterAll(() => server?.close());

  it('R1.3 an address that guesses too fast is refused with too_many_requests and Retry-After, whatever it guesses next', async () => {
    const guesser = new TestClient(server.url);
    const answers: number[] = [];
    // sign-in passwords against different accounts: the budget (6 a minute, some spent signing the operator in) is
    // the address's, not an account's
    for (let i = 0; i < 10; i++) answers.push((await guesser.login(`ai-do-${i}@example.vn`, 'Doan-bua-123')).status);
    const first = answers.indexOf(429);
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThanOrEqual(6);
    expect(answers).toEqual([...Array(first).fill(401), ...Array(10 - first).fill(429)]);
    const refused = await guesser.login('ai-do-10@example.vn', 'Doan-bua-123');
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({ id: 'too_many_requests', fields: { retryAfter: expect.stringMatching(/^\d+$/) } });
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // meeting passwords draw on the same budget of guesses
    expect((await guesser.post('/api/meetings/by-slug/bat-ky/access', { password: 'x' })).status).toBe(429);
    // what guesses nothing is not limited
    expect((await guesser.get('/api/health')).status).toBe(200);
  });
});

describe('by account (R1.3)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ LOCKOUT_MAX_FAILURES: '3', MEETING_PASSWORD_FAILURES: '4' });
  });
  afterAll(() => server?.close());

  it('R1.3 the lockout answers the same for an account that exists and one that does not: same errors at the same tries, Retry-After, same message', async () => {
    const real = await createUser(server, 'Phùng Văn Thật', 'Sở Tư pháp');
    const attempts = async (email: string) => {
      const client = new TestClient(server.url);
      const out: { status: number; id: string; message: string; retryAfter: string | null }[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await client.login(email, `Sai-mat-khau-${i}9`);
        out.push({ status: res.status, id: res.body.error.id, message: res.body.error.message, retryAfter: res.headers.get('retry-after') });
      }
      return out;
    };
    const existing = await attempts(real.email);
    const unknown = await attempts('khong-ton-tai@example.vn');
    const shape = (list: typeof existing) => list.map((a) => [a.status, a.id, a.message, a.retryAfter === null ? null : 'set']);
    expect(shape(existing)).toEqual(shape(unknown));
    expect(existing.map((a) => a.id)).toEqual(['invalid_credentials', 'invalid_credentials', 'account_locked', 'account_locked', 'account_locked']);
    for (const a of [...existing, ...unknown].filter((x) => x.id === 'account_locked')) expect(Number(a.retryAfter)).toBeGreaterThan(14 * 60);
    // a disabled account answers like one that does not exist
    const disabled = await createUser(server, 'Kha Văn Khóa', 'Sở Tư pháp');
    expect((await server.operator.request('PATCH', `/api/users/${disabled.id}`, { disabled: true })).status).toBe(200);
    expect(shape(await attempts(disabled.email))).toEqual(shape(unknown));
  });

  it('R1.3 an account that gives too many wrong meeting passwords waits, over HTTP and on the signaling join; another account does not', async () => {
    const chair = await createUser(server, 'Ninh Văn Chủ', 'Sở Tư pháp');
    const guesser = await createUser(server, 'Quách Thị Đoán', 'Sở Tư pháp');
    const other = await createUser(server, 'Tạ Văn Khác', 'Sở Tư pháp');
    const slug = `doan-mk-${Math.random().toString(36).slice(2, 8)}`;
    const created = await server.operator.post('/api/meetings', {
      title: 'Họp Hội đồng thẩm định',
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      chairId: chair.id,
      inviteeIds: [guesser.id, other.id],
      notStateSecret: true,
      emergency: true,
      slug,
      password: 'dung-mat-khau',
    });
    expect(created.status).toBe(201);
    const access = (who: typeof guesser, password: string) => who.client.post(`/api/meetings/by-slug/${slug}/access`, { password });
    for (let i = 0; i < 4; i++) expect((await access(guesser, `sai-${i}`)).body.error.id).toBe('meeting_password_wrong');
    // now even the right password waits
    const refused = await access(guesser, 'dung-mat-khau');
    expect(refused.status).toBe(429);
    expect(refused.body.error.id).toBe('too_many_requests');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const socket = await TestSocket.open(server, guesser.client);
    socket.send({ type: 'join', v: PROTOCOL_VERSION, slug, password: 'dung-mat-khau' });
    expect((await socket.next('error')).id).toBe('too_many_requests');
    socket.close();
    // the budget is this account's: another one enters
    expect((await access(other, 'dung-mat-khau')).body).toEqual({ admission: 'direct' });
  });
});
