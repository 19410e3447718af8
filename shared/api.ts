/**
 * Shapes of the HTTP API (`/api/...`), shared by server (validation) and web (typed fetch).
 * Every state-changing request (POST/PUT/PATCH/DELETE) except `POST /api/auth/login` must carry the header
 * `x-csrf-token` with the token returned by `GET /api/auth/me` or by the login. Errors: `ErrorBody` (errors.ts).
 */
import { z } from 'zod';
import { slugPattern } from './slug';

export const role = z.enum(['operator', 'user']);
export type Role = z.infer<typeof role>;

/** A person as the API shows them (never the password hash). */
export interface UserView {
  id: string;
  name: string;
  unit: string;
  email: string;
  role: Role;
  mustChangePassword: boolean;
}

export interface PersonRef {
  id: string;
  name: string;
  unit: string;
}

export type MeetingStatus = 'scheduled' | 'open' | 'ended';

export interface MeetingView {
  id: string;
  title: string;
  slug: string;
  startsAt: string; // ISO 8601, UTC
  endsAt: string;
  status: MeetingStatus;
  chair: PersonRef;
  invitees: PersonRef[];
  /** Whether the viewer may end the meeting (chair or operator). */
  canEnd: boolean;
}

// POST /api/auth/login  → 200 { user: UserView, csrfToken }  | invalid_credentials | account_locked
export const loginBody = z.object({ email: z.string().trim().toLowerCase().email().max(254), password: z.string().min(1).max(256) });
export type LoginBody = z.infer<typeof loginBody>;
// GET /api/auth/me      → 200 { user: UserView | null, csrfToken: string | null }
export interface MeResponse { user: UserView | null; csrfToken: string | null }
// POST /api/auth/logout → 204
// POST /api/auth/password → 204 | invalid_credentials | password_too_weak
export const changePasswordBody = z.object({ currentPassword: z.string().min(1).max(256), newPassword: z.string().min(1).max(256) });
export type ChangePasswordBody = z.infer<typeof changePasswordBody>;

// GET  /api/users (operator) → { users: UserView[] }
// POST /api/users (operator) → 201 { user: UserView, temporaryPassword: string } | email_taken
export const createUserBody = z.object({
  name: z.string().trim().min(2).max(120),
  unit: z.string().trim().min(1).max(200),
  email: z.string().trim().toLowerCase().email().max(254),
  role: role.default('user'),
});
export type CreateUserBody = z.input<typeof createUserBody>;
export interface CreateUserResponse { user: UserView; temporaryPassword: string }

// GET  /api/meetings → { meetings: MeetingView[] }  (operator: all; others: those they chair or are invited to)
// POST /api/meetings (operator) → 201 { meeting: MeetingView } | meeting_slug_taken | meeting_slug_reserved | meeting_time_invalid
export const createMeetingBody = z.object({
  title: z.string().trim().min(3).max(300),
  startsAt: z.string().datetime({ offset: true }),
  endsAt: z.string().datetime({ offset: true }),
  chairId: z.string().uuid(),
  inviteeIds: z.array(z.string().uuid()).max(500).default([]),
  slug: z.string().trim().toLowerCase().regex(slugPattern),
  password: z.string().min(4).max(64),
});
export type CreateMeetingBody = z.input<typeof createMeetingBody>;

// GET  /api/meetings/by-slug/:slug → { meeting: MeetingView } | meeting_not_found | meeting_not_invited
// POST /api/meetings/by-slug/:slug/access { password } → 204 | meeting_password_wrong | meeting_not_invited | meeting_ended
export const meetingAccessBody = z.object({ password: z.string().max(128) });
