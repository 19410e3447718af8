/**
 * The substitute's report (R4.4, D11.6): after the meeting a substitute the chair approved reports to the head who
 * sent them; the head is notified (app and mail), reads it beside the link to the minutes, and the first reading is
 * recorded. Nobody else writes or reads it.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubstituteReportsResponse } from '../../shared/api';
import { auditLog, mailOutbox, notifications } from '../db/schema';
import { afterMeetingWorld, bookOfficeMeeting, endMeeting, type AfterMeetingWorld } from './after-meeting';
import { startTestServer, type TestServer } from './support';

let server: TestServer;
let w: AfterMeetingWorld;
let meeting: { id: string; slug: string };
const db = () => server.app.database.db;

beforeAll(async () => {
  server = await startTestServer();
  w = await afterMeetingWorld(server, 'Đắk Nông');
  meeting = await bookOfficeMeeting(server, w);
  // Bình, invited, cannot attend and sends Hà; the chair approves (D8.3)
  const named = await w.binh.client.request('PUT', `/api/meetings/${meeting.id}/replies/person/${w.binh.id}`, { answer: 'substitute', substituteId: w.ha.id, reason: 'Đi công tác tại Hà Nội' });
  expect(named.status, JSON.stringify(named.body)).toBe(200);
  const approved = await w.chair.client.post(`/api/meetings/${meeting.id}/replies/person/${w.binh.id}/substitute`, { decision: 'approve' });
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
}, 120_000);
afterAll(() => server?.close());

const write = (who: AfterMeetingWorld['ha'], text: string) => who.client.put(`/api/meetings/${meeting.id}/substitute-report`, { text });

describe('R4.4 a substitute reports to the head who sent them (D11.6)', () => {
  it('the report comes after the meeting, and only from an approved substitute', async () => {
    const early = await write(w.ha, 'Chưa họp');
    expect(early.status).toBe(409);
    expect(early.body.error.id).toBe('meeting_not_ended');
    await endMeeting(server, meeting.id);
    for (const who of [w.an, w.binh, w.outsider]) {
      const res = await write(who, 'Không phải người dự họp thay');
      expect(res.status, who.name).toBe(403);
      expect(res.body.error.id).toBe('substitute_report_not_allowed');
    }
    expect((await write(w.ha, '   ')).body.error.id).toBe('validation_failed');
    const duties = (await w.ha.client.get('/api/substitute-reports')).body as SubstituteReportsResponse;
    expect(duties.duties).toEqual([expect.objectContaining({ meetingId: meeting.id, canWrite: true, report: null, head: expect.objectContaining({ id: w.binh.id }) })]);
  });

  it('the head is told in the app and by mail, and nobody else sees the report', async () => {
    const res = await write(w.ha, 'Cuộc họp thống nhất giao Trung tâm rà soát quy trình một cửa trong tháng 01.');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.report).toMatchObject({ head: { id: w.binh.id }, substitute: { id: w.ha.id }, readAt: null, minutesPath: `/${meeting.slug}` });
    const told = await db().select().from(notifications).where(and(eq(notifications.userId, w.binh.id), eq(notifications.kind, 'substitute_report_submitted')));
    expect(told.map((n) => n.data.meetingId)).toEqual([meeting.id]);
    const [mail] = await db().select().from(mailOutbox).where(and(eq(mailOutbox.meetingId, meeting.id), eq(mailOutbox.kind, 'substitute_report')));
    expect(mail!.to).toBe(w.binh.email);
    expect(mail!.text).toContain('rà soát quy trình một cửa');
    expect(mail!.text).toContain('Điều 11 khoản 6');

    // a rewrite before the head reads it replaces the text
    expect((await write(w.ha, 'Cuộc họp thống nhất giao Trung tâm rà soát quy trình một cửa trước ngày 15/01.')).status).toBe(200);
    for (const who of [w.an, w.chair, w.organiser]) {
      expect(((await who.client.get('/api/substitute-reports')).body as SubstituteReportsResponse).received).toEqual([]);
      const read = await who.client.post(`/api/meetings/${meeting.id}/substitute-reports/${w.ha.id}/read`);
      expect(read.status, who.name).toBe(404);
      expect(read.body.error.id).toBe('substitute_report_not_found');
    }
  });

  it('the head reads it with the link to the minutes; the reading is recorded and the report no longer changes', async () => {
    const list = (await w.binh.client.get('/api/substitute-reports')).body as SubstituteReportsResponse;
    expect(list.received.map((r) => [r.substitute?.id, r.text, r.readAt])).toEqual([[w.ha.id, 'Cuộc họp thống nhất giao Trung tâm rà soát quy trình một cửa trước ngày 15/01.', null]]);
    const read = await w.binh.client.post(`/api/meetings/${meeting.id}/substitute-reports/${w.ha.id}/read`);
    expect(read.status).toBe(200);
    expect(read.body.report.readAt).not.toBeNull();
    expect(read.body.report.minutesPath).toBe(`/${meeting.slug}`);
    const again = await w.binh.client.post(`/api/meetings/${meeting.id}/substitute-reports/${w.ha.id}/read`);
    expect(again.body.report.readAt).toBe(read.body.report.readAt);
    const late = await write(w.ha, 'Sửa sau khi đã đọc');
    expect(late.status).toBe(409);
    expect(late.body.error.id).toBe('substitute_report_read');
    expect(((await w.ha.client.get('/api/substitute-reports')).body as SubstituteReportsResponse).duties[0]).toMatchObject({ canWrite: false, report: { readAt: read.body.report.readAt } });
    const actions = (await db().select().from(auditLog).where(eq(auditLog.targetId, meeting.id)).orderBy(auditLog.id)).map((e) => e.action);
    expect(actions.filter((a) => a.startsWith('substitute_report.'))).toEqual(['substitute_report.submitted', 'substitute_report.submitted', 'substitute_report.read']);
  });
});
