/**
 * Issue 16 in the browser: a council meeting where the secretary writes the minutes while the chair sees them, the
 * opinions anchored to two speakers' turns on the floor, a secret vote passes the minutes (several voters, the
 * turnout growing on the chair's screen), and the chair ends with conclusions; the BIÊN BẢN (PDF and DOCX) holds it all.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPdf } from '../server/pdf/read-pdf';
import { createUser } from '../server/test/support';
import { enterMeeting, openPanel } from './browser';
import { bookMeeting, joinedSocket, participantPage, server, useBrowserSuite } from './harness';

useBrowserSuite();

describe('minutes, a secret vote and conclusions in a council meeting', () => {
  it('R2.7 R3.5 R3.12 the secretary writes, the chair sees it live, the minutes are passed by secret vote, the end needs conclusions', { timeout: 240_000 }, async () => {
    const chair = await createUser(server, 'Nguyễn Văn Chủ', 'Sở Tài nguyên và Môi trường', { title: 'Giám đốc Sở' });
    const secretary = await createUser(server, 'Lê Thị Thư', 'Sở Tài nguyên và Môi trường', { title: 'Chuyên viên', role: 'secretary' });
    const an = await createUser(server, 'Trần Văn An', 'Sở Tài chính', { title: 'Phó Giám đốc' });
    const binh = await createUser(server, 'Phạm Thị Bình', 'Sở Xây dựng', { title: 'Trưởng phòng' });
    const tech = await createUser(server, 'Vũ Văn Kỹ', 'Sở Tài nguyên và Môi trường', { role: 'technician' });
    const slug = 'hoi-dong-tham-dinh';
    const password = 'hoi-dong-1';
    const meeting = await bookMeeting({
      title: 'Hội đồng thẩm định đề án',
      startsAt: new Date(Date.now() - 5 * 60_000).toISOString(),
      endsAt: new Date(Date.now() + 3 * 3600_000).toISOString(),
      chairId: chair.id,
      chairTechnicianId: tech.id,
      notStateSecret: true,
      emergency: true,
      needsMinutes: true,
      inviteeIds: [secretary.id, an.id, binh.id],
      agenda: [{ title: 'Báo cáo tóm tắt đề án', presenterId: an.id, presenterName: '', minutes: 30 }],
      slug,
      password,
    });

    const { page: chairPage } = await participantPage();
    await enterMeeting(chairPage, slug, chair, password);
    const { page: secretaryPage } = await participantPage();
    await enterMeeting(secretaryPage, slug, secretary, password);
    const technician = await joinedSocket(tech.client, slug, password);
    const anSocket = await joinedSocket(an.client, slug, password);
    const binhSocket = await joinedSocket(binh.client, slug, password);

    // The chair designates the secretary from the room
    await openPanel(chairPage, 'minutes');
    await chairPage.getByTestId('secretary-select').selectOption({ label: secretary.name });
    await expect.poll(() => secretaryPage.evaluate(() => document.body.innerText)).toBeTruthy();

    // Two speakers take the floor (granted by the chair's technician)
    for (const [socket] of [[anSocket], [binhSocket]] as const) {
      const joined = socket.log.find((m) => m.type === 'joined') as { participantId: string };
      technician.send({ type: 'grant_floor', participantId: joined.participantId, seconds: 60 });
      await socket.next('notice', (n) => n.id === 'floor_granted_to_you');
      await new Promise((r) => setTimeout(r, 1200));
      const state = await technician.stateWhere((s) => s.floor !== null);
      technician.send({ type: 'revoke_floor', grantId: state.floor!.grantId });
      await socket.next('notice', (n) => n.id === 'floor_ended');
    }

    // The secretary writes An's and Bình's opinions, each anchored to their turn
    await openPanel(secretaryPage, 'minutes');
    const item = secretaryPage.locator(`[data-testid="minutes-section"][data-section="${meeting.agenda[0]!.id}"]`);
    for (const [who, text] of [
      [an.name, 'Đề nghị bổ sung số liệu năm 2026.'],
      [binh.name, 'Thống nhất với báo cáo, đề nghị thông qua.'],
    ] as const) {
      await expect.poll(() => item.getByTestId('minutes-anchor').locator('option').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining(who)]));
      const option = (await item.getByTestId('minutes-anchor').locator('option').allTextContents()).find((o) => o.includes(who))!;
      await item.getByTestId('minutes-anchor').selectOption({ label: option });
      await item.getByTestId('minutes-text').fill(text);
      await item.getByTestId('minutes-add').click();
      // the chair sees it as it is written
      await expect.poll(() => chairPage.getByTestId('minutes-panel').innerText(), { timeout: 10_000 }).toContain(text);
    }
    expect(await chairPage.getByTestId('minutes-panel').innerText()).toContain(an.name);

    // A secret vote passes the minutes: the chair opens it, the voters vote, the turnout grows on the chair's screen
    await openPanel(chairPage, 'votes');
    await chairPage.getByTestId('vote-open').click();
    const vote = chairPage.getByTestId('vote').first();
    await expect.poll(() => vote.getByTestId('vote-turnout').innerText()).toContain('0/');
    await openPanel(secretaryPage, 'votes');
    await secretaryPage.getByTestId('vote-choice').first().click();
    await secretaryPage.getByTestId('vote-cast').waitFor();
    await expect.poll(() => vote.getByTestId('vote-turnout').innerText(), { timeout: 10_000 }).toContain('1/');
    const voteId = (await vote.getAttribute('data-vote-id'))!;
    expect((await an.client.post(`/api/meetings/${meeting.id}/votes/${voteId}/ballots`, { choice: 0 })).status).toBe(200);
    expect((await binh.client.post(`/api/meetings/${meeting.id}/votes/${voteId}/ballots`, { choice: 1 })).status).toBe(200);
    await expect.poll(() => vote.getByTestId('vote-turnout').innerText(), { timeout: 10_000 }).toContain('3/');
    await vote.getByTestId('vote-close').click();
    // at the close everyone sees the result
    await expect.poll(() => secretaryPage.getByTestId('vote-result').first().innerText(), { timeout: 10_000 }).toContain('Tán thành: 2');

    // The chair ends the meeting: the dialog asks for the conclusions first
    await chairPage.getByTestId('end-meeting-button').click();
    await chairPage.getByTestId('conclusion-text').first().fill('Thông qua đề án; giao Sở Tài chính bổ sung số liệu.');
    await chairPage.getByTestId('end-meeting-confirm').click();
    await secretaryPage.getByTestId('closed-message').waitFor({ timeout: 10_000 });
    for (const s of [technician, anSocket, binhSocket]) s.close();

    // The BIÊN BẢN holds it all, as PDF and as DOCX that LibreOffice opens
    const expected = ['BIÊN BẢN', 'Hội đồng thẩm định đề án', chair.name, secretary.name, an.name, binh.name, 'Đề nghị bổ sung số liệu năm 2026.', 'Thống nhất với báo cáo, đề nghị thông qua.', 'bỏ phiếu kín', 'Tán thành: 2', 'Thông qua đề án; giao Sở Tài chính bổ sung số liệu.', 'THƯ KÝ', 'CHỦ TỌA'];
    const flat = (s: string) => s.replace(/\s+/g, ' ');
    const fetchFile = async (p: string) => Buffer.from(await (await fetch(server.url + p, { headers: { cookie: chair.client.cookie! } })).arrayBuffer());
    const pdfText = flat((await readPdf(await fetchFile(`/api/meetings/${meeting.id}/minutes.pdf`))).text);
    for (const text of expected) expect(pdfText).toContain(flat(text));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bien-ban-e2e-'));
    fs.writeFileSync(path.join(dir, 'bien-ban.docx'), await fetchFile(`/api/meetings/${meeting.id}/minutes.docx`));
    execFileSync('soffice', [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', dir, path.join(dir, 'bien-ban.docx')], { timeout: 90_000, stdio: 'ignore' });
    const officeText = flat(execFileSync('pdftotext', [path.join(dir, 'bien-ban.pdf'), '-']).toString('utf8').normalize('NFC'));
    for (const text of expected) expect(officeText).toContain(flat(text));
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
