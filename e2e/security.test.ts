/**
 * R6.1 in Chromium: another site cannot frame the app (clickjacking), and the app itself runs under its
 * Content-Security-Policy (the harness fails any test whose pages the policy refused something on). A link to a
 * document opened while signed out leads to the sign-in page and back to the document.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyPng } from '../server/test/document-fixtures';
import { createUser } from '../server/test/support';
import { signInOnPage } from './browser';
import { bookMeeting, participantPage, server, useBrowserSuite } from './harness';

useBrowserSuite();

/** A page on another origin (another port) that tries to frame the app's sign-in page. */
let attacker: http.Server;
let attackerUrl: string;
beforeAll(async () => {
  attacker = http.createServer((_req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><title>Trúng thưởng</title><iframe id="victim" src="${server.url}/login" width="800" height="600"></iframe>`);
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise((resolve) => attacker?.close(resolve)));

describe('framing (R6.1)', () => {
  it('R6.1 a page of another site cannot show the app in a frame; the app itself loads', async () => {
    const { page } = await participantPage();
    const refused: string[] = [];
    page.on('console', (msg) => {
      if (/frame-ancestors|X-Frame-Options/i.test(msg.text())) refused.push(msg.text());
    });
    await page.goto(attackerUrl);
    const frame = page.frameLocator('#victim');
    // give the frame time to load as it would; the sign-in form never appears inside it
    await expect.poll(() => refused.length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await frame.getByTestId('login-email').count()).toBe(0);
    // the refusal was the browser's, for the policy's reason
    expect(refused.join('\n')).toMatch(/frame-ancestors 'none'/);

    // opened directly, the same page works
    const direct = (await participantPage()).page;
    await direct.goto('/login');
    await direct.getByTestId('login-email').waitFor();
  });
});

describe('links opened while signed out', () => {
  it('R1.3 a document link from an invitation, opened signed out, leads to the sign-in page and then to the document', async () => {
    const invitee = await createUser(server, 'Trần Thị Đọc', 'Sở Tài chính');
    const chair = await createUser(server, 'Nguyễn Văn Chủ Trì', 'UBND tỉnh');
    const meeting = await bookMeeting({
      title: 'Họp xem tài liệu',
      startsAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
      endsAt: new Date(Date.now() + 3 * 86_400_000 + 3_600_000).toISOString(),
      chairId: chair.id,
      inviteeIds: [invitee.id],
      notStateSecret: true,
      slug: `tai-lieu-${Date.now().toString(36)}`,
      password: 'mat-khau-tai-lieu',
    });
    const png = tinyPng();
    const uploaded = await fetch(`${server.url}/api/meetings/${meeting.id}/documents?name=so-do.png`, {
      method: 'POST',
      headers: { cookie: server.operator.cookie!, 'x-csrf-token': server.operator.csrf!, 'content-type': 'image/png' },
      body: png,
    });
    expect(uploaded.status).toBe(201);
    const link = `/api/meetings/${meeting.id}/documents/${((await uploaded.json()) as { document: { id: string } }).document.id}`;

    const { page } = await participantPage();
    await page.goto(link);
    await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('next') === link);
    // documents are sent as attachments: back at the link, the browser downloads the file
    const downloading = page.waitForEvent('download');
    await signInOnPage(page, invitee.email, invitee.password);
    const download = await downloading;
    expect(new URL(download.url()).pathname).toBe(link);
    expect(download.suggestedFilename()).toBe('so-do.png');
    expect(fs.readFileSync(await download.path()).equals(png)).toBe(true);
  });
});
