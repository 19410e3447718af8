import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createMinutesEntryBody, deleteMinutesEntryQuery, designateSecretaryBody, minutesDraftBody, minutesQuery, updateMinutesEntryBody } from '../../shared/api';
import { requireUser } from '../auth/auth.hooks';
import { parse } from '../http/validate';
import type { MinutesService } from './minutes.service';

const idParams = z.object({ id: z.string().uuid() });
const entryParams = z.object({ id: z.string().uuid(), entryId: z.string().uuid() });

export function minutesRoutes(app: FastifyInstance, deps: { minutes: MinutesService }): void {
  const { minutes } = deps;

  app.get('/api/meetings/:id/minutes', async (request) => {
    const { user } = requireUser(request);
    return minutes.view(user, parse(idParams, request.params).id, parse(minutesQuery, request.query).known);
  });

  app.post('/api/meetings/:id/minutes/entries', async (request, reply) => {
    const { user } = requireUser(request);
    const entry = await minutes.createEntry(user, parse(idParams, request.params).id, parse(createMinutesEntryBody, request.body), request.ip);
    return reply.code(201).send(entry);
  });

  app.put('/api/meetings/:id/minutes/entries/:entryId', async (request) => {
    const { user } = requireUser(request);
    const { id, entryId } = parse(entryParams, request.params);
    return minutes.updateEntry(user, id, entryId, parse(updateMinutesEntryBody, request.body), request.ip);
  });

  app.delete('/api/meetings/:id/minutes/entries/:entryId', async (request, reply) => {
    const { user } = requireUser(request);
    const { id, entryId } = parse(entryParams, request.params);
    await minutes.deleteEntry(user, id, entryId, parse(deleteMinutesEntryQuery, request.query).version, request.ip);
    return reply.code(204).send();
  });

  app.put('/api/meetings/:id/secretary', async (request) => {
    const { user } = requireUser(request);
    return minutes.designateSecretary(user, parse(idParams, request.params).id, parse(designateSecretaryBody, request.body).secretaryId, request.ip);
  });

  app.put('/api/meetings/:id/minutes/draft', async (request) => {
    const { user } = requireUser(request);
    return minutes.setDraft(user, parse(idParams, request.params).id, parse(minutesDraftBody, request.body).documentId, request.ip);
  });

  app.post('/api/meetings/:id/minutes/signing', async (request, reply) => {
    const { user } = requireUser(request);
    return reply.code(201).send(await minutes.submitForSigning(user, parse(idParams, request.params).id, request.ip));
  });

  for (const format of ['pdf', 'docx'] as const) {
    app.get(`/api/meetings/:id/minutes.${format}`, async (request, reply) => {
      const { user } = requireUser(request);
      const file = await minutes.export(user, parse(idParams, request.params).id, format, request.ip);
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .header('cache-control', 'private, no-store')
        .send(file.body);
    });
  }
}
