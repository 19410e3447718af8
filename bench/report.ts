/**
 * `npm run bench:report` — the quarterly report's figures (issue 17 point 9) over a large history: REPORT_MEETINGS
 * (default 100,000) synthetic meetings spread over two years (2025–2026) across the 61 units of a seeded province
 * (the people's committee, 20 departments, 10 districts with 3 communes each), with their participants (people and
 * meeting rooms `joined` and `left` in `meeting_events`, the people each room's technician entered), the meeting's
 * end, incidents (`incident` events) and the judgments of the chair (`meetings.outcome`), all written by bulk SQL
 * (`generate_series`), on PostgreSQL (BENCH_DATABASE_URL or DATABASE_URL; a schema of its own, dropped at the end)
 * and on PGlite (in memory).
 *
 * Then timed, for one quarter (2026 Q3): every unit's figures, one `meetingFigures` call per unit as each unit's
 * report drafts them, plus the consolidated figures (all units, one call) — target ≤ 1 s together on PostgreSQL —
 * and, as the baseline in the same run, a hand-written SQL count over the same rows (meetings held, participants
 * joined, met, by host unit and in total). Printed: the consolidated figures, the check that both agree on what
 * they both count, the times and the ratio; also all units in one call, and (PostgreSQL) the consolidated call with
 * `SET LOCAL jit = off, work_mem = '64MB'`. PGlite times REPORT_PGLITE_UNITS (default 6) of the units' calls and
 * scales them to all (several seconds a call). The load is one transaction without the per-row foreign-key checks
 * (`session_replication_role = replica`), then VACUUM ANALYZE as autovacuum would. REPORT_SKIP_PGLITE=1 /
 * REPORT_SKIP_POSTGRES=1 skip one; REPORT_REPEATS (default 3) runs of each but the per-unit loop (one run).
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../server/db/client';
import { meetingFigures, type FigureRow } from '../server/reports/figures';
import { shortfallCauses } from '../shared/causes';

const N = Number(process.env.REPORT_MEETINGS ?? 100_000);
const UNITS = 61;
const PEOPLE_PER_UNIT = 12; // k=0 organiser, 1..10 delegates, 11 the meeting room's own account
const SPAN_FROM = '2025-01-01T00:00:00+07:00';
const SPAN_SECONDS = 2 * 365 * 86_400;
const QUARTER = { label: '2026 Q3', from: new Date('2026-07-01T00:00:00+07:00'), to: new Date('2026-10-01T00:00:00+07:00') };
const REPEATS = Number(process.env.REPORT_REPEATS ?? 3);

type Raw = Record<string, unknown>;
const rowsOf = async (db: Database['db'], query: ReturnType<typeof sql>): Promise<Raw[]> => ((await db.execute(query)) as unknown as { rows: Raw[] }).rows;

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - t0 };
}

/** The best of REPEATS runs (the first one warms the caches like a report page opened twice would). */
async function best<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number; all: number[] }> {
  let out: { value: T; ms: number } | undefined;
  const all: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const run = await timed(fn);
    all.push(run.ms);
    if (!out || run.ms < out.ms) out = run;
  }
  return { ...out!, all };
}

// Deterministic ids, so every table's rows can be generated independently of the others.
const unitId = (idx: string) => `md5('bench-unit-' || ${idx})::uuid`;
const personId = (idx: string, k: string) => `md5('bench-person-' || ${idx} || '-' || ${k})::uuid`;
const roomId = (idx: string) => `md5('bench-room-' || ${idx})::uuid`;
const meetingId = (g: string) => `md5('bench-meeting-' || ${g})::uuid`;

