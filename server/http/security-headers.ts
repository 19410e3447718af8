/**
 * Security headers on every response (R6.1), by @fastify/helmet rather than by hand:
 * - a Content-Security-Policy that allows only the app's own scripts (no inline script, no eval), and with
 *   `frame-ancestors 'none'` (and `X-Frame-Options: DENY` for older browsers) no other page can frame it
 *   (clickjacking the chair's buttons, the password form);
 * - `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer` (a meeting's link address is a capability:
 *   it must not leak to another site through the Referer header);
 * - HSTS only when the server itself speaks TLS: over plain HTTP (localhost, a LAN address) it would be ignored at
 *   best and, with `upgrade-insecure-requests`, break every request at worst.
 */
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/** HSTS lifetime: one year, the usual minimum for preload lists. */
const HSTS_MAX_AGE_S = 365 * 24 * 3600;

export async function registerSecurityHeaders(app: FastifyInstance, opts: { tls: boolean }): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        // pdf.js (a presented document) starts its worker from our own file, or from a blob when that fails
        workerSrc: ["'self'", 'blob:'],
        // React and pdf.js set style properties through the DOM (CSSOM), which CSP does not govern
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        mediaSrc: ["'self'", 'blob:'],
        // the API and the signaling WebSocket are on our own origin ('self' covers ws:/wss: of the same host)
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameSrc: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        ...(opts.tls ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: opts.tls ? { maxAge: HSTS_MAX_AGE_S, includeSubDomains: false } : false,
    // the meeting page opens no cross-origin windows; Janus is reached by the server only
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  });
}
