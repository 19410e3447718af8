import type { FastifyInstance } from 'fastify';
import { organisationSettingsBody } from '../../shared/api';
import { requireUser } from '../auth/auth.hooks';
import { parse } from '../http/validate';
import type { OrganisationSettingsService } from './organisation-settings.service';

export function organisationSettingsRoutes(app: FastifyInstance, deps: { settings: OrganisationSettingsService }): void {
  app.get('/api/organisation/settings', async (request) => {
    requireUser(request);
    return { settings: await deps.settings.get() };
  });

  app.put('/api/organisation/settings', async (request) => {
    const { user } = requireUser(request);
    return { settings: await deps.settings.update(user, parse(organisationSettingsBody, request.body), request.ip) };
  });
}