/** The meeting g's host unit, its two guest units (distinct from it and each other), and its times. */
const host = (g: string) => `((${g} * 7) % ${UNITS})`;
const guest1 = (g: string) => `((${host(g)} + 1 + ${g} % 5) % ${UNITS})`;
const guest2 = (g: string) => `((${host(g)} + 13 + ${g} % 7) % ${UNITS})`;
const startsAt = (g: string) => `('${SPAN_FROM}'::timestamptz + ((${g} - 1)::bigint * ${SPAN_SECONDS} / ${N}) * interval '1 second')`;
const endsAt = (g: string) => `(${startsAt(g)} + interval '2 hours')`;
const cancelled = (g: string) => `(${g} % 37 = 0)`;

/**
 * Participants of meeting g: p=1,2 two delegates of the host unit; p=3 the host unit's room; p=4,6 the guest
 * units' rooms; p=5,7 one delegate of each guest unit. (unit expression, person k, room or not)
 */
const participant = (g: string, p: string) => `
  CASE ${p} WHEN 1 THEN ${host(g)} WHEN 2 THEN ${host(g)} WHEN 3 THEN ${host(g)} WHEN 4 THEN ${guest1(g)} WHEN 5 THEN ${guest1(g)} ELSE ${guest2(g)} END`;
const participantK = (g: string, p: string) => `CASE ${p} WHEN 1 THEN 1 + ${g} % 10 WHEN 2 THEN 1 + (${g} + 3) % 10 WHEN 5 THEN 1 + ${g} % 10 WHEN 7 THEN 1 + (${g} + 5) % 10 ELSE 11 END`;
const isRoom = (p: string) => `(${p} IN (3, 4, 6))`;

async function seed(database: Database): Promise<Record<string, number>> {
  const steps: Record<string, number> = {};
  await database.db.transaction(async (tx) => {
    // a bulk load of rows generated consistent: the foreign keys' per-row checks skipped (superuser, this transaction only)
    await tx.execute(sql.raw('SET LOCAL session_replication_role = replica'));
    await seedRows(tx as unknown as Database['db'], steps);
  });
  // what autovacuum does in a running system: statistics and the visibility map (index-only scans)
  const t = await timed(() => database.db.execute(sql.raw('VACUUM ANALYZE')));
  steps['vacuum analyze'] = Math.round(t.ms);
  return steps;
}

