/**
 * Request authentication and CSRF protection for the HTTP API.
 * - `request.auth` is the signed-in user and session, if the `gb_session` cookie names a live session.
 * - State-changing requests need the session's CSRF token in `x-csrf-token`; the sign-in itself (no session yet)
 *   is refused when the browser says it comes from another site.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors';
import { sessionGate } from './auth.policy';
import type { AuthService, RequestOrigin, SignedIn } from './auth.service';

export const SESSION_COOKIE = 'gb_session';

declare module 'fastify' {
  interface FastifyRequest {
    auth?: SignedIn;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function registerAuthHooks(app: FastifyInstance, auth: AuthService): void {
  app.decorateRequest('auth', undefined);
  app.addHook('onRequest', async (request: FastifyRequest) => {
    if (!request.url.startsWith('/api/')) return;
    request.auth = await auth.authenticate(request.cookies[SESSION_COOKIE], { allowIncomplete: true });
    if (SAFE_METHODS.has(request.method)) return;
    if (request.headers['sec-fetch-site'] === 'cross-site') throw new AppError('csrf_token_invalid');
    if (!request.auth) return; // routes that need a user refuse with `unauthenticated`
    const header = request.headers['x-csrf-token'];
    if (typeof header !== 'string' || !sameToken(header, request.auth.csrfToken)) throw new AppError('csrf_token_invalid');
  });
}

/**
 * The signed-in user, or `unauthenticated`. A session that is not complete may only take the step that completes
 * it: `second_factor_required` until the code is given, `password_change_required` until the one-time password
 * is changed, `second_factor_enrolment_required` until an operator has set up the second factor (R1.3).
 */
export function requireUser(request: FastifyRequest): SignedIn {
  if (!request.auth) throw new AppError('unauthenticated');
  const refusal = sessionGate({ ...request.auth, mustChangePassword: request.auth.user.mustChangePassword }, request.routeOptions.url ?? request.url);
  if (refusal) throw new AppError(refusal);
  return request.auth;
}

/** Where the request comes from, for the session, the sign-in log and the audit trail. */
export function requestOrigin(request: FastifyRequest): RequestOrigin {
  const agent = request.headers['user-agent'];
  return { ip: request.ip, userAgent: typeof agent === 'string' ? agent.slice(0, 400) : '' };
}

export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean, maxAgeSeconds: number): void {
  reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: maxAgeSeconds });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}
