import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { sendInvitationsBody } from '../../shared/api';
import { requireUser } from '../auth/auth.hooks';
import type { RateLimits } from '../http/rate-limits';
import { parse } from '../http/validate';
import type { InvitationService } from './invitation.service';

const idParams = z.object({ id: z.string().uuid() });

export function invitationRoutes(app: FastifyInstance, deps: { invitations: InvitationService; limits: RateLimits }): void {
  const { invitations } = deps;

  /** R2.4: one mail per recipient with invite.ics and giay-moi.pdf; the password is checked against the hash. */
  // the meeting password is checked: it counts against the address's budget of guesses
  app.post('/api/meetings/:id/invitations/send', deps.limits.guesses, async (request) => {
    const { user } = requireUser(request);
    const { id } = parse(idParams, request.params);
    const { password, signatureCode } = parse(sendInvitationsBody, request.body);
    return invitations.send(user, id, password, request.ip, signatureCode);
  });

  app.get('/api/meetings/:id/invitation.pdf', async (request, reply) => {
    const { user } = requireUser(request);
    const { id } = parse(idParams, request.params);
    const pdf = await invitations.pdf(user, id);
    return reply.header('content-type', 'application/pdf').header('content-disposition', 'inline; filename="giay-moi.pdf"').header('cache-control', 'private, no-store').send(pdf);
  });

  app.get('/api/meetings/:id/invitation.ics', async (request, reply) => {
    const { user } = requireUser(request);
    const { id } = parse(idParams, request.params);
    const ics = await invitations.ics(user, id);
    return reply.header('content-type', 'text/calendar; charset=utf-8').header('content-disposition', 'attachment; filename="invite.ics"').header('cache-control', 'private, no-store').send(ics);
  });
}
