import fs from 'node:fs';
import type { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { uploadDocumentQuery } from '../../shared/api';
import { requireUser } from '../auth/auth.hooks';
import { AppError } from '../errors';
import { parse } from '../http/validate';
import { contentDisposition } from './document.presenter';
import type { DocumentService } from './document.service';

const idParams = z.object({ id: z.string().uuid() });
const documentParams = z.object({ id: z.string().uuid(), documentId: z.string().uuid() });

const isStream = (body: unknown): body is Readable => typeof (body as Readable | undefined)?.pipe === 'function';

export function documentRoutes(app: FastifyInstance, deps: { documents: DocumentService }): void {
  const { documents } = deps;

  app.get('/api/meetings/:id/documents', async (request) => {
    const { user } = requireUser(request);
    const { id } = parse(idParams, request.params);
    return { documents: await documents.list(user, id) };
  });

  app.get('/api/meetings/:id/documents/:documentId', async (request, reply) => {
    const { user, sessionId } = requireUser(request);
    const { id, documentId } = parse(documentParams, request.params);
    const { document, file } = await documents.open(user, sessionId, id, documentId, request.ip);
    reply
      .header('content-type', document.mediaType)
      .header('content-length', String(document.size))
      .header('content-disposition', contentDisposition(document.name))
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-cache');
    return reply.send(fs.createReadStream(file));
  });

  app.delete('/api/meetings/:id/documents/:documentId', async (request, reply) => {
    const { user } = requireUser(request);
    const { id, documentId } = parse(documentParams, request.params);
    await documents.remove(user, id, documentId, request.ip);
    return reply.code(204).send();
  });

  // The upload reads the raw body itself (streamed to a temporary file, measured against DOCUMENT_MAX_MB): in
  // this scope only, every content type reaches the handler unparsed, and the service judges the claimed type.
  // The global 1 MB body limit does not apply to a body that is not buffered by Fastify.
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    scope.setErrorHandler((err: Error & { code?: string; statusCode?: number }) => {
      // Should Fastify itself refuse the body as too large (413), it is this domain's refusal.
      if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || err.statusCode === 413) throw new AppError('document_too_large');
      throw err; // to the server's error handler
    });
    scope.post('/api/meetings/:id/documents', { bodyLimit: documents.maxBytes }, async (request, reply) => {
      const { user } = requireUser(request);
      const { id } = parse(idParams, request.params);
      const { name, kind } = parse(uploadDocumentQuery, request.query);
      const length = request.headers['content-length'];
      const document = await documents.upload(
        user,
        id,
        {
          name,
          kind,
          contentType: request.headers['content-type'],
          contentLength: length !== undefined && /^\d+$/.test(length) ? Number(length) : undefined,
          body: isStream(request.body) ? request.body : undefined,
        },
        request.ip,
      );
      return reply.code(201).send({ document });
    });
  });
}
