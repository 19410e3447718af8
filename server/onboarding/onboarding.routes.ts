import type { FastifyInstance } from 'fastify';
import { requireUser } from '../auth/auth.hooks';
import type { OnboardingService } from './onboarding.service';

export function onboardingRoutes(app: FastifyInstance, deps: { onboarding: OnboardingService }): void {
  app.get('/api/onboarding', async (request) => {
    const { user } = requireUser(request);
    return deps.onboarding.checklist(user);
  });
}
