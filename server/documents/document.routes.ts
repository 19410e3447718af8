import fs from 'node:fs';
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { uploadDocumentQuery } from '../../shared/api';
import { requireUser } from '../auth/auth.hooks';
import { AppError } from '../errors';
import { parse } from '../http/validate';
import { contentDisposition } from './document.presenter';
import type { DocumentService, UploadInput } from './document.service';

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
    return sendStoredFile(reply, file, document);
  });

  app.delete('/api/meetings/:id/documents/:documentId', async (request, reply) => {
    const { user } = requireUser(request);
    const { id, documentId } = parse(documentParams, request.params);
    await documents.remove(user, id, documentId, request.ip);
    return reply.code(204).send();
  });

  uploadRoutes(app, (scope) => {
    scope.post('/api/meetings/:id/documents', { bodyLimit: documents.maxBytes }, async (request, reply) => {
      const { user } = requireUser(request);
      const { id } = parse(idParams, request.params);
      const { name, kind } = parse(uploadDocumentQuery, request.query);
      const document = await documents.upload(user, id, { name, kind, ...rawBodyOf(request) }, request.ip);
      return reply.code(201).send({ document });
    });
  });
}

/**
 * Routes that read the raw body themselves (streamed to a temporary file, measured against DOCUMENT_MAX_MB): in
 * their scope only, every content type reaches the handler unparsed, and the service judges the claimed type. The
 * global 1 MB body limit does not apply to a body that is not buffered by Fastify. Task reports' files use it too.
 */
export function uploadRoutes(app: FastifyInstance, register: (scope: FastifyInstance) => void): void {
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    scope.setErrorHandler((err: Error & { code?: string; statusCode?: number }) => {
      // Should Fastify itself refuse the body as too large (413), it is this domain's refusal.
      if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || err.statusCode === 413) throw new AppError('document_too_large');
      throw err; // to the server's error handler
    });
    register(scope);
  });
}

/** The body as an upload reads it: its claimed type and length as sent, the stream unread. */
export function rawBodyOf(request: FastifyRequest): Pick<UploadInput, 'contentType' | 'contentLength' | 'body'> {
  const length = request.headers['content-length'];
  return {
    contentType: request.headers['content-type'],
    contentLength: length !== undefined && /^\d+$/.test(length) ? Number(length) : undefined,
    body: isStream(request.body) ? request.body : undefined,
  };
}

/** Sends a stored file with the headers a document download has. */
export function sendStoredFile(reply: FastifyReply, file: string, meta: { mediaType: string; size: number; name: string }) {
  reply
    .header('content-type', meta.mediaType)
    .header('content-length', String(meta.size))
    .header('content-disposition', contentDisposition(meta.name))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-cache');
  return reply.send(fs.createReadStream(file));
}
