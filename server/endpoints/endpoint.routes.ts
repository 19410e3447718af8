import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { assignTechnicianBody, createEndpointBody, createRoomAccountBody, endpointStatusBody, updateEndpointBody } from '../../shared/api';
import { requireUser } from '../auth/auth.hooks';
import { parse } from '../http/validate';
import type { EndpointService } from './endpoint.service';

const idParams = z.object({ id: z.string().uuid() });
const assignmentParams = z.object({ id: z.string().uuid(), assignmentId: z.string().uuid() });

export function endpointRoutes(app: FastifyInstance, deps: { endpoints: EndpointService }): void {
  const { endpoints } = deps;

  app.get('/api/endpoints', async (request) => endpoints.list(requireUser(request).user));

  app.get('/api/endpoints/technicians', async (request) => ({ technicians: await endpoints.technicianCandidates(requireUser(request).user) }));

  app.get('/api/endpoints/:id', async (request) => {
    const { user } = requireUser(request);
    return endpoints.get(user, parse(idParams, request.params).id);
  });

  app.post('/api/endpoints', async (request, reply) => {
    const { user } = requireUser(request);
    const endpoint = await endpoints.create(user, parse(createEndpointBody, request.body), request.ip);
    return reply.code(201).send({ endpoint });
  });

  app.patch('/api/endpoints/:id', async (request) => {
    const { user } = requireUser(request);
    const { id } = parse(idParams, request.params);
    return { endpoint: await endpoints.update(user, id, parse(updateEndpointBody, request.body), request.ip) };
  });

  app.put('/api/endpoints/:id/status', async (request) => {
    const { user } = requireUser(request);
    const { id } = parse(idParams, request.params);
    return { endpoint: await endpoints.setStatus(user, id, parse(endpointStatusBody, request.body), request.ip) };
  });

  app.delete('/api/endpoints/:id', async (request, reply) => {
    const { user } = requireUser(request);
    await endpoints.delete(user, parse(idParams, request.params).id, request.ip);
    return reply.code(204).send();
  });

  app.post('/api/endpoints/:id/technicians', async (request, reply) => {
    const { user } = requireUser(request);
    const { id } = parse(idParams, request.params);
    return reply.code(201).send(await endpoints.assignTechnician(user, id, parse(assignTechnicianBody, request.body), request.ip));
  });

  app.delete('/api/endpoints/:id/technicians/:assignmentId', async (request) => {
    const { user } = requireUser(request);
    const { id, assignmentId } = parse(assignmentParams, request.params);
    return endpoints.endAssignment(user, id, assignmentId, request.ip);
  });

  app.post('/api/endpoints/:id/account', async (request, reply) => {
    const { user } = requireUser(request);
    const { id } = parse(idParams, request.params);
    return reply.code(201).send(await endpoints.createAccount(user, id, parse(createRoomAccountBody, request.body), request.ip));
  });

  app.post('/api/endpoints/:id/account/password', async (request) => {
    const { user } = requireUser(request);
    return endpoints.resetAccountPassword(user, parse(idParams, request.params).id, request.ip);
  });
}
