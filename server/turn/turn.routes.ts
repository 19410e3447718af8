import type { FastifyInstance } from 'fastify';
import { requireUser } from '../auth/auth.hooks';
import type { TurnService } from './turn.service';

export function turnRoutes(app: FastifyInstance, deps: { turn: TurnService }): void {
  /** Fresh credentials each time: a signed-in user only, never cached (they carry a password). */
  app.get('/api/media/ice-servers', async (request, reply) => {
    const { user } = requireUser(request);
    void reply.header('cache-control', 'no-store');
    return deps.turn.iceServersFor(user.id);
  });
}
