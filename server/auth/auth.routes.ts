import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { changePasswordBody, loginBody, passwordResetRequestBody, secondFactorCodeBody, signInCodeBody, type EndSessionsResponse, type LoginResponse, type MeResponse } from '../../shared/api';
import type { SignInLinkService } from '../organisation/sign-in-link.service';
import type { RateLimits } from '../http/rate-limits';
import { parse } from '../http/validate';
import { presentUser } from '../organisation/user.presenter';
import type { OrganisationSettingsService } from '../organisation/organisation-settings.service';
import type { AuthService } from './auth.service';
import { clearSessionCookie, requestOrigin, requireUser, setSessionCookie } from './auth.hooks';

const idParams = z.object({ id: z.string().uuid() });

export function authRoutes(app: FastifyInstance, deps: { auth: AuthService; secureCookies: boolean; limits: RateLimits; organisationSettings: OrganisationSettingsService; signInLinks: SignInLinkService }): void {
  const { auth } = deps;
  // what can be guessed (passwords, codes) counts against the address's budget of guesses
  const { guesses } = deps.limits;

  app.get('/api/auth/me', async (request): Promise<MeResponse> => {
    const signedIn = request.auth;
    if (!signedIn) return { user: null, csrfToken: null };
    // A session waiting for the code is nobody yet: the page asks for the code.
    if (signedIn.pendingSecondFactor) return { user: null, csrfToken: signedIn.csrfToken, secondFactorRequired: true };
    return {
      user: presentUser(signedIn.user),
      csrfToken: signedIn.csrfToken,
      organisation: await deps.organisationSettings.get(),
      ...(signedIn.secondFactorEnrolmentRequired ? { secondFactorEnrolmentRequired: true } : {}),
    };
  });

  app.post('/api/auth/login', guesses, async (request, reply): Promise<LoginResponse> => {
    const body = parse(loginBody, request.body);
    const result = await auth.login(body.email, body.password, requestOrigin(request));
    setSessionCookie(reply, result.token, deps.secureCookies, result.maxAgeSeconds);
    if (result.secondFactorRequired) return { secondFactorRequired: true, csrfToken: result.csrfToken };
    request.log.info({ userId: result.user.id }, 'signed in');
    return { user: result.user, csrfToken: result.csrfToken };
  });

  app.post('/api/auth/second-factor', guesses, async (request, reply): Promise<LoginResponse> => {
    const signedIn = requireUser(request);
    const { code } = parse(signInCodeBody, request.body);
    const result = await auth.completeSecondFactor(signedIn, code, requestOrigin(request));
    setSessionCookie(reply, result.token, deps.secureCookies, result.maxAgeSeconds);
    request.log.info({ userId: result.user.id }, 'signed in with second factor');
    return { user: result.user, csrfToken: result.csrfToken };
  });

  app.post('/api/auth/logout', async (request, reply) => {
    const signedIn = requireUser(request);
    await auth.logout(signedIn, request.ip);
    clearSessionCookie(reply);
    return reply.code(204).send();
  });

  app.post('/api/auth/password', guesses, async (request, reply) => {
    const signedIn = requireUser(request);
    const body = parse(changePasswordBody, request.body);
    await auth.changePassword(signedIn, body.currentPassword, body.newPassword, request.ip);
    return reply.code(204).send();
  });

  // ---------------------------------------------------------------------------------- second factor (TOTP)
  app.post('/api/auth/second-factor/setup', async (request) => auth.setupSecondFactor(requireUser(request).user));

  // the recovery codes are in this answer only (R1.3)
  app.post('/api/auth/second-factor/confirm', guesses, async (request) => {
    const { user } = requireUser(request);
    return auth.confirmSecondFactor(user, parse(secondFactorCodeBody, request.body).code, request.ip);
  });

  app.get('/api/auth/recovery-codes', async (request) => ({ remaining: await auth.recoveryCodesLeft(requireUser(request).user) }));

  app.post('/api/auth/recovery-codes', guesses, async (request) => {
    const { user } = requireUser(request);
    return auth.regenerateRecoveryCodes(user, parse(secondFactorCodeBody, request.body).code, request.ip);
  });

  // "Quên mật khẩu?": no session; the same answer whatever the address, counted against the address's guesses
  app.post('/api/auth/password-reset', guesses, async (request, reply) => {
    const { email } = parse(passwordResetRequestBody, request.body);
    await deps.signInLinks.requestReset(email, request.ip);
    return reply.code(204).send();
  });

  app.post('/api/auth/second-factor/disable', guesses, async (request, reply) => {
    const { user } = requireUser(request);
    await auth.disableSecondFactor(user, parse(secondFactorCodeBody, request.body).code, request.ip);
    return reply.code(204).send();
  });

  // ---------------------------------------------------------------------------------- sessions and sign-in log
  app.get('/api/auth/sessions', async (request) => ({ sessions: await auth.listSessions(requireUser(request)) }));

  app.delete('/api/auth/sessions/:id', async (request, reply) => {
    const signedIn = requireUser(request);
    const { id } = parse(idParams, request.params);
    const { current } = await auth.revokeSession(signedIn, id, request.ip);
    if (current) clearSessionCookie(reply);
    return reply.code(204).send();
  });

  app.post('/api/auth/sessions/revoke-others', async (request): Promise<EndSessionsResponse> => ({
    revoked: await auth.revokeOtherSessions(requireUser(request), request.ip),
  }));

  app.get('/api/auth/sign-ins', async (request) => {
    const { user } = requireUser(request);
    return { signIns: await auth.signInsOf(user, user.id) };
  });

  // The operator's side (R1.3, leak response R6.4): any account's sessions and sign-in log, and ending them all.
  app.get('/api/users/:id/sessions', async (request) => {
    const { user, sessionId } = requireUser(request);
    return { sessions: await auth.sessionsOf(user, parse(idParams, request.params).id, sessionId) };
  });

  app.get('/api/users/:id/sign-ins', async (request) => {
    const { user } = requireUser(request);
    return { signIns: await auth.signInsOf(user, parse(idParams, request.params).id) };
  });

  app.post('/api/users/:id/reset-password', async (request) => {
    const { user } = requireUser(request);
    return auth.resetPasswordOf(user, parse(idParams, request.params).id, request.ip);
  });

  app.post('/api/users/:id/reset-second-factor', async (request, reply) => {
    const { user } = requireUser(request);
    await auth.resetSecondFactorOf(user, parse(idParams, request.params).id, request.ip);
    return reply.code(204).send();
  });

  app.post('/api/users/:id/end-sessions', async (request): Promise<EndSessionsResponse> => {
    const { user, sessionId } = requireUser(request);
    return { revoked: await auth.endSessionsOf(user, parse(idParams, request.params).id, sessionId, request.ip) };
  });
}
