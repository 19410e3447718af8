import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireUser } from '../auth/auth.hooks';
import { parse } from '../http/validate';
import type { NotificationService } from './notification.service';

const idParams = z.object({ id: z.coerce.number().int().positive() });

export function notificationRoutes(app: FastifyInstance, deps: { notifications: NotificationService }): void {
  const { notifications } = deps;

  app.get('/api/notifications', async (request) => notifications.list(requireUser(request).user));

  app.post('/api/notifications/read-all', async (request, reply) => {
    await notifications.markAllRead(requireUser(request).user);
    return reply.code(204).send();
  });

  app.post('/api/notifications/:id/read', async (request, reply) => {
    const { user } = requireUser(request);
    const { id } = parse(idParams, request.params);
    await notifications.markRead(user, id);
    return reply.code(204).send();
  });
}
