import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { unitAttendeesBody } from '../../shared/api';
import { requireUser } from '../auth/auth.hooks';
import { parse } from '../http/validate';
import type { UnitAttendeesService } from './unit-attendees.service';

const params = z.object({ id: z.string().uuid(), unitId: z.string().uuid() });

export function unitAttendeesRoutes(app: FastifyInstance, deps: { attendees: UnitAttendeesService }): void {
  app.get('/api/meetings/:id/units/:unitId/attendees', async (request) => {
    const { user } = requireUser(request);
    const { id, unitId } = parse(params, request.params);
    return deps.attendees.get(user, id, unitId);
  });

  // a unit of thousands named one by one: a larger body than the default 1 MB
  app.put('/api/meetings/:id/units/:unitId/attendees', { bodyLimit: 4 * 1024 * 1024 }, async (request) => {
    const { user } = requireUser(request);
    const { id, unitId } = parse(params, request.params);
    return deps.attendees.set(user, id, unitId, parse(unitAttendeesBody, request.body), request.ip);
  });
}
