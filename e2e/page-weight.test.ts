/**
 * A lighter page (issue 18.7): the sign-in page's script, as Chromium receives it compressed from our server, stays
 * within 100 KB; the meeting room, the administration and English come as their own chunks only when opened.
 */
import { describe, expect, it } from 'vitest';
import { participantPage, useBrowserSuite } from './harness';

useBrowserSuite();

interface Loaded {
  name: string;
  encoded: number;
  decoded: number;
}

const scriptsLoaded = (page: import('playwright-core').Page) =>
  page.evaluate(() =>
    (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      .filter((e) => e.initiatorType === 'script' || e.initiatorType === 'link' || e.name.endsWith('.js'))
      .filter((e) => new URL(e.name).pathname.endsWith('.js'))
      .map((e) => ({ name: new URL(e.name).pathname, encoded: e.encodedBodySize, decoded: e.decodedBodySize })),
  );

describe('a lighter page (issue 18.7)', () => {
  it('the sign-in page loads at most 100 KB of compressed script, and no page of the signed-in app', async () => {
    const { page } = await participantPage();
    const encodings: string[] = [];
    page.on('response', (r) => {
      if (r.url().endsWith('.js')) encodings.push(r.headers()['content-encoding'] ?? 'identity');
    });
    await page.goto('/login');
    await page.getByTestId('login-submit').waitFor();
    await page.waitForLoadState('networkidle');
    const scripts: Loaded[] = await scriptsLoaded(page);
    const encoded = scripts.reduce((n, s) => n + s.encoded, 0);
    const decoded = scripts.reduce((n, s) => n + s.decoded, 0);
    console.log(`sign-in page: ${scripts.length} scripts, ${(encoded / 1024).toFixed(1)} KB compressed (${[...new Set(encodings)].join(', ')}), ${(decoded / 1024).toFixed(1)} KB uncompressed`);
    expect(encodings.every((e) => e === 'br' || e === 'gzip'), encodings.join(',')).toBe(true);
    expect(encoded).toBeLessThanOrEqual(100 * 1024);
    // None of the signed-in app's pages, nor English, nor the PDF viewer
    for (const name of ['meeting-page', 'schedule-page', 'admin-', 'home-page', '/en-', 'pdf']) {
      expect(scripts.map((s) => s.name).filter((n) => n.includes(name)), name).toEqual([]);
    }
  });
});
