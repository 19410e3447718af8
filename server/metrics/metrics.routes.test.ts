import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { Metrics } from './metrics';
import { metricsRoutes } from './metrics.routes';

const sources = { live: { liveMeetings: () => 3, liveParticipants: () => 40 }, janusUp: () => false };

describe('/metrics', () => {
  it('does not exist when no token is configured', async () => {
    const server = Fastify();
    metricsRoutes(server, { metrics: new Metrics(sources) });
    expect((await server.inject({ url: '/metrics' })).statusCode).toBe(404);
  });

  it('answers the configured token with the live figures', async () => {
    const server = Fastify();
    metricsRoutes(server, { metrics: new Metrics(sources), token: 'a-token-of-sixteen-chars' });
    const res = await server.inject({ url: '/metrics', headers: { authorization: 'Bearer a-token-of-sixteen-chars' } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/^giaoban_live_meetings 3$/m);
    expect(res.body).toMatch(/^giaoban_live_participants 40$/m);
    expect(res.body).toMatch(/^giaoban_janus_up 0$/m);
  });
});
