import { z } from 'zod';
import type { UserView } from './organisation';

// POST /api/auth/login → 200 { user, csrfToken } | 200 { secondFactorRequired: true, csrfToken } | invalid_credentials | account_locked
export const loginBody = z.object({ email: z.string().trim().toLowerCase().email().max(254), password: z.string().min(1).max(256) });
export type LoginBody = z.infer<typeof loginBody>;
// GET /api/auth/me → 200 MeResponse
export interface MeResponse {
  user: UserView | null;
  csrfToken: string | null;
  /** Signed in with the password; the TOTP code is still to come (POST /api/auth/second-factor). */
  secondFactorRequired?: boolean;
  /** The account must set up the second factor before anything else (operators, R1.3). */
  secondFactorEnrolmentRequired?: boolean;
}
// POST /api/auth/logout → 204
// POST /api/auth/password → 204 | invalid_credentials | password_too_weak
export const changePasswordBody = z.object({ currentPassword: z.string().min(1).max(256), newPassword: z.string().min(1).max(256) });
export type ChangePasswordBody = z.infer<typeof changePasswordBody>;
