/**
 * `npm run bench:import` — how long importing people takes through the HTTP API, as the people page sends it:
 * N people (default 1,000; IMPORT_PEOPLE) as CSV and as XLSX into a fresh server (its own process, PGlite on disk
 * as `npm start` runs it; BENCH_DATABASE_URL measures on PostgreSQL). Target: 1,000 people in ≤ 30 s. For
 * comparison, the old way — one `POST /api/users` per person, each hashing a temporary password with argon2 —
 * timed over IMPORT_ONE_BY_ONE people (default 50) and scaled to N. Then what the import makes possible: a meeting
 * booked with all N invited, and its invitations sent.
 */
import ExcelJS from 'exceljs';
import { TestClient } from '../server/test/support';
import { startBenchServer } from './server';

const N = Number(process.env.IMPORT_PEOPLE ?? 1_000);
const ONE_BY_ONE = Number(process.env.IMPORT_ONE_BY_ONE ?? 50);

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const t0 = performance.now();
  const value = await fn();
  return { value, seconds: (performance.now() - t0) / 1000 };
}

async function main() {
  const srv = await startBenchServer('import', '26000-26099');
  try {
    const operator = new TestClient(srv.url);
    await operator.signIn('admin@giaoban.local', srv.password, 'Operator-password-1');
    const unit = async (code: string, name: string) => {
      const res = await operator.post('/api/units', { code, name });
      if (res.status !== 201) throw new Error(JSON.stringify(res.body));
      return res.body.unit as { id: string; code: string };
    };
    const csvUnit = await unit('SO-GD', 'Sở Giáo dục và Đào tạo');
    const xlsxUnit = await unit('SO-YT', 'Sở Y tế');
    const oldUnit = await unit('SO-TC', 'Sở Tài chính');
    const person = (prefix: string, i: number) => [`Nguyễn Văn ${prefix} ${i + 1}`, `${prefix.toLowerCase()}.${i + 1}@example.vn`, 'Chuyên viên', '0912000000'];

    const csv = ['name,email,title,phone,unit_code', ...Array.from({ length: N }, (_, i) => [...person('CSV', i), csvUnit.code].join(','))].join('\n');
    const byCsv = await timed(() => operator.post('/api/users/import', { format: 'csv', content: csv }));
    if (byCsv.value.status !== 200) throw new Error(JSON.stringify(byCsv.value.body).slice(0, 500));

    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('Cán bộ');
    sheet.addRow(['Họ và tên', 'Thư điện tử', 'Chức vụ', 'Điện thoại', 'Mã đơn vị']);
    for (let i = 0; i < N; i++) sheet.addRow([...person('XLSX', i), xlsxUnit.code]);
    const content = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
    const byXlsx = await timed(() => operator.post('/api/users/import', { format: 'xlsx', content }));
    if (byXlsx.value.status !== 200) throw new Error(JSON.stringify(byXlsx.value.body).slice(0, 500));

    const old = await timed(async () => {
      for (let i = 0; i < ONE_BY_ONE; i++) {
        const [name, email, title, phone] = person('OLD', i);
        const res = await operator.post('/api/users', { name, email, title, phone, unitId: oldUnit.id });
        if (res.status !== 201) throw new Error(JSON.stringify(res.body));
      }
    });

    const users = ((await operator.get('/api/users')).body.users as { id: string; unitId: string }[]).filter((u) => u.unitId === csvUnit.id).map((u) => u.id);
    const chair = users[0]!;
    const startsAt = new Date(Date.now() + 5 * 86_400_000);
    const booked = await timed(() =>
      operator.post('/api/meetings', {
        title: 'Hội nghị toàn ngành',
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
        chairId: chair,
        inviteeIds: users.slice(1),
        slug: 'hoi-nghi-toan-nganh',
        password: 'mat-khau-bench',
        notStateSecret: true,
      }),
    );
    if (booked.value.status !== 201) throw new Error(JSON.stringify(booked.value.body).slice(0, 500));
    const meetingId = booked.value.body.meeting.id as string;
    const sent = await timed(() => operator.post(`/api/meetings/${meetingId}/invitations/send`, { password: 'mat-khau-bench' }));
    if (sent.value.status !== 200) throw new Error(JSON.stringify(sent.value.body).slice(0, 500));

    const db = process.env.BENCH_DATABASE_URL ? 'PostgreSQL' : 'PGlite (embedded, on disk)';
    console.log(`\npeople import through the HTTP API, ${db}, ${N} people:`);
    console.log(`  CSV : ${byCsv.seconds.toFixed(2)} s  (${byCsv.value.body.created} accounts, ${byCsv.value.body.linksSent} sign-in links mailed) — target ≤ 30 s ${byCsv.seconds <= 30 ? 'OK' : 'ABOVE TARGET'}`);
    console.log(`  XLSX: ${byXlsx.seconds.toFixed(2)} s  (${byXlsx.value.body.created} accounts)`);
    console.log(`  one POST /api/users at a time with an argon2 password: ${(old.seconds / ONE_BY_ONE * 1000).toFixed(0)} ms each → ${((old.seconds / ONE_BY_ONE) * N).toFixed(1)} s for ${N} (timed over ${ONE_BY_ONE})`);
    console.log(`  a meeting with all ${N - 1} invited: booked in ${booked.seconds.toFixed(2)} s, invitations sent (${sent.value.body.count} mails with PDF and .ics) in ${sent.seconds.toFixed(2)} s`);
  } finally {
    await srv.stop();
  }
}

await main();
