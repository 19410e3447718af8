/**
 * Serving the built web client (web/dist) and compressing what the server sends.
 * - Files under `/assets/` carry a content hash in their names (Vite): a changed file is a new name, so they are
 *   cached for a year as immutable. `index.html` names them, so it is revalidated every time (`no-cache`): a new
 *   release is picked up at the next load.
 * - Assets are compressed once at build time (brotli and gzip copies, web/vite.config.ts) and sent as such to a
 *   browser that accepts them (`preCompressed`); other answers (the API's JSON, CSV, calendars) are compressed on
 *   the fly by @fastify/compress above 1 KB. Files that are compressed already (PDF, Office, images, recordings)
 *   and partial content (Range) are left alone.
 * - Every other GET outside `/api/` and `/ws` is a client route (/login, /admin/..., a meeting's link /duan).
 */
import fs from 'node:fs';
import path from 'node:path';
import compress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors';

/** A year: the longest lifetime caches honour, for files whose name changes with their content. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

/** On-the-fly compression of dynamic answers; registered before the routes so that it covers them all. */
export async function registerCompression(app: FastifyInstance): Promise<void> {
  await app.register(compress, { global: true, encodings: ['br', 'gzip'], threshold: 1024 });
}

/** The web client from `webDist`, when it has been built; else only the API answers (404 for anything else). */
export async function registerWebApp(app: FastifyInstance, webDist: string | null): Promise<void> {
  if (!webDist || !fs.existsSync(path.join(webDist, 'index.html'))) {
    app.setNotFoundHandler((_request, reply) => reply.code(404).send(new AppError('not_found').toBody()));
    return;
  }
  await app.register(fastifyStatic, {
    root: webDist,
    wildcard: false,
    preCompressed: true,
    // our own Cache-Control below, not `send`'s `public, max-age=0`
    cacheControl: false,
    setHeaders: (reply, filePath) => {
      const hashed = path.relative(webDist, filePath).split(path.sep)[0] === 'assets';
      reply.header('cache-control', hashed ? IMMUTABLE : REVALIDATE);
    },
  });
  app.setNotFoundHandler((request, reply) => {
    if (request.method === 'GET' && !request.url.startsWith('/api/') && request.url !== '/ws') return reply.header('cache-control', REVALIDATE).sendFile('index.html');
    return reply.code(404).send(new AppError('not_found').toBody());
  });
}
