import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireUser } from '../auth/auth.hooks';
import { AppError } from '../errors';
import { parse } from '../http/validate';
import type { RecordingService } from './recording.service';

const idParams = z.object({ id: z.string().uuid() });

/** `Họp giao ban — Nguyễn Bốn.webm` for the browser's save dialog; the ASCII fallback keeps only safe characters. */
function contentDisposition(label: string): string {
  const name = `${label}.webm`;
  const ascii = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').replace(/[^A-Za-z0-9._ -]/g, '_');
  return `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function recordingRoutes(app: FastifyInstance, deps: { recordings: RecordingService }): void {
  const { recordings } = deps;

  app.get('/api/meetings/:id/recordings', async (request) => {
    const { user } = requireUser(request);
    const { id } = parse(idParams, request.params);
    return { recordings: await recordings.list(user, id) };
  });

  /** The playable file, streamed with Range support so a `<video>` can seek (R3.6). */
  app.get('/api/recordings/:id/file', async (request, reply) => {
    const { user, sessionId } = requireUser(request);
    const { id } = parse(idParams, request.params);
    const opened = await recordings.open(user, sessionId, id, request.headers.range, request.ip);
    reply.header('accept-ranges', 'bytes').header('cache-control', 'private, no-cache').header('x-content-type-options', 'nosniff');
    if ('unsatisfiable' in opened) {
      return reply.code(416).header('content-range', `bytes */${opened.unsatisfiable}`).send(new AppError('range_not_satisfiable').toBody());
    }
    const { file, size, range, label } = opened;
    reply.header('content-type', 'video/webm').header('content-disposition', contentDisposition(label));
    if (range) {
      reply.code(206).header('content-range', `bytes ${range.start}-${range.end}/${size}`).header('content-length', String(range.end - range.start + 1));
      return reply.send(fs.createReadStream(file, { start: range.start, end: range.end }));
    }
    reply.header('content-length', String(size));
    return reply.send(fs.createReadStream(file));
  });
}
