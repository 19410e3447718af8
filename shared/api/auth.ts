import { z } from 'zod';
import type { OrganisationSettingsView, UserView } from './organisation';

// POST /api/auth/login → 200 LoginResponse | invalid_credentials | account_locked
export const loginBody = z.object({ email: z.string().trim().toLowerCase().email().max(254), password: z.string().min(1).max(256) });
export type LoginBody = z.infer<typeof loginBody>;
/**
 * The password alone signs in an account without a second factor; an account with one gets a session that may
 * do nothing but `POST /api/auth/second-factor` (R1.3).
 */
export type LoginResponse = { user: UserView; csrfToken: string } | { secondFactorRequired: true; csrfToken: string };
// GET /api/auth/me → 200 MeResponse
export interface MeResponse {
  user: UserView | null;
  csrfToken: string | null;
  /** Signed in with the password; the TOTP code is still to come (POST /api/auth/second-factor). */
  secondFactorRequired?: boolean;
  /** The account must set up the second factor before anything else (operators, R1.3). */
  secondFactorEnrolmentRequired?: boolean;
  /** The organisation's own words (approving office, deciding authority), for the client's messages; signed in only. */
  organisation?: OrganisationSettingsView;
}
// POST /api/auth/logout → 204
// POST /api/auth/password → 204 | invalid_credentials | password_too_weak
export const changePasswordBody = z.object({ currentPassword: z.string().min(1).max(256), newPassword: z.string().min(1).max(256) });
export type ChangePasswordBody = z.infer<typeof changePasswordBody>;

export { PASSWORD_MIN_LENGTH } from '../password-policy';

// ---------------------------------------------------------------------------------------- second factor (TOTP)
/** A code from the authenticator app: 6 digits (spaces, as some apps show `123 456`, are ignored). */
export const secondFactorCodeBody = z.object({
  code: z
    .string()
    .transform((s) => s.replace(/\s+/g, ''))
    .pipe(z.string().regex(/^\d{6}$/, 'six digits')),
});
export type SecondFactorCodeBody = z.input<typeof secondFactorCodeBody>;
/** The sign-in's code: six digits of the authenticator, or one of the account's recovery codes (`abcde-fghij`). */
export const signInCodeBody = z.object({
  code: z
    .string()
    .max(40)
    .transform((s) => s.replace(/\s+/g, ''))
    .pipe(z.string().regex(/^(\d{6}|[A-Za-z0-9]{5}-?[A-Za-z0-9]{5})$/, 'six digits, or a recovery code')),
});
// POST /api/auth/second-factor {code} (the pending session of the sign-in) → 200 { user, csrfToken } | second_factor_invalid | account_locked
//   A recovery code is spent (audited as `auth.recovery_code_used`, with how many are left).
// POST /api/auth/second-factor/setup → 200 SecondFactorSetup | second_factor_already_enabled
// POST /api/auth/second-factor/confirm {code} → 200 RecoveryCodesResponse | second_factor_not_pending | second_factor_invalid
// POST /api/auth/recovery-codes {code} (a current authenticator code) → 200 RecoveryCodesResponse: new codes, the old
//   ones stop working | second_factor_not_enabled | second_factor_invalid
// GET /api/auth/recovery-codes → 200 { remaining: number }
/** Recovery codes, shown this once (R1.3): each signs in once instead of the authenticator's code. */
export interface RecoveryCodesResponse {
  recoveryCodes: string[];
}

// POST /api/auth/password-reset {email} (no session: "Quên mật khẩu?") → 204 whatever the address (no account
//   enumeration); an enabled account with that address is mailed a link `/reset-password#<token>` (30 minutes, one use)
//   that sets a new password through POST /api/sign-in-links/redeem and ends every session of the account.
export const passwordResetRequestBody = z.object({ email: z.string().trim().toLowerCase().email().max(254) });
export type PasswordResetRequestBody = z.input<typeof passwordResetRequestBody>;

// The operator's recovery of an account (R1.3), never their own:
// POST /api/users/:id/reset-password → 200 { temporaryPassword } (shown once; to change at the next sign-in; every
//   session ended) | forbidden | user_not_found
// POST /api/users/:id/reset-second-factor → 204 (second factor and recovery codes removed, sessions ended: the person
//   enrols again) | forbidden | user_not_found | second_factor_not_enabled
export interface ResetPasswordResponse {
  temporaryPassword: string;
}
// POST /api/auth/second-factor/disable {code} → 204 | second_factor_not_enabled | second_factor_invalid
/** The one time the secret leaves the server: inside the `otpauth://` address, and its QR code. */
export interface SecondFactorSetup {
  /** `otpauth://totp/GiaoBan:<email>?secret=…&issuer=GiaoBan` for the authenticator app. */
  uri: string;
  /** The same address as a QR code (an SVG document). */
  qrSvg: string;
}

// ---------------------------------------------------------------------------------------- sessions and sign-in log
/** One live session of an account (R1.3): where and when it signs in. */
export interface SessionView {
  id: string;
  /** The browser's user agent as it announced itself (shown as browser and system). */
  userAgent: string;
  ip: string;
  startedAt: string;
  lastSeenAt: string;
  /** The session of the request that asked. */
  current: boolean;
  /** The password was given, the second factor not yet. */
  pendingSecondFactor: boolean;
}
// GET    /api/auth/sessions → { sessions: SessionView[] } (one's own live sessions, newest first)
// DELETE /api/auth/sessions/:id → 204 | session_not_found (one's own; the current one signs out)
// POST   /api/auth/sessions/revoke-others → { revoked: number } ("sign out elsewhere")
// GET    /api/users/:id/sessions (operator) → { sessions: SessionView[] }
// POST   /api/users/:id/end-sessions (operator, leak response R6.4) → { revoked: number }

export const signInOutcomes = ['success', 'wrong_password', 'unknown_account', 'locked', 'second_factor_failed', 'guest_link'] as const;
export type SignInOutcome = (typeof signInOutcomes)[number];
/** One attempt to sign in (R1.3). */
export interface SignInView {
  id: number;
  at: string;
  email: string;
  ip: string;
  userAgent: string;
  outcome: SignInOutcome;
}
// GET /api/auth/sign-ins → { signIns: SignInView[] } (one's own, newest first, at most 200)
// GET /api/users/:id/sign-ins (operator) → { signIns: SignInView[] }
export interface EndSessionsResponse { revoked: number }
