/**
 * Issue 16 points 1–3 over the real server: the minutes written during a council meeting (secretary, chair, floor
 * turns from the meeting log, the version check), the votes (secret and open ballots, turnout, refusals, the ballot
 * box unlinkable from the voters), the conclusions the end of the meeting requires (R3.5), and the BIÊN BẢN as PDF
 * and DOCX (LibreOffice opens it). Refusals are checked from the side of those refused.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MinutesView, VoteView } from '../../shared/api';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import { readPdf } from '../pdf/read-pdf';
import { docxLike } from './document-fixtures';
import { TestSocket, createUser, ensureUnit, startTestServer, type TestClient, type TestServer } from './support';

let server: TestServer;
const sockets: TestSocket[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  server = await startTestServer();
}, 90_000);
afterAll(async () => {
  sockets.forEach((s) => s.close());
  await server?.close();
});

const PASSWORD = 'mat-khau-1';

async function enter(client: TestClient, slug: string) {
  const s = await TestSocket.open(server, client);
  sockets.push(s);
  s.send({ type: 'join', v: PROTOCOL_VERSION, slug, password: PASSWORD });
  const joined = await s.next('joined');
  return { s, participantId: joined.participantId };
}

async function raw(client: TestClient, p: string) {
  const res = await fetch(server.url + p, { headers: { cookie: client.cookie! } });
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: Buffer.from(await res.arrayBuffer()) };
}

/** A council meeting in progress with a secretary, two presenters, a delegate, a room with its technician, an outsider. */
async function councilMeeting() {
  const tag = Math.random().toString(36).slice(2, 8);
  const hostUnit = await ensureUnit(server, 'Sở Tài nguyên và Môi trường');
  const chair = await createUser(server, 'Nguyễn Văn Chủ', 'Sở Tài nguyên và Môi trường', { title: 'Giám đốc Sở' });
  const secretary = await createUser(server, 'Lê Thị Thư', 'Sở Tài nguyên và Môi trường', { title: 'Chuyên viên', role: 'secretary' });
  const an = await createUser(server, 'Trần Văn An', 'Sở Tài chính', { title: 'Phó Giám đốc' });
  const binh = await createUser(server, 'Phạm Thị Bình', 'Sở Xây dựng', { title: 'Trưởng phòng' });
  const absent = await createUser(server, 'Hoàng Văn Vắng', 'Sở Y tế', { title: 'Giám đốc' });
  const outsider = await createUser(server, 'Đỗ Văn Ngoài', 'Sở Y tế');
  const technician = await createUser(server, 'Vũ Kỹ Thuật', 'UBND huyện Cư Jút', { role: 'technician' });
  const roomUnit = await ensureUnit(server, 'UBND huyện Cư Jút');
  const room = await server.operator.post('/api/endpoints', { kind: 'room', name: `Phòng họp trực tuyến huyện Cư Jút ${tag}`, unitId: roomUnit });
  expect(room.status).toBe(201);
  expect((await server.operator.post(`/api/endpoints/${room.body.endpoint.id}/technicians`, { userId: technician.id, contact: '0261 3880 123' })).status).toBe(201);
  const slug = `hoi-dong-${tag}`;
  const created = await server.operator.post('/api/meetings', {
    title: `Hội đồng thẩm định đề án ${tag}`,
    // starts in half an hour (replies are still open), the room is open from the system-check time, already passed
    startsAt: new Date(Date.now() + 30 * 60_000).toISOString(),
    endsAt: new Date(Date.now() + 3 * 3600_000).toISOString(),
    hostUnitId: hostUnit,
    chairId: chair.id,
    notStateSecret: true,
    emergency: true,
    needsMinutes: true,
    inviteeIds: [secretary.id, an.id, binh.id, absent.id],
    endpointIds: [room.body.endpoint.id],
    agenda: [
      { title: 'Báo cáo tóm tắt đề án', presenterId: an.id, presenterName: '', minutes: 20 },
      { title: 'Ý kiến phản biện', presenterId: binh.id, presenterName: '', minutes: 20 },
    ],
    slug,
    password: PASSWORD,
  });
  expect(created.status).toBe(201);
  const meeting = created.body.meeting as { id: string; agenda: { id: string; title: string }[] };
  // Vắng declines with a reason (R2.5)
  expect((await absent.client.put(`/api/meetings/${meeting.id}/replies/person/${absent.id}`, { answer: 'declined', reason: 'Đi công tác tại Hà Nội' })).status).toBeLessThan(300);
  return { slug, meeting, chair, secretary, an, binh, absent, outsider, technician, tag };
}

