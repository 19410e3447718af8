import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createUserBody, peopleImportBody, redeemSignInLinkBody, updateUserBody } from '../../shared/api';
import { requireUser } from '../auth/auth.hooks';
import { parse } from '../http/validate';
import type { PeopleImportService } from './people-import.service';
import type { SignInLinkService } from './sign-in-link.service';
import type { UserService } from './user.service';

const idParams = z.object({ id: z.string().uuid() });

export function userRoutes(app: FastifyInstance, deps: { users: UserService; peopleImport: PeopleImportService; signInLinks: SignInLinkService }): void {
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

  // 20,000 rows of CSV, or an XLSX in base64: more than the default 1 MB
  app.post('/api/users/import', { bodyLimit: 24 * 1024 * 1024 }, async (request) => {
    const { user } = requireUser(request);
    return deps.peopleImport.import(user, parse(peopleImportBody, request.body), request.ip);
  });

  app.post('/api/users/:id/sign-in-link', async (request) => {
    const { user } = requireUser(request);
    const { id } = parse(idParams, request.params);
    await deps.signInLinks.issue(user, id, request.ip);
    return { sent: true };
  });

  // no session: the person has no password yet. The token travels in the body, never in the address (logs).
  app.post('/api/sign-in-links/redeem', async (request) => {
    const { token, password } = parse(redeemSignInLinkBody, request.body);
    return deps.signInLinks.redeem(token, password, request.ip);
  });
}
