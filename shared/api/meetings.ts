import { z } from 'zod';
import { rowVersion } from './common';
import { parseCidr } from '../cidr';
import { slugPattern } from '../slug';
import type { PersonRef } from './organisation';

export type MeetingStatus = 'scheduled' | 'open' | 'ended' | 'cancelled';

/** Meeting types of D5 (R2.1); the database's column takes its values from here. */
export const meetingTypes = [
  'socio_economic_briefing',
  'traffic_safety',
  'flood_storm_control',
  'professional',
  'government_ministry',
  'training',
  'review_conference',
  'other',
] as const;
export type MeetingType = (typeof meetingTypes)[number];

/** The office arranges and the leaders decide (D21.1): a booking waits for the operator's approval. */
export const meetingApprovals = ['pending', 'approved', 'rejected'] as const;
export type MeetingApproval = (typeof meetingApprovals)[number];

/** One agenda item (R2.1): its presenter as an account, or by name, and the minutes it is given. */
export interface AgendaItemView {
  id: string;
  title: string;
  presenter: PersonRef | null;
  presenterName: string;
  minutes: number;
}

export interface EndpointRef {
  id: string;
  name: string;
  unit: string;
}

/**
 * An invited unit and who attends for it (R2.1, R2.5): its organiser names people and rooms of the unit, or admits
 * every member of the unit as invited. Those named see the meeting and its documents, are mailed, and enter directly.
 */
export interface InvitedUnitView {
  id: string;
  name: string;
  /** Every enabled member of the unit counts as invited. */
  membersAdmitted: boolean;
  /** When the unit last named its attendees (ISO 8601, UTC); null: not yet. */
  attendeesNamedAt: string | null;
  attendees: PersonRef[];
  rooms: EndpointRef[];
}

export interface MeetingView {
  id: string;
  title: string;
  slug: string;
  startsAt: string; // ISO 8601, UTC
  endsAt: string;
  status: MeetingStatus;
  hostUnit: { id: string; name: string };
  chair: PersonRef;
  /** The organiser's list (approved substitutes included); people invited units named are under `units`. */
  invitees: PersonRef[];
  /**
   * Invitees who attend for another (R2.5, D8.3): the substitute the chair approved and the name of the person or
   * unit they replace. They stay invited while that person or unit is (an edit cannot drop them). Empty unless the
   * reader manages the meeting.
   */
  substitutes: { personId: string; replaces: string }[];
  /** Endpoints (meeting rooms) the organiser invited; their room accounts join as the endpoint. Those invited units named are under `units`. */
  endpoints: EndpointRef[];
  /** Whether the viewer may end the meeting (chair, organiser of the host unit, operator). */
  canEnd: boolean;
  /** Whether the viewer may manage it (revoke its link, see who entered). */
  canManage: boolean;
  /** Whether the viewer may see its attendance and recordings. */
  canSeeRecords: boolean;
  chairTechnicianId: string | null;
  /** Default speaking time of a floor grant (D10.2). */
  speakingSeconds: number;
  /** Loại cuộc họp (D5); `typeNote` names it when `other`. */
  type: MeetingType;
  typeNote: string;
  /** Declared an emergency (D19.2) / urgent (D7.3) at booking. */
  emergency: boolean;
  /** The office's decision on the booking (D21.1, R2.3). */
  approval: { status: MeetingApproval; reason: string; by: PersonRef | null; at: string | null };
  /** Units invited as a whole (R2.1), each with whom it named to attend for it. */
  units: InvitedUnitView[];
  /**
   * Invited units nobody would receive the invitation for: no organiser account, nobody named, members not admitted
   * (R2.4). For those who manage the meeting; [] for others.
   */
  unreachableUnits: { id: string; name: string }[];
  /** In order. */
  agenda: AgendaItemView[];
  /** Nội dung phông/market (D19.3). */
  backdropText: string;
  /** System-check time for the endpoints (D19.3), ISO 8601 UTC. */
  checkAt: string | null;
  /** Council meeting: signed minutes, drafted beforehand (R2.7). */
  needsMinutes: boolean;
  /** Restricted meeting (M5.4, R2.2): entry only from `allowedNetworks`, and with a second factor when required. */
  restricted: boolean;
  requireSecondFactor: boolean;
  /** Only for those who may manage the meeting; [] for others. */
  allowedNetworks: string[];
  /** Named by an edit (`PATCH`), to detect a concurrent one. */
  version: number;
  invitationsSentAt: string | null;
  cancelledAt: string | null;
  cancelReason: string;
  /** The viewer may approve or reject it: an operator, while it is pending. */
  canApprove: boolean;
  /** The viewer may edit or cancel it: `canManage`, while it is scheduled. */
  canEdit: boolean;
  /** When the room opens: the system-check time (D19.3); before it nobody enters unless an operator opened it early. */
  opensAt: string;
  /** The viewer (an operator) may open the room before `opensAt`, giving a reason: it is scheduled, approved, not open yet. */
  canOpenEarly: boolean;
  /**
   * Set for someone who has the link but is not part of the meeting (R3.1: they may knock and wait in the lobby):
   * they get what `GET /api/meetings/:id` would give them, nothing — no invitees, rooms, units, agenda — beyond the
   * title, times, chair and state the door needs.
   */
  visitor?: true;
}

