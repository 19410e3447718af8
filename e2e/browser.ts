/**
 * Real headless Chromium (Debian's package) with fake camera and microphone, driven by Playwright. Each
 * participant gets their own browser context (own cookies, own fake devices) in one browser process.
 */
import fs from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium';

export const CHROMIUM_ARGS = [
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--autoplay-policy=no-user-gesture-required',
];

/** Playwright's launch() gives every browser a fresh, empty --user-data-dir of its own. */
export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install the Debian package chromium`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

export async function newParticipantPage(browser: Browser, baseUrl: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: baseUrl, permissions: ['camera', 'microphone'], locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  // Record every camera and microphone track the page obtains, to check later that all were released.
  await context.addInitScript(() => {
    const tracks: MediaStreamTrack[] = [];
    (window as unknown as { __capturedTracks: MediaStreamTrack[] }).__capturedTracks = tracks;
    const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      const stream = await original(constraints);
      tracks.push(...stream.getTracks());
      return stream;
    };
  });
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
  return { context, page };
}

/** Sign in on the login page the meeting link redirects to. */
export async function signInOnPage(page: Page, email: string, password: string): Promise<void> {
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

export interface InboundStat {
  participantId?: string;
  kind: string;
  framesDecoded?: number;
  bytesReceived: number;
  packetsReceived: number;
}

export function inboundStats(page: Page): Promise<InboundStat[]> {
  return page.evaluate(() => (window as unknown as { __giaoban: { inboundStats(): Promise<InboundStat[]> } }).__giaoban.inboundStats());
}

/** States of every camera/microphone track the page ever obtained (`live` or `ended`). */
export function capturedTrackStates(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __capturedTracks: MediaStreamTrack[] }).__capturedTracks.map((t) => t.readyState));
}
