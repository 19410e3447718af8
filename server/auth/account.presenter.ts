/** What leaves the server about sessions and sign-in attempts: never a token hash or CSRF token. */
import type { SessionView, SignInView } from '../../shared/api';
import type { SessionRow } from './session.repository';
import type { SignInRow } from './sign-in.repository';

export const presentSession = (s: SessionRow, currentSessionId: string): SessionView => ({
  id: s.id,
  userAgent: s.userAgent,
  ip: s.ip,
  startedAt: s.createdAt.toISOString(),
  lastSeenAt: s.lastSeenAt.toISOString(),
  current: s.id === currentSessionId,
  pendingSecondFactor: s.pendingSecondFactor,
});

export const presentSignIn = (r: SignInRow): SignInView => ({
  id: r.id,
  at: r.at.toISOString(),
  email: r.email,
  ip: r.ip,
  userAgent: r.userAgent,
  outcome: r.outcome,
});
