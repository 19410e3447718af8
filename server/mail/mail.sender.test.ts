import net from 'node:net';
import { describe, expect, it } from 'vitest';
import type { MailRepository, MailRow } from './mail.repository';
import { MailSender, MAX_ATTEMPTS } from './mail.sender';

/** A port nobody listens on: every delivery fails with "connection refused". */
async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise((r) => srv.close(r));
  return port;
}

const row = (over: Partial<MailRow>): MailRow => ({
  id: 1,
  meetingId: null,
  userId: null,
  kind: 'invitation',
  to: 'a@example.vn',
  subject: 'Giấy mời',
  text: 'Mật khẩu cuộc họp: bi-mat',
  html: '',
  attachments: [],
  status: 'pending',
  attempts: 0,
  error: null,
  createdAt: new Date(),
  sentAt: null,
  ...over,
});

function fakeRepo(rows: MailRow[]) {
  const failed: { id: number; attempts: number; error: string; final: boolean }[] = [];
  const repo = {
    pending: async () => rows.filter((r) => r.status === 'pending' && r.attempts < MAX_ATTEMPTS),
    markSent: async () => undefined,
    markAttemptFailed: async (id: number, attempts: number, error: string, final: boolean) => {
      failed.push({ id, attempts, error, final });
      const r = rows.find((x) => x.id === id)!;
      r.attempts = attempts;
      if (final) r.status = 'failed';
    },
  } as unknown as MailRepository;
  return { repo, failed };
}

describe('R2.4 delivery of the outbox with retries (M8.1b)', () => {
  it('retries a failed mail later with backoff, marks it failed after the 5th attempt, and never logs the body', async () => {
    const rows = [row({ id: 1 }), row({ id: 2, attempts: MAX_ATTEMPTS - 1 })];
    const { repo, failed } = fakeRepo(rows);
    const logged: string[] = [];
    const sender = new MailSender(repo, { smtpUrl: `smtp://127.0.0.1:${await closedPort()}`, from: 'GiaoBan <g@localhost>' }, { warn: (obj, msg) => logged.push(JSON.stringify(obj) + msg) });
    await sender.tick();
    expect(failed.map((f) => [f.id, f.attempts, f.final])).toEqual([
      [1, 1, false],
      [2, MAX_ATTEMPTS, true],
    ]);
    expect(rows[1]!.status).toBe('failed');
    // the next pass comes too soon for the backoff: nothing is tried
    await sender.tick();
    expect(failed).toHaveLength(2);
    // after the delay it is tried again
    await sender.tick(Date.now() + 6_000);
    expect(failed.map((f) => f.attempts)).toEqual([1, MAX_ATTEMPTS, 2]);
    expect(logged.join('\n')).not.toContain('bi-mat');
    await sender.stop();
  });
});
