/**
 * R3.11 in Chromium: the chair shows one of the meeting's PDF documents; another participant's browser renders
 * it in the main frame and follows the pages the chair turns. What is checked is what a person sees: the page
 * drawn on the canvas (not blank, and different after a page turn).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { pdfOfPages } from '../server/test/document-fixtures';
import { createUser } from '../server/test/support';
import { enterMeeting } from './browser';
import { bookMeeting, participantPage, server, useBrowserSuite } from './harness';

useBrowserSuite();

const PASSWORD = 'trinh-chieu-1';

/** What the document's canvas shows: how many pixels are not white, and a fingerprint of the picture. */
function canvasPicture(page: Page) {
  return page.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="document-tile"] canvas');
    if (!canvas || !canvas.width) return { inked: 0, fingerprint: '' };
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let inked = 0;
    let hash = 0;
    for (let i = 0; i < data.length; i += 4 * 7) {
      if (data[i]! < 200 || data[i + 1]! < 200 || data[i + 2]! < 200) inked++;
      hash = (hash * 31 + data[i]! + data[i + 2]!) | 0;
    }
    return { inked, fingerprint: String(hash) };
  });
}

describe('document presentation in the browser', () => {
  it('R3.11 the chair shows a PDF; the delegate sees the page in the main frame and follows the page turns', async () => {
    const chair = await createUser(server, 'Nguyễn Thị Trình', 'UBND tỉnh Lâm Đồng', { title: 'Phó Chủ tịch UBND tỉnh' });
    const delegate = await createUser(server, 'Lê Văn Xem', 'Sở Kế hoạch và Đầu tư', { title: 'Giám đốc' });
    const slug = 'trinh-chieu-tai-lieu';
    const { id: meetingId } = await bookMeeting({
      title: 'Họp nghe báo cáo quy hoạch',
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      chairId: chair.id,
      inviteeIds: [delegate.id],
      notStateSecret: true,
      emergency: true,
      slug,
      password: PASSWORD,
    });
    const uploaded = await fetch(`${server.url}/api/meetings/${meetingId}/documents?name=${encodeURIComponent('Báo cáo quy hoạch.pdf')}&kind=document`, {
      method: 'POST',
      headers: { 'content-type': 'application/pdf', cookie: server.operator.cookie!, 'x-csrf-token': server.operator.csrf! },
      body: new Uint8Array(await pdfOfPages(3)),
    });
    expect(uploaded.status).toBe(201);
    const documentId = ((await uploaded.json()) as { document: { id: string } }).document.id;

    const a = await participantPage();
    const b = await participantPage();
    await enterMeeting(a.page, slug, chair, PASSWORD);
    await enterMeeting(b.page, slug, delegate, PASSWORD);
    // A delegate without the floor is not offered the document.
    await expect(b.page.getByTestId('show-document').count()).resolves.toBe(0);

    await a.page.getByTestId('show-document').click();
    await a.page.locator(`[data-testid="document-choice"][data-document-id="${documentId}"]`).click();

    const seen = b.page.locator('[data-testid="document-tile"]');
    await expect.poll(() => seen.getAttribute('data-rendered-page'), { timeout: 30_000 }).toBe('1');
    expect(await seen.getAttribute('data-frame')).toBe('large');
    expect(await b.page.getByTestId('stage').getAttribute('data-main-source')).toBe('document');
    expect(await seen.getAttribute('data-pages')).toBe('3');
    const first = await canvasPicture(b.page);
    expect(first.inked).toBeGreaterThan(100);
    // Only the presenter has the page controls.
    await expect(b.page.getByTestId('document-next').count()).resolves.toBe(0);

    await a.page.getByTestId('document-next').click();
    await expect.poll(() => seen.getAttribute('data-rendered-page'), { timeout: 15_000 }).toBe('2');
    await expect.poll(async () => (await canvasPicture(b.page)).fingerprint, { timeout: 10_000 }).not.toBe(first.fingerprint);
    expect((await canvasPicture(b.page)).inked).toBeGreaterThan(100);

    await a.page.getByTestId('document-stop').click();
    await expect.poll(() => seen.count(), { timeout: 15_000 }).toBe(0);
  });
});
