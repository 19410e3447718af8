/**
 * After the meeting (R4.1, R4.2; D10.4–5, D12.4–5): the chair's office keeps the conclusions, assigns tasks with
 * working-day deadlines, drafts and issues the conclusions notice (Decree 30 PDF by mail, and in the app); assignees
 * report progress with documents and report done; reminders before the deadline, escalation after it; the board and
 * its XLSX. Every step from the side of someone who must be refused too, and in the audit trail.
 */
import ExcelJS from 'exceljs';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConclusionsResponse, TaskBoardResponse, TaskDetailView } from '../../shared/api';
import { auditLog, conclusionTasks, mailOutbox, notifications } from '../db/schema';
import { readPdf } from '../pdf/read-pdf';
import { afterMeetingWorld, bookOfficeMeeting, endMeeting, sundayAfterAWeek, vnInstant, workingDayAfter, type AfterMeetingWorld } from './after-meeting';
import { nssDbTrusting, pdfsig } from './signature-tools';
import { startTestServer, totpCodeFor, type TestServer } from './support';

let server: TestServer;
let w: AfterMeetingWorld;
let meeting: { id: string; slug: string };
const db = () => server.app.database.db;
const auditActions = async (meetingId: string) => (await db().select().from(auditLog).where(eq(auditLog.targetId, meetingId))).map((e) => e.action);

beforeAll(async () => {
  server = await startTestServer();
  // the test drives the follow-up job with its own "now": the background run (real clock) is stopped
  await server.app.tasks.stopReminders();
  w = await afterMeetingWorld(server);
  meeting = await bookOfficeMeeting(server, w);
}, 120_000);
afterAll(() => server?.close());

