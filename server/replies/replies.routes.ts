import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { replyBody, replyParams, substituteDecisionBody } from '../../shared/api';
import { requireUser } from '../auth/auth.hooks';
import { parse } from '../http/validate';
import type { ReplyService } from './replies.service';

const idParams = z.object({ id: z.string().uuid() });

/** Replies to invitations (R2.5, M8.1e, D8.3); shapes in shared/api/replies.ts. */
export function replyRoutes(app: FastifyInstance, deps: { replies: ReplyService }): void {
  const { replies } = deps;

  app.get('/api/meetings/:id/replies', async (request) => {
    const { user } = requireUser(request);
    const { id } = parse(idParams, request.params);
    return replies.list(user, id);
  });

  app.get('/api/meetings/:id/replies/substitute-candidates', async (request) => {
    const { user } = requireUser(request);
    const { id } = parse(idParams, request.params);
    return { people: await replies.substituteCandidates(user, id) };
  });

  app.post('/api/meetings/:id/replies/remind', async (request) => {
    const { user } = requireUser(request);
    const { id } = parse(idParams, request.params);
    return replies.remind(user, id, request.ip);
  });

  app.put('/api/meetings/:id/replies/:kind/:inviteeId', async (request) => {
    const { user } = requireUser(request);
    const { id, kind, inviteeId } = parse(replyParams, request.params);
    return { reply: await replies.answer(user, id, kind, inviteeId, parse(replyBody, request.body), request.ip) };
  });

  app.post('/api/meetings/:id/replies/:kind/:inviteeId/substitute', async (request) => {
    const { user } = requireUser(request);
    const { id, kind, inviteeId } = parse(replyParams, request.params);
    return { reply: await replies.decide(user, id, kind, inviteeId, parse(substituteDecisionBody, request.body), request.ip) };
  });
}
