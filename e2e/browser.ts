/**
 * Real headless Chromium (Debian's package) with fake camera and microphone, driven by Playwright. Each
 * participant gets their own browser context (own cookies, own fake devices) in one browser process.
 *
 * Test hooks of the meeting (data-testid, and the data-* attributes worth asserting on):
 *
 * Entering
 * - meeting-summary, meeting-password, meeting-password-submit, device-check, join-button
 * - lobby-notice: on the device check when the access check answered `admission: 'lobby'`
 * - lobby-waiting [data-reason=not_invited|technical_staff|removed|locked]: the waiting screen; lobby-leave
 * - closed-message [data-reason=meeting_ended|replaced|left|session_revoked|removed|refused], closed-reason (the
 *   chair's reason), rejoin-button, error-message (a refused join, or an error toast [data-error-id])
 * The room
 * - meeting-room [data-state=connecting|joined|reconnecting][data-role=<meeting role>], reconnect-banner,
 *   media-banner, local-media-problem, attendees-banner (a room account that has not named its people)
 * - stage [data-layout=main|grid|side_by_side][data-main=<participant id>][data-main-source=camera|screen]
 * - tile [data-participant-id][data-name][data-self][data-frame=large|small|grid][data-audio=on|off (heard)]
 *   [data-audible=true|false (the server lets them be heard)][data-video][data-pinned][data-identity-incomplete];
 *   inside: tile-mic-off, tile-camera-off, identity-flag (shown to may.moderate), pin-tile [data-pinned] (may.layout)
 * - screen-tile [data-participant-id][data-frame]: a shared screen (not counted among the tiles)
 * - thumbnail-grid [data-count][data-columns]: from 24 small frames on, the thumbnails scroll here and only those in
 *   view are mounted (a shared screen, the floor holder and oneself stay mounted outside it); a tile has a <video>
 *   only while it has a stream
 * - toggle-mic [data-on][data-audible] (disabled while the server keeps us muted), toggle-camera [data-on],
 *   share-screen [data-on] (may.present), leave-button, request-leave → leave-reason + request-leave-submit,
 *   leave-pending, end-meeting-button (chair; then end-meeting-dialog: conclusion-text, add-conclusion, no-conclusions, end-meeting-confirm)
 * - toggle-roster, open-panel [data-panel=floor|chat|tech]: open the side panel (on a phone it overlays the frames);
 *   side-panel [data-panel], panel-tab [data-panel=roster|floor|chat|tech], close-panel. Use openPanel() below.
 * - recording-indicator (everyone, while recording), locked-indicator, meeting-clock [data-phase=before|running|over]
 *   [data-elapsed=HH:mm:ss] with meeting-clock-end
 * Chair's tools (top bar): layout-select (may.layout), mute-all, lock-toggle [data-locked] (may.moderate),
 *   recording-toggle [data-recording] (may.record; starting asks for confirmation in a dialog)
 * Lobby (may.admit): lobby-panel, lobby-entry [data-lobby-id][data-reason][data-name] with admit-button,
 *   admit-observer-button, refuse-button → refuse-reason + refuse-confirm (refuse-cancel)
 * Roster panel: roster, roster-item [data-participant-id][data-role][data-audible][data-identity-incomplete]
 *   [data-leave-requested], chair-marker, identity-flag, attendees-input + attendees-save (role endpoint),
 *   per line: give-floor (may.controlFloor), mute-participant (may.moderate, when audible), allow-present
 *   [data-allowed] (may.controlFloor), remove-participant → remove-reason + remove-confirm (remove-cancel),
 *   leave-request with consent-leave / refuse-leave (chair)
 *   At scale (issue 13.2): roster-search (without diacritics; Enter goes to the first line), roster-matches [data-count],
 *   roster-filter [data-filter=requesting|audible|lost|incomplete|leaving][data-count] (the chair's tools),
 *   roster-unit [data-unit][data-count][data-total][data-collapsed] (unit headers, a button folds the unit),
 *   roster-collapse-all, roster-scroll [data-virtual] (lines beyond 40 rows are rendered only in view),
 *   queue-place [data-queue-place on the line] (may.controlFloor), request-match [data-request-id][data-participant-id]
 *   with grant-request (requests the roster search finds)
 * Floor: floor-banner, floor-holder [data-participant-id][data-grant-id], floor-countdown [data-seconds-left],
 *   floor-warning (last 30 s), extend-floor [data-seconds=60|180], revoke-floor (may.controlFloor);
 *   floor panel: floor-topic, floor-on-behalf (may.requestOnBehalf), request-floor, grant-seconds (may.controlFloor),
 *   floor-queue-item [data-request-id][data-participant-id][data-speaker] with grant-floor and withdraw-floor,
 *   floor-queue-empty, give-floor-select + give-floor-submit; floor-queue-search, lobby-search, health-search (long lists)
 * Chat panel: chat-channel [data-channel=meeting|technicians] (may.technicianChat), chat-input, chat-send,
 *   chat-message [data-channel][data-from]
 * Technical panel: incident-form (incident-cause [a select of shared/causes.ts], incident-detail, incident-remedy, incident-minutes, incident-submit,
 *   incident-sent), incident-item, health-row [data-participant-id][data-state=good|poor|dropped]
 * Toasts: notice [data-notice-id=<NoticeId>], error-message [data-error-id], incident-toast
 *
 * `window.__giaoban`: state(), inboundStats() (each with participantId and source camera|screen),
 * meetingState() (the last meeting_state), participantId().
 */
