/**
 * The web client at a thousand (issue 13, point 2): the chair in Chromium and 1,000 participants joined over the
 * real signaling WebSocket. What the chair feels is measured in the page: the roster and the thumbnails keep a
 * few dozen lines and tiles in the DOM (not a thousand), a name typed without diacritics is found within a frame
 * or two, scrolling keeps its frames (the p95 frame interval is printed, not asserted: the machine is shared), the
 * roster is grouped by unit with counts, and the chair finds a person, a unit and a speaking request in one step.
 *
 * Test setup, not what is under test: the 1,000 accounts, their units and sessions are written straight into the
 * database (one argon2 hash shared by all, sessions made as AuthService.openSession makes them: a random token,
 * its sha256 in `sessions`), because creating them through the API costs an argon2 hash and a sign-in each; the
 * invitations are written as the booking writes them (`meeting_invitees`). Everything after that is the real path: WebSocket upgrade with the session cookie, `join`
 * with the meeting password, the server's fan-out. The simulated participants read only their `joined` frame.
 * The chair's page has no camera or microphone (getUserMedia refused): media subscriptions of a thousand sockets
 * that never answer an offer would only load Janus, and which streams are subscribed is another issue (last-N).
 *
 * Switches: ROSTER_SCALE_PARTICIPANTS (default 1000; fewer for a quick run), ROSTER_SCALE_TRACE (time of each batch
 * of joins), ROSTER_SCALE_PROFILE (a CPU profile of the test process — server and sockets — while they join, in
 * tmp/roster-scale-joins.cpuprofile), ROSTER_SCALE_SHOTS (screenshots of the chair's page in tmp/).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { PROTOCOL_VERSION } from '../shared/protocol';
import { hashPassword } from '../server/auth/password';
import { meetingInvitees, sessions, units, users } from '../server/db/schema';
import { createUser } from '../server/test/support';
import { knock, meetingStateOn } from './browser';
import { bookMeeting, participantPage, server, useBrowserSuite } from './harness';

useBrowserSuite();

const SIMULATED = Number(process.env.ROSTER_SCALE_PARTICIPANTS ?? 1000);
const SLUG = 'giao-ban-toan-tinh';
const PASSWORD = 'hop-toan-tinh-2026';
const CHAIR_UNIT = 'Văn phòng UBND tỉnh';
const TARGET = { name: 'Trịnh Đình Khiêm', unit: 'Sở Tài chính', title: 'Phó Giám đốc' };

const UNITS = [
  CHAIR_UNIT,
  'Sở Tài chính',
  'Sở Kế hoạch và Đầu tư',
  'Sở Nội vụ',
  'Sở Tư pháp',
  'Sở Công Thương',
  'Sở Nông nghiệp và Môi trường',
  'Sở Xây dựng',
  'Sở Khoa học và Công nghệ',
  'Sở Giáo dục và Đào tạo',
  'Sở Y tế',
  'Sở Văn hóa, Thể thao và Du lịch',
  'Sở Dân tộc và Tôn giáo',
  'Thanh tra tỉnh',
  'Công an tỉnh',
  'Bộ Chỉ huy Quân sự tỉnh',
  'UBND phường Gia Nghĩa',
  'UBND phường Nam Gia Nghĩa',
  'UBND phường Bắc Gia Nghĩa',
  'UBND xã Cư Jút',
  'UBND xã Đắk Mil',
  'UBND xã Đắk Song',
  'UBND xã Đắk Glong',
  'UBND xã Krông Nô',
  'UBND xã Tuy Đức',
  'UBND xã Quảng Sơn',
  'UBND xã Nam Dong',
  'UBND xã Ea Pô',
  'UBND xã Trúc Sơn',
  'UBND xã Đức Minh',
  'UBND xã Thuận An',
  'UBND xã Nâm Nung',
  'UBND xã Quảng Khê',
  'UBND xã Đắk Wil',
  'UBND xã Nâm Nhũn',
  'UBND xã Kiến Đức',
  'UBND xã Quảng Trực',
  'UBND xã Đắk Sôr',
];
const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const MIDDLE = ['Văn', 'Thị', 'Hữu', 'Đức', 'Minh', 'Thanh', 'Quốc', 'Ngọc', 'Xuân', 'Thu', 'Công', 'Thành', 'Hồng'];
const GIVEN = ['An', 'Bình', 'Cường', 'Dũng', 'Đông', 'Giang', 'Hà', 'Hải', 'Hạnh', 'Hòa', 'Hùng', 'Hương', 'Khánh', 'Lan', 'Linh', 'Long', 'Mai', 'Nam', 'Nga', 'Nghĩa', 'Phong', 'Phúc', 'Quân', 'Quang', 'Sơn', 'Tâm', 'Thảo', 'Thắng', 'Thủy', 'Trang', 'Trung', 'Tuấn', 'Vân', 'Việt', 'Yến'];
const TITLES = ['Giám đốc', 'Phó Giám đốc', 'Phó Giám đốc', 'Chánh Văn phòng', 'Trưởng phòng', 'Trưởng phòng', 'Phó Trưởng phòng', 'Chuyên viên chính', 'Chuyên viên', 'Chuyên viên', ''];

interface Simulated {
  id: string;
  name: string;
  unit: string;
  title: string;
  cookie: string;
  ws?: WebSocket;
  /** Given by `joined`. */
  participantId?: string;
}

