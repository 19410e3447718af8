/** The security settings page and the dossier's annex (R6.2, M11.2c): operators only. */
import type { FastifyInstance } from 'fastify';
import { requireUser } from '../auth/auth.hooks';
import { renderAdminDocument } from '../pdf/admin-document';
import type { SecuritySettingsService } from './security-settings.service';
import { securityAnnex } from './security-annex';
import type { AuditService } from '../audit/audit.service';

export function securityRoutes(app: FastifyInstance, deps: { security: SecuritySettingsService; audit: AuditService; issuerOf: (unitId: string) => Promise<{ unit: string; parentBody?: string; place: string }> }): void {
  const { security, audit } = deps;

  app.get('/api/security/settings', async (request) => {
    const { user } = requireUser(request);
    return security.settingsFor(user);
  });

  app.get('/api/security/annex.pdf', async (request, reply) => {
    const { user } = requireUser(request);
    const view = await security.settingsFor(user);
    const issuer = await deps.issuerOf(user.unitId);
    const pdf = await renderAdminDocument(securityAnnex(view, { ...issuer, signer: { name: user.name, title: user.title || 'Người lập' } }));
    await audit.record({ actorId: user.id, action: 'security.annex_exported', data: { auditOk: view.audit.ok }, ip: request.ip });
    return reply.header('content-type', 'application/pdf').header('content-disposition', 'attachment; filename="phu-luc-an-toan-thong-tin.pdf"').send(pdf);
  });
}
