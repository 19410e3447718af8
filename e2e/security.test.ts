/**
 * R6.1 in Chromium: another site cannot frame the app (clickjacking), and the app itself runs under its
 * Content-Security-Policy (the harness fails any test whose pages the policy refused something on).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { participantPage, server, useBrowserSuite } from './harness';

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
