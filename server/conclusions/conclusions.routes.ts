import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { conclusionBody, conclusionsNoticeBody, issueNoticeBody } from '../../shared/api';
import { requireUser } from '../auth/auth.hooks';
import { parse } from '../http/validate';
import type { ConclusionsService } from './conclusions.service';

const idParams = z.object({ id: z.string().uuid() });
const conclusionParams = z.object({ id: z.string().uuid(), conclusionId: z.string().uuid() });

/** R4.1, D10.4–5, D12.4: the conclusions after the meeting and the conclusions notice (the chair's office). */
export function conclusionsRoutes(app: FastifyInstance, deps: { conclusions: ConclusionsService }): void {
  const { conclusions } = deps;

  app.get('/api/meetings/:id/conclusions', async (request) => {
    const { user } = requireUser(request);
    const { id } = parse(idParams, request.params);
    return conclusions.view(user, id);
  });

  app.post('/api/meetings/:id/conclusions', async (request, reply) => {
    const { user } = requireUser(request);
    const { id } = parse(idParams, request.params);
    const { text } = parse(conclusionBody, request.body);
    return reply.code(201).send({ conclusion: await conclusions.addConclusion(user, id, text, request.ip) });
  });

  app.put('/api/meetings/:id/conclusions/:conclusionId', async (request, reply) => {
    const { user } = requireUser(request);
    const { id, conclusionId } = parse(conclusionParams, request.params);
    const { text } = parse(conclusionBody, request.body);
    await conclusions.editConclusion(user, id, conclusionId, text, request.ip);
    return reply.code(204).send();
  });

  app.delete('/api/meetings/:id/conclusions/:conclusionId', async (request, reply) => {
    const { user } = requireUser(request);
    const { id, conclusionId } = parse(conclusionParams, request.params);
    await conclusions.removeConclusion(user, id, conclusionId, request.ip);
    return reply.code(204).send();
  });

  app.put('/api/meetings/:id/conclusions-notice', async (request) => {
    const { user } = requireUser(request);
    const { id } = parse(idParams, request.params);
    return { notice: await conclusions.saveNotice(user, id, parse(conclusionsNoticeBody, request.body), request.ip) };
  });

  app.post('/api/meetings/:id/conclusions-notice/issue', async (request) => {
    const { user } = requireUser(request);
    const { id } = parse(idParams, request.params);
    const { signatureCode } = parse(issueNoticeBody, request.body ?? {});
    return conclusions.issue(user, id, request.ip, signatureCode);
  });

  app.get('/api/meetings/:id/conclusions-notice.pdf', async (request, reply) => {
    const { user } = requireUser(request);
    const { id } = parse(idParams, request.params);
    const pdf = await conclusions.pdf(user, id);
    return reply.header('content-type', 'application/pdf').header('content-disposition', 'inline; filename="thong-bao-ket-luan.pdf"').header('cache-control', 'private, no-store').send(pdf);
  });
}
