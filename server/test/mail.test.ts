/**
 * Delivery of the outbox (R2.4, M8.1b): retries whose delay is kept on the row, so a restart neither forgets nor
 * hastens them; and a mail that failed, or was kept before a mail server was configured, sent again from the UI.
 */
import net, { type AddressInfo } from 'node:net';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailView } from '../../shared/api';
import { mailOutbox } from '../db/schema';
import { MailRepository, type NewMail } from '../mail/mail.repository';
import { newSecretSlot, sealMailSecret } from '../mail/mail-secret';
import { MailSender, MAX_ATTEMPTS } from '../mail/mail.sender';
import { Keyring, loadKeyring } from '../secrets/keyring';
import { SecretBox } from '../secrets/secret-box';
import { startMailCatcher, type MailCatcher } from './mail-catcher';
import { createUser, startTestServer, type TestServer } from './support';

/** A port nobody listens on: every delivery fails with "connection refused". */
async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as AddressInfo;
  await new Promise((r) => srv.close(r));
  return port;
}

/** These rows carry no sealed secret: any key opens nothing. */
const box = new SecretBox(Keyring.fromBase64(Keyring.generate()));
const mail = (to: string): NewMail => ({ meetingId: null, userId: null, kind: 'invitation', to, subject: 'Giấy mời họp', text: 'Mật khẩu cuộc họp: bi-mat-42', html: '', attachments: [] });

describe('M8.1b retries after a failed delivery', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(); // no SMTP_URL: the server itself sends nothing; the senders below do
  });
  afterAll(() => server?.close());

  it('M8.1b the next attempt is kept on the row: a restarted sender waits it out, tries again, and fails for good after the 5th', async () => {
    const db = server.app.database.db;
    const repo = new MailRepository(db);
    const inserted = await db
      .insert(mailOutbox)
      .values([
        { ...mail('mot@example.vn'), status: 'pending' },
        { ...mail('hai@example.vn'), status: 'pending', attempts: MAX_ATTEMPTS - 1 },
      ])
      .returning({ id: mailOutbox.id });
    const [first, last] = inserted.map((r) => r.id) as [number, number];
    const rowOf = async (id: number) => (await db.select().from(mailOutbox).where(eq(mailOutbox.id, id)))[0]!;
    const logged: string[] = [];
    const options = { smtpUrl: `smtp://127.0.0.1:${await closedPort()}`, from: 'GiaoBan <g@localhost>' };
    const log = { warn: (obj: object, msg: string) => void logged.push(JSON.stringify(obj) + msg) };

    const t0 = Date.now();
    const before = new MailSender(repo, options, log, box);
    await before.tick(t0);
    await before.stop();
    const waiting = await rowOf(first);
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1 });
    expect(waiting.error).toBeTruthy();
    expect(waiting.nextAttemptAt?.getTime()).toBe(t0 + 5_000);
    expect(await rowOf(last)).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, nextAttemptAt: null });

    // the server restarts: a new sender does not try before the time on the row…
    const after = new MailSender(repo, options, log, box);
    await after.tick(t0 + 4_000);
    expect((await rowOf(first)).attempts).toBe(1);
    // …and tries once it has passed, waiting twice as long for the next
    await after.tick(t0 + 6_000);
    const again = await rowOf(first);
    expect(again.attempts).toBe(2);
    expect(again.nextAttemptAt?.getTime()).toBe(t0 + 6_000 + 10_000);
    await after.stop();

    // the outbox shows when it is tried next; failed ones cannot be sent again without a mail server
    const listed = (await server.operator.get('/api/mail/outbox')).body.mails as MailView[];
    expect(listed.find((m) => m.id === first)).toMatchObject({ status: 'pending', nextAttemptAt: new Date(t0 + 16_000).toISOString(), canRetry: false });
    expect(listed.find((m) => m.id === last)).toMatchObject({ status: 'failed', canRetry: false });
    const refused = await server.operator.post(`/api/mail/outbox/${last}/retry`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.id).toBe('mail_not_retryable');
    expect(logged.join('\n')).not.toContain('bi-mat-42');
    await db.delete(mailOutbox).where(inArray(mailOutbox.id, [first, last]));
  });

  it('M8.1b rows waiting out their delay do not hold back a newer mail due now', async () => {
    const db = server.app.database.db;
    const later = new Date(Date.now() + 60_000);
    const rows = await db
      .insert(mailOutbox)
      .values([...['a', 'b', 'c'].map((x) => ({ ...mail(`${x}@example.vn`), status: 'pending' as const, attempts: 1, nextAttemptAt: later })), { ...mail('moi@example.vn'), status: 'pending' as const }])
      .returning({ id: mailOutbox.id, to: mailOutbox.to });
    const sender = new MailSender(new MailRepository(db), { smtpUrl: `smtp://127.0.0.1:${await closedPort()}`, from: 'g@localhost', batch: 2 }, { warn: () => undefined }, box);
    await sender.tick();
    await sender.stop();
    const after = await db.select().from(mailOutbox).where(inArray(mailOutbox.id, rows.map((r) => r.id)));
    expect(Object.fromEntries(after.map((r) => [r.to, r.attempts]))).toEqual({ 'a@example.vn': 1, 'b@example.vn': 1, 'c@example.vn': 1, 'moi@example.vn': 1 });
    expect(after.find((r) => r.to === 'moi@example.vn')!.nextAttemptAt).not.toBeNull();
  });
});