async function seedRows(db: Database['db'], steps: Record<string, number>): Promise<void> {
  const step = async (name: string, text: string) => {
    const t = await timed(() => db.execute(sql.raw(text)));
    steps[name] = Math.round(t.ms);
  };
  await step(
    'units',
    `INSERT INTO units (id, parent_id, code, name)
     SELECT ${unitId('i')},
       CASE WHEN i = 0 THEN NULL WHEN i <= 30 THEN ${unitId('0')} ELSE ${unitId('(21 + (i - 31) / 3)')} END,
       'BENCH-' || i,
       CASE WHEN i = 0 THEN 'UBND tỉnh Thử Nghiệm' WHEN i <= 20 THEN 'Sở số ' || i WHEN i <= 30 THEN 'UBND huyện số ' || (i - 20) ELSE 'UBND xã số ' || (i - 30) END
     FROM generate_series(0, ${UNITS - 1}) i`,
  );
  await step(
    'users',
    `INSERT INTO users (id, email, name, title, unit_id, role, password_hash, must_change_password)
     SELECT ${personId('i', 'k')}, 'bench.' || i || '.' || k || '@bench.gov.vn',
       CASE WHEN k = 11 THEN 'Phòng họp đơn vị ' || i ELSE 'Cán bộ ' || i || '.' || k END, 'Chuyên viên', ${unitId('i')},
       CASE WHEN k = 0 THEN 'organiser' WHEN k = 11 THEN 'endpoint' ELSE 'delegate' END, 'bench-no-sign-in', false
     FROM generate_series(0, ${UNITS - 1}) i, generate_series(0, ${PEOPLE_PER_UNIT - 1}) k`,
  );
  await step(
    'endpoints',
    `INSERT INTO endpoints (id, kind, name, unit_id, capacity, account_id)
     SELECT ${roomId('i')}, 'room', 'Phòng họp trực tuyến ' || i, ${unitId('i')}, 40, ${personId('i', '11')} FROM generate_series(0, ${UNITS - 1}) i`,
  );
  await step(
    'meetings',
    `INSERT INTO meetings (id, title, slug, starts_at, ends_at, chair_id, host_unit_id, password_hash, status, created_by, ended_at, approval,
                           cancelled_at, outcome, outcome_cause, outcome_by, outcome_at)
     SELECT ${meetingId('g')}, 'Cuộc họp giao ban số ' || g, 'bench-' || g, ${startsAt('g')}, ${endsAt('g')},
       ${personId(host('g'), '1')}, ${unitId(host('g'))}, 'bench', CASE WHEN ${cancelled('g')} THEN 'cancelled' ELSE 'ended' END,
       ${personId(host('g'), '0')}, CASE WHEN ${cancelled('g')} THEN NULL ELSE ${endsAt('g')} END, 'approved',
       CASE WHEN ${cancelled('g')} THEN ${startsAt('g')} - interval '1 day' END,
       CASE WHEN ${cancelled('g')} THEN NULL WHEN g % 17 = 0 THEN 'fell_short' WHEN g % 53 = 0 THEN NULL ELSE 'met' END,
       CASE WHEN g % 17 = 0 AND NOT ${cancelled('g')} THEN (ARRAY['transmission', 'endpoint_equipment', 'software_operation', 'other'])[1 + (g / 17) % 4] END,
       CASE WHEN ${cancelled('g')} OR (g % 53 = 0 AND g % 17 <> 0) THEN NULL ELSE ${personId(host('g'), '1')} END,
       CASE WHEN ${cancelled('g')} OR (g % 53 = 0 AND g % 17 <> 0) THEN NULL ELSE ${endsAt('g')} END
     FROM generate_series(1, ${N}) g`,
  );
  await step(
    'meeting_units',
    `INSERT INTO meeting_units (meeting_id, unit_id, members_admitted)
     SELECT ${meetingId('g')}, ${unitId(`CASE WHEN j = 1 THEN ${guest1('g')} ELSE ${guest2('g')} END`)}, false FROM generate_series(1, ${N}) g, generate_series(1, 2) j`,
  );
  await step(
    'meeting_endpoints',
    `INSERT INTO meeting_endpoints (meeting_id, endpoint_id)
     SELECT ${meetingId('g')}, ${roomId(`CASE j WHEN 1 THEN ${host('g')} WHEN 2 THEN ${guest1('g')} ELSE ${guest2('g')} END`)} FROM generate_series(1, ${N}) g, generate_series(1, 3) j`,
  );
  // the people each room's technician entered (3 to 7 a room), for the held meetings
  await step(
    'meeting_room_people',
    `INSERT INTO meeting_room_people (meeting_id, endpoint_id, people, entered_by)
     SELECT ${meetingId('g')}, ${roomId('u')}, people.list, ${personId('u', '11')}
     FROM generate_series(1, ${N}) g
     CROSS JOIN LATERAL (VALUES (${host('g')}), (${guest1('g')}), (${guest2('g')})) AS r(u)
     CROSS JOIN LATERAL (SELECT jsonb_agg(jsonb_build_object('name', 'Đại biểu ' || n, 'title', 'Chuyên viên')) AS list FROM generate_series(1, 3 + (g + r.u) % 5) n) people
     WHERE NOT ${cancelled('g')}`,
  );
  // joined / left of the 7 participants of every held meeting, and a rejoin of every 9th meeting's first delegate
  await step(
    'meeting_events (joined, left)',
    `INSERT INTO meeting_events (meeting_id, user_id, type, at, data)
     SELECT ${meetingId('g')}, ${personId(participant('g', 'p'), participantK('g', 'p'))}, t.type,
       CASE WHEN t.type = 'joined' THEN ${startsAt('g')} + p * interval '1 minute' ELSE ${endsAt('g')} - p * interval '1 minute' END,
       CASE WHEN t.type = 'joined' THEN jsonb_build_object('participantId', md5(g || '-' || p), 'role', CASE WHEN ${isRoom('p')} THEN 'endpoint' ELSE 'delegate' END,
         'endpointId', CASE WHEN ${isRoom('p')} THEN ${roomId(participant('g', 'p'))}::text END)
       ELSE jsonb_build_object('participantId', md5(g || '-' || p)) END
     FROM generate_series(1, ${N}) g, generate_series(1, 7) p, (VALUES ('joined'), ('left')) t(type)
     WHERE NOT ${cancelled('g')}
     UNION ALL
     SELECT ${meetingId('g')}, ${personId(host('g'), '1 + g % 10')}, 'joined', ${startsAt('g')} + interval '30 minutes', jsonb_build_object('participantId', md5(g || '-rejoin'), 'role', 'delegate', 'endpointId', NULL)
     FROM generate_series(1, ${N}) g WHERE g % 9 = 0 AND NOT ${cancelled('g')}`,
  );
  await step(
    'meeting_events (ended, incident)',
    `INSERT INTO meeting_events (meeting_id, user_id, type, at, data)
     SELECT ${meetingId('g')}, NULL, 'ended', ${endsAt('g')}, '{}'::jsonb FROM generate_series(1, ${N}) g WHERE NOT ${cancelled('g')}
     UNION ALL
     SELECT ${meetingId('g')}, ${personId(guest1('g'), '11')}, 'incident', ${startsAt('g')} + interval '40 minutes',
       jsonb_build_object('cause', (ARRAY['transmission', 'endpoint_equipment', 'software_operation', 'other'])[1 + (g / 11) % 4], 'remedy', 'Khởi động lại thiết bị', 'expectedMinutes', 10)
     FROM generate_series(1, ${N}) g WHERE g % 11 = 0 AND NOT ${cancelled('g')}`,
  );
}

