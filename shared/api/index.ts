/**
 * Shapes of the HTTP API (`/api/...`), shared by server (validation) and web (typed fetch), one file per domain.
 * Every state-changing request (POST/PUT/PATCH/DELETE) except the sign-in steps must carry the header
 * `x-csrf-token` with the token returned by `GET /api/auth/me` or by the sign-in. Errors: `ErrorBody` (errors.ts).
 */
export * from './auth';
export * from './organisation';
export * from './meetings';
export * from './audit';
export * from './endpoints';
export * from './notifications';
export * from './recordings';
export * from './attendance';
export * from './documents';
export * from './calendar';
export * from './schedule';
export * from './readiness';
export * from './replies';
export * from './invitations';
export * from './mail';
export * from './security';
export * from './feedback';
export * from './onboarding';
export * from './conclusions';
export * from './tasks';
export * from './substitute-reports';
export * from './signatures';
export * from './minutes';
export * from './votes';
export * from './incidents';
export * from './console';
export * from './equipment';
export * from './statistics';
export * from './reports';
export * from './turn';
