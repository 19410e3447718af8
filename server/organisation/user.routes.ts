import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createUserBody, updateUserBody } from '../../shared/api';
import { requireUser } from '../auth/auth.hooks';
import { parse } from '../http/validate';
import type { UserService } from './user.service';

const idParams = z.object({ id: z.string().uuid() });

export function userRoutes(app: FastifyInstance, deps: { users: UserService }): void {
  app.get('/api/people', async (request) => ({ people: await deps.users.directory(requireUser(request).user) }));

  app.get('/api/users', async (request) => ({ users: await deps.users.list(requireUser(request).user) }));

  app.post('/api/users', async (request, reply) => {
    const { user } = requireUser(request);
    const created = await deps.users.create(user, parse(createUserBody, request.body), request.ip);
    return reply.code(201).send(created);
  });

  app.patch('/api/users/:id', async (request) => {
    const { user } = requireUser(request);
    const { id } = parse(idParams, request.params);
    return { user: await deps.users.update(user, id, parse(updateUserBody, request.body), request.ip) };
  });
}