// GET  /api/meetings[?approval=pending] → { meetings: MeetingView[] }  (operator: all; organisers/secretaries: their unit subtree's; others: invited)
export const listMeetingsQuery = z.object({ approval: z.enum(meetingApprovals).optional() });
// POST /api/meetings (operator, organiser for a unit in their subtree) → 201 CreateMeetingResponse | meeting_slug_taken
//   | meeting_booking_too_late (D19.2) | meeting_endpoint_double_booked | meeting_media_capacity_exceeded (R2.3) | …
export interface CreateMeetingResponse {
  meeting: MeetingView;
  /**
   * Booked, with these warnings: the invitation notice it leaves is short of 3 working days (R2.4, D7.3); it falls
   * on a public holiday or a day off (Labour Code Art. 112, the operator's list of holidays).
   */
  warnings: BookingWarning[];
}
/** A booking rule named with its requirement and article (R2.3, R2.4). */
export interface BookingRuleBreach {
  rule: 'booking_lead_time' | 'invitation_notice' | 'check_time';
  requirement: 'R2.3' | 'R2.4';
  article: 'D19.2' | 'D7.3' | 'D19.3';
  required: number;
  actual: number;
}
export type InvitationNoticeBreach = BookingRuleBreach & { rule: 'invitation_notice' };
/** The meeting falls on a day off: a public holiday of the operator's list (named), or a weekend not swapped. */
export interface DayOffWarning {
  rule: 'day_off';
  /** The Vietnamese civil date, `YYYY-MM-DD`. */
  date: string;
  /** The holiday's name (`Tết Nguyên đán`, `Ngày Quốc khánh` …); '' for a Saturday or Sunday. */
  name: string;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
}
export type BookingWarning = InvitationNoticeBreach | DayOffWarning;

/**
 * The most ids one list of a booking may carry (invitees, rooms, units). Not a limit of the organisation's size —
 * a province's every commune and a ministry's every department fit many times over — only what bounds one request
 * body (20,000 ids are ~0.8 MB of JSON; the meeting routes accept 4 MB) and keeps each list within one SQL
 * statement's parameters where a list must be bound (server/db/batch.ts chunks the rest).
 */
export const MEETING_LIST_MAX = 20_000;

/** A CIDR network or one address, IPv4 or IPv6 (shared/cidr.ts). */
const network = z
  .string()
  .trim()
  .max(64)
  .refine((s) => parseCidr(s) !== null, { message: 'not an address range (CIDR), e.g. 10.0.0.0/8' });
export const agendaItemBody = z.object({
  title: z.string().trim().min(1).max(300),
  /** The presenter's account, when they have one. */
  presenterId: z.string().uuid().optional(),
  /** The presenter by name (someone without an account, or a position). */
  presenterName: z.string().trim().max(200).default(''),
  minutes: z.number().int().min(1).max(600),
});
export type AgendaItemBody = z.input<typeof agendaItemBody>;

/** The details of R2.1 beyond the essentials, the same when creating and editing. */
const meetingDetails = {
  type: z.enum(meetingTypes),
  typeNote: z.string().trim().max(200),
  unitIds: z.array(z.string().uuid()).max(MEETING_LIST_MAX),
  agenda: z.array(agendaItemBody).max(50),
  backdropText: z.string().trim().max(500),
  needsMinutes: z.boolean(),
  restricted: z.boolean(),
  allowedNetworks: z.array(network).max(100),
  requireSecondFactor: z.boolean(),
};

