/**
 * Feedback and requests for improvement from the units to the operator (R5.5, D16.2d).
 * POST /api/feedback {kind, subject, body} → 201 {feedback}; GET /api/feedback?status= → {feedback: FeedbackView[]}
 * (the operator all; an organiser their units'; others their own); POST /api/feedback/:id/answer {answer, close}
 * (operator) → {feedback}.
 */
import { z } from 'zod';

export const feedbackKinds = ['feedback', 'improvement', 'fault'] as const;
export type FeedbackKind = (typeof feedbackKinds)[number];
export const feedbackStatuses = ['open', 'answered', 'closed'] as const;
export type FeedbackStatus = (typeof feedbackStatuses)[number];

export const sendFeedbackBody = z.object({
  kind: z.enum(feedbackKinds),
  subject: z.string().trim().min(3).max(200),
  body: z.string().trim().min(3).max(5000),
});
export const answerFeedbackBody = z.object({
  answer: z.string().trim().min(3).max(5000),
  /** Close it with this answer (nothing more to do), or leave it answered (the unit may reply by a new feedback). */
  close: z.boolean().default(false),
});
export const feedbackParams = z.object({ id: z.string().uuid() });
export const feedbackQuery = z.object({ status: z.enum(feedbackStatuses).optional() });

export interface FeedbackView {
  id: string;
  kind: FeedbackKind;
  subject: string;
  body: string;
  status: FeedbackStatus;
  unit: { id: string; name: string };
  author: { id: string; name: string };
  createdAt: string;
  answer: { text: string; by: string; at: string } | null;
}
