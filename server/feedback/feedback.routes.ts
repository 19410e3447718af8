import type { FastifyInstance } from 'fastify';
import { answerFeedbackBody, feedbackParams, feedbackQuery, sendFeedbackBody } from '../../shared/api';
import { requireUser } from '../auth/auth.hooks';
import { parse } from '../http/validate';
import type { FeedbackService } from './feedback.service';

export function feedbackRoutes(app: FastifyInstance, deps: { feedback: FeedbackService }): void {
  const { feedback } = deps;

  app.get('/api/feedback', async (request) => {
    const { user } = requireUser(request);
    return { feedback: await feedback.list(user, parse(feedbackQuery, request.query).status) };
  });

  app.post('/api/feedback', async (request, reply) => {
    const { user } = requireUser(request);
    return reply.code(201).send({ feedback: await feedback.send(user, parse(sendFeedbackBody, request.body), request.ip) });
  });

  app.post('/api/feedback/:id/answer', async (request) => {
    const { user } = requireUser(request);
    const { id } = parse(feedbackParams, request.params);
    return { feedback: await feedback.answer(user, id, parse(answerFeedbackBody, request.body), request.ip) };
  });
}
