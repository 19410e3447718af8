import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { roomPeopleBody } from '../../shared/api';
import { requireUser } from '../auth/auth.hooks';
import { parse } from '../http/validate';
import type { AttendanceService } from './attendance.service';

const idParams = z.object({ id: z.string().uuid() });
const roomParams = z.object({ id: z.string().uuid(), endpointId: z.string().uuid() });

export function attendanceRoutes(app: FastifyInstance, deps: { attendance: AttendanceService }): void {
  const { attendance } = deps;

  app.get('/api/meetings/:id/attendance', async (request) => {
    const { user } = requireUser(request);
    return attendance.view(user, parse(idParams, request.params).id);
  });

  for (const format of ['csv', 'xlsx'] as const) {
    app.get(`/api/meetings/:id/attendance.${format}`, async (request, reply) => {
      const { user } = requireUser(request);
      const file = await attendance.export(user, parse(idParams, request.params).id, format, request.ip);
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .header('cache-control', 'private, no-store')
        .send(file.body);
    });
  }

  app.get('/api/meetings/:id/room-people', async (request) => {
    const { user } = requireUser(request);
    return attendance.roomPeople(user, parse(idParams, request.params).id);
  });

  app.put('/api/meetings/:id/room-people/:endpointId', async (request) => {
    const { user } = requireUser(request);
    const params = parse(roomParams, request.params);
    return attendance.setRoomPeople(user, params.id, params.endpointId, parse(roomPeopleBody, request.body), request.ip);
  });

  app.post('/api/meetings/:id/attendance/confirm', async (request) => {
    const { user } = requireUser(request);
    return attendance.confirm(user, parse(idParams, request.params).id, request.ip);
  });
}
