/**
 * Accounts (R1.3): what a session may do before it is complete, and who may see or end another account's
 * sessions and sign-in log. Pure, so the rules are tested without a server.
 */
import type { ErrorId } from '../../shared/errors';
import type { Actor } from '../organisation/organisation.policy';

/** Operators must have a second factor (R1.3); everybody else may set one up. */
export const needsSecondFactorEnrolment = (user: Pick<Actor, 'role' | 'totpSecret'>): boolean => user.role === 'operator' && !user.totpSecret;

/** The state of a session that decides which routes it may use. */
export interface SessionState {
  pendingSecondFactor: boolean;
  mustChangePassword: boolean;
  secondFactorEnrolmentRequired: boolean;
}

/** Routes every session may use: who am I, and leaving. */
const ALWAYS = ['/api/auth/me', '/api/auth/logout'];
/** The steps that complete a session, in order: the code, the password change, the enrolment. */
const SECOND_FACTOR_STEP = new Set([...ALWAYS, '/api/auth/second-factor']);
const PASSWORD_STEP = new Set([...ALWAYS, '/api/auth/password']);
const ENROLMENT_STEP = new Set([...ALWAYS, '/api/auth/password', '/api/auth/second-factor/setup', '/api/auth/second-factor/confirm']);

/**
 * Why a session may not use `route` yet, or null when it may: the second-factor code first, then the one-time
 * password change, then (operators) the enrolment of a second factor.
 */
export function sessionGate(state: SessionState, route: string): ErrorId | null {
  if (state.pendingSecondFactor) return SECOND_FACTOR_STEP.has(route) ? null : 'second_factor_required';
  if (state.mustChangePassword) return PASSWORD_STEP.has(route) ? null : 'password_change_required';
  if (state.secondFactorEnrolmentRequired) return ENROLMENT_STEP.has(route) ? null : 'second_factor_enrolment_required';
  return null;
}

/** An account's (or an unknown e-mail's) count of failed sign-ins and the lock it may be under. */
export interface LockoutState {
  failedSignIns: number;
  lockedUntil: Date | null;
}

/**
 * One more wrong password or code: the count grows, and at `maxFailures` the account is locked for `minutes` and
 * the count starts again. The same rule for every e-mail given, whether an account has it or not (R1.3).
 */
export function afterFailure(state: LockoutState, policy: { maxFailures: number; minutes: number }, now: Date): LockoutState & { locked: boolean } {
  const failures = state.failedSignIns + 1;
  const locked = failures >= policy.maxFailures;
  return { failedSignIns: locked ? 0 : failures, lockedUntil: locked ? new Date(now.getTime() + policy.minutes * 60_000) : state.lockedUntil, locked };
}

/** Seconds until a lock ends, or null when there is none now. */
export const lockedFor = (state: Pick<LockoutState, 'lockedUntil'>, now: Date): number | null =>
  state.lockedUntil && state.lockedUntil > now ? (state.lockedUntil.getTime() - now.getTime()) / 1000 : null;

/** last_seen_at is written at most once a minute: a page load makes many requests. */
export const LAST_SEEN_RESOLUTION_MS = 60_000;
export const lastSeenDue = (lastSeenAt: Date, now: Date): boolean => now.getTime() - lastSeenAt.getTime() >= LAST_SEEN_RESOLUTION_MS;

export const accountPolicy = {
  /** Read the sessions and sign-in log of an account: one's own, or any as the operator. */
  readAccountSecurity: (actor: Actor, userId: string) => actor.id === userId || actor.role === 'operator',
  /** End every session of another account at once (leak response, R6.4). */
  endSessionsOf: (actor: Actor) => actor.role === 'operator',
  /** Reset another account's password or second factor (a forgotten password, a lost phone): the operator, never on their own. */
  recoverAccountOf: (actor: Actor, userId: string) => actor.role === 'operator' && actor.id !== userId,
};