/**
 * The baseline: what one would write by hand for the same quarter — per host unit, meetings held, the distinct
 * people and rooms that joined, meetings met (judged so, or not judged and without an incident); and the totals.
 * It does not weigh rooms by their people nor count guest units: a count over the same rows, not the report.
 */
async function baseline(db: Database['db']) {
  const q = `
    WITH held AS (
      SELECT m.id, m.host_unit_id,
        (m.outcome = 'met' OR (m.outcome IS NULL AND NOT EXISTS (SELECT 1 FROM meeting_events i WHERE i.meeting_id = m.id AND i.type = 'incident'))) AS met
      FROM meetings m
      WHERE m.status = 'ended' AND m.ended_at >= '${QUARTER.from.toISOString()}' AND m.ended_at < '${QUARTER.to.toISOString()}'
    ),
    joined AS (
      SELECT e.meeting_id, count(DISTINCT e.user_id) AS n FROM meeting_events e JOIN held h ON h.id = e.meeting_id WHERE e.type = 'joined' GROUP BY e.meeting_id
    )
    SELECT h.host_unit_id AS unit_id, count(*)::int AS meetings, coalesce(sum(j.n), 0)::int AS joined, count(*) FILTER (WHERE h.met)::int AS met
    FROM held h LEFT JOIN joined j ON j.meeting_id = h.id
    GROUP BY ROLLUP (h.host_unit_id)`;
  return rowsOf(db, sql.raw(q));
}

const pct = (r: FigureRow) => (r.meetings ? ((100 * r.met) / r.meetings).toFixed(1) : '–');
const fmtRow = (r: FigureRow) =>
  `${r.meetings} meetings, ${r.participants} participants, met ${r.met} (${pct(r)} %), fell short: ${shortfallCauses.map((c) => `${c} ${r.shortfalls[c]}`).join(', ')}`;

