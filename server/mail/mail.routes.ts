import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { outboxQuery } from '../../shared/api';
import { requireUser } from '../auth/auth.hooks';
import { parse } from '../http/validate';
import type { OutboxService } from './outbox.service';

const idParams = z.object({ id: z.coerce.number().int().positive() });

export function mailRoutes(app: FastifyInstance, deps: { outbox: OutboxService }): void {
  const { outbox } = deps;

  app.get('/api/mail/outbox', async (request) => {
    const { user } = requireUser(request);
    return { mails: await outbox.list(user, parse(outboxQuery, request.query)) };
  });

  app.get('/api/mail/outbox/:id', async (request, reply) => {
    const { user } = requireUser(request);
    const { id } = parse(idParams, request.params);
    // the body may hold a meeting password: never cached
    return reply.header('cache-control', 'private, no-store').send({ mail: await outbox.get(user, id) });
  });

  app.post('/api/mail/outbox/:id/retry', async (request) => {
    const { user } = requireUser(request);
    const { id } = parse(idParams, request.params);
    return { mail: await outbox.retry(user, id, request.ip) };
  });
}