describe('M8.1b a mail sent again from the outbox', () => {
  let server: TestServer;
  let smtp: MailCatcher;

  beforeAll(async () => {
    smtp = await startMailCatcher();
    server = await startTestServer({ SMTP_URL: smtp.url });
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.close();
  });

  it('M8.1b a mail kept before the mail server was configured is sent again by the operator, audited; others are refused', async () => {
    const db = server.app.database.db;
    const [kept] = await db.insert(mailOutbox).values({ ...mail('giu-lai@example.vn'), status: 'kept' }).returning({ id: mailOutbox.id });
    const id = kept!.id;
    const listed = ((await server.operator.get('/api/mail/outbox')).body.mails as MailView[]).find((m) => m.id === id);
    expect(listed).toMatchObject({ status: 'kept', canRetry: true });

    // a delegate and an organiser (the mail is about no meeting of theirs) may not
    const delegate = await createUser(server, 'Nguyễn Văn Dự');
    const organiser = await createUser(server, 'Lê Thị Tổ', 'Văn phòng UBND tỉnh', { role: 'organiser' });
    for (const who of [delegate, organiser]) {
      const res = await who.client.post(`/api/mail/outbox/${id}/retry`);
      expect(res.status).toBe(403);
      expect(res.body.error.id).toBe('forbidden');
    }
    expect((await db.select().from(mailOutbox).where(eq(mailOutbox.id, id)))[0]!.status).toBe('kept');

    const res = await server.operator.post(`/api/mail/outbox/${id}/retry`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.mail).toMatchObject({ id, status: 'pending', attempts: 0, canRetry: false });
    // the server's sender delivers it
    expect(await smtp.where((m) => m.subject === 'Giấy mời họp', 1, 20_000)).toHaveLength(1);
    const until2 = Date.now() + 5_000;
    let status = '';
    while (status !== 'sent' && Date.now() < until2) {
      status = (await db.select().from(mailOutbox).where(eq(mailOutbox.id, id)))[0]!.status;
      if (status !== 'sent') await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe('sent');

    // a sent mail is not sent again; one unknown is not found
    const twice = await server.operator.post(`/api/mail/outbox/${id}/retry`);
    expect(twice.status).toBe(409);
    expect(twice.body.error.id).toBe('mail_not_retryable');
    expect((await server.operator.post('/api/mail/outbox/987654321/retry')).body.error.id).toBe('mail_not_found');
    const audit = await server.operator.get(`/api/audit?action=mail.retried&targetId=${id}`);
    expect(audit.body.entries).toHaveLength(1);
    expect(audit.body.entries[0].data).toMatchObject({ previousStatus: 'kept' });
  });

  it('R6.1 a meeting password waits sealed beside a kept mail, is filled in only when the mail is sent, then dropped; the outbox never shows it', async () => {
    const db = server.app.database.db;
    const serverBox = new SecretBox(loadKeyring({ dataDir: server.dataDir, SECRETS_KEY_PREVIOUS: [] }));
    const slot = newSecretSlot();
    const [row] = await db
      .insert(mailOutbox)
      .values({
        ...mail('co-mat-khau@example.vn'),
        subject: 'Giấy mời họp có mật khẩu',
        text: `Mật khẩu cuộc họp: ${slot}`,
        html: `<td>${slot}</td>`,
        sealedSecret: sealMailSecret(serverBox, null, { slot, value: 'bi-mat-77' }),
        status: 'kept',
      })
      .returning({ id: mailOutbox.id });
    const id = row!.id;
    const shown = async () => JSON.stringify((await server.operator.get(`/api/mail/outbox/${id}`)).body);
    expect(await shown()).not.toContain('bi-mat-77');
    expect(await shown()).toContain('Mật khẩu cuộc họp: ••••••');

    expect((await server.operator.post(`/api/mail/outbox/${id}/retry`)).status).toBe(200);
    const [delivered] = await smtp.where((m) => m.subject === 'Giấy mời họp có mật khẩu', 1, 20_000);
    expect(delivered!.text).toContain('Mật khẩu cuộc họp: bi-mat-77');
    expect(delivered!.text).not.toContain('[[mat-khau-');
    let stored = (await db.select().from(mailOutbox).where(eq(mailOutbox.id, id)))[0]!;
    for (let i = 0; i < 50 && stored.status !== 'sent'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      stored = (await db.select().from(mailOutbox).where(eq(mailOutbox.id, id)))[0]!;
    }
    expect(stored).toMatchObject({ status: 'sent', sealedSecret: null });
    expect(JSON.stringify(stored)).not.toContain('bi-mat-77');
    expect(await shown()).not.toContain('bi-mat-77');
  });
});