async function run(kind: 'PostgreSQL' | 'PGlite', url: string | undefined): Promise<Record<string, string | number>> {
  const schemaName = url ? `gb_bench_report_${randomBytes(5).toString('hex')}` : undefined;
  const t0 = performance.now();
  const database = await openDatabase({ url, pgliteDir: 'memory://', schemaName });
  try {
    const migrated = performance.now() - t0;
    const { db } = database;
    console.log(`\n${kind}${schemaName ? ` (schema ${schemaName})` : ' (in memory)'}: migrated in ${(migrated / 1000).toFixed(1)} s; seeding ${N.toLocaleString('en')} meetings…`);
    const seeded = await timed(() => seed(database));
    const counts = (await rowsOf(db, sql.raw(`SELECT (SELECT count(*) FROM meetings)::int AS meetings, (SELECT count(*) FROM meeting_events)::int AS events, (SELECT count(*) FROM meeting_room_people)::int AS rooms, (SELECT count(*) FROM units)::int AS units`)))[0]!;
    console.log(`  seeded in ${(seeded.ms / 1000).toFixed(1)} s: ${JSON.stringify(counts)}; steps (ms) ${JSON.stringify(seeded.value)}`);

    const unitIds = (await rowsOf(db, sql.raw('SELECT id FROM units ORDER BY code'))).map((r) => String(r.id));
    const q = { from: QUARTER.from, to: QUARTER.to };

    // every unit's report: one call per unit (what drafting each unit's report asks), then the consolidated one;
    // PGlite (several seconds a call) times a sample of units and scales it to all, said so in the output
    const sample = kind === 'PGlite' ? unitIds.slice(0, Number(process.env.REPORT_PGLITE_UNITS ?? 6)) : unitIds;
    const perUnitRun = await timed(async () => {
      const out: FigureRow[] = [];
      for (const u of sample) out.push((await meetingFigures(db, { ...q, unitIds: [u] })).units[0]!.hosted);
      return out;
    });
    const scaled = sample.length < unitIds.length;
    const perUnit = { value: perUnitRun.value, ms: (perUnitRun.ms * unitIds.length) / sample.length, all: [perUnitRun.ms] };
    const consolidated = await best(() => meetingFigures(db, q));
    const allInOne = await best(() => meetingFigures(db, { ...q, unitIds }));
    // the same consolidated call with two settings of the session (PostgreSQL): no JIT compilation of the plan, and
    // room for the sorts and hashes in memory — what a `SET LOCAL` in the figures' transaction would give
    const tuned =
      kind === 'PostgreSQL'
        ? await best(() =>
            db.transaction(async (tx) => {
              await tx.execute(sql.raw('SET LOCAL jit = off'));
              await tx.execute(sql.raw(`SET LOCAL work_mem = '64MB'`));
              return meetingFigures(tx as unknown as Database['db'], q);
            }),
          )
        : null;
    const base = await best(() => baseline(db));

    const totalRow = consolidated.value.months.reduce(
      (a, m) => ({ meetings: a.meetings + m.meetings, participants: a.participants + m.participants, met: a.met + m.met, shortfalls: Object.fromEntries(shortfallCauses.map((c) => [c, a.shortfalls[c] + m.shortfalls[c]])) as FigureRow['shortfalls'] }),
      { meetings: 0, participants: 0, met: 0, shortfalls: Object.fromEntries(shortfallCauses.map((c) => [c, 0])) as FigureRow['shortfalls'] } as FigureRow,
    );
    const baseTotal = base.value.find((r) => r.unit_id === null)!;
    const sumPerUnit = perUnit.value.reduce((a, r) => a + r.meetings, 0);
    const baseOfSample = base.value.filter((r) => sample.includes(String(r.unit_id))).reduce((a, r) => a + Number(r.meetings), 0);
    const agree = Number(baseTotal.meetings) === totalRow.meetings && Number(baseTotal.met) === totalRow.met && sumPerUnit === baseOfSample;
    const reportMs = perUnit.ms + consolidated.ms;
    console.log(`  ${QUARTER.label}, consolidated: ${fmtRow(totalRow)}`);
    console.log(`  baseline count: ${baseTotal.meetings} meetings, ${baseTotal.joined} people and rooms joined, met ${baseTotal.met} — ${agree ? 'agrees with the figures on meetings and met' : 'DISAGREES with the figures'}`);
    const indexes = await rowsOf(db, sql.raw(`SELECT indexrelname AS name, pg_relation_size(indexrelid) AS bytes FROM pg_stat_user_indexes WHERE relname = 'meeting_events' AND schemaname = current_schema() ORDER BY 1`));
    console.log(`  meeting_events: ${Math.round(Number((await rowsOf(db, sql.raw(`SELECT pg_relation_size('meeting_events') AS b`)))[0]!.b) / 1048576)} MB; its indexes ${indexes.map((i) => `${String(i.name)} ${Math.round(Number(i.bytes) / 1048576)} MB`).join(', ')}`);
    console.log(`  every unit's figures (${unitIds.length} calls${scaled ? `; ${sample.length} timed, ${perUnitRun.ms.toFixed(0)} ms, scaled to ${unitIds.length}` : ''}): ${perUnit.ms.toFixed(0)} ms; consolidated (1 call): ${consolidated.ms.toFixed(0)} ms; together ${reportMs.toFixed(0)} ms — target ≤ 1,000 ms ${reportMs <= 1000 ? 'OK' : 'ABOVE TARGET'}${kind === 'PGlite' ? ' (the target is PostgreSQL’s)' : ''}`);
    console.log(`  all ${unitIds.length} units in one call: ${allInOne.ms.toFixed(0)} ms`);
    if (tuned) console.log(`  consolidated with SET LOCAL jit = off, work_mem = '64MB': ${tuned.ms.toFixed(0)} ms (${tuned.value.months.reduce((a, m) => a + m.meetings, 0)} meetings)`);
    console.log(`  hand-written SQL count (all units and the total, 1 query): ${base.ms.toFixed(0)} ms → ratio (every unit + consolidated) / baseline = ${(reportMs / base.ms).toFixed(1)}×, consolidated / baseline = ${(consolidated.ms / base.ms).toFixed(1)}×`);
    console.log(`  (per unit: one run; others best of ${REPEATS}; all runs ms: consolidated ${consolidated.all.map((x) => x.toFixed(0)).join('/')}, baseline ${base.all.map((x) => x.toFixed(0)).join('/')})`);
    return { kind, seededS: +(seeded.ms / 1000).toFixed(1), perUnitMs: Math.round(perUnit.ms), consolidatedMs: Math.round(consolidated.ms), reportMs: Math.round(reportMs), allInOneMs: Math.round(allInOne.ms), tunedMs: tuned ? Math.round(tuned.ms) : '–', baselineMs: Math.round(base.ms), ratio: +(reportMs / base.ms).toFixed(1) };
  } finally {
    await database.close();
    if (url && schemaName) {
      const { default: pg } = await import('pg');
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`DROP SCHEMA IF EXISTS "${schemaName}" CASCADE`);
      await admin.end();
    }
  }
}

async function main() {
  const url = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
  const results: Record<string, string | number>[] = [];
  if (!process.env.REPORT_SKIP_POSTGRES) {
    if (url) results.push(await run('PostgreSQL', url));
    else console.log('PostgreSQL skipped: set BENCH_DATABASE_URL (or DATABASE_URL), e.g. postgres://root@127.0.0.1:5432/test');
  }
  if (!process.env.REPORT_SKIP_PGLITE) results.push(await run('PGlite', undefined));
  console.log('\nsummary');
  console.table(results);
}

await main();
