/** Server side of the error catalogue (shared/errors.ts): throw `new AppError(id)` anywhere, the HTTP and WebSocket layers turn it into the same shape. */
import { errorCatalogue, type ErrorId } from '../shared/errors';

/** English fallback messages for logs and API clients; the web client translates by id. */
const messages: Record<ErrorId, string> = {
  validation_failed: 'The request is invalid.',
  text_invalid: 'A text contains a character that cannot be kept (a NUL character, or broken Unicode).',
  request_too_large: 'The request is too large.',
  unauthenticated: 'Sign in first.',
  invalid_credentials: 'Wrong e-mail or password.',
  account_locked: 'Too many failed sign-ins: the account is locked for a while.',
  too_many_requests: 'Too many attempts: try again in a moment.',
  password_change_required: 'Change your one-time password first.',
  password_too_weak: 'The password must have at least 10 characters, with letters and digits.',
  csrf_token_invalid: 'The request lacks a valid CSRF token.',
  second_factor_required: 'Enter the code from your authenticator app to finish signing in.',
  second_factor_enrolment_required: 'Set up the second factor (authenticator app) before anything else.',
  second_factor_invalid: 'Wrong or expired code.',
  second_factor_not_pending: 'There is nothing waiting for this code: start again.',
  second_factor_already_enabled: 'The second factor is already set up.',
  second_factor_not_enabled: 'The second factor is not set up.',
  session_not_found: 'No such session of yours.',
  forbidden: 'You are not allowed to do this.',
  signable_not_found: 'No such document to sign.',
  signature_not_your_turn: 'It is not your turn to sign this document: the signers sign in order, and you are not the next one.',
  signature_complete: 'Everyone has signed this document already.',
  signature_document_altered: 'The stored document no longer matches the one signed so far (it was altered): it cannot be signed.',
  signature_certificate_revoked: 'Your signing certificate has been revoked: ask the operator for a new one.',
  signature_certificate_expired: 'Your signing certificate has expired: ask the operator for a new one.',
  signature_certificate_not_found: 'No such signing certificate.',
  signature_second_factor_required: 'Signing needs your second factor (authenticator app): set it up on your account page first.',
  signature_p12_invalid: 'The PKCS#12 file cannot be read (wrong passphrase, or no RSA key with its certificate inside).',
  signature_pdf_invalid: 'This file is not a PDF the system can read.',
  room_people_not_technician: "Only the room's technician (or the room's own account) enters the people in the room.",
  attendance_not_ended: 'The attendance is confirmed once the meeting has ended.',
  not_found: 'Not found.',
  user_not_found: 'No such user.',
  unit_not_found: 'No such unit.',
  unit_code_taken: 'Another unit has this code.',
  unit_not_empty: 'The unit still has people, meetings, endpoints or sub-units.',
  unit_cycle: 'A unit cannot be placed under itself.',
  csv_invalid: 'The CSV file has errors; nothing was imported.',
  import_invalid: 'The file has errors (every row and field at fault is named); nothing was imported.',
  sign_in_link_invalid: 'This sign-in link is unknown, already used or expired: ask for a new one.',
  unit_not_invited: 'This unit is not invited to the meeting.',
  attendee_not_in_unit: 'Only people and rooms of the unit (or of the units under it) can attend for it.',
  endpoint_not_found: 'No such endpoint.',
  endpoint_version_conflict: 'Someone else changed this endpoint meanwhile: reload it and apply your change again.',
  endpoint_capacity_reached: "The media system's capacity of endpoints is reached: no more can be registered.",
  endpoint_in_use: 'The endpoint is invited to meetings: mark it out of order instead of deleting it.',
  endpoint_account_exists: 'This endpoint already has its own account.',
  technician_not_found: 'No such technician (a person with the technician role).',
  technician_assignment_not_found: 'No such current technician assignment on this endpoint.',
  notification_not_found: 'No such notification.',
  email_taken: 'An account with this e-mail exists.',
  meeting_not_found: 'No meeting at this address.',
  meeting_booking_too_late: 'A meeting must be booked at least 2 days ahead unless declared an emergency (art. 19(2) of Decision 1681/QĐ-UBND).',
  meeting_emergency_not_allowed: 'Only the office (an operator) books an emergency meeting, on the chairman’s decision (art. 19(1)–(2) of Decision 1681/QĐ-UBND).',
  meeting_endpoint_double_booked: 'An endpoint room is already booked by another meeting at that time.',
  meeting_media_capacity_exceeded: 'The media capacity for endpoints at that time would be exceeded.',
  meeting_slug_taken: 'Another meeting uses this link address.',
  meeting_slug_reserved: 'This link address is reserved.',
  meeting_time_invalid: 'The meeting must end after it starts.',
  meeting_password_wrong: 'Wrong meeting password.',
  meeting_not_invited: 'You are not invited to this meeting.',
  mail_not_found: 'No such mail in the outbox.',
  mail_not_retryable: 'Only a mail that failed, or was kept while no mail server was configured, can be sent again, and only with a mail server (SMTP_URL).',
  meeting_ended: 'The meeting has ended.',
  meeting_cancelled: 'The meeting has been cancelled.',
  meeting_not_approved: 'The office has not approved this meeting (pending or rejected, art. 21(1) of Decision 1681/QĐ-UBND).',
  meeting_not_open_yet: 'The meeting room opens at the system-check time (art. 19(3) of Decision 1681/QĐ-UBND); only the office (an operator) opens it earlier, giving a reason.',
  meeting_not_pending: 'The booking is no longer waiting for approval.',
  meeting_not_editable: 'Only a meeting that has not started, ended or been cancelled can be changed.',
  meeting_version_conflict: 'Someone else changed this meeting meanwhile: reload it and apply your change again.',
  meeting_check_time_too_late: 'The system check must be at least 1 hour before the opening (art. 19(3) of Decision 1681/QĐ-UBND).',
  meeting_networks_required: 'A restricted meeting needs at least one allowed network (art. 5(4) of Decision 1151/QĐ-BTNMT).',
  meeting_network_not_allowed: 'This restricted meeting cannot be entered from your network (art. 5(4) of Decision 1151/QĐ-BTNMT).',
  meeting_second_factor_required: 'This restricted meeting requires an account with the second factor set up (art. 5(4) of Decision 1151/QĐ-BTNMT).',
  reply_closed: 'Replies are closed: the meeting has started, ended or been cancelled.',
  reply_reason_required: 'Give a reason of 3 to 500 characters.',
  reply_substitute_invalid: 'The substitute must be an active person of the organisation who is not already invited.',
  reply_substitute_not_pending: 'This substitute is no longer waiting for a decision.',
  reply_remind_too_soon: 'A reminder was sent less than a minute ago.',
  chair_only: 'Only the chair may do this.',
  meeting_role_forbidden: 'Your role in this meeting does not allow this.',
  floor_request_not_found: 'That speaking request no longer exists.',
  floor_already_requested: 'You have already asked for the floor.',
  floor_not_held: 'That turn to speak has already ended.',
  participant_not_found: 'That participant is no longer in the meeting.',
  lobby_entry_not_found: 'Nobody is waiting with that id.',
  lobby_refused: 'The chair did not admit you.',
  presentation_not_allowed: 'Only the floor holder or someone the chair allows may present.',
  presentation_busy: 'Someone else is presenting; one presentation at a time.',
  document_not_presentable: 'Only a PDF document of this meeting can be shown.',
  leave_request_not_found: 'No request to leave is waiting from that participant.',
  recording_unavailable: 'Recording could not be started or stopped.',
  recording_not_found: 'No such recording.',
  recording_not_ready: 'This recording is not playable yet (still converting, or the conversion failed).',
  range_not_satisfiable: 'The requested byte range is outside the file.',
  document_type_not_allowed: 'This kind of file is not accepted: PDF, Word, Excel, PowerPoint, PNG or JPEG only.',
  document_type_mismatch: 'The file is not what its type says (its content does not match).',
  document_too_large: 'The file is larger than the limit for meeting documents.',
  document_kind_not_allowed: 'Draft minutes belong only to a meeting that needs minutes (a council meeting).',
  document_not_found: 'No such document of this meeting.',
  holiday_override_not_found: 'This date has no change to the default list of holidays.',
  calendar_feed_not_found: 'No such calendar subscription of yours.',
  meeting_not_ended: 'The meeting has not ended yet: this comes after it.',
  conclusion_not_found: 'No such conclusion of this meeting.',
  conclusions_none: 'The meeting has no conclusions: record them before issuing the notice.',
  conclusions_notice_not_drafted: 'Save the draft of the conclusions notice first.',
  conclusions_notice_issued: 'The conclusions notice has been issued: its conclusions and tasks no longer change.',
  conclusions_notice_version_conflict: 'Someone else changed the draft meanwhile: reload it and apply your change again.',
  task_not_found: 'No such task of yours.',
  task_report_not_found: 'No such report or file of this task.',
  task_assignee_invalid: 'The assignee must be an enabled person or an existing unit.',
  task_deadline_not_working_day: 'The deadline must be a working day.',
  task_deadline_past: 'The deadline has already passed.',
  task_done: 'The task is already done.',
  substitute_report_not_allowed: 'Only a substitute the chair approved writes this report, after the meeting.',
  substitute_report_read: 'The head has already read the report: it no longer changes.',
  substitute_report_not_found: 'No such report.',
  protocol_version_unsupported: 'Unsupported protocol version: reload the page.',
  message_malformed: 'Malformed message.',
  message_unknown: 'Unknown message type.',
  message_rate_limited: 'Too many messages: slow down.',
  not_joined: 'Join the meeting first.',
  already_joined: 'Already in the meeting.',
  technical_check_closed: 'Technical checks are accepted from 24 hours before the system-check time until the meeting ends.',
  technical_check_endpoint_required: 'You operate several endpoints of this meeting: name the one checked.',
  technical_check_session_not_found: 'No such technical check session.',
  media_unavailable: 'Media server unavailable, reconnecting.',
  media_negotiation_failed: 'Media negotiation failed.',
  media_description_invalid: 'The media description (SDP) was refused by the media server.',
  meeting_conclusions_required: 'Before ending the meeting, give its conclusions or confirm that there are none.',
  conclusion_agenda_item_invalid: 'A conclusion names an agenda item that is not on this meeting’s agenda.',
  secretary_not_invited: 'The secretary must be invited to the meeting (or be its chair).',
  minutes_entry_not_found: 'No such paragraph in these minutes (it may have been deleted).',
  minutes_version_conflict: 'Someone else changed this paragraph meanwhile: both texts are shown, nothing was overwritten.',
  minutes_floor_turn_not_found: 'No such turn on the floor in this meeting’s log.',
  minutes_section_invalid: 'No such section of the minutes (the opening, an agenda item, or other matters).',
  vote_not_found: 'No such vote in this meeting.',
  vote_closed: 'This vote is closed.',
  vote_already_cast: 'You have already voted (or your room has).',
  vote_not_eligible: 'You may not vote in this vote.',
  vote_choice_invalid: 'No such choice in this vote.',
  vote_electors_invalid: 'The members who may vote must be invited to the meeting.',
  vote_closing_time_invalid: 'The closing time must be in the future, within the next 24 hours.',
  internal_error: 'Internal error.',
  feedback_closed: 'This feedback is closed: send a new one.',
  report_not_found: 'No such quarterly report.',
  report_not_editable: 'The report has gone for signing or was submitted: it can no longer be changed.',
  report_version_conflict: 'Someone changed the report in the meantime: reload it.',
  report_signer_required: 'Choose who signs the report first.',
  report_signer_invalid: 'The signer must be an enabled person of the unit.',
  report_not_signed: 'The report must be signed before it is submitted.',
  report_state_invalid: 'The report is not in a state that allows this.',
  report_quarter_invalid: 'No such quarter.',
  minutes_secretary_required: 'Name the meeting secretary first: the minutes are signed by the secretary, then the chair.',
};

export class AppError extends Error {
  readonly status: number;
  readonly report: boolean;
  /** For a refusal that lasts (a lockout, a rate limit): sent as `Retry-After`. */
  retryAfterSeconds?: number;
  constructor(
    readonly id: ErrorId,
    readonly fields?: Record<string, string>,
    detail?: string,
  ) {
    super(detail ?? messages[id]);
    this.status = errorCatalogue[id].status;
    this.report = errorCatalogue[id].report;
  }

  /** A refusal to try again after `seconds` (at least 1). */
  static retryAfter(id: ErrorId, seconds: number, fields?: Record<string, string>): AppError {
    const err = new AppError(id, fields);
    err.retryAfterSeconds = Math.max(1, Math.ceil(seconds));
    return err;
  }

  get publicMessage(): string {
    return messages[this.id];
  }

  toBody() {
    return { error: { id: this.id, message: this.publicMessage, ...(this.fields ? { fields: this.fields } : {}) } };
  }
}

/** zod issues → `{ "field.path": "message" }` for the error body. */
export function fieldsOf(issues: { path: PropertyKey[]; message: string }[]): Record<string, string> {
  return Object.fromEntries(issues.map((i) => [i.path.map(String).join('.') || '(body)', i.message]));
}
