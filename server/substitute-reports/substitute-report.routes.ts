import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { substituteReportBody } from '../../shared/api';
import { requireUser } from '../auth/auth.hooks';
import { parse } from '../http/validate';
import type { SubstituteReportService } from './substitute-report.service';

const idParams = z.object({ id: z.string().uuid() });
const readParams = z.object({ id: z.string().uuid(), substituteId: z.string().uuid() });

/** R4.4, D11.6: a substitute reports to the head who sent them. */
export function substituteReportRoutes(app: FastifyInstance, deps: { reports: SubstituteReportService }): void {
  const { reports } = deps;

  app.get('/api/substitute-reports', async (request) => {
    const { user } = requireUser(request);
    return reports.list(user);
  });

  app.put('/api/meetings/:id/substitute-report', async (request) => {
    const { user } = requireUser(request);
    const { id } = parse(idParams, request.params);
    const { text } = parse(substituteReportBody, request.body);
    return { report: await reports.write(user, id, text, request.ip) };
  });

  app.post('/api/meetings/:id/substitute-reports/:substituteId/read', async (request) => {
    const { user } = requireUser(request);
    const { id, substituteId } = parse(readParams, request.params);
    return { report: await reports.read(user, id, substituteId, request.ip) };
  });
}
