/**
 * The one error catalogue. Every refusal the server sends (HTTP body or WebSocket `error` frame) carries one of
 * these ids; the id is also the i18n key under which the web client finds the translated message.
 */
export const errorCatalogue = {
  validation_failed: { status: 400, report: false },
  unauthenticated: { status: 401, report: false },
  invalid_credentials: { status: 401, report: false },
  account_locked: { status: 423, report: false },
  password_change_required: { status: 403, report: false },
  password_too_weak: { status: 400, report: false },
  csrf_token_invalid: { status: 403, report: false },
  second_factor_required: { status: 401, report: false },
  second_factor_enrolment_required: { status: 403, report: false },
  second_factor_invalid: { status: 400, report: false },
  second_factor_not_pending: { status: 409, report: false },
  second_factor_already_enabled: { status: 409, report: false },
  second_factor_not_enabled: { status: 409, report: false },
  session_not_found: { status: 404, report: false },
  forbidden: { status: 403, report: false },
  not_found: { status: 404, report: false },
  user_not_found: { status: 404, report: false },
  unit_not_found: { status: 404, report: false },
  unit_code_taken: { status: 409, report: false },
  unit_not_empty: { status: 409, report: false },
  unit_cycle: { status: 400, report: false },
  csv_invalid: { status: 400, report: false },
  endpoint_not_found: { status: 404, report: false },
  endpoint_version_conflict: { status: 409, report: false },
  endpoint_capacity_reached: { status: 409, report: false },
  endpoint_in_use: { status: 409, report: false },
  endpoint_account_exists: { status: 409, report: false },
  technician_not_found: { status: 404, report: false },
  technician_assignment_not_found: { status: 404, report: false },
  notification_not_found: { status: 404, report: false },
  email_taken: { status: 409, report: false },
  meeting_not_found: { status: 404, report: false },
  meeting_slug_taken: { status: 409, report: false },
  meeting_slug_reserved: { status: 400, report: false },
  meeting_time_invalid: { status: 400, report: false },
  meeting_password_wrong: { status: 403, report: false },
  meeting_not_invited: { status: 403, report: false },
  meeting_ended: { status: 410, report: false },
  chair_only: { status: 403, report: false },
  meeting_role_forbidden: { status: 403, report: false },
  floor_request_not_found: { status: 409, report: false },
  floor_already_requested: { status: 409, report: false },
  floor_not_held: { status: 409, report: false },
  participant_not_found: { status: 404, report: false },
  lobby_entry_not_found: { status: 404, report: false },
  lobby_refused: { status: 403, report: false },
  presentation_not_allowed: { status: 403, report: false },
  leave_request_not_found: { status: 404, report: false },
  recording_unavailable: { status: 503, report: true },
  recording_not_found: { status: 404, report: false },
  recording_not_ready: { status: 409, report: false },
  range_not_satisfiable: { status: 416, report: false },
  protocol_version_unsupported: { status: 400, report: false },
  message_malformed: { status: 400, report: false },
  message_unknown: { status: 400, report: false },
  not_joined: { status: 409, report: false },
  already_joined: { status: 409, report: false },
  media_unavailable: { status: 503, report: true },
  media_negotiation_failed: { status: 502, report: true },
  internal_error: { status: 500, report: true },
} as const satisfies Record<string, { status: number; report: boolean }>;

export type ErrorId = keyof typeof errorCatalogue;
export const errorIds = Object.keys(errorCatalogue) as ErrorId[];

/** Shape of every error body the HTTP API returns. */
export interface ErrorBody {
  error: { id: ErrorId; message: string; fields?: Record<string, string> };
}
