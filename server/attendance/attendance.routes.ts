import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireUser } from '../auth/auth.hooks';
import { parse } from '../http/validate';
import type { AttendanceService } from './attendance.service';

const idParams = z.object({ id: z.string().uuid() });

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
}
