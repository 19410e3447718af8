/**
 * Feedback and requests for improvement (issue 17, point 5; R5.5): a unit's people send, the operators are told,
 * the operator answers and closes; each sees what their role allows, and nobody else answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedbackView } from '../../shared/api';
import { createUser, ensureUnit, startTestServer, type TestServer } from './support';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

describe('feedback (R5.5)', () => {
  it('a unit sends, the operator is told and answers, the sender is told; scopes and refusals hold', async () => {
    const province = await ensureUnit(server, 'UBND tỉnh Góp Ý');
    await ensureUnit(server, 'Sở Y tế Góp Ý', province);
    const organiser = await createUser(server, 'Lê Văn Tổ Chức', 'UBND tỉnh Góp Ý', { role: 'organiser' });
    const technician = await createUser(server, 'Phan Thị Kỹ Thuật', 'Sở Y tế Góp Ý', { role: 'technician' });
    const other = await createUser(server, 'Vũ Văn Khác', 'Sở Xây dựng Góp Ý', { role: 'technician' });

    const sent = await technician.client.post('/api/feedback', { kind: 'fault', subject: 'Tiếng vọng ở phòng họp', body: 'Điểm cầu Sở Y tế nghe tiếng vọng khi bật loa ngoài.' });
    expect(sent.status).toBe(201);
    const item = sent.body.feedback as FeedbackView;
    expect(item).toMatchObject({ status: 'open', kind: 'fault', unit: { name: 'Sở Y tế Góp Ý' }, author: { name: 'Phan Thị Kỹ Thuật' }, answer: null });

    // bad input gets a clear error
    const bad = await technician.client.post('/api/feedback', { kind: 'complaint', subject: 'x', body: '' });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields)).toEqual(expect.arrayContaining(['kind', 'subject', 'body']));

    // the operator is told at once
    const bell = await server.operator.get('/api/notifications');
    expect(bell.body.notifications.some((n: { kind: string; data: { feedbackId: string } }) => n.kind === 'feedback.received' && n.data.feedbackId === item.id)).toBe(true);

    // scopes: the operator all, the organiser of the province its subtree, another unit's person nothing of it
    const ids = async (c: typeof server.operator) => ((await c.get('/api/feedback')).body.feedback as FeedbackView[]).map((f) => f.id);
    expect(await ids(server.operator)).toContain(item.id);
    expect(await ids(organiser.client)).toContain(item.id);
    expect(await ids(other.client)).not.toContain(item.id);

    // only the operator answers
    for (const c of [technician.client, organiser.client, other.client]) {
      expect((await c.post(`/api/feedback/${item.id}/answer`, { answer: 'Tôi tự trả lời', close: true })).status).toBe(403);
    }
    const answered = await server.operator.post(`/api/feedback/${item.id}/answer`, { answer: 'Đã bật khử tiếng vọng cho điểm cầu; đề nghị thử lại.', close: false });
    expect(answered.status).toBe(200);
    expect(answered.body.feedback).toMatchObject({ status: 'answered', answer: { text: 'Đã bật khử tiếng vọng cho điểm cầu; đề nghị thử lại.' } });
    const told = await technician.client.get('/api/notifications');
    expect(told.body.notifications.some((n: { kind: string }) => n.kind === 'feedback.answered')).toBe(true);

    const closed = await server.operator.post(`/api/feedback/${item.id}/answer`, { answer: 'Đơn vị xác nhận đã hết tiếng vọng.', close: true });
    expect(closed.body.feedback.status).toBe('closed');
    const again = await server.operator.post(`/api/feedback/${item.id}/answer`, { answer: 'Trả lời thêm sau khi đóng', close: false });
    expect(again.status).toBe(409);
    expect(again.body.error.id).toBe('feedback_closed');
    expect((await server.operator.post('/api/feedback/00000000-0000-4000-8000-000000000000/answer', { answer: 'Không có', close: false })).status).toBe(404);

    const audit = await server.operator.get(`/api/audit?targetId=${item.id}`);
    expect(audit.body.entries.map((e: { action: string }) => e.action).sort()).toEqual(['feedback.answered', 'feedback.answered', 'feedback.sent']);
  });
});
