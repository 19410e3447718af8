/**
 * What the load benches (bench:signal, bench:console) share: people with open sessions and invitations written
 * straight into the bench server's PostgreSQL (the API would take minutes for a thousand), and the HTTP API probed
 * from a process of its own.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import type { BenchServer } from './server';

/** People of a unit (delegates) with a session each, as cookies. */
export async function createPeople(srv: BenchServer, unitId: string, n: number): Promise<{ id: string; cookie: string }[]> {
  const db = await connect(srv);
  try {
    const [{ password_hash }] = (await db.query(`SELECT password_hash FROM users ORDER BY created_at LIMIT 1`)).rows as [{ password_hash: string }];
    const people = Array.from({ length: n }, (_, i) => ({ id: randomUUID(), token: randomBytes(32).toString('base64url'), i }));
    for (let from = 0; from < n; from += 500) {
      const batch = people.slice(from, from + 500);
      const values: unknown[] = [];
      const rows = batch.map((p, j) => {
        values.push(p.id, `dai.bieu.${p.i}.${randomBytes(2).toString('hex')}@bench.vn`, `Đại biểu ${p.i + 1}`, unitId, password_hash);
        return `($${j * 5 + 1}, $${j * 5 + 2}, $${j * 5 + 3}, 'Chuyên viên', $${j * 5 + 4}, 'delegate', $${j * 5 + 5}, false)`;
      });
      await db.query(`INSERT INTO users (id, email, name, title, unit_id, role, password_hash, must_change_password) VALUES ${rows.join(',')}`, values);
      const sessionValues: unknown[] = [];
      const sessionRows = batch.map((p, j) => {
        sessionValues.push(p.id, createHash('sha256').update(p.token).digest('hex'), randomBytes(16).toString('hex'));
        return `($${j * 3 + 1}, $${j * 3 + 2}, $${j * 3 + 3}, now() + interval '12 hours')`;
      });
      await db.query(`INSERT INTO sessions (user_id, token_hash, csrf_token, expires_at) VALUES ${sessionRows.join(',')}`, sessionValues);
    }
    return people.map((p) => ({ id: p.id, cookie: `gb_session=${p.token}` }));
  } finally {
    await db.end();
  }
}

export async function invite(srv: BenchServer, meetingId: string, userIds: string[]): Promise<void> {
  const db = await connect(srv);
  try {
    for (let from = 0; from < userIds.length; from += 1000) {
      const batch = userIds.slice(from, from + 1000);
      await db.query(`INSERT INTO meeting_invitees (meeting_id, user_id) SELECT $1, unnest($2::uuid[])`, [meetingId, batch]);
    }
  } finally {
    await db.end();
  }
}

export async function connect(srv: BenchServer): Promise<pg.Client> {
  const env = srv.process.env;
  if (!env.DATABASE_URL) throw new Error('the set-up writes people into PostgreSQL: run with a PostgreSQL database (the default)');
  const db = new pg.Client({ connectionString: env.DATABASE_URL, options: `-c search_path="${env.DATABASE_SCHEMA}"` });
  await db.connect();
  return db;
}

/**
 * The HTTP API probed every 100 ms from a process of its own, so that this process's work with a thousand sockets
 * does not count as the server's latency.
 */
export function probeHttp(url: string, cookie: string): { stop(): Promise<number[]> } {
  const script = `
    const times = [];
    let on = true;
    process.on('message', () => { on = false; });
    (async () => {
      while (on) {
        const t = Date.now();
        const res = await fetch(${JSON.stringify(url)}, { headers: { cookie: ${JSON.stringify(cookie)} } });
        await res.arrayBuffer();
        if (res.status === 200) times.push(Date.now() - t);
        await new Promise((r) => setTimeout(r, 100));
      }
      process.send(times, () => process.exit(0));
    })();`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const result = new Promise<number[]>((resolve) => child.once('message', (m) => resolve(m as number[])));
  return {
    stop: () => {
      child.send('stop');
      return result;
    },
  };
}
