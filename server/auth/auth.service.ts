/** Sign-in, sessions, lockout and password change. */
import { createHash, randomBytes } from 'node:crypto';
import type { UserView } from '../../shared/api';
import { AppError } from '../errors';
import type { Actor } from '../organisation/organisation.policy';
import type { UserRepository } from '../organisation/user.repository';
import { presentUser } from '../organisation/user.presenter';
import { burnVerifyTime, hashPassword, isStrongEnough, verifyPassword } from './password';
import type { SessionRepository } from './session.repository';

export interface AuthPolicy {
  sessionTtlHours: number;
  lockoutMaxFailures: number;
  lockoutMinutes: number;
}

export interface SignedIn {
  user: Actor;
  sessionId: string;
  csrfToken: string;
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export class AuthService {
  constructor(
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly policy: AuthPolicy,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Returns the new session's cookie token (only ever sent in the Set-Cookie header). */
  async login(email: string, password: string): Promise<{ token: string; user: UserView; csrfToken: string }> {
    const user = await this.users.findByEmail(email);
    const now = this.now();
    if (!user) {
      await burnVerifyTime(password);
      throw new AppError('invalid_credentials');
    }
    if (user.disabledAt) {
      await burnVerifyTime(password);
      throw new AppError('invalid_credentials');
    }
    if (user.lockedUntil && user.lockedUntil > now) throw new AppError('account_locked');
    if (!(await verifyPassword(user.passwordHash, password))) {
      const failures = user.failedSignIns + 1;
      const locked = failures >= this.policy.lockoutMaxFailures;
      await this.users.update(user.id, {
        failedSignIns: locked ? 0 : failures,
        lockedUntil: locked ? new Date(now.getTime() + this.policy.lockoutMinutes * 60_000) : user.lockedUntil,
      });
      throw new AppError(locked ? 'account_locked' : 'invalid_credentials');
    }
    await this.users.update(user.id, { failedSignIns: 0, lockedUntil: null });
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    await this.sessions.create({
      userId: user.id,
      tokenHash: hashToken(token),
      csrfToken,
      expiresAt: new Date(now.getTime() + this.policy.sessionTtlHours * 3_600_000),
    });
    return { token, user: presentUser(user), csrfToken };
  }

  /** The signed-in user for a cookie token, or undefined when it is unknown, expired or revoked. */
  async authenticate(token: string | undefined): Promise<SignedIn | undefined> {
    if (!token || token.length > 100) return undefined;
    const row = await this.sessions.findLive(hashToken(token), this.now());
    return row && { user: row.user, sessionId: row.session.id, csrfToken: row.session.csrfToken };
  }

  async logout(sessionId: string): Promise<void> {
    await this.sessions.revoke(sessionId, this.now());
  }

  async changePassword(user: Actor, currentPassword: string, newPassword: string): Promise<void> {
    if (!(await verifyPassword(user.passwordHash, currentPassword))) throw new AppError('invalid_credentials');
    if (!isStrongEnough(newPassword, user.email) || newPassword === currentPassword) throw new AppError('password_too_weak');
    await this.users.update(user.id, { passwordHash: await hashPassword(newPassword), mustChangePassword: false });
  }
}
