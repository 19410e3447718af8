/**
 * The HTTP API client. Same-origin cookies carry the session; every state-changing request carries the CSRF
 * token from `GET /api/auth/me` or the login. A refusal `{error:{id,message}}` becomes an `ApiError` whose
 * message is the translated `t(id)`.
 */
import type {
  ChangePasswordBody,
  CreateMeetingBody,
  CreateMeetingResponse,
  CreateUserBody,
  CreateUserResponse,
  LoginBody,
  LoginResponse,
  MeetingView,
  MeResponse,
  UserView,
  PersonRef,
} from '../../shared/api';
import type { ErrorId } from '../../shared/errors';
import { hasMessage, t } from './i18n';

/** Errors the client detects itself (no server answer). */
export type ClientErrorId = 'network_error';

export class ApiError extends Error {
  constructor(
    readonly id: ErrorId | ClientErrorId,
    readonly status: number,
    /** The server's own (untranslated) text, kept for diagnostics. */
    readonly serverMessage?: string,
    readonly fields?: Record<string, string>,
  ) {
    super(hasMessage(id) ? t(id) : (serverMessage ?? t('internal_error')));
    this.name = 'ApiError';
  }
}

let csrfToken: string | null = null;

/** The CSRF token of the session, for requests made without `request` (a raw upload). */
export const currentCsrfToken = (): string | null => csrfToken;
const unauthenticatedListeners = new Set<() => void>();

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when the server says the session is gone (expired or revoked), so the app can show the login. */
export function onUnauthenticated(listener: () => void): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * An id of the catalogue: every one is a message of the dictionary (i18n.test.ts holds it), so the dictionary
 * answers without the catalogue itself, which stays out of the sign-in page's script (issue 18.7).
 */
function isErrorId(id: unknown): id is ErrorId {
  return typeof id === 'string' && hasMessage(id);
}

async function toApiError(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    /* not JSON (a proxy's error page): treated as an internal error below */
  }
  const error = (body as { error?: { id?: unknown; message?: unknown; fields?: Record<string, string> } } | null)?.error;
  const message = typeof error?.message === 'string' ? error.message : undefined;
  if (isErrorId(error?.id)) return new ApiError(error.id, response.status, message, error.fields);
  // No error body: a proxy in front of the server answered (server down or restarting).
  const unreachable = response.status === 502 || response.status === 503 || response.status === 504;
  return new ApiError(unreachable ? 'network_error' : 'internal_error', response.status, message);
}

/** The one fetch wrapper: JSON, CSRF header, errors as ApiError. Domain API modules (api-<domain>.ts) build on it. */
export async function request<T>(method: Method, path: string, body?: unknown, retried = false): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError('network_error', 0);
  }

  if (!response.ok) {
    const error = await toApiError(response);
    // A stale token (e.g. the session was renewed in another tab): fetch the current one and try once more.
    if (error.id === 'csrf_token_invalid' && !retried) {
      await api.me();
      return request<T>(method, path, body, true);
    }
    if (error.id === 'unauthenticated') for (const listener of unauthenticatedListeners) listener();
    throw error;
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/**
 * A file sent as the raw body of a POST (documents, task reports' files), its type as Content-Type (the server checks
 * it against the bytes); the answer as `request` gives it, a refusal as an ApiError.
 */
export async function uploadFile<T>(path: string, file: File): Promise<T> {
  const { csrfToken: token } = await api.me();
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { accept: 'application/json', 'content-type': file.type || 'application/octet-stream', 'x-csrf-token': token ?? '' },
      body: file,
    });
  } catch {
    throw new ApiError('network_error', 0);
  }
  if (response.ok) return (await response.json()) as T;
  if (response.status === 413) throw new ApiError('document_too_large', 413);
  throw await toApiError(response);
}

const slugPath = (slug: string) => `/api/meetings/by-slug/${encodeURIComponent(slug)}`;

export const api = {
  async me(): Promise<MeResponse> {
    const me = await request<MeResponse>('GET', '/api/auth/me');
    setCsrfToken(me.csrfToken);
    return me;
  },
  /** The password step: signed in, or (second factor set up) a session that waits for the code. */
  async login(body: LoginBody): Promise<LoginResponse> {
    const result = await request<LoginResponse>('POST', '/api/auth/login', body);
    setCsrfToken(result.csrfToken);
    return result;
  },
  /** The code from the authenticator app, after the password (R1.3). */
  async secondFactor(code: string): Promise<UserView> {
    const result = await request<{ user: UserView; csrfToken: string }>('POST', '/api/auth/second-factor', { code });
    setCsrfToken(result.csrfToken);
    return result.user;
  },
  async logout(): Promise<void> {
    await request<void>('POST', '/api/auth/logout');
    setCsrfToken(null);
  },
  changePassword: (body: ChangePasswordBody) => request<void>('POST', '/api/auth/password', body),

  listUsers: () => request<{ users: UserView[] }>('GET', '/api/users').then((r) => r.users),
  /** Everyone who can be chosen for a meeting, across the organisation (R2.1): name, title, unit. */
  directory: () => request<{ people: PersonRef[] }>('GET', '/api/people').then((r) => r.people),
  createUser: (body: CreateUserBody) => request<CreateUserResponse>('POST', '/api/users', body),

  listMeetings: () => request<{ meetings: MeetingView[] }>('GET', '/api/meetings').then((r) => r.meetings),
  createMeeting: (body: CreateMeetingBody) => request<CreateMeetingResponse>('POST', '/api/meetings', body),
  meetingBySlug: (slug: string) =>
    request<{ meeting: MeetingView }>('GET', slugPath(slug)).then((r) => r.meeting),
  /** `lobby`: not on the invitation list; after joining, one waits for the chair's decision (R3.1). */
  meetingAccess: (slug: string, password: string) =>
    request<{ admission: 'direct' | 'lobby' }>('POST', `${slugPath(slug)}/access`, { password }),
};
