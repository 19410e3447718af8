import type { FastifyInstance } from 'fastify';
import { statisticsExportQuery, statisticsQuery } from '../../shared/api';
import { requireUser } from '../auth/auth.hooks';
import { parse } from '../http/validate';
import type { StatisticsService } from './statistics.service';

export function statisticsRoutes(app: FastifyInstance, deps: { statistics: StatisticsService }): void {
  const { statistics } = deps;

  app.get('/api/statistics', async (request) => {
    const { user } = requireUser(request);
    return statistics.view(user, parse(statisticsQuery, request.query));
  });

  app.get('/api/statistics/export', async (request, reply) => {
    const { user } = requireUser(request);
    const query = parse(statisticsQuery, request.query);
    const { table, format } = parse(statisticsExportQuery, request.query);
    const file = await statistics.export(user, query, table, format, request.ip);
    return reply
      .header('content-type', file.contentType)
      .header('content-disposition', `attachment; filename="${file.filename}"`)
      .header('cache-control', 'private, no-store')
      .send(file.body);
  });
}
