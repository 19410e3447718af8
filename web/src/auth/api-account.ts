/** One's account (R1.3): second factor, sessions and sign-in log; the operator's side for any account (R6.4). */
import type { EndSessionsResponse, PasswordResetRequestBody, RecoveryCodesResponse, ResetPasswordResponse, SecondFactorSetup, SessionView, SignInView } from '../../../shared/api';
import { request } from '../api';

export const accountApi = {
  setupSecondFactor: () => request<SecondFactorSetup>('POST', '/api/auth/second-factor/setup'),
  /** The recovery codes come back this once. */
  confirmSecondFactor: (code: string) => request<RecoveryCodesResponse>('POST', '/api/auth/second-factor/confirm', { code }).then((r) => r.recoveryCodes),
  recoveryCodesLeft: () => request<{ remaining: number }>('GET', '/api/auth/recovery-codes').then((r) => r.remaining),
  regenerateRecoveryCodes: (code: string) => request<RecoveryCodesResponse>('POST', '/api/auth/recovery-codes', { code }).then((r) => r.recoveryCodes),
  /** "Quên mật khẩu?": the same answer whatever the address. */
  requestPasswordReset: (body: PasswordResetRequestBody) => request<void>('POST', '/api/auth/password-reset', body),
  disableSecondFactor: (code: string) => request<void>('POST', '/api/auth/second-factor/disable', { code }),

  sessions: () => request<{ sessions: SessionView[] }>('GET', '/api/auth/sessions').then((r) => r.sessions),
  revokeSession: (id: string) => request<void>('DELETE', `/api/auth/sessions/${encodeURIComponent(id)}`),
  revokeOtherSessions: () => request<EndSessionsResponse>('POST', '/api/auth/sessions/revoke-others').then((r) => r.revoked),
  signIns: () => request<{ signIns: SignInView[] }>('GET', '/api/auth/sign-ins').then((r) => r.signIns),

  sessionsOf: (userId: string) => request<{ sessions: SessionView[] }>('GET', `/api/users/${encodeURIComponent(userId)}/sessions`).then((r) => r.sessions),
  signInsOf: (userId: string) => request<{ signIns: SignInView[] }>('GET', `/api/users/${encodeURIComponent(userId)}/sign-ins`).then((r) => r.signIns),
  resetPasswordOf: (userId: string) => request<ResetPasswordResponse>('POST', `/api/users/${encodeURIComponent(userId)}/reset-password`).then((r) => r.temporaryPassword),
  resetSecondFactorOf: (userId: string) => request<void>('POST', `/api/users/${encodeURIComponent(userId)}/reset-second-factor`),
  endSessionsOf: (userId: string) => request<EndSessionsResponse>('POST', `/api/users/${encodeURIComponent(userId)}/end-sessions`).then((r) => r.revoked),
};

/** The secret inside an `otpauth://` address, in groups of four for typing into an app by hand. */
export function manualKeyOf(uri: string): string {
  try {
    const secret = new URL(uri).searchParams.get('secret') ?? '';
    return secret.replace(/(.{4})(?=.)/g, '$1 ');
  } catch {
    return '';
  }
}