const view = async () => {
  const res = await w.organiser.client.get(`/api/meetings/${meeting.id}/conclusions`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as ConclusionsResponse;
};

describe('R4.1 conclusions and the conclusions notice, by the chair\'s office', () => {
  let first: string;
  let second: string;
  const personDeadline = workingDayAfter(10);
  const unitDeadline = workingDayAfter(3);

  it('D10.4: conclusions come after the meeting: refused while it is still scheduled', async () => {
    const res = await w.organiser.client.post(`/api/meetings/${meeting.id}/conclusions`, { text: 'Sớm quá' });
    expect(res.status).toBe(409);
    expect(res.body.error.id).toBe('meeting_not_ended');
    await endMeeting(server, meeting.id);
  });

  it('the office records conclusions; delegates and another unit\'s organiser are refused', async () => {
    for (const who of [w.an, w.outsideOrganiser, w.chair]) {
      const res = await who.client.post(`/api/meetings/${meeting.id}/conclusions`, { text: 'Không được' });
      expect(res.status, who.name).toBe(403);
      expect(res.body.error.id).toBe('forbidden');
    }
    const a = await w.organiser.client.post(`/api/meetings/${meeting.id}/conclusions`, { text: 'Đẩy nhanh tiến độ giải ngân vốn đầu tư công' });
    const b = await w.organiser.client.post(`/api/meetings/${meeting.id}/conclusions`, { text: 'Rà soát thủ tục hành chính' });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    first = a.body.conclusion.id;
    second = b.body.conclusion.id;
    expect((await w.organiser.client.put(`/api/meetings/${meeting.id}/conclusions/${second}`, { text: 'Rà soát, cắt giảm thủ tục hành chính' })).status).toBe(204);
    expect((await w.organiser.client.put(`/api/meetings/${meeting.id}/conclusions/${second}`, { text: '' })).body.error.id).toBe('validation_failed');
    const v = await view();
    expect(v.conclusions.map((c) => [c.position, c.text])).toEqual([
      [1, 'Đẩy nhanh tiến độ giải ngân vốn đầu tư công'],
      [2, 'Rà soát, cắt giảm thủ tục hành chính'],
    ]);
    expect(await auditActions(meeting.id)).toEqual(expect.arrayContaining(['conclusion.added', 'conclusion.edited']));
  });

  it('R4.2: tasks go to a person or a unit, due on a working day not yet past; others may not assign', async () => {
    const url = `/api/meetings/${meeting.id}/conclusions/${first}/tasks`;
    const sunday = await w.organiser.client.post(url, { description: 'x', assigneeUserId: w.an.id, deadline: sundayAfterAWeek() });
    expect(sunday.status).toBe(400);
    expect(sunday.body.error.id).toBe('task_deadline_not_working_day');
    expect((await w.organiser.client.post(url, { description: 'x', assigneeUserId: w.an.id, deadline: '2020-01-06' })).body.error.id).toBe('task_deadline_past');
    expect((await w.organiser.client.post(url, { description: 'x', assigneeUserId: w.an.id, assigneeUnitId: w.financeId, deadline: personDeadline })).body.error.id).toBe('validation_failed');
    expect((await w.organiser.client.post(url, { description: 'x', assigneeUserId: w.an.id, deadline: '2027-02-30' })).body.error.id).toBe('validation_failed');
    expect((await w.an.client.post(url, { description: 'x', assigneeUserId: w.an.id, deadline: personDeadline })).status).toBe(403);

    const person = await w.organiser.client.post(url, { description: 'Tổng hợp báo cáo giải ngân của các sở', assigneeUserId: w.an.id, deadline: personDeadline });
    expect(person.status, JSON.stringify(person.body)).toBe(201);
    expect(person.body.task).toMatchObject({ assignee: { kind: 'person', person: { id: w.an.id, name: 'Nguyễn Văn An' } }, deadline: personDeadline, state: 'in_progress' });
    const unit = await w.organiser.client.post(`/api/meetings/${meeting.id}/conclusions/${second}/tasks`, { description: 'Đề xuất phương án cắt giảm thủ tục', assigneeUnitId: w.financeId, deadline: unitDeadline });
    expect(unit.status, JSON.stringify(unit.body)).toBe(201);
    expect(unit.body.task.assignee).toEqual({ kind: 'unit', unit: { id: w.financeId, name: w.finance } });
    expect(await auditActions(meeting.id)).toContain('task.assigned');
  });

  it('before the notice is issued its tasks are nobody\'s: the assignee sees none', async () => {
    expect((await w.an.client.get('/api/tasks/mine')).body.tasks).toEqual([]);
    const taskId = (await view()).conclusions[0]!.tasks[0]!.id;
    expect((await w.an.client.get(`/api/tasks/${taskId}`)).body.error.id).toBe('task_not_found');
  });

  it('D12.4: the office drafts the notice (version checked) and issues it once, by mail with the PDF and in the app', async () => {
    expect((await w.organiser.client.post(`/api/meetings/${meeting.id}/conclusions-notice/issue`)).body.error.id).toBe('conclusions_notice_not_drafted');
    const v = await view();
    expect(v.proposed.signerAuthority).toBe('TL. Chủ tịch UBND tỉnh');
    expect(v.proposed.opening).toContain('Giao ban kinh tế - xã hội tháng 12');
    const draft = { ...v.proposed, number: '25/TB-VPUBND' };
    const refused = await w.an.client.put(`/api/meetings/${meeting.id}/conclusions-notice`, draft);
    expect(refused.status).toBe(403);
    const saved = await w.organiser.client.put(`/api/meetings/${meeting.id}/conclusions-notice`, draft);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.notice).toMatchObject({ number: '25/TB-VPUBND', version: 1, issuedAt: null });
    const stale = await w.organiser.client.put(`/api/meetings/${meeting.id}/conclusions-notice`, { ...draft, version: 7 });
    expect(stale.body.error.id).toBe('conclusions_notice_version_conflict');
    expect((await w.organiser.client.put(`/api/meetings/${meeting.id}/conclusions-notice`, { ...draft, version: 1 })).body.notice.version).toBe(2);

    expect((await w.an.client.post(`/api/meetings/${meeting.id}/conclusions-notice/issue`)).status).toBe(403);
    // issued signed by the issuer (PAdES): a wrong code issues nothing, the right one signs the notice the mails carry
    await w.organiser.client.enrolSecondFactor(w.organiser.email);
    const wrongCode = await w.organiser.client.post(`/api/meetings/${meeting.id}/conclusions-notice/issue`, { signatureCode: '000000' });
    expect(wrongCode.body.error.id).toBe('second_factor_invalid');
    expect((await view()).notice?.issuedAt).toBeNull();
    const issued = await w.organiser.client.post(`/api/meetings/${meeting.id}/conclusions-notice/issue`, { signatureCode: await totpCodeFor(server.url, w.organiser.email) });
    expect(issued.status, JSON.stringify(issued.body)).toBe(200);
    expect(issued.body.signed).toBe(true);
    expect(issued.body.notice.issuedAt).not.toBeNull();
    expect(issued.body.notice.issuedBy).toMatchObject({ id: w.organiser.id });

    const mails = await db().select().from(mailOutbox).where(and(eq(mailOutbox.meetingId, meeting.id), eq(mailOutbox.kind, 'conclusions_notice')));
    const to = new Set(mails.map((m) => m.to));
    for (const who of [w.chair, w.an, w.binh, w.financeOrganiser]) expect(to.has(who.email), who.name).toBe(true);
    expect(to.has(w.outsider.email)).toBe(false);
    const pdf = Buffer.from(mails[0]!.attachments[0]!.contentBase64, 'base64');
    const [signature, ...more] = pdfsig(pdf, nssDbTrusting(await server.app.signatures.authorityPem()));
    expect(more).toHaveLength(0);
    expect(signature).toMatchObject({ valid: true, trusted: true, wholeDocument: true });
    const { text } = await readPdf(pdf);
    for (const piece of ['THÔNG BÁO', 'Kết luận của Chủ tịch UBND tỉnh Trịnh Văn Chủ tại cuộc họp Giao ban kinh tế - xã hội tháng 12', 'Số: 25/TB-VPUBND', 'Lâm Đồng, ngày', 'Rà soát, cắt giảm thủ tục hành chính', `Sở Tài chính tỉnh Lâm Đồng`, `${unitDeadline.slice(8, 10)}/${unitDeadline.slice(5, 7)}/${unitDeadline.slice(0, 4)}`, 'TL. CHỦ TỊCH UBND TỈNH', 'Lê Thị Tổ', 'Nơi nhận:'])
      expect(text.replace(/\s+/g, ' '), piece).toContain(piece);
    const bell = await w.financeOrganiser.client.get('/api/notifications');
    expect(bell.body.notifications.some((n: { kind: string; data: { meetingId: string; tasks: number } }) => n.kind === 'conclusions_notice_issued' && n.data.meetingId === meeting.id && n.data.tasks === 1)).toBe(true);
    expect(await auditActions(meeting.id)).toEqual(expect.arrayContaining(['conclusions_notice.drafted', 'conclusions_notice.issued']));

    // issued once: no second issue, no change to the conclusions or their tasks
    expect((await w.organiser.client.post(`/api/meetings/${meeting.id}/conclusions-notice/issue`)).body.error.id).toBe('conclusions_notice_issued');
    expect((await w.organiser.client.put(`/api/meetings/${meeting.id}/conclusions/${first}`, { text: 'Sửa sau' })).body.error.id).toBe('conclusions_notice_issued');
    expect((await w.organiser.client.post(`/api/meetings/${meeting.id}/conclusions/${first}/tasks`, { description: 'x', assigneeUserId: w.an.id, deadline: personDeadline })).body.error.id).toBe('conclusions_notice_issued');
  });

  it('the PDF: the office and those it was issued to read it; others are refused', async () => {
    const office = await fetch(`${server.url}/api/meetings/${meeting.id}/conclusions-notice.pdf`, { headers: { cookie: w.organiser.client.cookie! } });
    expect(office.status).toBe(200);
    expect(office.headers.get('content-type')).toBe('application/pdf');
    expect((await fetch(`${server.url}/api/meetings/${meeting.id}/conclusions-notice.pdf`, { headers: { cookie: w.financeOrganiser.client.cookie! } })).status).toBe(200);
    expect((await fetch(`${server.url}/api/meetings/${meeting.id}/conclusions-notice.pdf`, { headers: { cookie: w.outsideOrganiser.client.cookie! } })).status).toBe(403);
  });

  it('R4.2: assignees see their tasks and report progress with a document, then done; nobody else reports', async () => {
    const mine = (await w.an.client.get('/api/tasks/mine')).body.tasks as TaskDetailView[];
    expect(mine.map((t) => t.description)).toEqual(['Tổng hợp báo cáo giải ngân của các sở']);
    expect(mine[0]).toMatchObject({ canReport: true, conclusion: 'Đẩy nhanh tiến độ giải ngân vốn đầu tư công', meeting: { id: meeting.id } });
    const unitTasks = (await w.financeOrganiser.client.get('/api/tasks/mine')).body.tasks as TaskDetailView[];
    expect(unitTasks.map((t) => t.assignee.kind)).toEqual(['unit']);
    const taskId = mine[0]!.id;

    // the office sees the task but does not report for the assignee; another unit's organiser does not learn it exists
    expect((await w.organiser.client.post(`/api/tasks/${taskId}/reports`, { text: 'Thay', done: true })).body.error.id).toBe('forbidden');
    expect((await w.outsideOrganiser.client.post(`/api/tasks/${taskId}/reports`, { text: 'Thay', done: true })).body.error.id).toBe('task_not_found');
    expect((await w.financeOrganiser.client.post(`/api/tasks/${taskId}/reports`, { text: 'Thay', done: true })).body.error.id).toBe('task_not_found');

    const progress = await w.an.client.post(`/api/tasks/${taskId}/reports`, { text: 'Đã tổng hợp 8/12 sở' });
    expect(progress.status, JSON.stringify(progress.body)).toBe(201);
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const upload = await fetch(`${server.url}/api/tasks/${taskId}/reports/${progress.body.report.id}/files?name=${encodeURIComponent('Báo cáo giải ngân.pdf')}`, {
      method: 'POST',
      headers: { cookie: w.an.client.cookie!, 'x-csrf-token': w.an.client.csrf!, 'content-type': 'application/pdf' },
      body: pdf,
    });
    expect(upload.status).toBe(201);
    const file = (await upload.json()).file;
    const notPdf = await fetch(`${server.url}/api/tasks/${taskId}/reports/${progress.body.report.id}/files?name=x.pdf`, {
      method: 'POST',
      headers: { cookie: w.an.client.cookie!, 'x-csrf-token': w.an.client.csrf!, 'content-type': 'application/pdf' },
      body: 'not a pdf at all',
    });
    expect((await notPdf.json()).error.id).toBe('document_type_mismatch');
    const download = await fetch(`${server.url}/api/tasks/${taskId}/reports/${progress.body.report.id}/files/${file.id}`, { headers: { cookie: w.organiser.client.cookie! } });
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(pdf)).toBe(true);
    expect((await fetch(`${server.url}/api/tasks/${taskId}/reports/${progress.body.report.id}/files/${file.id}`, { headers: { cookie: w.outsider.client.cookie! } })).status).toBe(404);

    const done = await w.an.client.post(`/api/tasks/${taskId}/reports`, { text: 'Đã hoàn thành, gửi kèm báo cáo', done: true });
    expect(done.status).toBe(201);
    expect((await w.an.client.post(`/api/tasks/${taskId}/reports`, { text: 'Lần nữa', done: true })).body.error.id).toBe('task_done');
    const task = (await w.organiser.client.get(`/api/tasks/${taskId}`)).body.task as TaskDetailView;
    expect(task.state).toBe('done');
    expect(task.reports.map((r) => [r.done, r.files.map((f) => f.name)])).toEqual([
      [true, []],
      [false, ['Báo cáo giải ngân.pdf']],
    ]);
    const told = await db().select().from(notifications).where(and(eq(notifications.userId, w.organiser.id), eq(notifications.kind, 'task_reported')));
    expect(told.some((n) => n.data.taskId === taskId && n.data.done === true)).toBe(true);
    expect(await auditActions(meeting.id)).toEqual(expect.arrayContaining(['task.reported', 'task.report_file_added', 'task.done']));
  });

  it('D12.5: the follow-up job reminds before the deadline and escalates overdue tasks to the office, each once', async () => {
    const [unitTask] = await db().select().from(conclusionTasks).where(and(eq(conclusionTasks.meetingId, meeting.id), eq(conclusionTasks.assigneeUnitId, w.financeId)));
    // a week before: nothing; on the deadline's day: the reminder (two working days before have begun)
    expect(await server.app.tasks.runReminders(vnInstant(workingDayAfter(0), 1))).toMatchObject({ escalated: 0 });
    const onDeadline = await server.app.tasks.runReminders(vnInstant(unitDeadline, 8));
    expect(onDeadline.reminded).toBeGreaterThanOrEqual(1);
    expect((await server.app.tasks.runReminders(vnInstant(unitDeadline, 9))).reminded).toBe(0);
    const reminders = await db().select().from(mailOutbox).where(and(eq(mailOutbox.meetingId, meeting.id), eq(mailOutbox.kind, 'task_reminder')));
    expect(reminders.map((m) => m.to)).toEqual([w.financeOrganiser.email]);

    // the day after the deadline, the unit's task (not done) is escalated; the done one is not
    const after = vnInstant(workingDayAfter(1, vnInstant(unitDeadline, 12)), 8);
    expect(await server.app.tasks.runReminders(after)).toMatchObject({ escalated: 1 });
    expect((await server.app.tasks.runReminders(after)).escalated).toBe(0);
    const overdue = await db().select().from(mailOutbox).where(and(eq(mailOutbox.meetingId, meeting.id), eq(mailOutbox.kind, 'task_overdue')));
    expect(overdue.map((m) => m.to)).toEqual([w.organiser.email]);
    expect(overdue[0]!.subject).toContain('Sở Tài chính tỉnh Lâm Đồng');
    const bell = await db().select().from(notifications).where(eq(notifications.kind, 'task_overdue'));
    expect(bell.filter((n) => n.data.taskId === unitTask!.id).map((n) => [n.userId, n.data.office])).toEqual(expect.arrayContaining([[w.organiser.id, true], [w.financeOrganiser.id, false]]));
    expect(await auditActions(meeting.id)).toEqual(expect.arrayContaining(['task.reminded', 'task.escalated']));
  });

  it('D12.5: the board counts per unit and per meeting, and its XLSX says the same; delegates are refused', async () => {
    expect((await w.an.client.get('/api/tasks/board')).body.error.id).toBe('forbidden');
    expect((await w.outsideOrganiser.client.get(`/api/tasks/board?meetingId=${meeting.id}`)).body.error.id).toBe('forbidden');
    // another unit's organiser sees none of this meeting's tasks on their own board
    expect(((await w.outsideOrganiser.client.get('/api/tasks/board')).body as TaskBoardResponse).totals.total).toBe(0);
    // the tasks are overdue once the deadline has passed: seen today only as in progress, so the board is read as it
    // stands (the escalation above ran with a later "now")
    const board = (await w.organiser.client.get(`/api/tasks/board?meetingId=${meeting.id}`)).body as TaskBoardResponse;
    expect(board.totals).toEqual({ total: 2, done: 1, inProgress: 1, overdue: 0 });
    expect(board.byUnit.map((u) => [u.unit.name, u.done, u.inProgress])).toEqual([
      ['Sở Tài chính tỉnh Lâm Đồng', 0, 1],
      ['Văn phòng UBND tỉnh Lâm Đồng', 1, 0],
    ]);
    expect(board.byMeeting).toEqual([expect.objectContaining({ meeting: expect.objectContaining({ id: meeting.id }), total: 2, done: 1 })]);

    const res = await fetch(`${server.url}/api/tasks/board.xlsx?meetingId=${meeting.id}`, { headers: { cookie: w.organiser.client.cookie! } });
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Theo đơn vị', 'Theo cuộc họp', 'Nhiệm vụ']);
    const units = book.getWorksheet('Theo đơn vị')!;
    expect(units.getRow(5).values).toEqual([undefined, 1, 'Sở Tài chính tỉnh Lâm Đồng', 1, 0, 1, 0]);
    expect(units.getRow(7).values).toEqual([undefined, '', 'Tổng cộng', 2, 1, 1, 0]);
    expect((await fetch(`${server.url}/api/tasks/board.xlsx`, { headers: { cookie: w.an.client.cookie! } })).status).toBe(403);
    expect(await auditActions(meeting.id)).toContain('task.board_exported');
  });
});
