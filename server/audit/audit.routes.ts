import type { FastifyInstance } from 'fastify';
import { auditQuery, auditVerifyQuery } from '../../shared/api';
import { requireUser } from '../auth/auth.hooks';
import { parse } from '../http/validate';
import { auditCsv, type AuditService } from './audit.service';

export function auditRoutes(app: FastifyInstance, deps: { audit: AuditService }): void {
  const { audit } = deps;

  app.get('/api/audit', async (request) => {
    const { user } = requireUser(request);
    return { entries: await audit.search(user, parse(auditQuery, request.query)) };
  });

  app.get('/api/audit/export.csv', async (request, reply) => {
    const { user } = requireUser(request);
    const query = parse(auditQuery, { limit: 5000, ...(request.query as object) });
    const entries = await audit.search(user, query);
    await audit.record({ actorId: user.id, action: 'audit.exported', data: { count: entries.length, query }, ip: request.ip });
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="nhat-ky-kiem-toan.csv"')
      .send(auditCsv(entries));
  });

  app.get('/api/audit/verify', async (request) => {
    const { user } = requireUser(request);
    return audit.verifyFor(user, parse(auditVerifyQuery, request.query).anchor);
  });
}
