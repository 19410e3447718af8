/**
 * Accounts (R1.3): sign-in with lockout and the TOTP second factor, sessions (list, sign out elsewhere, the
 * operator ending all of an account's sessions, R6.4), the sign-in log and password change. Every attempt to
 * sign in is a row of the sign-in log and an audit entry, written in one transaction with its effects.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { RecoveryCodesResponse, ResetPasswordResponse, SecondFactorSetup, SessionView, SignInOutcome, SignInView, UserView } from '../../shared/api';
import type { AuditService } from '../audit/audit.service';
import type { Db, Tx } from '../db/client';
import { AppError } from '../errors';
import type { Actor } from '../organisation/organisation.policy';
import type { PersonRow, UserRepository } from '../organisation/user.repository';
import { presentUser } from '../organisation/user.presenter';
import { presentSession, presentSignIn } from './account.presenter';
import { accountPolicy, afterFailure, lastSeenDue, lockedFor, needsSecondFactorEnrolment, type LockoutState } from './auth.policy';
import { burnVerifyTime, generateTemporaryPassword, hashPassword, isStrongEnough, verifyPassword } from './password';
import type { RecoveryCodeRepository } from './recovery-code.repository';
import { isRecoveryCode, newRecoveryCodes, recoveryCodeHash } from './recovery-codes';
import type { SessionRepository } from './session.repository';
import type { SignInRepository } from './sign-in.repository';
import { SecretBox as SecretBoxClass, type SecretBox } from '../secrets/secret-box';
import { checkTotp, enrolmentQrSvg, enrolmentUri, newTotpSecret } from './totp';

export interface AuthPolicy {
  sessionTtlHours: number;
  lockoutMaxFailures: number;
  lockoutMinutes: number;
}

/** How long a session that has passed the password may wait for the second-factor code. */
export const PENDING_SECOND_FACTOR_MS = 10 * 60_000;
/** The sign-in log shows this many attempts at most. */
const SIGN_IN_LOG_LIMIT = 200;

export interface SignedIn {
  user: Actor;
  sessionId: string;
  csrfToken: string;
  /** The password was accepted; the session may only give the second-factor code. */
  pendingSecondFactor: boolean;
  /** An operator without a second factor: must set it up before anything else. */
  secondFactorEnrolmentRequired: boolean;
}

/** Where a request comes from, as recorded on sessions, the sign-in log and the audit trail. */
export interface RequestOrigin {
  ip: string;
  userAgent: string;
}

/** A new session: its cookie token (only ever sent in the Set-Cookie header) and how long the cookie lives. */
export interface NewSession {
  token: string;
  csrfToken: string;
  maxAgeSeconds: number;
}

export type LoginResult = NewSession & ({ secondFactorRequired: false; user: UserView } | { secondFactorRequired: true });

/**
 * Closes the meeting presences of ended sessions (LiveService), on every server instance: told
 * `closed: session_revoked`.
 */