import fs from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { MeetingStateView } from '../shared/protocol';
import { totpCodeFor, totpSecretFor } from '../server/test/support';

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
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install the Debian package chromium`);
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...extraArgs], headless: true });
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
  // Whatever the app's Content-Security-Policy refuses on its own pages is a broken feature: collected here, failed
  // by the harness (a page of another origin that the policy refuses to frame the app reports it too, on itself).
  const violations: string[] = [];
  cspViolationsOf.set(page, violations);
  const appOrigin = new URL(baseUrl).origin;
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text()) && page.url().startsWith(appOrigin)) violations.push(`${page.url()}: ${msg.text()}`);
  });
  return { context, page };
}

const cspViolationsOf = new WeakMap<Page, string[]>();
/** The Content-Security-Policy violations the browser reported on a page opened by newParticipantPage. */
export const cspViolations = (page: Page): string[] => cspViolationsOf.get(page) ?? [];

/**
 * Sign in on the login page the meeting link redirects to. When the tests enrolled the account in a second factor
 * (every operator, R1.3), the code step follows with a code the server has not seen yet.
 */
export async function signInOnPage(page: Page, email: string, password: string): Promise<void> {
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  const origin = new URL(page.url()).origin;
  if (!totpSecretFor(origin, email)) return;
  await page.getByTestId('second-factor-code').fill(await totpCodeFor(origin, email));
  await page.getByTestId('second-factor-submit').click();
}

export interface InboundStat {
  participantId?: string;
  source?: 'camera' | 'screen';
  kind: string;
  framesDecoded?: number;
  bytesReceived: number;
  packetsReceived: number;
}

export function inboundStats(page: Page): Promise<InboundStat[]> {
  return page.evaluate(() => (window as unknown as { __giaoban: { inboundStats(): Promise<InboundStat[]> } }).__giaoban.inboundStats());
}

/** What a page has received from one participant so far: audio packets and bytes, video frames decoded. */
export async function receivedFrom(page: Page, participantId: string, source: 'camera' | 'screen' = 'camera') {
  const stats = (await inboundStats(page)).filter((s) => s.participantId === participantId && (s.source ?? 'camera') === source);
  return {
    audioPackets: stats.filter((s) => s.kind === 'audio').reduce((n, s) => n + s.packetsReceived, 0),
    audioBytes: stats.filter((s) => s.kind === 'audio').reduce((n, s) => n + s.bytesReceived, 0),
    frames: stats.filter((s) => s.kind === 'video').reduce((n, s) => n + (s.framesDecoded ?? 0), 0),
  };
}

/** The page's participant id in the meeting, once joined. */
export const participantIdOn = (page: Page) => page.evaluate(() => (window as unknown as { __giaoban: { participantId(): string | null } }).__giaoban.participantId());

/** The meeting's state as the page's client keeps it (protocol v3's view). */
export const meetingStateOn = (page: Page) => page.evaluate(() => (window as unknown as { __giaoban: { meetingState(): MeetingStateView | null } }).__giaoban.meetingState());

/** The room's signaling state: connecting, joined, reconnecting. */
export const roomStateOn = (page: Page) => page.getByTestId('meeting-room').getAttribute('data-state');

/** States of every camera/microphone track the page ever obtained (`live` or `ended`). */
export function capturedTrackStates(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __capturedTracks: MediaStreamTrack[] }).__capturedTracks.map((t) => t.readyState));
}

/** Shows one tab of the meeting room's side panel (on a phone-sized page it opens the panel first). */
export async function openPanel(page: Page, panel: 'roster' | 'floor' | 'chat' | 'tech' | 'minutes' | 'votes'): Promise<void> {
  const tab = page.locator(`[data-testid="panel-tab"][data-panel="${panel}"]`);
  if (!(await tab.isVisible())) {
    await page.locator(`[data-testid="${panel === 'roster' ? 'toggle-roster' : 'open-panel'}"][data-panel="${panel}"]`).click();
  }
  await tab.click();
}

/** Opens the meeting link, signs in on the login page it leads to, gives the meeting password and presses Join. */
export async function knock(page: Page, slug: string, who: { email: string; password: string }, meetingPassword: string): Promise<void> {
  await page.goto(`/${slug}`);
  await signInOnPage(page, who.email, who.password);
  await page.getByTestId('meeting-password').fill(meetingPassword);
  await page.getByTestId('meeting-password-submit').click();
  await page.getByTestId('join-button').click();
}

/** knock(), then wait until the room says the participant has joined (not the lobby). */
export async function enterMeeting(page: Page, slug: string, who: { email: string; password: string }, meetingPassword: string): Promise<void> {
  await knock(page, slug, who, meetingPassword);
  await page.locator('[data-testid="meeting-room"][data-state="joined"]').waitFor({ timeout: 20_000 });
}

/**
 * Sets a date-and-time field (web/src/components/date-time-field.tsx: the day typed dd/MM/yyyy, hour and minute
 * chosen) to a datetime-local style value `2027-01-05T14:30` (Vietnam time).
 */
export async function fillDateTime(page: Page, testId: string, value: string): Promise<void> {
  const [, year, month, day, hour, minute] = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value)!;
  await page.getByTestId(`${testId}-date`).fill(`${day}/${month}/${year}`);
  await page.getByTestId(`${testId}-hour`).selectOption(hour!);
  await page.getByTestId(`${testId}-minute`).selectOption(minute!);
}

/** A date-and-time field's value as `2027-01-05T14:30`. */
export async function dateTimeValue(page: Page, testId: string): Promise<string> {
  const [, day, month, year] = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(await page.getByTestId(`${testId}-date`).inputValue()) ?? [];
  return `${year}-${month}-${day}T${await page.getByTestId(`${testId}-hour`).inputValue()}:${await page.getByTestId(`${testId}-minute`).inputValue()}`;
}

/** Follows an item of the header's administration menu (`nav-users`, `nav-units`, `nav-audit` …), opening the menu first. */
export async function openAdminItem(page: Page, testId: string): Promise<void> {
  const item = page.getByTestId(testId);
  if (!(await item.isVisible())) await page.getByTestId('nav-admin').click();
  await item.click();
}
