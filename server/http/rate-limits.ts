/**
 * Limits by address on what can be guessed (R1.3): passwords, second-factor codes, meeting passwords. Each address
 * has one budget per minute across those routes (one @fastify/rate-limit handler, so one store, hooked on each of
 * them: a route's own `config.rateLimit` would count apart); beyond it the answer is
 * `too_many_requests` (429) with `Retry-After`. Limits by account are the services' own: the sign-in lockout
 * (auth.service.ts, alike for accounts that exist and those that do not) and wrong meeting passwords per account
 * (meeting.service.ts), which also cover the signaling join.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, RouteShorthandOptions } from 'fastify';
import { AppError } from '../errors';

/** Route options that put a route in the address's budget of guesses. */
export interface RateLimits {
  guesses: RouteShorthandOptions;
}

export async function registerRateLimits(app: FastifyInstance, opts: { guessesPerMinute: number }): Promise<RateLimits> {
  await app.register(rateLimit, {
    global: false,
    // the plugin has set Retry-After (seconds) already; this is the body, from the catalogue
    errorResponseBuilder: (_request, context) => AppError.retryAfter('too_many_requests', context.ttl / 1000, { retryAfter: String(Math.max(1, Math.ceil(context.ttl / 1000))) }),
  });
  const guesses = app.rateLimit({ max: opts.guessesPerMinute, timeWindow: 60_000 });
  return { guesses: { onRequest: guesses } };
}