export interface PresenceCloser {
  closeSessions(sessionIds: string[]): Promise<void>;
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Where a TOTP secret is sealed: bound to its account, so a sealed secret copied to another row does not open. */
const totpContext = (userId: string) => `users.totp:${userId}`;

export class AuthService {
  constructor(
    private readonly db: Db,
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly signIns: SignInRepository,
    private readonly audit: AuditService,
    private readonly presence: PresenceCloser,
    private readonly policy: AuthPolicy,
    /** Seals TOTP secrets at rest (R6.1). */
    private readonly secrets: SecretBox,
    private readonly recoveryCodes: RecoveryCodeRepository,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * At start: seals the TOTP secrets stored in clear by a version before sealing existed (R6.1). Returns how many.
   */
  async sealStoredSecrets(): Promise<number> {
    let sealed = 0;
    await this.db.transaction(async (tx) => {
      for (const u of await this.users.withTotpSecrets(tx)) {
        const patch: { totpSecret?: string; totpPendingSecret?: string } = {};
        if (u.totpSecret && !SecretBoxClass.isSealed(u.totpSecret)) patch.totpSecret = this.secrets.seal(u.totpSecret, totpContext(u.id));
        if (u.totpPendingSecret && !SecretBoxClass.isSealed(u.totpPendingSecret)) patch.totpPendingSecret = this.secrets.seal(u.totpPendingSecret, totpContext(u.id));
        if (Object.keys(patch).length) {
          await this.users.update(u.id, patch, tx);
          sealed += 1;
        }
      }
    });
    return sealed;
  }

  /** The code checked against the account's sealed secret; null when wrong, used already, or not openable. */
  private async checkCode(userId: string, sealedSecret: string, code: string, now: Date, afterStep: number | null): Promise<number | null> {
    let secret: string;
    try {
      secret = this.secrets.open(sealedSecret, totpContext(userId));
    } catch {
      return null; // another key, or altered: no code can match (fails closed)
    }
    return checkTotp(secret, code, now, afterStep ?? undefined);
  }

  // ------------------------------------------------------------------------------------------ signing in

  /**
   * The password step. Without a second factor it signs in; with one it opens a session that may only give the
   * code (`completeSecondFactor`). Unknown account, disabled account and wrong password get the same answer, and
   * so does the lockout: an e-mail that names no usable account is counted and locked like an account (its count
   * in `sign_in_lockouts`), so that no answer — nor when it comes — tells whether the account exists (R1.3).
   */
  async login(email: string, password: string, origin: RequestOrigin): Promise<LoginResult> {
    const user = await this.users.findByEmail(email);
    const now = this.now();
    if (!user || user.disabledAt) return this.refuseUnusable(user ?? null, email, password, origin, now);
    const lockedSeconds = lockedFor(user, now);
    if (lockedSeconds !== null) {
      await this.db.transaction((tx) => this.logAttempt(tx, user, email, 'locked', origin, now));
      throw AppError.retryAfter('account_locked', lockedSeconds);
    }
    if (!(await verifyPassword(user.passwordHash, password))) {
      const after = await this.db.transaction(async (tx) => {
        const next = await this.countFailure(tx, user, now);
        await this.logAttempt(tx, user, email, 'wrong_password', origin, now, next.locked ? { locked: true } : {});
        return next;
      });
      throw this.failureError(after, now, 'invalid_credentials');
    }
    if (user.totpSecret) {
      // No sign-in log row yet: the attempt is a success or a failure once the code is given. The failure count
      // is not reset here, or the password alone would buy unlimited guesses at the code.
      const pending = await this.db.transaction((tx) => this.openSession(tx, user.id, origin, new Date(now.getTime() + PENDING_SECOND_FACTOR_MS), true));
      return { ...pending, secondFactorRequired: true };
    }
    const session = await this.db.transaction(async (tx) => {
      await this.users.update(user.id, { failedSignIns: 0, lockedUntil: null }, tx);
      const opened = await this.openSession(tx, user.id, origin, this.sessionExpiry(now), false);
      await this.logAttempt(tx, user, email, 'success', origin, now, { sessionId: opened.id, secondFactor: false });
      return opened;
    });
    return { ...session, secondFactorRequired: false, user: presentUser({ ...user, failedSignIns: 0, lockedUntil: null }) };
  }

  /**
   * The second-factor step of a pending session. A wrong code counts towards the lockout like a wrong password;
   * the right one replaces the pending session with a full one (a new token: the privilege changed).
   */
  async completeSecondFactor(signedIn: SignedIn, code: string, origin: RequestOrigin): Promise<NewSession & { user: UserView }> {
    if (!signedIn.pendingSecondFactor) throw new AppError('second_factor_not_pending');
    const now = this.now();
    const user = await this.users.findById(signedIn.user.id);
    if (!user || user.disabledAt) throw new AppError('unauthenticated');
    const lockedSeconds = lockedFor(user, now);
    if (lockedSeconds !== null) {
      await this.db.transaction(async (tx) => {
        await this.sessions.revoke(signedIn.sessionId, now, tx);
        await this.logAttempt(tx, user, user.email, 'locked', origin, now);
      });
      throw AppError.retryAfter('account_locked', lockedSeconds);
    }
    if (!user.totpSecret) {
      await this.sessions.revoke(signedIn.sessionId, now);
      throw new AppError('second_factor_not_pending');
    }
    const recovery = isRecoveryCode(code);
    const step = recovery ? null : await this.checkCode(user.id, user.totpSecret, code, now, user.totpLastStep);
    const refuse = async () => {
      const after = await this.db.transaction(async (tx) => {
        const next = await this.countFailure(tx, user, now);
        if (next.locked) await this.sessions.revoke(signedIn.sessionId, now, tx);
        await this.logAttempt(tx, user, user.email, 'second_factor_failed', origin, now, { ...(recovery ? { recoveryCode: true } : {}), ...(next.locked ? { locked: true } : {}) });
        return next;
      });
      return this.failureError(after, now, 'second_factor_invalid');
    };
    if (!recovery && step === null) throw await refuse();
    const session = await this.db.transaction(async (tx) => {
      if (recovery) {
        // a recovery code is spent in the database: used once, even by two requests at once
        if (!(await this.recoveryCodes.use(tx, user.id, recoveryCodeHash(user.id, code), now))) return null;
        const remaining = await this.recoveryCodes.remaining(user.id, tx);
        await this.audit.record({ actorId: user.id, action: 'auth.recovery_code_used', targetType: 'user', targetId: user.id, data: { remaining }, ip: origin.ip }, tx);
      } else if (!(await this.users.claimTotpStep(user.id, step!, tx))) {
        // the step is taken in the database: a code is accepted once, even by two requests at once or after a restart
        return null;
      }
      await this.sessions.revoke(signedIn.sessionId, now, tx);
      await this.users.update(user.id, { failedSignIns: 0, lockedUntil: null }, tx);
      const opened = await this.openSession(tx, user.id, origin, this.sessionExpiry(now), false);
      await this.logAttempt(tx, user, user.email, 'success', origin, now, { sessionId: opened.id, secondFactor: recovery ? 'recovery_code' : true });
      return opened;
    });
    if (!session) throw await refuse();
    return { ...session, user: presentUser(user) };
  }

  /**
   * The signed-in user for a cookie token, or undefined when it is unknown, expired or revoked. Sessions that
   * are not complete yet (code to give, operator to enrol) are returned only when `allowIncomplete` is set: the
   * HTTP hooks let them reach the steps that complete them; the meeting WebSocket does not let them in at all.
   */
  async authenticate(token: string | undefined, opts: { allowIncomplete?: boolean } = {}): Promise<SignedIn | undefined> {
    if (!token || token.length > 100) return undefined;
    const now = this.now();
    const row = await this.sessions.findLive(hashToken(token), now);
    if (!row) return undefined;
    const signedIn: SignedIn = {
      user: row.user,
      sessionId: row.session.id,
      csrfToken: row.session.csrfToken,
      pendingSecondFactor: row.session.pendingSecondFactor,
      secondFactorEnrolmentRequired: needsSecondFactorEnrolment(row.user),
    };
    if (!opts.allowIncomplete && (signedIn.pendingSecondFactor || signedIn.secondFactorEnrolmentRequired)) return undefined;
    if (lastSeenDue(row.session.lastSeenAt, now)) await this.sessions.touch(row.session.id, now);
    return signedIn;
  }

  async logout(signedIn: SignedIn, ip: string): Promise<void> {
    const now = this.now();
    await this.db.transaction(async (tx) => {
      await this.sessions.revoke(signedIn.sessionId, now, tx);
      await this.audit.record({ actorId: signedIn.user.id, action: 'auth.signed_out', targetType: 'user', targetId: signedIn.user.id, data: { sessionId: signedIn.sessionId }, ip }, tx);
    });
    await this.presence.closeSessions([signedIn.sessionId]);
  }

  /**
   * A new password ends every other session of the account (R1.3): whoever learnt the old one and signed in with it
   * is out at once, their meeting presences too. The session the change is made from stays.
   */
  async changePassword(signedIn: SignedIn, currentPassword: string, newPassword: string, ip = ''): Promise<void> {
    const { user } = signedIn;
    if (!(await verifyPassword(user.passwordHash, currentPassword))) throw new AppError('invalid_credentials');
    if (!isStrongEnough(newPassword, user.email) || newPassword === currentPassword) throw new AppError('password_too_weak');
    const passwordHash = await hashPassword(newPassword);
    const now = this.now();
    const ended = await this.db.transaction(async (tx) => {
      await this.users.update(user.id, { passwordHash, mustChangePassword: false }, tx);
      const ids = await this.sessions.revokeAllOf(user.id, now, signedIn.sessionId, tx);
      await this.audit.record(
        { actorId: user.id, action: 'auth.password_changed', targetType: 'user', targetId: user.id, data: { firstSignIn: user.mustChangePassword, endedSessions: ids.length }, ip },
        tx,
      );
      return new Set(ids);
    });
    if (ended.size > 0) await this.presence.closeSessions([...ended]);
  }

  // ------------------------------------------------------------------------------------------ second factor

  /** Starts (or restarts) enrolment: a new pending secret, shown once as the authenticator app's address. */
  async setupSecondFactor(user: Actor): Promise<SecondFactorSetup> {
    const fresh = await this.freshUser(user.id);
    if (fresh.totpSecret) throw new AppError('second_factor_already_enabled');
    const secret = newTotpSecret();
    await this.users.update(user.id, { totpPendingSecret: this.secrets.seal(secret, totpContext(user.id)) });
    const uri = enrolmentUri(secret, fresh.email);
    return { uri, qrSvg: await enrolmentQrSvg(uri) };
  }

  /** The first valid code from the app confirms the pending secret, which becomes the account's second factor. */
  async confirmSecondFactor(user: Actor, code: string, ip: string): Promise<RecoveryCodesResponse> {
    const fresh = await this.freshUser(user.id);
    if (fresh.totpSecret) throw new AppError('second_factor_already_enabled');
    if (!fresh.totpPendingSecret) throw new AppError('second_factor_not_pending');
    const step = await this.checkCode(user.id, fresh.totpPendingSecret, code, this.now(), null);
    if (step === null) throw new AppError('second_factor_invalid', { code: 'wrong or expired' });
    const recoveryCodes = newRecoveryCodes();
    await this.db.transaction(async (tx) => {
      // sealed for this account already: it moves as it is; the confirming code's step is the first one used
      await this.users.update(user.id, { totpSecret: fresh.totpPendingSecret, totpPendingSecret: null, totpLastStep: step }, tx);
      await this.audit.record({ actorId: user.id, action: 'auth.second_factor_enabled', targetType: 'user', targetId: user.id, ip }, tx);
      await this.storeRecoveryCodes(tx, user.id, recoveryCodes, ip);
    });
    return { recoveryCodes };
  }

  /**
   * A current authenticator code of a signed-in person with a second factor (not locked out): its time step, or null
   * when wrong; `refuse()` counts the failure towards the lockout and gives the error to throw.
   */
  private async currentCode(user: Actor, code: string) {
    const fresh = await this.freshUser(user.id);
    const now = this.now();
    if (!fresh.totpSecret) throw new AppError('second_factor_not_enabled');
    const lockedSeconds = lockedFor(fresh, now);
    if (lockedSeconds !== null) throw AppError.retryAfter('account_locked', lockedSeconds);
    const step = await this.checkCode(user.id, fresh.totpSecret, code, now, fresh.totpLastStep);
    const refuse = async () => {
      const after = await this.db.transaction((tx) => this.countFailure(tx, fresh, now));
      return after.locked ? this.failureError(after, now, 'second_factor_invalid') : new AppError('second_factor_invalid', { code: 'wrong or expired' });
    };
    return { fresh, now, step, refuse };
  }

  /** New recovery codes (the old ones stop working), asked with a current code of the authenticator. */
  async regenerateRecoveryCodes(user: Actor, code: string, ip: string): Promise<RecoveryCodesResponse> {
    const { fresh, now, step, refuse } = await this.currentCode(user, code);
    if (step === null) throw await refuse();
    const recoveryCodes = newRecoveryCodes();
    const done = await this.db.transaction(async (tx) => {
      if (!(await this.users.claimTotpStep(user.id, step, tx))) return false;
      await this.storeRecoveryCodes(tx, user.id, recoveryCodes, ip);
      return true;
    });
    if (!done) throw await refuse();
    return { recoveryCodes };
  }

  async recoveryCodesLeft(user: Actor): Promise<number> {
    return this.recoveryCodes.remaining(user.id);
  }

  private async storeRecoveryCodes(tx: Tx, userId: string, codes: string[], ip: string): Promise<void> {
    await this.recoveryCodes.replace(tx, userId, codes.map((c) => recoveryCodeHash(userId, c)));
    await this.audit.record({ actorId: userId, action: 'auth.recovery_codes_generated', targetType: 'user', targetId: userId, data: { count: codes.length }, ip }, tx);
  }

  /**
   * A second-factor code given for an action that needs one at that moment (a digital signature, R3.12): returns the
   * code's time step, which the action claims in its own transaction (`UserRepository.claimTotpStep`), so the code
   * is spent with the action or not at all. Wrong codes count towards the lockout like at sign-in.
   */
  async stepForCode(userId: string, code: string): Promise<number> {
    const fresh = await this.freshUser(userId);
    const now = this.now();
    if (!fresh.totpSecret) throw new AppError('signature_second_factor_required');
    const lockedSeconds = lockedFor(fresh, now);
    if (lockedSeconds !== null) throw AppError.retryAfter('account_locked', lockedSeconds);
    const step = await this.checkCode(userId, fresh.totpSecret, code, now, fresh.totpLastStep);
    if (step === null) {
      const after = await this.db.transaction((tx) => this.countFailure(tx, fresh, now));
      throw after.locked ? this.failureError(after, now, 'second_factor_invalid') : new AppError('second_factor_invalid', { code: 'wrong or expired' });
    }
    return step;
  }

  /**
   * Turning the second factor off needs a current code (a session left open is not enough). Wrong codes count
   * towards the lockout. An operator who turns it off must set it up again before doing anything else.
   */
  async disableSecondFactor(user: Actor, code: string, ip: string): Promise<void> {
    const { fresh, now, step, refuse } = await this.currentCode(user, code);
    if (step === null) throw await refuse();
    const disabled = await this.db.transaction(async (tx) => {
      if (!(await this.users.claimTotpStep(user.id, step, tx))) return false;
      await this.users.update(user.id, { totpSecret: null, totpPendingSecret: null, totpLastStep: null, failedSignIns: 0 }, tx);
      await this.recoveryCodes.replace(tx, user.id, []);
      await this.audit.record({ actorId: user.id, action: 'auth.second_factor_disabled', targetType: 'user', targetId: user.id, ip }, tx);
      return true;
    });
    if (!disabled) throw await refuse();
  }

  // ------------------------------------------------------------------------------------------ sessions and log

  async listSessions(signedIn: SignedIn): Promise<SessionView[]> {
    return (await this.sessions.listLive(signedIn.user.id, this.now())).map((s) => presentSession(s, signedIn.sessionId));
  }

  /** Signs one of one's own sessions out (the current one too: that is signing out). */
  async revokeSession(signedIn: SignedIn, sessionId: string, ip: string): Promise<{ current: boolean }> {
    const now = this.now();
    const done = await this.db.transaction(async (tx) => {
      const session = await this.sessions.findLiveById(sessionId, now, tx);
      if (!session || session.userId !== signedIn.user.id) return false;
      await this.sessions.revoke(sessionId, now, tx);
      await this.audit.record({ actorId: signedIn.user.id, action: 'auth.sessions_revoked', targetType: 'user', targetId: signedIn.user.id, data: { scope: 'one', sessionIds: [sessionId] }, ip }, tx);
      return true;
    });
    if (!done) throw new AppError('session_not_found');
    await this.presence.closeSessions([sessionId]);
    return { current: sessionId === signedIn.sessionId };
  }

  /** "Sign out elsewhere": every other session of the account ends, and leaves its meetings at once. */
  async revokeOtherSessions(signedIn: SignedIn, ip: string): Promise<number> {
    return this.endSessions(signedIn.user, signedIn.user.id, signedIn.sessionId, 'others', ip);
  }

  /** Leak response (R6.4): the operator ends every session of an account at once. */
  async endSessionsOf(actor: Actor, userId: string, currentSessionId: string, ip: string): Promise<number> {
    if (!accountPolicy.endSessionsOf(actor)) throw new AppError('forbidden');
    await this.freshUser(userId);
    // On their own account the operator keeps the session they act from.
    return this.endSessions(actor, userId, userId === actor.id ? currentSessionId : null, 'all', ip);
  }

  /**
   * The operator's recovery of someone's password (R1.3): a one-time password shown once, to change at the next
   * sign-in; the lock is lifted and every session of the account ends. Never the operator's own account (they change
   * it themselves).
   */
  async resetPasswordOf(actor: Actor, userId: string, ip: string): Promise<ResetPasswordResponse> {
    if (!accountPolicy.recoverAccountOf(actor, userId)) throw new AppError('forbidden');
    await this.freshUser(userId);
    const temporaryPassword = generateTemporaryPassword();
    const passwordHash = await hashPassword(temporaryPassword);
    await this.recover(actor, userId, { passwordHash, mustChangePassword: true, failedSignIns: 0, lockedUntil: null }, 'user.password_reset', ip);
    return { temporaryPassword };
  }

  /**
   * The operator removes someone's second factor (a lost phone, R1.3): secret and recovery codes go, every session
   * ends; the person signs in with the password and enrols again (an operator must, at once).
   */
  async resetSecondFactorOf(actor: Actor, userId: string, ip: string): Promise<void> {
    if (!accountPolicy.recoverAccountOf(actor, userId)) throw new AppError('forbidden');
    const target = await this.freshUser(userId);
    if (!target.totpSecret && !target.totpPendingSecret) throw new AppError('second_factor_not_enabled');
    await this.recover(actor, userId, { totpSecret: null, totpPendingSecret: null, totpLastStep: null }, 'user.second_factor_reset', ip);
  }

  private async recover(actor: Actor, userId: string, patch: Parameters<UserRepository['update']>[1], action: 'user.password_reset' | 'user.second_factor_reset', ip: string): Promise<void> {
    const now = this.now();
    const ended = await this.db.transaction(async (tx) => {
      await this.users.update(userId, patch, tx);
      if (action === 'user.second_factor_reset') await this.recoveryCodes.replace(tx, userId, []);
      const ids = await this.sessions.revokeAllOf(userId, now, null, tx);
      await this.audit.record({ actorId: actor.id, action, targetType: 'user', targetId: userId, data: { endedSessions: ids.length }, ip }, tx);
      return ids;
    });
    if (ended.length > 0) await this.presence.closeSessions(ended);
  }

  async sessionsOf(actor: Actor, userId: string, currentSessionId: string): Promise<SessionView[]> {
    if (!accountPolicy.readAccountSecurity(actor, userId)) throw new AppError('forbidden');
    await this.freshUser(userId);
    return (await this.sessions.listLive(userId, this.now())).map((s) => presentSession(s, currentSessionId));
  }

  async signInsOf(actor: Actor, userId: string): Promise<SignInView[]> {
    if (!accountPolicy.readAccountSecurity(actor, userId)) throw new AppError('forbidden');
    await this.freshUser(userId);
    return (await this.signIns.listFor(userId, SIGN_IN_LOG_LIMIT)).map(presentSignIn);
  }

  // ------------------------------------------------------------------------------------------ inside

  private async endSessions(actor: Actor, userId: string, keepId: string | null, scope: 'others' | 'all', ip: string): Promise<number> {
    const now = this.now();
    const ended = await this.db.transaction(async (tx) => {
      const ids = await this.sessions.revokeAllOf(userId, now, keepId, tx);
      await this.audit.record({ actorId: actor.id, action: 'auth.sessions_revoked', targetType: 'user', targetId: userId, data: { scope, count: ids.length }, ip }, tx);
      return new Set(ids);
    });
    if (ended.size > 0) await this.presence.closeSessions([...ended]);
    return ended.size;
  }

  private async freshUser(id: string): Promise<PersonRow> {
    const user = await this.users.findById(id);
    if (!user) throw new AppError('user_not_found');
    return user;
  }

  private sessionExpiry(now: Date): Date {
    return new Date(now.getTime() + this.policy.sessionTtlHours * 3_600_000);
  }

  private async openSession(tx: Tx, userId: string, origin: RequestOrigin, expiresAt: Date, pendingSecondFactor: boolean): Promise<NewSession & { id: string }> {
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const session = await this.sessions.create({ userId, tokenHash: hashToken(token), csrfToken, expiresAt, ip: origin.ip, userAgent: origin.userAgent, pendingSecondFactor }, tx);
    return { id: session.id, token, csrfToken, maxAgeSeconds: Math.round((expiresAt.getTime() - this.now().getTime()) / 1000) };
  }

  /** One more failure (wrong password or code) of an account; its new state, `locked` when this locks it. */
  private async countFailure(tx: Tx, user: PersonRow, now: Date): Promise<LockoutState & { locked: boolean }> {
    const next = afterFailure(user, { maxFailures: this.policy.lockoutMaxFailures, minutes: this.policy.lockoutMinutes }, now);
    await this.users.update(user.id, { failedSignIns: next.failedSignIns, lockedUntil: next.lockedUntil }, tx);
    return next;
  }

  /** `account_locked` with how long, when the failure locked the account; else `otherwise`. */
  private failureError(after: LockoutState & { locked: boolean }, now: Date, otherwise: 'invalid_credentials' | 'second_factor_invalid'): AppError {
    return after.locked ? AppError.retryAfter('account_locked', lockedFor(after, now) ?? 1) : new AppError(otherwise);
  }

  /**
   * A sign-in with an e-mail that names no usable account (none, or disabled): the password is "checked" all the
   * same (the same time taken), and the e-mail is counted and locked as an account would be.
   */
  private async refuseUnusable(user: PersonRow | null, email: string, password: string, origin: RequestOrigin, now: Date): Promise<never> {
    const key = email.trim().toLowerCase();
    const state = await this.signIns.lockoutOf(key);
    const lockedSeconds = lockedFor(state, now);
    if (lockedSeconds !== null) {
      await this.db.transaction((tx) => this.logAttempt(tx, user, email, 'locked', origin, now, user ? { reason: 'disabled' } : {}));
      throw AppError.retryAfter('account_locked', lockedSeconds);
    }
    await burnVerifyTime(password);
    const after = await this.db.transaction(async (tx) => {
      const next = afterFailure(state, { maxFailures: this.policy.lockoutMaxFailures, minutes: this.policy.lockoutMinutes }, now);
      await this.signIns.saveLockout(key, next, tx);
      await this.logAttempt(tx, user, email, user ? 'locked' : 'unknown_account', origin, now, { ...(user ? { reason: 'disabled' } : {}), ...(next.locked ? { locked: true } : {}) });
      return next;
    });
    throw this.failureError(after, now, 'invalid_credentials');
  }

  /** A row of the sign-in log and its audit entry (`auth.signed_in` or `auth.sign_in_failed`). */
  private async logAttempt(tx: Tx, user: PersonRow | null, email: string, outcome: SignInOutcome, origin: RequestOrigin, now: Date, data: Record<string, unknown> = {}): Promise<void> {
    await this.signIns.record({ userId: user?.id ?? null, email, ip: origin.ip, userAgent: origin.userAgent, outcome, at: now }, tx);
    await this.audit.record(
      {
        actorId: outcome === 'success' ? user!.id : null,
        action: outcome === 'success' ? 'auth.signed_in' : 'auth.sign_in_failed',
        targetType: user ? 'user' : '',
        targetId: user?.id ?? '',
        data: { email, ...(outcome === 'success' ? {} : { outcome }), ...data },
        ip: origin.ip,
      },
      tx,
    );
  }
}
