import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { cancelMeetingBody, createMeetingBody, listMeetingsQuery, meetingAccessBody, openEarlyBody, rejectMeetingBody, updateMeetingBody } from '../../shared/api';
import { requireUser } from '../auth/auth.hooks';
import type { RateLimits } from '../http/rate-limits';
import { parse } from '../http/validate';
import type { MeetingRepository } from './meeting.repository';
import type { MeetingService } from './meeting.service';

const slugParams = z.object({ slug: z.string().min(1).max(64) });
const idParams = z.object({ id: z.string().uuid() });

export function meetingRoutes(app: FastifyInstance, deps: { meetings: MeetingService; repo: MeetingRepository; limits: RateLimits }): void {
  const { meetings } = deps;

  app.get('/api/meetings', async (request) => {
    const { user } = requireUser(request);
    const { approval } = parse(listMeetingsQuery, request.query);
    return { meetings: await meetings.list(user, approval) };
  });

  // a meeting of thousands: its lists of ids take more than the default 1 MB (shared/api MEETING_LIST_MAX)
  app.post('/api/meetings', { bodyLimit: 4 * 1024 * 1024 }, async (request, reply) => {
    const { user } = requireUser(request);
    return reply.code(201).send(await meetings.create(user, parse(createMeetingBody, request.body), request.ip));
  });

  app.get('/api/meetings/by-slug/:slug', async (request) => {
    const { user } = requireUser(request);
    const { slug } = parse(slugParams, request.params);
    return { meeting: await meetings.getBySlug(user, slug.toLowerCase()) };
  });

  // the meeting password can be guessed: the address's budget of guesses (rate-limits.ts)
  app.post('/api/meetings/by-slug/:slug/access', deps.limits.guesses, async (request, reply) => {
    const { user, sessionId } = requireUser(request);
    const { slug } = parse(slugParams, request.params);
    const { password } = parse(meetingAccessBody, request.body);
    const entry = await meetings.checkEntry(user, sessionId, slug.toLowerCase(), password, request.ip);
    return reply.send({ admission: entry.role ? 'direct' : 'lobby' });
  });

  /** Edit a meeting not yet started, naming the version the edit was made from. */
  app.patch('/api/meetings/:id', { bodyLimit: 4 * 1024 * 1024 }, async (request) => {
    const { user } = requireUser(request);
    const { id } = parse(idParams, request.params);
    return meetings.update(user, id, parse(updateMeetingBody, request.body), request.ip);
  });

  /** The office's decision on a booking (D21.1). */
  app.post('/api/meetings/:id/approve', async (request) => {
    const { user } = requireUser(request);
    const { id } = parse(idParams, request.params);
    return { meeting: await meetings.approve(user, id, request.ip) };
  });

  app.post('/api/meetings/:id/reject', async (request) => {
    const { user } = requireUser(request);
    const { id } = parse(idParams, request.params);
    const { reason } = parse(rejectMeetingBody, request.body);
    return { meeting: await meetings.reject(user, id, reason, request.ip) };
  });

  app.post('/api/meetings/:id/cancel', async (request) => {
    const { user } = requireUser(request);
    const { id } = parse(idParams, request.params);
    const { reason } = parse(cancelMeetingBody, request.body);
    return { meeting: await meetings.cancel(user, id, reason, request.ip) };
  });

  /** The office opens the room before its system-check time, with a reason (D19.1, D19.3). */
  app.post('/api/meetings/:id/open-early', async (request) => {
    const { user } = requireUser(request);
    const { id } = parse(idParams, request.params);
    const { reason } = parse(openEarlyBody, request.body);
    return { meeting: await meetings.openEarly(user, id, reason, request.ip) };
  });

  /** Leak response (R6.4): new link address and password; returns the password once. */
  app.post('/api/meetings/:id/revoke-access', async (request) => {
    const { user } = requireUser(request);
    const { id } = parse(idParams, request.params);
    return meetings.revokeAccess(user, id, request.ip);
  });

  /** Leak response (R6.4): everyone who entered the meeting, and everyone who opened its recordings or documents. */
  app.get('/api/meetings/:id/entries', async (request) => {
    const { user } = requireUser(request);
    const { id } = parse(idParams, request.params);
    return meetings.access(user, id);
  });

  app.get('/api/meetings/:id', async (request) => {
    const { user } = requireUser(request);
    const { id } = parse(idParams, request.params);
    return { meeting: await meetings.get(user, id) };
  });
}
