/**
 * After the meeting in the browser (R4.1, R4.2, R4.4): the chair's office records two conclusions, assigns a task to a
 * person and one to a unit, drafts and issues the conclusions notice; the person reports their task done with a
 * document; the unit's task passes its deadline and the follow-up job (run with the server's own clock once the
 * deadline is behind it) escalates it to the office; the board and its XLSX show one done and one overdue. A
 * substitute writes their report and the head who sent them reads it. The API only creates the accounts and the
 * meeting, approves the substitute, and ends the meeting as the room would.
 */
import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addDays, vnDate } from '../shared/calendar/working-days';
import { conclusionTasks } from '../server/db/schema';
import { afterMeetingWorld, bookOfficeMeeting, endMeeting, workingDayAfter } from '../server/test/after-meeting';
import { signInOnPage } from './browser';
import { participantPage, server, useBrowserSuite } from './harness';

useBrowserSuite();

/** A page signed in as `who`, opened at `path` (the sign-in brings them back to it). */
async function openAs(who: { email: string; password: string }, path: string): Promise<Page> {
  const { page } = await participantPage();
  await page.goto(path);
  await page.waitForURL((url) => url.pathname === '/login');
  await signInOnPage(page, who.email, who.password);
  await page.waitForURL((url) => url.pathname + url.search === path);
  return page;
}

