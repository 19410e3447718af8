/**
 * What every browser test file sets up the same way: the real server (serving the built web app) with its own
 * Janus, one Debian Chromium with fake camera and microphone, participants' pages, and the teardown. A test file
 * calls `useBrowserSuite()` once at the top and then states only what is particular to it:
 *
 *   import { server, signedInPage, useBrowserSuite } from './harness';
 *   useBrowserSuite();
 *
 * `server` and `browser` are live bindings, set by the suite's beforeAll (vitest loads this module afresh for each
 * test file, so each file has its own server and browser).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { MeetingView } from '../shared/api';
import { PROTOCOL_VERSION } from '../shared/protocol';
import { TestSocket, startTestServer, type TestClient, type TestServer } from '../server/test/support';
import { cspViolations, launchChromium, newParticipantPage, signInOnPage } from './browser';

export let server: TestServer;
export let browser: Browser;

/** Contexts opened through participantPage() and not closed yet. */
let contexts: BrowserContext[] = [];

export interface BrowserSuiteOptions {
  /** Chromium switches beyond CHROMIUM_ARGS, given the started server (its data directory, say). */
  chromiumArgs?: (server: TestServer) => string[];
  /** Close the pages participantPage() opened at the end of each test rather than of the file. */
  closePagesAfterEach?: boolean;
  /** Configuration of the server beyond the defaults (TURN, say), given free ports. */
  env?: () => Promise<Record<string, string>>;
}

/** Starts the server and Chromium before the file's tests; closes the pages, Chromium and the server after them. */
export function useBrowserSuite(options: BrowserSuiteOptions = {}): void {
  beforeAll(async () => {
    server = await startTestServer({ SERVE_WEB: 'true', ...(await options.env?.()) });
    browser = await launchChromium(options.chromiumArgs?.(server));
  });
  if (options.closePagesAfterEach) afterEach(closeParticipantPages);
  afterAll(async () => {
    await closeParticipantPages();
    await browser?.close();
    await server?.close();
  });
}

/** A fresh participant's context and page (own cookies, own fake devices) on the test server. */
export async function participantPage(): Promise<{ context: BrowserContext; page: Page }> {
  const opened = await newParticipantPage(browser, server.url);
  contexts.push(opened.context);
  return opened;
}

/**
 * Closes every context participantPage() opened and not closed yet; fails when the browser refused anything the
 * pages did under the Content-Security-Policy (R6.1): the policy must not break a feature.
 */
async function closeParticipantPages(): Promise<void> {
  const closing = contexts;
  contexts = [];
  const violations = closing.flatMap((c) => c.pages().flatMap(cspViolations));
  await Promise.all(closing.map((c) => c.close().catch(() => undefined)));
  if (violations.length) throw new Error(`Content-Security-Policy violations:\n${violations.join('\n')}`);
}

/** A fresh participant's page, signed in on the login page and showing the app. */
export async function signedInPage(email: string, password: string): Promise<Page> {
  const { page } = await participantPage();
  await page.goto('/login');
  await signInOnPage(page, email, password);
  await page.getByTestId('user-name').waitFor();
  return page;
}

/** Books a meeting through the API (as the office's operator unless `by` is given) and checks it was created. */
export async function bookMeeting(meeting: Record<string, unknown>, by: TestClient = server.operator): Promise<MeetingView> {
  const res = await by.post('/api/meetings', meeting);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.meeting;
}

/** A signaling connection as `client`'s account, joined to the meeting (the caller closes it). */
export async function joinedSocket(client: TestClient, slug: string, password: string): Promise<TestSocket> {
  const socket = await TestSocket.open(server, client);
  socket.send({ type: 'join', v: PROTOCOL_VERSION, slug, password });
  await socket.next('joined');
  return socket;
}