/** The 1,000 accounts with their sessions, straight into the database (see the note at the top). */
async function seedPeople(): Promise<Simulated[]> {
  const db = server.app.database.db;
  const unitRows = await db
    .insert(units)
    .values(UNITS.map((name, i) => ({ name, code: `SCALE-${i}-${randomBytes(2).toString('hex')}` })))
    .returning({ id: units.id, name: units.name });
  const unitId = new Map(unitRows.map((u) => [u.name, u.id]));
  const passwordHash = await hashPassword(`Mat-khau-${randomBytes(6).toString('hex')}9`);
  const people: Omit<Simulated, 'id' | 'cookie'>[] = [];
  for (let i = 0; i < SIMULATED - 1; i++) {
    const unit = UNITS[(i % (UNITS.length - 1)) + 1]!;
    const name = `${FAMILY[i % FAMILY.length]} ${MIDDLE[Math.floor(i / FAMILY.length) % MIDDLE.length]} ${GIVEN[(i * 7) % GIVEN.length]}`;
    people.push({ name, unit, title: TITLES[Math.floor(i / (UNITS.length - 1)) % TITLES.length]! });
  }
  people.push(TARGET);
  const made: Simulated[] = [];
  for (let start = 0; start < people.length; start += 200) {
    const chunk = people.slice(start, start + 200);
    const rows = await db
      .insert(users)
      .values(chunk.map((p, j) => ({ name: p.name, title: p.title, unitId: unitId.get(p.unit)!, email: `scale-${start + j}-${randomBytes(3).toString('hex')}@example.vn`, role: 'delegate' as const, passwordHash, mustChangePassword: false })))
      .returning({ id: users.id });
    const tokens = chunk.map(() => randomBytes(32).toString('base64url'));
    await db.insert(sessions).values(
      rows.map((r, j) => ({ userId: r.id, tokenHash: createHash('sha256').update(tokens[j]!).digest('hex'), csrfToken: randomBytes(24).toString('base64url'), expiresAt: new Date(Date.now() + 3 * 3_600_000) })),
    );
    rows.forEach((r, j) => made.push({ ...chunk[j]!, id: r.id, cookie: `gb_session=${tokens[j]}` }));
  }
  return made;
}

