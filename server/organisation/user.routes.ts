import type { FastifyInstance } from 'fastify';
import { createUserBody } from '../../shared/api';
import { requireUser } from '../auth/auth.hooks';
import { parse } from '../http/validate';
import type { UserService } from './user.service';

export function userRoutes(app: FastifyInstance, deps: { users: UserService }): void {
  app.get('/api/users', async (request) => ({ users: await deps.users.list(requireUser(request).user) }));

  app.post('/api/users', async (request, reply) => {
    const { user } = requireUser(request);
    const created = await deps.users.create(user, parse(createUserBody, request.body));
    request.log.info({ userId: created.user.id, by: user.id }, 'user created');
    return reply.code(201).send(created);
  });
}
