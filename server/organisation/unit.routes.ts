import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createUnitBody, updateUnitBody } from '../../shared/api';
import { requireUser } from '../auth/auth.hooks';
import { parse } from '../http/validate';
import type { UnitService } from './unit.service';

const idParams = z.object({ id: z.string().uuid() });

export function unitRoutes(app: FastifyInstance, deps: { units: UnitService }): void {
  const { units } = deps;
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: 2 * 1024 * 1024 }, (_req, body, done) => done(null, body));

  app.get('/api/units', async (request) => {
    requireUser(request);
    return { units: await units.list() };
  });

  app.post('/api/units', async (request, reply) => {
    const { user } = requireUser(request);
    const unit = await units.create(user, parse(createUnitBody, request.body), request.ip);
    return reply.code(201).send({ unit });
  });

  app.patch('/api/units/:id', async (request) => {
    const { user } = requireUser(request);
    const { id } = parse(idParams, request.params);
    return { unit: await units.update(user, id, parse(updateUnitBody, request.body), request.ip) };
  });

  app.delete('/api/units/:id', async (request, reply) => {
    const { user } = requireUser(request);
    const { id } = parse(idParams, request.params);
    await units.delete(user, id, request.ip);
    return reply.code(204).send();
  });

  app.post('/api/units/import', async (request) => {
    const { user } = requireUser(request);
    const text = parse(z.string().max(2 * 1024 * 1024), request.body);
    return units.importCsv(user, text, request.ip);
  });
}