/** Joins over the real protocol and resolves on `joined`; the frames after it (the meeting's changes) are not read. */
function joinQuietly(person: Simulated): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/ws`, { headers: { cookie: person.cookie } });
    const timer = setTimeout(() => reject(new Error(`${person.name} did not join within 60 s`)), 60_000);
    const onMessage = (raw: WebSocket.RawData) => {
      // `joined` carries the roster first, then its type and our participant id (server/live/presence.ts).
      const text = raw.toString();
      const joined = /"type":"joined","v":\d+,"participantId":"([^"]+)"/.exec(text);
      if (joined) {
        clearTimeout(timer);
        ws.off('message', onMessage);
        person.participantId = joined[1]!;
        resolve(ws);
      } else if (/^\{"type":"(error|lobby|closed)"/.test(text)) {
        clearTimeout(timer);
        reject(new Error(`${person.name} was not let in: ${raw.toString().slice(0, 300)}`));
      }
    };
    ws.on('message', onMessage);
    ws.once('open', () => ws.send(JSON.stringify({ type: 'join', v: PROTOCOL_VERSION, slug: SLUG, password: PASSWORD })));
    ws.once('error', (err) => (clearTimeout(timer), reject(err)));
  });
}

const sockets: WebSocket[] = [];
afterAll(() => {
  for (const ws of sockets) ws.terminate();
});

const count = (page: Page, selector: string) => page.locator(selector).count();

/**
 * Types `query` into the roster search in the page, one character per frame (faster than a person types): the time
 * from each key to the next frame, and until the list shows `expected` lines.
 */
async function typeInPage(page: Page, query: string, expected: number): Promise<{ perKeyMs: number[]; settledMs: number }> {
  return page.evaluate(
    async ({ text, lines }) => {
      const input = document.querySelector<HTMLInputElement>('[data-testid="roster-search"]')!;
      const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
      const frame = () => new Promise<number>((r) => requestAnimationFrame(r));
      input.focus();
      const perKeyMs: number[] = [];
      const started = performance.now();
      for (let i = 1; i <= text.length; i++) {
        const before = performance.now();
        setValue.call(input, text.slice(0, i));
        input.dispatchEvent(new Event('input', { bubbles: true }));
        await frame();
        perKeyMs.push(performance.now() - before);
      }
      for (let f = 0; f < 120 && document.querySelectorAll('[data-testid="roster-item"]').length !== lines; f++) await frame();
      return { perKeyMs, settledMs: performance.now() - started };
    },
    { text: query, lines: expected },
  );
}

/** Sets the search at once (a paste) and counts the frames until `participantId`'s line is the only one shown. */
async function pasteAndFind(page: Page, query: string, participantId: string): Promise<{ ms: number; frames: number }> {
  return page.evaluate(
    async ({ text, id }) => {
      const input = document.querySelector<HTMLInputElement>('[data-testid="roster-search"]')!;
      const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
      input.focus();
      const started = performance.now();
      setValue.call(input, text);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      let frames = 0;
      return new Promise<{ ms: number; frames: number }>((resolve) => {
        const check = () => {
          frames += 1;
          const lines = document.querySelectorAll('[data-testid="roster-item"]');
          if (lines.length === 1 && lines[0]!.getAttribute('data-participant-id') === id) resolve({ ms: performance.now() - started, frames });
          else if (frames > 300) resolve({ ms: -1, frames });
          else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      });
    },
    { text: query, id: participantId },
  );
}

/** Scrolls a box `step` pixels a frame for `frames` frames; the frame intervals and the most lines/tiles in the DOM. */
async function scrollAndSample(page: Page, boxSelector: string, lineSelector: string, frames: number, step: number) {
  return page.evaluate(
    async ({ box, line, n, px }) => {
      const element = document.querySelector<HTMLElement>(box)!;
      const frame = () => new Promise<number>((r) => requestAnimationFrame(r));
      const intervals: number[] = [];
      const seen = new Set<string>();
      let most = 0;
      let last = await frame();
      for (let i = 0; i < n; i++) {
        element.scrollTop += px;
        const now = await frame();
        intervals.push(now - last);
        last = now;
        const lines = document.querySelectorAll(line);
        most = Math.max(most, lines.length);
        lines.forEach((l) => seen.add(l.getAttribute('data-participant-id') ?? ''));
      }
      intervals.sort((a, b) => a - b);
      const p95 = intervals[Math.floor(intervals.length * 0.95)]!;
      const median = intervals[Math.floor(intervals.length / 2)]!;
      return { p95, median, max: intervals.at(-1)!, most, distinct: seen.size, scrolledTo: element.scrollTop, scrollHeight: element.scrollHeight };
    },
    { box: boxSelector, line: lineSelector, n: frames, px: step },
  );
}

describe('the web client at a thousand participants', () => {
  it('keeps the roster and the thumbnails to what is on screen, finds a person, a unit and a request in one step', async () => {
    const t0 = performance.now();
    const chair = await createUser(server, 'Nguyễn Bốn', CHAIR_UNIT, { title: 'Chủ tịch UBND tỉnh' });
    const people = await seedPeople();
    const meeting = await bookMeeting({
      title: 'Giao ban trực tuyến toàn tỉnh',
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: new Date(Date.now() + 3 * 3_600_000).toISOString(),
      chairId: chair.id,
      notStateSecret: true,
      emergency: true,
      inviteeIds: [],
      slug: SLUG,
      password: PASSWORD,
    });
    await server.app.database.db.insert(meetingInvitees).values(people.map((p) => ({ meetingId: meeting.id, userId: p.id })));
    const seeded = performance.now();

    // The chair enters in Chromium (no camera or microphone: see the note at the top).
    const { page, context } = await participantPage();
    await context.addInitScript(() => {
      navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('no device in this test', 'NotFoundError'));
    });
    await page.setViewportSize({ width: 1920, height: 1080 }); // a chair's desk screen
    page.on('console', (m) => m.type() === 'error' && console.error(`[chair page] ${m.text()}`));
    await knock(page, SLUG, chair, PASSWORD);
    await page.locator('[data-testid="meeting-room"][data-state="joined"]').waitFor({ timeout: 20_000 });

    // A thousand join over the WebSocket, fifty at a time.
    const profiler = process.env.ROSTER_SCALE_PROFILE ? new (await import('node:inspector/promises')).Session() : null;
    if (profiler) {
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.start');
    }
    for (let start = 0; start < people.length; start += 50) {
      const batch = people.slice(start, start + 50);
      const batchStarted = performance.now();
      const joined = await Promise.all(batch.map(joinQuietly));
      if (process.env.ROSTER_SCALE_TRACE) console.log(`[roster-scale] batch ${start}: ${(performance.now() - batchStarted).toFixed(0)} ms`);
      joined.forEach((ws, j) => ((batch[j]!.ws = ws), sockets.push(ws)));
    }
    const allJoined = performance.now();
    if (profiler) {
      const { profile } = await profiler.post('Profiler.stop');
      const fs = await import('node:fs');
      fs.mkdirSync('tmp', { recursive: true });
      fs.writeFileSync('tmp/roster-scale-joins.cpuprofile', JSON.stringify(profile));
    }
    const heading = page.locator('[data-testid="roster"] h3');
    await expect.poll(() => heading.textContent(), { timeout: 60_000, interval: 500 }).toBe(`Đại biểu (${SIMULATED + 1})`);
    const shown = performance.now();
    console.log(
      `[roster-scale] setup ${((seeded - t0) / 1000).toFixed(1)} s (accounts, sessions, meeting); ${SIMULATED} joined in ${((allJoined - seeded) / 1000).toFixed(1)} s; ` +
        `the chair's roster showed all ${SIMULATED + 1} ${((shown - allJoined) / 1000).toFixed(1)} s later`,
    );

    if (process.env.ROSTER_SCALE_SHOTS) await page.screenshot({ path: 'tmp/roster-scale-1.png' });
    // --- The DOM holds what is on screen, not a thousand lines or tiles.
    const dom = await page.evaluate(() => ({
      nodes: document.getElementsByTagName('*').length,
      lines: document.querySelectorAll('[data-testid="roster-item"]').length,
      units: document.querySelectorAll('[data-testid="roster-unit"]').length,
      tiles: document.querySelectorAll('[data-testid="tile"]').length,
      videos: document.querySelectorAll('video').length,
    }));
    console.log(`[roster-scale] DOM with ${SIMULATED + 1} in the meeting (layout main): ${dom.nodes} elements, ${dom.lines} roster lines, ${dom.units} unit headers, ${dom.tiles} tiles, ${dom.videos} <video>`);
    expect(dom.lines).toBeGreaterThan(3);
    expect(dom.lines).toBeLessThanOrEqual(40);
    expect(dom.tiles).toBeLessThanOrEqual(80);
    expect(dom.videos).toBeLessThanOrEqual(80);
    expect(await page.getByTestId('roster-scroll').getAttribute('data-virtual')).toBe('true');

    // --- Grouped by unit: the chair's unit first with its count, the chair at its head.
    const firstUnit = page.getByTestId('roster-unit').first();
    expect(await firstUnit.getAttribute('data-unit')).toBe(CHAIR_UNIT);
    expect(await firstUnit.getAttribute('data-total')).toBe('1');
    expect(await page.getByTestId('roster-item').first().getAttribute('data-participant-id')).toBe(await chairParticipantId(page));

    // Every unit folded: one header per unit, the counts add up to everyone, in Vietnamese order after the chair's.
    await page.getByTestId('roster-collapse-all').click();
    await expect.poll(() => count(page, '[data-testid="roster-item"]')).toBe(0);
    const headers = await page.getByTestId('roster-unit').evaluateAll((els) => els.map((e) => ({ unit: e.getAttribute('data-unit')!, total: Number(e.getAttribute('data-total')) })));
    expect(headers.map((h) => h.unit)).toEqual([CHAIR_UNIT, ...[...UNITS.slice(1)].sort(new Intl.Collator('vi').compare)]);
    expect(headers.reduce((n, h) => n + h.total, 0)).toBe(SIMULATED + 1);
    const finance = people.filter((p) => p.unit === 'Sở Tài chính').length;
    expect(headers.find((h) => h.unit === 'Sở Tài chính')?.total).toBe(finance);
    // Unfold one unit: its lines, and only its lines, head of unit first.
    await page.locator('[data-testid="roster-unit"][data-unit="Sở Tài chính"] button').click();
    await expect.poll(() => count(page, '[data-testid="roster-item"]')).toBeGreaterThan(0);
    const financeLines = await page.getByTestId('roster-item').allTextContents();
    for (const text of financeLines) expect(text).toContain('Sở Tài chính');
    expect(financeLines[0]).toMatch(/^Giám đốc /);
    // With one unit open the button folds all again; then it unfolds all.
    await page.getByTestId('roster-collapse-all').click();
    await expect.poll(() => count(page, '[data-testid="roster-unit"][data-collapsed="false"]')).toBe(0);
    await page.getByTestId('roster-collapse-all').click();
    await expect.poll(() => count(page, '[data-testid="roster-unit"][data-collapsed="true"]')).toBe(0);

    // --- Scrolling the roster keeps its frames and its bound.
    const rosterScroll = await scrollAndSample(page, '[data-testid="roster-scroll"]', '[data-testid="roster-item"]', 240, 160);
    console.log(
      `[roster-scale] roster scroll, 240 frames at 160 px/frame: frame interval median ${rosterScroll.median.toFixed(1)} ms, p95 ${rosterScroll.p95.toFixed(1)} ms, max ${rosterScroll.max.toFixed(1)} ms; ` +
        `at most ${rosterScroll.most} lines in the DOM, ${rosterScroll.distinct} different people passed; scrolled ${rosterScroll.scrolledTo}/${rosterScroll.scrollHeight} px`,
    );
    expect(rosterScroll.most).toBeLessThanOrEqual(40);
    expect(rosterScroll.distinct).toBeGreaterThan(100);

    // --- A person, typed without diacritics: found within a frame or two.
    const target = people.find((p) => p.name === TARGET.name)!;
    const targetId = target.participantId!;
    const typed = await typeInPage(page, 'trinh dinh khiem', 1);
    const perKey = [...typed.perKeyMs].sort((a, b) => a - b);
    console.log(`[roster-scale] typing "trinh dinh khiem" one key a frame: key → next frame median ${perKey[Math.floor(perKey.length / 2)]!.toFixed(1)} ms, max ${perKey.at(-1)!.toFixed(1)} ms; settled in ${typed.settledMs.toFixed(0)} ms`);
    await expect.poll(() => page.getByTestId('roster-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-participant-id')))).toEqual([targetId]);
    expect(await page.getByTestId('roster-matches').getAttribute('data-count')).toBe('1');
    expect(await page.getByTestId('roster-item').textContent()).toContain(`${TARGET.title} ${TARGET.name}`);
    // Enter goes to the line; Tab to its first control.
    await page.getByTestId('roster-search').press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-participant-id'))).toBe(targetId);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('give-floor');

    // The list by keyboard: End goes to the last line of the last unit (scrolled to), Home back to the first header.
    await page.getByTestId('roster-search').fill('');
    await expect.poll(() => count(page, '[data-testid="roster-unit"]')).toBeGreaterThan(1);
    await page.getByTestId('roster-search').press('Enter');
    const focused = () =>
      page.evaluate(() => {
        const index = document.activeElement?.getAttribute('data-index');
        return { testId: document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName, index: index === null || index === undefined ? null : Number(index) };
      });
    await expect.poll(async () => (await focused()).index).toBe(1); // the chair, under the first unit's header
    await page.keyboard.press('ArrowDown');
    await expect.poll(async () => (await focused()).index).toBe(2);
    await page.keyboard.press('End');
    const rowCount = SIMULATED + 1 + UNITS.length;
    await expect.poll(async () => (await focused()).index).toBe(rowCount - 1);
    expect((await focused()).testId).toBe('roster-item');
    expect(await page.getByTestId('roster-item').count()).toBeLessThanOrEqual(40);
    // …and it is on screen: the list scrolled to its end.
    await expect
      .poll(() => page.getByTestId('roster-scroll').evaluate((box) => Math.round(box.scrollHeight - box.clientHeight - box.scrollTop)))
      .toBeLessThanOrEqual(1);
    if (process.env.ROSTER_SCALE_SHOTS) await page.screenshot({ path: 'tmp/roster-scale-end.png' });
    await page.keyboard.press('Home');
    await expect.poll(async () => (await focused()).index).toBe(0);
    expect((await focused()).testId).toBe('roster-unit');

    // Pasted at once into the empty box: frames until the one line is there.
    const pasted = await pasteAndFind(page, 'trinh dinh khiem', targetId);
    console.log(`[roster-scale] search pasted "trinh dinh khiem" among ${SIMULATED + 1}: the line alone on screen after ${pasted.frames} frame(s), ${pasted.ms.toFixed(1)} ms`);
    expect(pasted.ms).toBeGreaterThan(0);
    expect(pasted.frames).toBeLessThanOrEqual(3);

    // "nguyen van" finds Nguyễn Văn …; "so tai chinh" finds the unit Sở Tài chính.
    await page.getByTestId('roster-search').fill('nguyen van');
    const nguyenVan = people.filter((p) => p.name.startsWith('Nguyễn Văn')).length;
    await expect.poll(() => page.getByTestId('roster-matches').getAttribute('data-count')).toBe(String(nguyenVan));
    const names = await page.getByTestId('roster-item').allTextContents();
    expect(names.length).toBeGreaterThan(0);
    for (const text of names) expect(text).toMatch(/Nguyễn Văn/);
    await page.getByTestId('roster-search').fill('so tai chinh');
    await expect.poll(() => page.getByTestId('roster-matches').getAttribute('data-count')).toBe(String(finance));
    expect(await page.getByTestId('roster-unit').evaluateAll((els) => els.map((e) => e.getAttribute('data-unit')))).toEqual(['Sở Tài chính']);

    // --- Requests to speak: thirty ask; the filter shows them with their place; the search finds one; granted in one step.
    const askers = people.filter((_, i) => i % Math.floor(people.length / 30) === 5).slice(0, 30);
    askers.forEach((p, i) => p.ws!.send(JSON.stringify({ type: 'request_floor', topic: i === 7 ? 'Giải ngân vốn đầu tư công' : `Báo cáo tình hình ${p.unit}` })));
    await expect.poll(async () => (await meetingStateOn(page))?.queue.length, { timeout: 15_000 }).toBe(askers.length);
    await page.getByTestId('roster-search').fill('');
    await page.locator('[data-testid="roster-filter"][data-filter="requesting"]').click();
    await expect.poll(() => page.getByTestId('roster-matches').getAttribute('data-count')).toBe(String(askers.length));
    expect(await page.getByTestId('queue-place').count()).toBeGreaterThan(0);
    await page.locator('[data-testid="roster-filter"][data-filter="requesting"]').click(); // off again
    await page.getByTestId('roster-search').fill('giai ngan');
    const match = page.getByTestId('request-match');
    await expect.poll(() => match.count()).toBe(1);
    const speaker = askers[7]!;
    const speakerId = speaker.participantId!;
    expect(await match.getAttribute('data-participant-id')).toBe(speakerId);
    if (process.env.ROSTER_SCALE_SHOTS) await page.screenshot({ path: 'tmp/roster-scale-2.png' });
    await match.getByTestId('grant-request').click();
    await expect.poll(() => page.getByTestId('floor-holder').getAttribute('data-participant-id'), { timeout: 10_000 }).toBe(speakerId);

    // --- Connections lost: the filter shows who.
    const dropped = people.slice(100, 105);
    for (const p of dropped) p.ws!.terminate();
    await page.getByTestId('roster-search').fill('');
    await expect.poll(() => page.locator('[data-testid="roster-filter"][data-filter="lost"]').getAttribute('data-count'), { timeout: 15_000 }).toBe('5');
    await page.locator('[data-testid="roster-filter"][data-filter="lost"]').click();
    await expect.poll(() => page.getByTestId('roster-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-connection')))).toEqual(['lost', 'lost', 'lost', 'lost', 'lost']);
    await page.locator('[data-testid="roster-filter"][data-filter="lost"]').click();

    // --- Thumbnails: main layout with the floor holder kept; the grid mounts only what is in view.
    const stage = page.getByTestId('stage');
    expect(await stage.getAttribute('data-layout')).toBe('main');
    expect(await page.locator(`[data-testid="tile"][data-participant-id="${speakerId}"]`).count()).toBe(1); // the floor holder's frame stays
    const mainThumbs = await scrollAndSample(page, '[data-testid="thumbnail-grid"]', '[data-testid="tile"]', 120, 120);
    console.log(`[roster-scale] thumbnails (main layout) scroll: frame interval median ${mainThumbs.median.toFixed(1)} ms, p95 ${mainThumbs.p95.toFixed(1)} ms; at most ${mainThumbs.most} tiles mounted, ${mainThumbs.distinct} different people passed`);
    expect(mainThumbs.most).toBeLessThanOrEqual(80);
    expect(mainThumbs.distinct).toBeGreaterThan(60);
    await page.getByTestId('layout-select').selectOption('grid');
    await expect.poll(() => stage.getAttribute('data-layout')).toBe('grid');
    const gridThumbs = await scrollAndSample(page, '[data-testid="thumbnail-grid"]', '[data-testid="tile"]', 120, 160);
    const gridDom = await page.evaluate(() => ({ tiles: document.querySelectorAll('[data-testid="tile"]').length, videos: document.querySelectorAll('video').length, nodes: document.getElementsByTagName('*').length }));
    console.log(
      `[roster-scale] thumbnails (grid layout) scroll: frame interval median ${gridThumbs.median.toFixed(1)} ms, p95 ${gridThumbs.p95.toFixed(1)} ms; at most ${gridThumbs.most} tiles mounted; ` +
        `after: ${gridDom.tiles} tiles, ${gridDom.videos} <video>, ${gridDom.nodes} elements`,
    );
    if (process.env.ROSTER_SCALE_SHOTS) await page.screenshot({ path: 'tmp/roster-scale-3.png' });
    expect(gridThumbs.most).toBeLessThanOrEqual(80);
    expect(gridDom.videos).toBeLessThanOrEqual(80);
    expect(gridThumbs.distinct).toBeGreaterThan(60);
    expect(await page.locator(`[data-testid="tile"][data-participant-id="${speakerId}"]`).count()).toBe(1);
  });
});

/** The participant id of the chair in the page (its own). */
function chairParticipantId(page: Page): Promise<string | null> {
  return page.evaluate(() => (window as unknown as { __giaoban: { participantId(): string | null } }).__giaoban.participantId());
}
