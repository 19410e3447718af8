import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { castBallotBody, openVoteBody } from '../../shared/api';
import { requireUser } from '../auth/auth.hooks';
import { parse } from '../http/validate';
import type { VotesService } from './votes.service';

const idParams = z.object({ id: z.string().uuid() });
const voteParams = z.object({ id: z.string().uuid(), voteId: z.string().uuid() });

export function votesRoutes(app: FastifyInstance, deps: { votes: VotesService }): void {
  const { votes } = deps;

  app.get('/api/meetings/:id/votes', async (request) => {
    const { user } = requireUser(request);
    return votes.list(user, parse(idParams, request.params).id);
  });

  app.post('/api/meetings/:id/votes', async (request, reply) => {
    const { user } = requireUser(request);
    return reply.code(201).send(await votes.open(user, parse(idParams, request.params).id, parse(openVoteBody, request.body), request.ip));
  });

  app.post('/api/meetings/:id/votes/:voteId/ballots', async (request) => {
    const { user } = requireUser(request);
    const { id, voteId } = parse(voteParams, request.params);
    return votes.cast(user, id, voteId, parse(castBallotBody, request.body).choice, request.ip);
  });

  app.post('/api/meetings/:id/votes/:voteId/close', async (request) => {
    const { user } = requireUser(request);
    const { id, voteId } = parse(voteParams, request.params);
    return votes.close(user, id, voteId, request.ip);
  });
}
