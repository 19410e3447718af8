/**
 * A link opened in a browser while signed out (a document from an invitation mail, a PDF, an export) leads to the
 * sign-in page and, once signed in, back to the link, instead of showing the API's JSON refusal. Only top-level
 * navigations are redirected: the web client's own requests (fetch) keep getting the JSON error they handle.
 */
import type { FastifyRequest } from 'fastify';

/** A page the browser navigates to (a link, the address bar), not a script's request. */
export function isBrowserNavigation(request: FastifyRequest): boolean {
  if (request.method !== 'GET') return false;
  const mode = request.headers['sec-fetch-mode'];
  // browsers since 2020 say so; an older one is recognised by asking for HTML first
  if (typeof mode === 'string') return mode === 'navigate';
  return /^text\/html\b/.test(String(request.headers.accept ?? ''));
}

/** `/login?next=<the link>`: the web client follows `next` only to a path of this server (router.ts safeNextPath). */
export const signInPathFor = (url: string): string => `/login?next=${encodeURIComponent(url)}`;