export const createMeetingBody = z.object({
  title: z.string().trim().min(3).max(300),
  startsAt: z.string().datetime({ offset: true }),
  endsAt: z.string().datetime({ offset: true }),
  /** Đơn vị chủ trì; defaults to the organiser's own unit. */
  hostUnitId: z.string().uuid().optional(),
  chairId: z.string().uuid(),
  /** The chair endpoint's technician, who acts for the chair on the floor and the layout. */
  chairTechnicianId: z.string().uuid().optional(),
  speakingSeconds: z.number().int().min(30).max(3600).default(300),
  inviteeIds: z.array(z.string().uuid()).max(MEETING_LIST_MAX).default([]),
  endpointIds: z.array(z.string().uuid()).max(MEETING_LIST_MAX).default([]),
  slug: z.string().trim().toLowerCase().regex(slugPattern),
  password: z.string().min(4).max(64),
  /** M4: the organiser declares the content is not a state secret; recorded in the audit log (R2.2). */
  notStateSecret: z.literal(true),
  /** An emergency (D19.2) or urgent meeting (D7.3): exempt from the booking lead time and the invitation notice. */
  emergency: z.boolean().default(false),
  type: meetingDetails.type.default('other'),
  typeNote: meetingDetails.typeNote.default(''),
  /** Units invited as a whole (R2.1). */
  unitIds: meetingDetails.unitIds.default([]),
  agenda: meetingDetails.agenda.default([]),
  /** Nội dung phông/market (D19.3). */
  backdropText: meetingDetails.backdropText.default(''),
  /** System-check time (D19.3): at least 1 hour before the opening; defaults to 1 hour before. */
  checkAt: z.string().datetime({ offset: true }).optional(),
  /** Council meeting (R2.7). */
  needsMinutes: meetingDetails.needsMinutes.default(false),
  /** Restricted meeting (M5.4): at least one network is then required. */
  restricted: meetingDetails.restricted.default(false),
  allowedNetworks: meetingDetails.allowedNetworks.default([]),
  requireSecondFactor: meetingDetails.requireSecondFactor.default(false),
});
export type CreateMeetingBody = z.input<typeof createMeetingBody>;

// PATCH /api/meetings/:id (canManage, while scheduled) → UpdateMeetingResponse | forbidden | meeting_not_editable
//   | meeting_version_conflict (409, fields.version: the current one) | the booking refusals of POST
/** An edit names the version it was made from; lists given replace the meeting's. */
export const updateMeetingBody = z.object({
  version: rowVersion,
  /** Why (told to everyone with the change notice). */
  reason: z.string().trim().max(500).default(''),
  title: z.string().trim().min(3).max(300).optional(),
  startsAt: z.string().datetime({ offset: true }).optional(),
  endsAt: z.string().datetime({ offset: true }).optional(),
  checkAt: z.string().datetime({ offset: true }).optional(),
  chairId: z.string().uuid().optional(),
  chairTechnicianId: z.string().uuid().nullable().optional(),
  speakingSeconds: z.number().int().min(30).max(3600).optional(),
  inviteeIds: z.array(z.string().uuid()).max(MEETING_LIST_MAX).optional(),
  endpointIds: z.array(z.string().uuid()).max(MEETING_LIST_MAX).optional(),
  type: meetingDetails.type.optional(),
  typeNote: meetingDetails.typeNote.optional(),
  unitIds: meetingDetails.unitIds.optional(),
  agenda: meetingDetails.agenda.optional(),
  backdropText: meetingDetails.backdropText.optional(),
  needsMinutes: meetingDetails.needsMinutes.optional(),
  restricted: meetingDetails.restricted.optional(),
  allowedNetworks: meetingDetails.allowedNetworks.optional(),
  requireSecondFactor: meetingDetails.requireSecondFactor.optional(),
});
export type UpdateMeetingBody = z.input<typeof updateMeetingBody>;
export interface UpdateMeetingResponse {
  meeting: MeetingView;
  /** As at booking, for a changed time. */
  warnings: BookingWarning[];
}

