import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { figuresQuery, meetingOutcomeBody } from '../../shared/api';
import { requireUser } from '../auth/auth.hooks';
import { parse } from '../http/validate';
import type { MeetingOutcomeService } from './outcome.service';
import type { ReportsService } from './reports.service';

const meetingParams = z.object({ id: z.string().uuid() });

export function reportsRoutes(app: FastifyInstance, deps: { outcomes: MeetingOutcomeService; reports: ReportsService }): void {
  const { outcomes, reports } = deps;

  app.put('/api/meetings/:id/outcome', async (request) => {
    const { user } = requireUser(request);
    const { id } = parse(meetingParams, request.params);
    return { outcome: await outcomes.set(user, id, parse(meetingOutcomeBody, request.body), request.ip) };
  });

  /** Ad-hoc statistics over any period and set of units (M13.5). */
  app.get('/api/reports/figures', async (request) => {
    const { user } = requireUser(request);
    return reports.figures(user, parse(figuresQuery, request.query));
  });
}