describe('R4 after the meeting, in the browser', () => {
  it('R4.1/R4.2: the notice issued with two tasks, one reported done, one overdue and escalated; the board and its XLSX', async () => {
    // the test runs the follow-up job itself, once the deadline is behind: the background run is stopped
    await server.app.tasks.stopReminders();
    const w = await afterMeetingWorld(server, 'Gia Lai');
    const meeting = await bookOfficeMeeting(server, w);
    await endMeeting(server, meeting.id);

    // The office: two conclusions, a task each, from the manage page's link
    const office = await openAs(w.organiser, `/meetings/${meeting.id}/manage`);
    await office.getByTestId('manage-conclusions-link').click();
    await office.waitForURL((url) => url.pathname === `/meetings/${meeting.id}/conclusions`);
    for (const text of ['Đẩy nhanh tiến độ giải ngân vốn đầu tư công', 'Rà soát, cắt giảm thủ tục hành chính']) {
      await office.getByTestId('conclusion-add-text').fill(text);
      await office.getByTestId('conclusion-add-submit').click();
      await office.getByTestId('conclusion-text').filter({ hasText: text }).waitFor();
    }
    const assign = async (index: number, description: string, kind: 'person' | 'unit', assignee: string, deadline: string) => {
      const conclusion = office.getByTestId('conclusion').nth(index);
      await conclusion.getByTestId('task-add-open').click();
      await conclusion.getByTestId('task-add-description').fill(description);
      await conclusion.getByTestId(`task-add-kind-${kind}`).check();
      await conclusion.getByTestId('task-add-assignee').selectOption(assignee);
      await conclusion.getByTestId('task-add-deadline').fill(deadline);
      await conclusion.getByTestId('task-add-submit').click();
      await conclusion.getByTestId('conclusion-task').filter({ hasText: description }).waitFor();
    };
    await assign(0, 'Tổng hợp báo cáo giải ngân của các sở', 'person', w.an.id, workingDayAfter(10));
    await assign(1, 'Đề xuất phương án cắt giảm thủ tục', 'unit', w.financeId, workingDayAfter(3));

    await office.getByTestId('notice-number').fill('12/TB-VPUBND');
    await office.getByTestId('notice-save').click();
    await office.getByTestId('notice-pdf').waitFor();
    office.once('dialog', (d) => void d.accept());
    await office.getByTestId('notice-issue').click();
    await office.getByTestId('notice-issued-result').waitFor();
    await office.getByTestId('notice-issued').waitFor();
    expect(await office.getByTestId('notice-issue').count()).toBe(0);

    // The person assigned reports their task done, with a document, from "my tasks"
    const an = await openAs(w.an, '/tasks');
    const task = an.getByTestId('task').filter({ hasText: 'Tổng hợp báo cáo giải ngân' });
    await task.getByTestId('task-report-text').fill('Đã tổng hợp đủ 12 sở, gửi kèm báo cáo');
    await task.getByTestId('task-report-file-input').setInputFiles({ name: 'bao-cao-giai-ngan.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n') });
    await task.getByTestId('task-report-done').check();
    await task.getByTestId('task-report-send').click();
    await an.locator('[data-testid="task-state"][data-state="done"]').waitFor();
    await task.getByTestId('task-report-file').filter({ hasText: 'bao-cao-giai-ngan.pdf' }).waitFor();
    await an.context().close();

    // Time passes: the unit's deadline is behind us (moved into the past), and the follow-up job runs
    const yesterday = addDays(vnDate(new Date()), -1);
    await server.app.database.db.update(conclusionTasks).set({ deadline: yesterday }).where(eq(conclusionTasks.assigneeUnitId, w.financeId));
    expect(await server.app.tasks.runReminders(new Date())).toMatchObject({ escalated: 1 });

    // The office is told in the bell, and the board shows one done and one overdue
    await office.goto(`/tasks/board?meetingId=${meeting.id}`);
    const financeRow = office.locator(`[data-testid="board-unit"][data-unit-name="${w.finance}"]`);
    await expect.poll(() => financeRow.getByTestId('board-overdue').textContent()).toBe('1');
    expect(await office.locator(`[data-testid="board-unit"][data-unit-name="${w.office}"]`).getByTestId('board-done').textContent()).toBe('1');
    expect(await office.getByTestId('board-totals').getByTestId('board-overdue').textContent()).toBe('1');
    const xlsx = await office.request.get(`/api/tasks/board.xlsx?meetingId=${meeting.id}`);
    expect(xlsx.status()).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await xlsx.body()) as unknown as ArrayBuffer);
    const rows = book.getWorksheet('Theo đơn vị')!.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1));
    expect(rows).toEqual(expect.arrayContaining([[1, w.finance, 1, 0, 0, 1], [2, w.office, 1, 1, 0, 0], ['', 'Tổng cộng', 2, 1, 0, 1]]));
    const bell = await office.request.get('/api/notifications');
    expect(((await bell.json()).notifications as { kind: string }[]).some((n) => n.kind === 'task_overdue')).toBe(true);
  });

  it('R4.4: a substitute writes the report and the head who sent them reads it', async () => {
    const w = await afterMeetingWorld(server, 'Kon Tum');
    const meeting = await bookOfficeMeeting(server, w);
    expect((await w.binh.client.request('PUT', `/api/meetings/${meeting.id}/replies/person/${w.binh.id}`, { answer: 'substitute', substituteId: w.ha.id, reason: 'Đi công tác tại Hà Nội' })).status).toBe(200);
    expect((await w.chair.client.post(`/api/meetings/${meeting.id}/replies/person/${w.binh.id}/substitute`, { decision: 'approve' })).status).toBe(200);
    await endMeeting(server, meeting.id);

    const ha = await openAs(w.ha, '/substitute-reports');
    const duty = ha.locator(`[data-testid="substitute-duty"][data-meeting-id="${meeting.id}"]`);
    await duty.getByTestId('substitute-report-input').fill('Cuộc họp giao Trung tâm rà soát quy trình một cửa trước ngày 15/01.');
    await duty.getByTestId('substitute-report-send').click();
    await ha.getByTestId('substitute-report-sent').waitFor();
    await ha.context().close();

    const binh = await openAs(w.binh, '/substitute-reports');
    const received = binh.locator(`[data-testid="substitute-report-received"][data-meeting-id="${meeting.id}"]`);
    await received.getByTestId('substitute-report-open').click();
    await expect.poll(() => received.getByTestId('substitute-report-text').textContent()).toBe('Cuộc họp giao Trung tâm rà soát quy trình một cửa trước ngày 15/01.');
    expect(await received.getByRole('link').getAttribute('href')).toBe(`/${meeting.slug}`);
    expect(await received.textContent()).toContain('đã đọc lúc');
  });
});
