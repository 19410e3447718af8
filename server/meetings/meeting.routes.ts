import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createMeetingBody, meetingAccessBody } from '../../shared/api';
import { requireUser } from '../auth/auth.hooks';
import { parse } from '../http/validate';
import type { MeetingService } from './meeting.service';

const slugParams = z.object({ slug: z.string().min(1).max(64) });

export function meetingRoutes(app: FastifyInstance, deps: { meetings: MeetingService }): void {
  const { meetings } = deps;

  app.get('/api/meetings', async (request) => ({ meetings: await meetings.list(requireUser(request).user) }));

  app.post('/api/meetings', async (request, reply) => {
    const { user } = requireUser(request);
    const meeting = await meetings.create(user, parse(createMeetingBody, request.body));
    request.log.info({ meetingId: meeting.id, by: user.id }, 'meeting created');
    return reply.code(201).send({ meeting });
  });

  app.get('/api/meetings/by-slug/:slug', async (request) => {
    const { user } = requireUser(request);
    const { slug } = parse(slugParams, request.params);
    return { meeting: await meetings.getBySlug(user, slug.toLowerCase()) };
  });

  app.post('/api/meetings/by-slug/:slug/access', async (request, reply) => {
    const { user, sessionId } = requireUser(request);
    const { slug } = parse(slugParams, request.params);
    const { password } = parse(meetingAccessBody, request.body);
    await meetings.checkEntry(user, sessionId, slug.toLowerCase(), password);
    return reply.code(204).send();
  });
}