// POST /api/meetings/:id/approve (operator, while pending) → { meeting } | forbidden | meeting_not_pending
// POST /api/meetings/:id/reject { reason } (same) → { meeting }
export const rejectMeetingBody = z.object({ reason: z.string().trim().min(3).max(500) });
// POST /api/meetings/:id/cancel { reason } (canManage, while scheduled) → { meeting } | meeting_not_editable
export const cancelMeetingBody = z.object({ reason: z.string().trim().min(3).max(500) });
// POST /api/meetings/:id/open-early { reason } (operator, before the system-check time) → { meeting } (status open;
//   audited as meeting.opened_early with the reason) | forbidden | meeting_not_approved | meeting_ended | meeting_cancelled
export const openEarlyBody = z.object({ reason: z.string().trim().min(3).max(500) });

// GET  /api/meetings/by-slug/:slug → { meeting } (a `visitor` view for whom GET /api/meetings/:id refuses) | meeting_not_found | meeting_not_invited
// POST /api/meetings/by-slug/:slug/access { password } → 200 { admission: 'direct' | 'lobby' } | meeting_password_wrong | meeting_not_invited | meeting_ended
//   | meeting_cancelled | meeting_not_approved (pending or rejected, D21.1) | meeting_not_open_yet { opensAt } (before the system-check time, D19.3)
//   | meeting_network_not_allowed | meeting_second_factor_required (M5.4)
export const meetingAccessBody = z.object({ password: z.string().max(128) });

// GET  /api/meetings/:id → { meeting } | meeting_not_found | meeting_not_invited (same rule as by-slug)

/** Leak response (R6.4), for those who may manage the meeting (`canManage`). */
// POST /api/meetings/:id/revoke-access → RevokeAccessResponse | forbidden | meeting_not_found
export interface RevokeAccessResponse {
  /** The meeting with its new link address. */
  meeting: MeetingView;
  /** The new meeting password, shown once and never again. */
  password: string;
}

// GET  /api/meetings/:id/entries (canManage) → { entries: MeetingEntryView[], opened: RecordOpeningView[] } | forbidden | meeting_not_found
/** One entry into the meeting room (a join), oldest first. */
export interface MeetingEntryView {
  at: string; // ISO 8601, UTC
  /** null only if the account no longer exists. */
  person: PersonRef | null;
  email: string;
}

/**
 * Someone opened one of the meeting's recordings or documents (R6.4 leak response: who had access); each opening
 * is an audit entry (`recording.opened`, `document.opened`). Newest first.
 */
export interface RecordOpeningView {
  at: string; // ISO 8601, UTC
  /** null only if the account no longer exists. */
  person: PersonRef | null;
  email: string;
  kind: 'recording' | 'document';
  /** The recording's or the document's id. */
  itemId: string;
  /** The recording's label (whose stream) or the document's file name. */
  label: string;
  ip: string;
}

// GET /api/meetings/:id/units/:unitId/attendees (the unit's organisers; the operator) → UnitAttendeesResponse
//   | forbidden | meeting_not_found | unit_not_invited
// PUT same { personIds, endpointIds, membersAdmitted, password? } → UnitAttendeesResponse | forbidden | unit_not_invited
//   | attendee_not_in_unit (fields: personIds / endpointIds, the ids) | meeting_not_editable | meeting_password_wrong
//   | meeting_endpoint_double_booked | meeting_media_capacity_exceeded (the unit's rooms are booked like any, R2.3)
/** Who attends for an invited unit: replaces the unit's earlier choice. */
export const unitAttendeesBody = z.object({
  personIds: z.array(z.string().uuid()).max(MEETING_LIST_MAX).default([]),
  endpointIds: z.array(z.string().uuid()).max(MEETING_LIST_MAX).default([]),
  membersAdmitted: z.boolean().default(false),
  /**
   * The meeting password, as the unit's invitation gave it: when given (and right) the mails to those newly named
   * carry it; otherwise they are told the unit's office hands it to them.
   */
  password: z.string().max(128).optional(),
});
export type UnitAttendeesBody = z.input<typeof unitAttendeesBody>;
export interface UnitAttendeesResponse {
  unit: InvitedUnitView;
  /** People and rooms of the unit (and the units under it) who may be named, in Vietnamese order. */
  candidates: { people: PersonRef[]; rooms: EndpointRef[] };
  /** Whether the viewer may change the choice now (the meeting has not ended or been cancelled). */
  canEdit: boolean;
  /** Mails queued for those newly named (invitations already sent); 0 before the invitations go out. */
  mailed: number;
}
