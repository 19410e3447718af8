import type { FastifyInstance } from 'fastify';
import { changePasswordBody, loginBody, type MeResponse } from '../../shared/api';
import { parse } from '../http/validate';
import { presentUser } from '../organisation/user.presenter';
import type { AuthService } from './auth.service';
import { clearSessionCookie, requireUser, setSessionCookie } from './auth.hooks';

export function authRoutes(app: FastifyInstance, deps: { auth: AuthService; secureCookies: boolean; sessionTtlHours: number }): void {
  const { auth } = deps;

  app.get('/api/auth/me', async (request): Promise<MeResponse> => {
    const signedIn = request.auth;
    return { user: signedIn ? presentUser(signedIn.user) : null, csrfToken: signedIn?.csrfToken ?? null };
  });

  app.post('/api/auth/login', async (request, reply) => {
    const body = parse(loginBody, request.body);
    const { token, user, csrfToken } = await auth.login(body.email, body.password);
    setSessionCookie(reply, token, deps.secureCookies, deps.sessionTtlHours * 3600);
    request.log.info({ userId: user.id }, 'signed in');
    return { user, csrfToken };
  });

  app.post('/api/auth/logout', async (request, reply) => {
    const { sessionId } = requireUser(request);
    await auth.logout(sessionId);
    clearSessionCookie(reply);
    return reply.code(204).send();
  });

  app.post('/api/auth/password', async (request, reply) => {
    const { user } = requireUser(request);
    const body = parse(changePasswordBody, request.body);
    await auth.changePassword(user, body.currentPassword, body.newPassword);
    return reply.code(204).send();
  });
}
