import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createFeedBody, scheduleQuery } from '../../shared/api';
import { requireUser } from '../auth/auth.hooks';
import { contentDisposition } from '../documents/document.presenter';
import { AppError } from '../errors';
import { parse } from '../http/validate';
import type { ScheduleService } from './schedule.service';

const idParams = z.object({ id: z.string().uuid() });
const feedParams = z.object({ file: z.string().max(200) });

export function scheduleRoutes(app: FastifyInstance, deps: { schedule: ScheduleService; publicUrl: () => string }): void {
  const { schedule } = deps;

  app.get('/api/schedule', async (request) => {
    const { user } = requireUser(request);
    return schedule.week(user, parse(scheduleQuery, request.query));
  });

  app.get('/api/schedule.pdf', async (request, reply) => {
    const { user } = requireUser(request);
    const { pdf, fileName } = await schedule.pdf(user, parse(scheduleQuery, request.query));
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', contentDisposition(fileName, 'inline'))
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-cache')
      .send(pdf);
  });

  app.get('/api/schedule/feeds', async (request) => ({ feeds: await schedule.feeds(requireUser(request).user) }));

  app.post('/api/schedule/feeds', async (request, reply) => {
    const { user } = requireUser(request);
    const body = parse(createFeedBody, request.body);
    const base = deps.publicUrl() || `${request.protocol}://${request.headers.host ?? 'localhost'}`;
    return reply.code(201).send(await schedule.createFeed(user, body, base, request.ip));
  });

  app.delete('/api/schedule/feeds/:id', async (request, reply) => {
    const { user } = requireUser(request);
    const { id } = parse(idParams, request.params);
    await schedule.revokeFeed(user, id, request.ip);
    return reply.code(204).send();
  });

  // The subscription address: no session (calendar programs fetch it); the token is the secret, so the request
  // line is not logged (logLevel warn skips the per-request info lines).
  app.get('/api/schedule/feed/:file', { logLevel: 'warn' }, async (request, reply) => {
    const { file } = parse(feedParams, request.params);
    if (!file.endsWith('.ics')) throw new AppError('not_found');
    const text = await schedule.feedCalendar(file.slice(0, -4));
    return reply.header('content-type', 'text/calendar; charset=utf-8').header('cache-control', 'private, max-age=300').header('x-content-type-options', 'nosniff').send(text);
  });
}
