import type { FastifyInstance } from 'fastify';
import { incidentParams, incidentQuery, raiseIncidentBody, resolveIncidentBody, updateIncidentBody } from '../../shared/api';
import { requireUser } from '../auth/auth.hooks';
import { parse } from '../http/validate';
import type { IncidentService } from './incident.service';

export function incidentRoutes(app: FastifyInstance, deps: { incidents: IncidentService }): void {
  const { incidents } = deps;

  app.get('/api/incidents', async (request) => {
    const { user } = requireUser(request);
    const q = parse(incidentQuery, request.query);
    return { incidents: await incidents.list(user, { ...q, from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined }) };
  });

  app.get('/api/incidents/handlers', async (request) => {
    const { user } = requireUser(request);
    return { handlers: await incidents.handlers(user) };
  });

  app.post('/api/incidents', async (request, reply) => {
    const { user } = requireUser(request);
    return reply.code(201).send({ incident: await incidents.raise(user, parse(raiseIncidentBody, request.body), request.ip) });
  });

  app.get('/api/incidents/:id', async (request) => {
    const { user } = requireUser(request);
    return { incident: await incidents.get(user, parse(incidentParams, request.params).id) };
  });

  app.post('/api/incidents/:id', async (request) => {
    const { user } = requireUser(request);
    const { id } = parse(incidentParams, request.params);
    return { incident: await incidents.update(user, id, parse(updateIncidentBody, request.body), request.ip) };
  });

  app.post('/api/incidents/:id/resolve', async (request) => {
    const { user } = requireUser(request);
    const { id } = parse(incidentParams, request.params);
    return { incident: await incidents.resolve(user, id, parse(resolveIncidentBody, request.body), request.ip) };
  });
}
