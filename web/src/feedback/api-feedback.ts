/** Feedback and requests for improvement (R5.5). */
import type { FeedbackKind, FeedbackStatus, FeedbackView } from '../../../shared/api';
import { request } from '../api';

export const feedbackApi = {
  list: (status?: FeedbackStatus) => request<{ feedback: FeedbackView[] }>('GET', `/api/feedback${status ? `?status=${status}` : ''}`).then((r) => r.feedback),
  send: (body: { kind: FeedbackKind; subject: string; body: string }) => request<{ feedback: FeedbackView }>('POST', '/api/feedback', body).then((r) => r.feedback),
  answer: (id: string, body: { answer: string; close: boolean }) => request<{ feedback: FeedbackView }>('POST', `/api/feedback/${id}/answer`, body).then((r) => r.feedback),
};
