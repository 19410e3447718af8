/**
 * Every text that enters over HTTP is checked once, here, before any route sees it (issue 14): the body's strings
 * (and keys), the query and the link's parameters (a `%00` in a meeting's link address). A NUL character or broken
 * Unicode is refused as `text_invalid`, naming the field, instead of reaching PostgreSQL (which refuses NUL), the
 * audit chain or a log.
 */
import type { FastifyInstance } from 'fastify';
import { findBadText, textProblemMessage } from '../../shared/text';
import { AppError } from '../errors';

export function registerTextGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    for (const part of [request.params, request.query, request.body]) {
      const bad = findBadText(part);
      if (bad) throw new AppError('text_invalid', { [bad.path]: textProblemMessage[bad.problem] });
    }
  });
}
