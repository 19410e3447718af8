import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { importCertificateBody, issueCertificateBody, revokeCertificateBody, signablesQuery, signBody } from '../../shared/api';
import { requireUser } from '../auth/auth.hooks';
import { AppError } from '../errors';
import type { RateLimits } from '../http/rate-limits';
import { parse } from '../http/validate';
import type { SignaturesService } from './signatures.service';

const idParams = z.object({ id: z.string().uuid() });
/** The largest PDF the verify page reads. */
const VERIFY_MAX_BYTES = 20 * 1024 * 1024;

export function signatureRoutes(app: FastifyInstance, deps: { signatures: SignaturesService; limits: RateLimits }): void {
  const { signatures } = deps;

  app.get('/api/signables', async (request) => {
    const { user } = requireUser(request);
    const q = parse(signablesQuery, request.query);
    return signatures.list(user, q.kind, q.subjectId);
  });

  app.get('/api/signables/:id', async (request) => {
    const { user } = requireUser(request);
    return signatures.get(user, parse(idParams, request.params).id);
  });

  app.get('/api/signables/:id/pdf', async (request, reply) => {
    const { user } = requireUser(request);
    const file = await signatures.pdf(user, parse(idParams, request.params).id);
    return reply.header('content-type', 'application/pdf').header('content-disposition', `inline; filename="${file.filename}"`).header('cache-control', 'private, no-store').send(file.bytes);
  });

  // a code is guessed here as at sign-in: the same budget per address
  app.post('/api/signables/:id/sign', deps.limits.guesses, async (request) => {
    const { user } = requireUser(request);
    return signatures.sign(user, parse(idParams, request.params).id, parse(signBody, request.body).code, request.ip);
  });

  app.get('/api/signing-certificates', async (request) => {
    const { user } = requireUser(request);
    return signatures.listCertificates(user);
  });

  app.post('/api/signing-certificates', async (request) => {
    const { user } = requireUser(request);
    return signatures.issue(user, parse(issueCertificateBody, request.body).userId, request.ip);
  });

  app.post('/api/signing-certificates/import', { bodyLimit: 512 * 1024 }, async (request) => {
    const { user } = requireUser(request);
    return signatures.importPkcs12(user, parse(importCertificateBody, request.body), request.ip);
  });

  app.post('/api/signing-certificates/:id/revoke', async (request) => {
    const { user } = requireUser(request);
    return signatures.revoke(user, parse(idParams, request.params).id, parse(revokeCertificateBody, request.body).reason, request.ip);
  });

  app.get('/api/signatures/authority.pem', async (_request, reply) => {
    return reply.header('content-type', 'application/x-pem-file').header('content-disposition', 'attachment; filename="giaoban-ca.pem"').send(await signatures.authorityPem());
  });

  // Public on purpose: whoever received a signed document (an outside unit too) checks it without an account; the
  // answer repeats what the file itself carries, plus whether a certificate of this system was revoked.
  app.register(async (scope) => {
    scope.addContentTypeParser('application/pdf', { parseAs: 'buffer', bodyLimit: VERIFY_MAX_BYTES }, (_request, body, done) => done(null, body));
    scope.post('/api/signatures/verify', { bodyLimit: VERIFY_MAX_BYTES }, async (request) => {
      if (!Buffer.isBuffer(request.body)) throw new AppError('signature_pdf_invalid');
      return signatures.verify(request.body);
    });
  });
}