const minutesOf = async (client: TestClient, id: string) => {
  const res = await client.get(`/api/meetings/${id}/minutes`);
  expect(res.status).toBe(200);
  return res.body as MinutesView;
};

describe('issue 16: minutes, votes and conclusions', () => {
  let c: Awaited<ReturnType<typeof councilMeeting>>;
  let chairSocket: Awaited<ReturnType<typeof enter>>;
  beforeAll(async () => {
    c = await councilMeeting();
  }, 60_000);

  it('the secretary is designated by the chair among those invited; others are refused', async () => {
    const url = `/api/meetings/${c.meeting.id}/secretary`;
    expect((await c.outsider.client.put(url, { secretaryId: c.secretary.id })).body.error.id).toBe('meeting_not_invited');
    expect((await c.binh.client.put(url, { secretaryId: c.secretary.id })).body.error.id).toBe('forbidden');
    expect((await c.chair.client.put(url, { secretaryId: c.outsider.id })).body.error.id).toBe('secretary_not_invited');
    expect((await c.chair.client.put(url, { secretaryId: 'nope' })).body.error.id).toBe('validation_failed');
    const res = await c.chair.client.put(url, { secretaryId: c.secretary.id });
    expect(res.status).toBe(200);
    expect((res.body as MinutesView).header.secretary?.name).toBe(c.secretary.name);
  });

  it('the minutes start from the draft uploaded beforehand, and their header comes from the meeting', async () => {
    const up = await fetch(`${server.url}/api/meetings/${c.meeting.id}/documents?name=${encodeURIComponent('Dự thảo biên bản.docx')}&kind=draft_minutes`, {
      method: 'POST',
      headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', cookie: server.operator.cookie!, 'x-csrf-token': server.operator.csrf! },
      body: new Uint8Array(docxLike()),
    });
    expect(up.status).toBe(201);
    const view = await minutesOf(c.secretary.client, c.meeting.id);
    expect(view.draft?.name).toBe('Dự thảo biên bản.docx');
    expect(view.header.chair.name).toBe(c.chair.name);
    expect(view.header.place).toBe(`/${c.slug}`);
    expect(view.header.absent).toEqual(expect.arrayContaining([expect.objectContaining({ name: c.absent.name, reason: 'Đi công tác tại Hà Nội' })]));
    expect(view.agenda.map((a) => a.presenter)).toEqual([c.an.name, c.binh.name]);
    expect(view.canWrite).toBe(true);
    expect((await minutesOf(c.binh.client, c.meeting.id)).canWrite).toBe(false);
    expect((await c.outsider.client.get(`/api/meetings/${c.meeting.id}/minutes`)).body.error.id).toBe('meeting_not_invited');
  });

  it('opinions are anchored to the speakers’ turns on the floor; the chair is told as it is written; two edits never overwrite each other', { timeout: 60_000 }, async () => {
    chairSocket = await enter(c.chair.client, c.slug);
    const an = await enter(c.an.client, c.slug);
    const binh = await enter(c.binh.client, c.slug);
    await enter(c.secretary.client, c.slug);
    for (const speaker of [an, binh]) {
      chairSocket.s.send({ type: 'grant_floor', participantId: speaker.participantId, seconds: 60 });
      await speaker.s.next('notice', (n) => n.id === 'floor_granted_to_you');
      await sleep(400);
      const state = await chairSocket.s.stateWhere((m) => m.floor !== null);
      chairSocket.s.send({ type: 'revoke_floor', grantId: state.floor!.grantId });
      await speaker.s.next('notice', (n) => n.id === 'floor_ended');
    }
    await sleep(300);
    const before = await minutesOf(c.secretary.client, c.meeting.id);
    expect(before.floorTurns.map((t) => t.speaker)).toEqual([c.an.name, c.binh.name]);
    expect(before.floorTurns.every((t) => (t.spokeMs ?? 0) >= 300)).toBe(true);

    const url = `/api/meetings/${c.meeting.id}/minutes/entries`;
    const item1 = c.meeting.agenda[0]!.id;
    // refusals: a delegate may not write; a section or a turn that does not exist
    expect((await c.binh.client.post(url, { section: item1, text: 'x' })).body.error.id).toBe('forbidden');
    expect((await c.outsider.client.post(url, { section: item1, text: 'x' })).body.error.id).toBe('meeting_not_invited');
    expect((await c.secretary.client.post(url, { section: '00000000-0000-4000-8000-000000000000', text: 'x' })).body.error.id).toBe('minutes_section_invalid');
    expect((await c.secretary.client.post(url, { section: item1, text: 'x', grantId: 'no-such-turn' })).body.error.id).toBe('minutes_floor_turn_not_found');

    const created = await c.secretary.client.post(url, { section: item1, text: 'Đề nghị bổ sung số liệu năm 2026.', grantId: before.floorTurns[0]!.grantId });
    expect(created.status).toBe(201);
    expect(created.body.floorTurn).toMatchObject({ speaker: c.an.name, grantId: before.floorTurns[0]!.grantId });
    await chairSocket.s.next('records_changed', (m) => m.what === 'minutes');
    const second = await c.secretary.client.post(url, { section: c.meeting.agenda[1]!.id, text: 'Thống nhất với báo cáo.', grantId: before.floorTurns[1]!.grantId });
    expect(second.status).toBe(201);

    // the chair reads it, and asks again cheaply with the version it has
    const seen = await minutesOf(c.chair.client, c.meeting.id);
    expect(seen.entries.map((e) => e.text)).toEqual(expect.arrayContaining(['Đề nghị bổ sung số liệu năm 2026.', 'Thống nhất với báo cáo.']));
    expect((await c.chair.client.get(`/api/meetings/${c.meeting.id}/minutes?known=${seen.version}`)).body).toEqual({ unchanged: true });

    // two people edit the same paragraph from version 1: the second is refused with both texts, nothing is lost
    const entryUrl = `${url}/${created.body.id}`;
    const mine = await c.secretary.client.put(entryUrl, { text: 'Đề nghị bổ sung số liệu năm 2026 và 2027.', version: 1 });
    expect(mine.status).toBe(200);
    expect(mine.body.version).toBe(2);
    const theirs = await c.chair.client.put(entryUrl, { text: 'Đề nghị bổ sung số liệu.', version: 1 });
    expect(theirs.status).toBe(409);
    expect(theirs.body.error.id).toBe('minutes_version_conflict');
    expect(theirs.body.error.fields).toMatchObject({ theirText: 'Đề nghị bổ sung số liệu năm 2026 và 2027.', theirVersion: '2', theirAuthor: c.secretary.name });
    expect((await c.chair.client.request('DELETE', `${entryUrl}?version=1`)).body.error.id).toBe('minutes_version_conflict');
    const merged = await c.chair.client.put(entryUrl, { text: 'Đề nghị bổ sung số liệu năm 2026 và 2027 (chủ tọa đồng ý).', version: 2 });
    expect(merged.status).toBe(200);
    const after = await minutesOf(c.secretary.client, c.meeting.id);
    expect(after.entries.find((e) => e.id === created.body.id)?.text).toBe('Đề nghị bổ sung số liệu năm 2026 và 2027 (chủ tọa đồng ý).');
    expect(after.version).toBeGreaterThan(seen.version);
  });

  it('a secret vote passes the minutes: once each, live turnout for the chair, the result at the close; refusals are clear', { timeout: 60_000 }, async () => {
    const url = `/api/meetings/${c.meeting.id}/votes`;
    const body = { subject: 'minutes', question: 'Thông qua biên bản cuộc họp', secret: true, electorate: 'delegates', closesAt: new Date(Date.now() + 10 * 60_000).toISOString() };
    expect((await c.binh.client.post(url, body)).body.error.id).toBe('chair_only');
    expect((await c.chair.client.post(url, { ...body, closesAt: new Date(Date.now() - 1000).toISOString() })).body.error.id).toBe('vote_closing_time_invalid');
    expect((await c.chair.client.post(url, { ...body, electorate: 'members', memberIds: [c.outsider.id] })).body.error.id).toBe('vote_electors_invalid');
    const opened = await c.chair.client.post(url, body);
    expect(opened.status).toBe(201);
    const vote = opened.body as VoteView;
    expect(vote.choices).toEqual(['Tán thành', 'Không tán thành', 'Không biểu quyết']);
    // chair, secretary, An, Bình, Vắng and the room
    expect(vote.turnout).toEqual({ electorate: 6, voted: 0 });
    const ballot = (client: TestClient, choice: number) => client.post(`${url}/${vote.id}/ballots`, { choice });
    expect((await ballot(c.an.client, 0)).status).toBe(200);
    expect((await ballot(c.an.client, 1)).body.error.id).toBe('vote_already_cast');
    expect((await ballot(c.binh.client, 7)).body.error.id).toBe('vote_choice_invalid');
    expect((await ballot(c.outsider.client, 0)).body.error.id).toBe('meeting_not_invited');
    expect((await ballot(c.technician.client, 0)).body.error.id).toBe('vote_not_eligible'); // the chair did not allow rooms by technician
    expect((await ballot(c.binh.client, 1)).status).toBe(200);
    const thu = await ballot(c.secretary.client, 0);
    expect(thu.body.you).toMatchObject({ hasVoted: true, mayVote: false });
    expect(thu.body.turnout).toBeNull(); // the turnout is the chair's while the vote is open
    expect(thu.body.result).toBeNull();
    await chairSocket.s.next('records_changed', (m) => m.what === 'votes');
    const live = ((await c.chair.client.get(url)).body.votes as VoteView[]).find((v) => v.id === vote.id)!;
    expect(live.turnout).toEqual({ electorate: 6, voted: 3 });
    expect((await c.binh.client.post(`${url}/${vote.id}/close`)).body.error.id).toBe('chair_only');
    const closed = await c.chair.client.post(`${url}/${vote.id}/close`);
    expect(closed.body.result).toEqual({ counts: [2, 1, 0], ballots: null });
    expect((await ballot(c.chair.client, 0)).body.error.id).toBe('vote_closed');
    const seenByAn = ((await c.an.client.get(url)).body.votes as VoteView[]).find((v) => v.id === vote.id)!;
    expect(seenByAn.result?.counts).toEqual([2, 1, 0]);
    expect(seenByAn.turnout).toEqual({ electorate: 6, voted: 3 });

    // an open ballot where the room's technician votes for the room: who chose what is shown after the close
    const open = await c.chair.client.post(url, { subject: 'decision', question: 'Thông qua đề án', choices: ['Đồng ý', 'Không đồng ý'], secret: false, electorate: 'delegates', roomsByTechnician: true, closesAt: new Date(Date.now() + 60_000).toISOString() });
    expect(open.status).toBe(201);
    const byTechnician = await c.technician.client.post(`${url}/${open.body.id}/ballots`, { choice: 0 });
    expect(byTechnician.status).toBe(200);
    expect(byTechnician.body.you.as).toMatchObject({ kind: 'room' });
    expect((await c.technician.client.post(`${url}/${open.body.id}/ballots`, { choice: 1 })).body.error.id).toBe('vote_already_cast');
    expect((await c.an.client.post(`${url}/${open.body.id}/ballots`, { choice: 1 })).status).toBe(200);
    const openResult = await c.chair.client.post(`${url}/${open.body.id}/close`);
    expect(openResult.body.result.counts).toEqual([1, 1]);
    expect(openResult.body.result.ballots).toEqual(expect.arrayContaining([{ voter: expect.stringContaining('Phòng họp trực tuyến huyện Cư Jút'), choice: 0 }, { voter: c.an.name, choice: 1 }]));

    // a council's members only
    const members = await c.chair.client.post(url, { subject: 'decision', question: 'Thành viên hội đồng biểu quyết', secret: true, electorate: 'members', memberIds: [c.an.id, c.binh.id], closesAt: new Date(Date.now() + 60_000).toISOString() });
    expect(members.body.turnout).toEqual({ electorate: 2, voted: 0 });
    expect((await c.secretary.client.post(`${url}/${members.body.id}/ballots`, { choice: 0 })).body.error.id).toBe('vote_not_eligible');
    expect((await c.an.client.post(`${url}/${members.body.id}/ballots`, { choice: 0 })).status).toBe(200);
  });

  it('R3.5 the meeting ends only with conclusions (or none confirmed); they go into the minutes with their time', { timeout: 60_000 }, async () => {
    chairSocket.s.send({ type: 'end_meeting' });
    const refused = await chairSocket.s.next('error', (m) => m.request === 'end_meeting');
    expect(refused.id).toBe('meeting_conclusions_required');
    chairSocket.s.send({ type: 'end_meeting', conclusions: [{ text: 'Kết luận không thuộc mục nào', agendaItemId: '00000000-0000-4000-8000-000000000000' }] });
    expect((await chairSocket.s.next('error', (m) => m.request === 'end_meeting')).id).toBe('conclusion_agenda_item_invalid');
    expect((await c.chair.client.get(`/api/meetings/${c.meeting.id}`)).body.meeting.status).toBe('open');

    const at = Date.now();
    chairSocket.s.send({
      type: 'end_meeting',
      conclusions: [
        { text: 'Thông qua đề án, giao Sở Tài chính bổ sung số liệu trước ngày 15.', agendaItemId: c.meeting.agenda[0]!.id },
        { text: 'Giao Văn phòng hoàn thiện biên bản.' },
      ],
    });
    await chairSocket.s.next('closed', (m) => m.reason === 'meeting_ended');
    const view = await minutesOf(c.secretary.client, c.meeting.id);
    expect(view.conclusions.map((x) => [x.position, x.text, x.agendaItemId])).toEqual([
      [1, 'Thông qua đề án, giao Sở Tài chính bổ sung số liệu trước ngày 15.', c.meeting.agenda[0]!.id],
      [2, 'Giao Văn phòng hoàn thiện biên bản.', null],
    ]);
    expect(Math.abs(new Date(view.conclusions[0]!.recordedAt).getTime() - at)).toBeLessThan(5000);
    expect(view.header.endedAt).not.toBeNull();
    // the members' vote still open closed with the meeting, and every closed vote is in the minutes
    expect(view.votes.map((v) => v.question)).toEqual(['Thông qua biên bản cuộc họp', 'Thông qua đề án', 'Thành viên hội đồng biểu quyết']);
    expect(view.votes[0]).toMatchObject({ secret: true, electorate: 6, voted: 3, counts: [{ choice: 'Tán thành', count: 2 }, { choice: 'Không tán thành', count: 1 }, { choice: 'Không biểu quyết', count: 0 }] });
    const audit = await server.operator.get(`/api/audit?action=meeting.conclusions_recorded&targetId=${c.meeting.id}`);
    expect(JSON.stringify(audit.body)).toContain('Giao Văn phòng hoàn thiện biên bản.');
  });

  it('the BIÊN BẢN as PDF and DOCX (Decree 30/2020) holds it all, and LibreOffice opens the DOCX', { timeout: 120_000 }, async () => {
    expect((await raw(c.outsider.client, `/api/meetings/${c.meeting.id}/minutes.pdf`)).status).toBe(403);
    const pdf = await raw(c.chair.client, `/api/meetings/${c.meeting.id}/minutes.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.type).toBe('application/pdf');
    const expected = ['BIÊN BẢN', `Cuộc họp Hội đồng thẩm định đề án ${c.tag}`, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', c.chair.name, c.secretary.name, c.an.name, c.binh.name, 'Đi công tác tại Hà Nội', 'Đề nghị bổ sung số liệu năm 2026 và 2027 (chủ tọa đồng ý).', 'Thống nhất với báo cáo.', 'Thông qua biên bản cuộc họp', 'bỏ phiếu kín', 'Tán thành: 2', 'Giao Văn phòng hoàn thiện biên bản.', 'THƯ KÝ', 'CHỦ TỌA', 'Cuộc họp kết thúc vào'];
    const flat = (s: string) => s.replace(/\s+/g, ' ');
    const pdfText = flat((await readPdf(pdf.body)).text);
    for (const text of expected) expect(pdfText).toContain(flat(text));
    expect(pdfText).toMatch(/phát biểu lúc \d\d:\d\d/);
    // the service's own rendering, for signing
    expect(flat((await readPdf(await server.app.minutes.renderMinutesPdf(c.meeting.id))).text)).toContain('Giao Văn phòng hoàn thiện biên bản.');

    const docx = await raw(c.secretary.client, `/api/meetings/${c.meeting.id}/minutes.docx`);
    expect(docx.status).toBe(200);
    expect(docx.body.subarray(0, 2).toString()).toBe('PK');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bien-ban-'));
    fs.writeFileSync(path.join(dir, 'bien-ban.docx'), docx.body);
    execFileSync('soffice', [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', dir, path.join(dir, 'bien-ban.docx')], { timeout: 90_000, stdio: 'ignore' });
    const fromOffice = flat(execFileSync('pdftotext', ['-layout', path.join(dir, 'bien-ban.pdf'), '-']).toString('utf8').normalize('NFC'));
    for (const text of expected) expect(fromOffice).toContain(flat(text));
    fs.rmSync(dir, { recursive: true, force: true });
    const exports = await server.operator.get(`/api/audit?action=minutes.exported&targetId=${c.meeting.id}`);
    expect(JSON.stringify(exports.body)).toContain('docx');
  });

  it('ending with no conclusions needs the chair to confirm it; the confirmation is recorded with its time', { timeout: 60_000 }, async () => {
    const other = await councilMeeting();
    const s = await enter(other.chair.client, other.slug);
    s.s.send({ type: 'end_meeting', noConclusions: true });
    await s.s.next('closed', (m) => m.reason === 'meeting_ended');
    const view = await minutesOf(other.chair.client, other.meeting.id);
    expect(view.conclusions).toEqual([]);
    expect(view.conclusionsNoneAt).not.toBeNull();
    const audit = await server.operator.get(`/api/audit?action=meeting.no_conclusions&targetId=${other.meeting.id}`);
    expect(JSON.stringify(audit.body)).toContain(other.meeting.id);
  });

  it('a secret ballot cannot be linked to its voter by reading the database', { timeout: 60_000 }, async () => {
    const m = await councilMeeting();
    await enter(m.chair.client, m.slug);
    const url = `/api/meetings/${m.meeting.id}/votes`;
    const open = async () => (await m.chair.client.post(url, { subject: 'decision', question: 'Biểu quyết kín', secret: true, electorate: 'delegates', closesAt: new Date(Date.now() + 60_000).toISOString() })).body as VoteView;
    // the same three voters, the choices permuted between two votes
    const first = await open();
    const second = await open();
    const voters = [m.an, m.binh, m.secretary];
    for (const [i, v] of voters.entries()) expect((await v.client.post(`${url}/${first.id}/ballots`, { choice: i })).status).toBe(200);
    for (const [i, v] of voters.entries()) expect((await v.client.post(`${url}/${second.id}/ballots`, { choice: (i + 1) % 3 })).status).toBe(200);

    // everything the database holds about each vote, system columns (row version, position) included
    const db = server.app.database.db;
    const rows = async (voteId: string) => {
      const voterRows = ((await db.execute(sql`select xmin::text as xmin, ctid::text as ctid, * from meeting_vote_voters where vote_id = ${voteId}`)) as unknown as { rows: Record<string, unknown>[] }).rows;
      const tallies = ((await db.execute(sql`select xmin::text as xmin, choice, count from meeting_vote_tallies where vote_id = ${voteId} order by choice`)) as unknown as { rows: Record<string, unknown>[] }).rows;
      return { voterRows, tallies };
    };
    const a = await rows(first.id);
    const b = await rows(second.id);
    // no choice is stored beside a voter; no column of the vote tables holds a time of voting
    for (const r of [...a.voterRows, ...b.voterRows]) expect(r.choice).toBeNull();
    expect(Object.keys(a.voterRows[0]!).filter((k) => /(_at|time)$/.test(k))).toEqual([]);
    // the ballot box is counts only, rewritten whole by every ballot: one row version for all its rows
    expect(a.tallies.map((t) => t.count)).toEqual([1, 1, 1]);
    expect(new Set(a.tallies.map((t) => t.xmin)).size).toBe(1);
    expect(new Set(b.tallies.map((t) => t.xmin)).size).toBe(1);
    // and the two votes, with different choices by the same people, leave the same traces but for ids and row versions
    const trace = (x: typeof a) => ({
      voters: x.voterRows.map((r) => ({ voter: r.voter_id, room: r.endpoint_id, castBy: r.cast_by, choice: r.choice })).sort((p, q) => String(p.voter).localeCompare(String(q.voter))),
      counts: x.tallies.map((t) => [t.choice, t.count]),
    });
    expect(trace(a)).toEqual(trace(b));
    // the audit trail names who voted, never what they chose
    const audit = await server.operator.get(`/api/audit?action=vote.cast&targetId=${m.meeting.id}`);
    expect(JSON.stringify(audit.body)).not.toContain('"choice"');
  });
});
