import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { loopbackAnswerBody, loopbackStartBody, technicalCheckBody } from '../../shared/api';
import { requireUser } from '../auth/auth.hooks';
import { parse } from '../http/validate';
import type { ReadinessService } from './readiness.service';

const idParams = z.object({ id: z.string().uuid() });
const sessionParams = z.object({ id: z.string().uuid(), sessionId: z.string().uuid() });

export function readinessRoutes(app: FastifyInstance, deps: { readiness: ReadinessService }): void {
  const { readiness } = deps;

  app.post('/api/meetings/:id/technical-checks', async (request, reply) => {
    const { user } = requireUser(request);
    const { id } = parse(idParams, request.params);
    const check = await readiness.record(user, id, parse(technicalCheckBody, request.body), request.ip);
    return reply.code(201).send({ check });
  });

  app.get('/api/meetings/:id/readiness', async (request) => {
    const { user } = requireUser(request);
    return readiness.board(user, parse(idParams, request.params).id);
  });

  app.get('/api/technical-checks/mine', async (request) => ({ checks: await readiness.mine(requireUser(request).user) }));

  app.post('/api/meetings/:id/technical-checks/loopback', async (request, reply) => {
    const { user } = requireUser(request);
    const { id } = parse(idParams, request.params);
    return reply.code(201).send(await readiness.startLoopback(user, id, parse(loopbackStartBody, request.body)));
  });

  app.post('/api/meetings/:id/technical-checks/loopback/:sessionId/subscribe', async (request) => {
    const { user } = requireUser(request);
    const { id, sessionId } = parse(sessionParams, request.params);
    return readiness.loopbackOffer(user, id, sessionId);
  });

  app.post('/api/meetings/:id/technical-checks/loopback/:sessionId/answer', async (request, reply) => {
    const { user } = requireUser(request);
    const { id, sessionId } = parse(sessionParams, request.params);
    await readiness.loopbackAnswer(user, id, sessionId, parse(loopbackAnswerBody, request.body).answer);
    return reply.code(204).send();
  });

  app.delete('/api/meetings/:id/technical-checks/loopback/:sessionId', async (request, reply) => {
    const { user } = requireUser(request);
    const { id, sessionId } = parse(sessionParams, request.params);
    await readiness.endLoopback(user, id, sessionId);
    return reply.code(204).send();
  });
}
