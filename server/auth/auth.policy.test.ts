import { describe, expect, it } from 'vitest';
import type { Actor } from '../organisation/organisation.policy';
import { accountPolicy, afterFailure, lastSeenDue, lockedFor, needsSecondFactorEnrolment, sessionGate, type SessionState } from './auth.policy';

const complete: SessionState = { pendingSecondFactor: false, mustChangePassword: false, secondFactorEnrolmentRequired: false };
const actor = (role: Actor['role'], id = 'a') => ({ id, role }) as Actor;

describe('account rules (R1.3)', () => {
  it('R1.3 a session waiting for the code may give the code, ask who it is and leave, nothing else', () => {
    const pending = { ...complete, pendingSecondFactor: true, mustChangePassword: true };
    for (const route of ['/api/auth/second-factor', '/api/auth/me', '/api/auth/logout']) expect(sessionGate(pending, route), route).toBeNull();
    for (const route of ['/api/meetings', '/api/auth/password', '/api/auth/second-factor/setup', '/api/auth/sessions', '/api/users/:id/end-sessions']) {
      expect(sessionGate(pending, route), route).toBe('second_factor_required');
    }
  });

  it('R1.3 the one-time password is changed first, then an operator enrols a second factor, then everything is open', () => {
    const both = { ...complete, mustChangePassword: true, secondFactorEnrolmentRequired: true };
    expect(sessionGate(both, '/api/auth/second-factor/setup')).toBe('password_change_required');
    expect(sessionGate(both, '/api/auth/password')).toBeNull();
    const enrol = { ...complete, secondFactorEnrolmentRequired: true };
    expect(sessionGate(enrol, '/api/auth/second-factor/setup')).toBeNull();
    expect(sessionGate(enrol, '/api/auth/second-factor/confirm')).toBeNull();
    expect(sessionGate(enrol, '/api/users')).toBe('second_factor_enrolment_required');
    expect(sessionGate(enrol, '/api/auth/sessions')).toBe('second_factor_enrolment_required');
    expect(sessionGate(complete, '/api/users')).toBeNull();
  });

  it('R1.3 operators must have a second factor; everybody else may', () => {
    expect(needsSecondFactorEnrolment({ role: 'operator', totpSecret: null })).toBe(true);
    expect(needsSecondFactorEnrolment({ role: 'operator', totpSecret: 'SECRET' })).toBe(false);
    for (const role of ['organiser', 'secretary', 'technician', 'delegate', 'guest', 'endpoint'] as const) {
      expect(needsSecondFactorEnrolment({ role, totpSecret: null }), role).toBe(false);
    }
  });

  it('R1.3 last seen is written at most once a minute', () => {
    const t = new Date('2026-11-23T08:00:00Z');
    expect(lastSeenDue(t, new Date(t.getTime() + 59_999))).toBe(false);
    expect(lastSeenDue(t, new Date(t.getTime() + 60_000))).toBe(true);
  });

  it('R6.4 only the operator reads or ends another account’s sessions; everybody reads their own', () => {
    expect(accountPolicy.readAccountSecurity(actor('delegate', 'me'), 'me')).toBe(true);
    for (const role of ['organiser', 'secretary', 'technician', 'delegate', 'guest', 'endpoint'] as const) {
      expect(accountPolicy.readAccountSecurity(actor(role, 'me'), 'other'), role).toBe(false);
      expect(accountPolicy.endSessionsOf(actor(role)), role).toBe(false);
    }
    expect(accountPolicy.readAccountSecurity(actor('operator', 'me'), 'other')).toBe(true);
    expect(accountPolicy.endSessionsOf(actor('operator'))).toBe(true);
  });

  it('R1.3 the lockout: the nth failure locks for the configured minutes and the count starts again', () => {
    const now = new Date('2026-11-23T08:00:00Z');
    const policy = { maxFailures: 3, minutes: 15 };
    let state = { failedSignIns: 0, lockedUntil: null as Date | null };
    const seen: boolean[] = [];
    for (let i = 0; i < 3; i++) {
      const next = afterFailure(state, policy, now);
      seen.push(next.locked);
      state = next;
    }
    expect(seen).toEqual([false, false, true]);
    expect(state).toMatchObject({ failedSignIns: 0, lockedUntil: new Date('2026-11-23T08:15:00Z') });
    expect(lockedFor(state, now)).toBe(900);
    expect(lockedFor(state, new Date('2026-11-23T08:15:00Z'))).toBeNull();
  });
});
