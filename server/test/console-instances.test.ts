/**
 * The console with two instances (R3.10, R7.2): each instance's console shows live the meetings it runs, and a
 * meeting run by the other as the database has it (`elsewhere`, its participants counted, no health).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { applyConsoleFrame, consoleServerMessage, emptyConsoleView, type ConsoleView } from '../../shared/api';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import { startNats, type Started } from './cluster';
import { ServerProcess } from './server-process';
import { TestClient, TestSocket, createUser } from './support';

let nats: Started;
let main: ServerProcess;
let backup: ServerProcess;
let operator: TestClient;
const closers: { close(): void }[] = [];

async function consoleOn(url: string, client: TestClient): Promise<{ view(): ConsoleView; until<T>(test: (v: ConsoleView) => T | false | undefined, timeoutMs?: number): Promise<T> }> {
  let view = emptyConsoleView();
  let waiters: (() => void)[] = [];
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/api/console/ws`, { headers: { cookie: client.cookie! } });
  closers.push(ws);
  ws.on('message', (data) => {
    view = applyConsoleFrame(view, consoleServerMessage.parse(JSON.parse(data.toString())));
    waiters.splice(0).forEach((w) => w());
  });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  return {
    view: () => view,
    until: <T>(test: (v: ConsoleView) => T | false | undefined, timeoutMs = 20_000) =>
      new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`not shown within ${timeoutMs} ms: ${JSON.stringify([...view.meetings.values()])}`)), timeoutMs);
        const check = () => {
          const r = test(view);
          if (r) {
            clearTimeout(timer);
            resolve(r);
          } else waiters.push(check);
        };
        check();
      }),
  };
}

describe.runIf(process.env.DATABASE_URL)('the console with main and backup instances (R3.10, R7.2)', () => {
  beforeAll(async () => {
    nats = await startNats();
    const shared = { BUS_URL: nats.url, SECRETS_KEY: randomBytes(32).toString('base64'), LIVE_LEASE_MS: '2000' };
    main = await ServerProcess.create({ name: 'console-main', env: { ...shared, INSTANCE_ID: 'main' } });
    await main.start();
    backup = await ServerProcess.create({ name: 'console-backup', env: { ...shared, INSTANCE_ID: 'backup', DATABASE_SCHEMA: main.env.DATABASE_SCHEMA! } });
    await backup.start();
    operator = new TestClient(main.url);
    await operator.signIn('admin@giaoban.local', main.initialOperatorPassword!, 'Operator-password-1');
  }, 180_000);

  afterAll(async () => {
    closers.forEach((c) => c.close());
    await backup?.dispose();
    await main?.dispose();
    await nats?.stop();
  });

  it('shows a meeting run by the other instance from the database, and its own live', async () => {
    const server = { url: main.url, operator };
    const chair = await createUser(server, 'Nguyễn Văn Chủ', 'UBND tỉnh');
    const delegate = await createUser(server, 'Trần Thị Hai', 'Sở Tài chính');
    const slug = `console-hai-${Date.now().toString(36)}`;
    const booked = await operator.post('/api/meetings', {
      title: 'Giao ban hai máy chủ',
      startsAt: '2026-11-23T08:00:00+07:00',
      endsAt: '2027-12-31T17:00:00+07:00',
      chairId: chair.id,
      notStateSecret: true,
      emergency: true,
      inviteeIds: [delegate.id],
      slug,
      password: 'mat-khau-1',
    });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    const meetingId = booked.body.meeting.id as string;
    // the chair enters on main (which takes the meeting), the delegate through backup (forwarded over the bus)
    for (const [person, url] of [
      [chair, main.url],
      [delegate, backup.url],
    ] as const) {
      const s = await TestSocket.open({ url }, person.client);
      closers.push(s);
      s.send({ type: 'join', v: PROTOCOL_VERSION, slug, password: 'mat-khau-1' });
      await s.next('joined', () => true, 15_000);
    }
    const onMain = await consoleOn(main.url, operator);
    const here = await onMain.until((v) => v.meetings.get(meetingId)?.participants === 2 && v.meetings.get(meetingId));
    expect(here).toMatchObject({ place: 'here', status: 'open', online: 2 });
    expect([...onMain.view().endpoints.values()].filter((e) => e.meetingId === meetingId).map((e) => e.name).sort()).toEqual(['Nguyễn Văn Chủ', 'Trần Thị Hai']);

    const backupOperator = new TestClient(backup.url);
    backupOperator.cookie = operator.cookie;
    const onBackup = await consoleOn(backup.url, backupOperator);
    const elsewhere = await onBackup.until((v) => v.meetings.get(meetingId)?.participants === 2 && v.meetings.get(meetingId));
    expect(elsewhere).toMatchObject({ place: 'elsewhere', status: 'open', title: 'Giao ban hai máy chủ' });
    expect([...onBackup.view().endpoints.values()].some((e) => e.meetingId === meetingId)).toBe(false);
  }, 90_000);
});
