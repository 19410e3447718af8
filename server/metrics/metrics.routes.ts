/**
 * `GET /metrics` for Prometheus: answered only with `Authorization: Bearer <METRICS_TOKEN>`; without a configured
 * token the route does not exist (404), so nothing about the system leaks by default. HTTP latency is taken for
 * every route by the `onResponse` hook, labelled with the route's pattern.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors';
import type { Metrics } from './metrics';

const digest = (value: string) => createHash('sha256').update(value).digest();

export function metricsRoutes(server: FastifyInstance, deps: { metrics: Metrics; token?: string }): void {
  const { metrics, token } = deps;
  server.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? '(unmatched)';
    if (route === '/metrics') return;
    metrics.httpAnswered(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
  });
  if (!token) return;
  const expected = digest(token);
  server.get('/metrics', async (request, reply) => {
    const presented = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    // compared as digests: the same length whatever is presented, in constant time
    if (!presented || !timingSafeEqual(digest(presented), expected)) throw new AppError('unauthenticated');
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}
