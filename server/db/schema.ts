/** Database schema (Drizzle). Migrations in ./migrations are generated from this file by `npm run db:generate`. */
import { sql } from 'drizzle-orm';
import { meetingApprovals, meetingTypes } from '../../shared/api/meetings';
import { shortfallCauses } from '../../shared/causes';
import { bigint, bigserial, boolean, date, index, integer, jsonb, pgTable, primaryKey, real, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';

const id = () => uuid('id').primaryKey().default(sql`gen_random_uuid()`);
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/** Units (đơn vị) form a tree of any depth (R1.1): ministry → departments; province → departments, districts, communes. */
export const units = pgTable(
  'units',
  {
    id: id(),
    parentId: uuid('parent_id').references((): AnyPgColumn => units.id),
    /** Short code, unique, used by CSV imports to name parents (e.g. `SO-TC`). */
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('units_parent_idx').on(t.parentId)],
);

/** Roles of R1.2; `endpoint` is the account of a meeting room, signed in on the room's computer (R1.4). */
export const roles = ['operator', 'organiser', 'secretary', 'technician', 'delegate', 'guest', 'endpoint'] as const;

export const users = pgTable('users', {
  id: id(),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  /** Chức vụ, shown with the name. */
  title: text('title').notNull().default(''),
  phone: text('phone').notNull().default(''),
  unitId: uuid('unit_id')
    .notNull()
    .references(() => units.id),
  role: text('role', { enum: roles }).notNull(),
  passwordHash: text('password_hash').notNull(),
  mustChangePassword: boolean('must_change_password').notNull().default(true),
  failedSignIns: integer('failed_sign_ins').notNull().default(0),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  /**
   * TOTP second factor (R1.3): the shared secret, set once enrolment is confirmed. Never leaves the server, and is
   * stored sealed (AES-256-GCM under the secrets key, `server/secrets/`): a copy of the database gives no codes.
   */
  totpSecret: text('totp_secret'),
  /** A secret being enrolled (sealed too), confirmed by the first valid code. */
  totpPendingSecret: text('totp_pending_secret'),
  /** The last TOTP time step accepted (RFC 6238 §5.2): that code and older ones are refused, across restarts too. */
  totpLastStep: integer('totp_last_step'),
  /** Guests are limited to one meeting. */
  guestMeetingId: uuid('guest_meeting_id'),
  disabledAt: timestamp('disabled_at', { withTimezone: true }),
  createdAt: createdAt(),
}, (t) => [index('users_unit_idx').on(t.unitId)]);

export const sessions = pgTable(
  'sessions',
  {
    id: id(),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    /** sha256 of the cookie's token: a database leak does not give working sessions. */
    tokenHash: text('token_hash').notNull().unique(),
    csrfToken: text('csrf_token').notNull(),
    createdAt: createdAt(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    ip: text('ip').notNull().default(''),
    userAgent: text('user_agent').notNull().default(''),
    /** Password accepted but the second factor not yet given: the session may only finish signing in. */
    pendingSecondFactor: boolean('pending_second_factor').notNull().default(false),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** The sign-in log (R1.3): every attempt, successful or not. */
export const signIns = pgTable(
  'sign_ins',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    ip: text('ip').notNull().default(''),
    userAgent: text('user_agent').notNull().default(''),
    outcome: text('outcome', { enum: ['success', 'wrong_password', 'unknown_account', 'locked', 'second_factor_failed', 'guest_link'] }).notNull(),
  },
  (t) => [index('sign_ins_user_idx').on(t.userId, t.at)],
);

/**
 * The lockout of sign-ins given an e-mail that names no usable account (unknown or disabled): the same count and
 * lock as an account's own (users.failed_sign_ins, locked_until), so that the answers never tell whether an
 * account exists (R1.3).
 */
export const signInLockouts = pgTable('sign_in_lockouts', {
  email: text('email').primaryKey(),
  failedSignIns: integer('failed_sign_ins').notNull().default(0),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** One-time links for guests (R1.2): only the hash is stored; the link signs the guest in once. */
export const guestLinks = pgTable('guest_links', {
  id: id(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  tokenHash: text('token_hash').notNull().unique(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
  createdAt: createdAt(),
});

/**
 * One-time sign-in links (R1.3) for accounts created without a password (the bulk import): the person opens the
 * link and sets their password. Only the token's sha256 is stored; a link is used once and expires.
 */
export const signInLinks = pgTable(
  'sign_in_links',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull().unique(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    /** `welcome`: the first password of an imported account; `reset`: "Quên mật khẩu?", asked for by the person (30 min). */
    purpose: text('purpose', { enum: ['welcome', 'reset'] }).notNull().default('welcome'),
  },
  (t) => [index('sign_in_links_user_idx').on(t.userId)],
);

/** Endpoints (điểm cầu, R1.4): meeting rooms and individual endpoints. */
export const endpoints = pgTable('endpoints', {
  id: id(),
  kind: text('kind', { enum: ['room', 'individual'] }).notNull(),
  name: text('name').notNull(),
  unitId: uuid('unit_id')
    .notNull()
    .references(() => units.id),
  location: text('location').notNull().default(''),
  equipment: text('equipment').notNull().default(''),
  networkAddress: text('network_address').notNull().default(''),
  status: text('status', { enum: ['ready', 'maintenance', 'out_of_order'] }).notNull().default('ready'),
  /** Seats in the room. */
  capacity: integer('capacity').notNull().default(0),
  /** The room's own account (role `endpoint`), or the person of an individual endpoint. */
  accountId: uuid('account_id')
    .unique()
    .references(() => users.id),
  createdAt: createdAt(),
  version: integer('version').notNull().default(1),
});

/** Technicians assigned to endpoints, with history: a change is a new row and an ended one (D13.2, D25.2). */
export const endpointTechnicians = pgTable(
  'endpoint_technicians',
  {
    id: id(),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => endpoints.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    /** Contact for this assignment (phone, radio, …). */
    contact: text('contact').notNull().default(''),
    assignedAt: timestamp('assigned_at', { withTimezone: true }).notNull().defaultNow(),
    assignedBy: uuid('assigned_by').references(() => users.id),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    endedBy: uuid('ended_by').references(() => users.id),
  },
  (t) => [index('endpoint_technicians_endpoint_idx').on(t.endpointId)],
);

/** In-app notices (announcements of technician changes, replaced sessions, …). */
export const notifications = pgTable(
  'notifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [index('notifications_user_idx').on(t.userId, t.createdAt)],
);

/**
 * The audit trail (R1.5, R6.3): append-only (a trigger refuses UPDATE and DELETE) and hash-chained: each row
 * carries the hash of the previous one, so a row changed behind the trigger's back is found by `npm run audit:verify`.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
    actorId: uuid('actor_id'),
    action: text('action').notNull(),
    targetType: text('target_type').notNull().default(''),
    targetId: text('target_id').notNull().default(''),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    ip: text('ip').notNull().default(''),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('audit_log_action_idx').on(t.action), index('audit_log_target_idx').on(t.targetType, t.targetId), index('audit_log_actor_idx').on(t.actorId)],
);


export const meetingStatuses = ['scheduled', 'open', 'ended', 'cancelled'] as const;

export const meetings = pgTable('meetings', {
  id: id(),
  title: text('title').notNull(),
  slug: text('slug').notNull().unique(),
  startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
  endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
  chairId: uuid('chair_id').notNull().references(() => users.id),
  /** Đơn vị chủ trì: its organisers manage the meeting (R1.1). */
  hostUnitId: uuid('host_unit_id')
    .notNull()
    .references(() => units.id),
  /** The chair endpoint's technician: acts for the chair on the floor and the layout (D15). */
  chairTechnicianId: uuid('chair_technician_id').references(() => users.id),
  /** Default speaking time a floor grant gets (D10.2). */
  speakingSeconds: integer('speaking_seconds').notNull().default(300),
  passwordHash: text('password_hash').notNull(),
  status: text('status', { enum: meetingStatuses }).notNull().default('scheduled'),
  createdBy: uuid('created_by').notNull().references(() => users.id),
  createdAt: createdAt(),
  endedAt: timestamp('ended_at', { withTimezone: true }),
  /** Loại cuộc họp (D5, R2.1); `typeNote` names it when `other`. */
  type: text('type', { enum: meetingTypes }).notNull().default('other'),
  typeNote: text('type_note').notNull().default(''),
  /** Emergency decided by the chairman (D19.2) / urgent (D7.3): exempt from lead time and invitation notice. */
  emergency: boolean('emergency').notNull().default(false),
  /** The office arranges and the leaders decide (D21.1): pending until approved or rejected with a reason. */
  approval: text('approval', { enum: meetingApprovals }).notNull().default('pending'),
  approvalReason: text('approval_reason').notNull().default(''),
  approvedBy: uuid('approved_by').references(() => users.id),
  approvedAt: timestamp('approved_at', { withTimezone: true }),
  /** Restricted meeting (M5.4, R2.2): joins only from these address ranges (CIDR) and with the second factor. */
  restricted: boolean('restricted').notNull().default(false),
  allowedNetworks: jsonb('allowed_networks').$type<string[]>().notNull().default([]),
  requireSecondFactor: boolean('require_second_factor').notNull().default(false),
  /** Nội dung phông/maket (D19.3), printed on the invitation. */
  backdropText: text('backdrop_text').notNull().default(''),
  /** System-check time for endpoints, at least 1 hour before the opening (D19.3). */
  checkAt: timestamp('check_at', { withTimezone: true }),
  /** Council meetings need signed minutes, drafted beforehand (M8.1d, R2.7). */
  needsMinutes: boolean('needs_minutes').notNull().default(false),
  /** Optimistic concurrency: an edit names the version it read; also the iCalendar SEQUENCE (R2.6). */
  version: integer('version').notNull().default(1),
  /** When invitations were first sent; later changes send updates to everyone (D24.3). */
  invitationsSentAt: timestamp('invitations_sent_at', { withTimezone: true }),
  /**
   * Who signed the giấy mời: the person who sent the invitations (the last send). Their name and title close the
   * document (Decree 30/2020) and they are the calendar entry's ORGANIZER; until a send, the meeting's creator.
   */
  invitationSignerId: uuid('invitation_signer_id').references(() => users.id),
  cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
  cancelReason: text('cancel_reason').notNull().default(''),
  /** Reminders already sent: system check for endpoints (D19.3), join 10 minutes early (M6.1). */
  checkReminderSentAt: timestamp('check_reminder_sent_at', { withTimezone: true }),
  earlyReminderSentAt: timestamp('early_reminder_sent_at', { withTimezone: true }),
  /** Thư ký (D12.3): keeps the minutes; designated by the chair or the meeting's organisers among the invited. */
  secretaryId: uuid('secretary_id').references(() => users.id),
  /** The chair confirmed at the end that the meeting has no conclusions (R3.5, D10.4): when and who. */
  conclusionsNoneAt: timestamp('conclusions_none_at', { withTimezone: true }),
  conclusionsNoneBy: uuid('conclusions_none_by').references(() => users.id),
  /**
   * Whether the meeting met requirements (R5.2, the quarterly report's "Tỷ lệ đạt yêu cầu"): judged by the chair at
   * the end, or by the operator / the organisers after; null: not judged (see `server/reports/outcome.ts`).
   */
  outcome: text('outcome', { enum: ['met', 'fell_short'] }),
  outcomeCause: text('outcome_cause', { enum: shortfallCauses }),
  outcomeNote: text('outcome_note').notNull().default(''),
  outcomeBy: uuid('outcome_by').references(() => users.id),
  outcomeAt: timestamp('outcome_at', { withTimezone: true }),
}, (t) => [index('meetings_ended_at_idx').on(t.endedAt)]);

export const meetingInvitees = pgTable(
  'meeting_invitees',
  {
    meetingId: uuid('meeting_id').notNull().references(() => meetings.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull().references(() => users.id),
    /**
     * Named by this invited unit to attend for it (its organiser's choice, R2.1, R2.5); null: invited by the
     * meeting's organiser. An edit of the meeting's list replaces only the rows without a unit.
     */
    forUnitId: uuid('for_unit_id').references(() => units.id),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.userId] }), index('meeting_invitees_user_idx').on(t.userId), index('meeting_invitees_unit_idx').on(t.meetingId, t.forUnitId)],
);

/** Endpoints invited to a meeting: their room account joins as the endpoint (R1.4). */
export const meetingEndpoints = pgTable(
  'meeting_endpoints',
  {
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => endpoints.id),
    /** Named by this invited unit (one of its rooms); null: booked by the meeting's organiser. */
    forUnitId: uuid('for_unit_id').references(() => units.id),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.endpointId] })],
);

/** Kinds of entry in the meeting log (R3, R4.3): attendance, speaking time, consent and incidents come from it. */
export const meetingEventTypes = [
  'joined',
  'left',
  'replaced',
  'ended',
  'lobby_waiting',
  'admitted',
  'refused',
  'removed',
  'locked',
  'unlocked',
  'floor_requested',
  'floor_withdrawn',
  'floor_granted',
  'floor_extended',
  'floor_ended',
  'muted',
  'layout_changed',
  'recording_started',
  'recording_stopped',
  'leave_requested',
  'leave_consented',
  'leave_refused',
  'incident',
  'chat',
  'presentation_started',
  'presentation_stopped',
  'attendees_named',
  /** A participant's connection dropped; they have a short while to take their presence back (`resumed`). */
  'connection_lost',
  'resumed',
  /** The server (or its instance) was down and the meeting was taken up again: not a leave of anyone. */
  'service_interrupted',
] as const;

/** The meeting log: every join, leave and end, the basis of attendance (R4.3). */
export const meetingEvents = pgTable(
  'meeting_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    meetingId: uuid('meeting_id').notNull().references(() => meetings.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').references(() => users.id),
    type: text('type', { enum: meetingEventTypes }).notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    index('meeting_events_meeting_idx').on(t.meetingId, t.at),
    // The quarterly report's figures (server/reports/figures.ts): whether an incident was recorded in a meeting.
    index('meeting_events_incident_idx').on(t.meetingId).where(sql`type = 'incident'`),
  ],
);

/** Recordings (R3.6): Janus records each stream; after the meeting they are converted to one playable file per participant. */
export const recordings = pgTable(
  'recordings',
  {
    id: id(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').references(() => users.id),
    /** Whose streams: the name shown in the room (person or endpoint). */
    label: text('label').notNull(),
    /** Janus's raw .mjr files for this participant, relative to the recordings folder. */
    sources: jsonb('sources').$type<string[]>().notNull().default([]),
    status: text('status', { enum: ['pending', 'converting', 'ready', 'failed'] }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    error: text('error'),
    /** The playable file, relative to the recordings folder. */
    file: text('file'),
    durationMs: integer('duration_ms'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('recordings_meeting_idx').on(t.meetingId)],
);


/**
 * Units invited as a whole (R2.1): the unit's head (its organisers) answers for it (R2.5) and names who attends for
 * it — people and rooms in meeting_invitees / meeting_endpoints with `for_unit_id`, or every member of the unit.
 */
export const meetingUnits = pgTable(
  'meeting_units',
  {
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    /** Every enabled member of the unit counts as invited (sees the meeting, is mailed, enters directly). */
    membersAdmitted: boolean('members_admitted').notNull().default(false),
    /** When and by whom the unit last named its attendees; null: not yet. */
    attendeesNamedAt: timestamp('attendees_named_at', { withTimezone: true }),
    attendeesNamedBy: uuid('attendees_named_by').references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.unitId] }), index('meeting_units_unit_idx').on(t.unitId)],
);

/** Agenda items with presenter and allotted time (R2.1), in order. */
export const meetingAgendaItems = pgTable(
  'meeting_agenda_items',
  {
    id: id(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    /** The presenter as an account when they have one, else by name. */
    presenterId: uuid('presenter_id').references(() => users.id),
    presenterName: text('presenter_name').notNull().default(''),
    minutes: integer('minutes').notNull(),
  },
  (t) => [index('meeting_agenda_items_meeting_idx').on(t.meetingId, t.position)],
);

/** Documents of a meeting (R2.1, R2.4) and draft minutes of council meetings (R2.7); bytes on disk by sha256. */
export const meetingDocuments = pgTable(
  'meeting_documents',
  {
    id: id(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['document', 'draft_minutes'] }).notNull().default('document'),
    name: text('name').notNull(),
    mediaType: text('media_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    uploadedBy: uuid('uploaded_by')
      .notNull()
      .references(() => users.id),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [index('meeting_documents_meeting_idx').on(t.meetingId)],
);

/**
 * Replies to an invitation (R2.5, M8.1e, D8.3): a person or a unit confirms or declines with a reason; a head may
 * name a substitute, whom the chair approves or refuses. No row: not answered yet.
 */
export const meetingReplies = pgTable(
  'meeting_replies',
  {
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    inviteeKind: text('invitee_kind', { enum: ['person', 'unit'] }).notNull(),
    /** users.id or units.id */
    inviteeId: uuid('invitee_id').notNull(),
    answer: text('answer', { enum: ['attending', 'declined', 'substitute'] }).notNull(),
    reason: text('reason').notNull().default(''),
    substituteId: uuid('substitute_id').references(() => users.id),
    substituteStatus: text('substitute_status', { enum: ['proposed', 'approved', 'refused'] }),
    substituteDecidedBy: uuid('substitute_decided_by').references(() => users.id),
    substituteDecidedAt: timestamp('substitute_decided_at', { withTimezone: true }),
    repliedBy: uuid('replied_by')
      .notNull()
      .references(() => users.id),
    repliedAt: timestamp('replied_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.inviteeKind, t.inviteeId] })],
);

/**
 * Outgoing e-mail (R2.4, M8.1b). With SMTP configured a worker sends and marks each row; without it (the embedded
 * default) rows stay `kept` and are shown in the UI, so nothing is lost without a mail server.
 */
export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    meetingId: uuid('meeting_id').references(() => meetings.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    kind: text('kind').notNull(),
    to: text('to').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html').notNull().default(''),
    /**
     * A secret the mail must carry (the meeting password of an invitation), sealed under the secrets key: the
     * text holds a slot in its place, filled only when the mail is handed to the mail server, after which this is
     * cleared. The outbox never shows it back (R6.1).
     */
    sealedSecret: text('sealed_secret'),
    /** Small attachments inline (the .ics, the invitation PDF); documents go as links. */
    attachments: jsonb('attachments').$type<{ filename: string; contentType: string; contentBase64: string }[]>().notNull().default([]),
    status: text('status', { enum: ['pending', 'sent', 'failed', 'kept'] }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    error: text('error'),
    /** A pending row is not tried before this time (the growing delay after a failed attempt); null: at once. */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    createdAt: createdAt(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [index('mail_outbox_status_idx').on(t.status, t.createdAt), index('mail_outbox_meeting_idx').on(t.meetingId)],
);

/**
 * The operator's changes to the default public holidays (VIETNAMESE-CONVENTIONS, Labour Code Art. 112): a day off
 * added, or a default holiday or weekend day made a working day (the government's yearly swaps).
 */
export const holidayOverrides = pgTable('holiday_overrides', {
  date: text('date').primaryKey(), // YYYY-MM-DD, Vietnamese civil date
  kind: text('kind', { enum: ['day_off', 'working_day'] }).notNull(),
  name: text('name').notNull().default(''),
  updatedBy: uuid('updated_by').references(() => users.id),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Technical checks before a meeting (R2.6, M8.2, D15.1, D16.1): one row per run, the latest per endpoint counts. */
export const technicalChecks = pgTable(
  'technical_checks',
  {
    id: id(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    endpointId: uuid('endpoint_id').references(() => endpoints.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    camera: boolean('camera').notNull(),
    microphone: boolean('microphone').notNull(),
    bitrateKbps: real('bitrate_kbps').notNull(),
    lossPercent: real('loss_percent').notNull(),
    rttMs: real('rtt_ms').notNull(),
    jitterMs: real('jitter_ms'),
    passed: boolean('passed').notNull(),
    note: text('note').notNull().default(''),
  },
  (t) => [index('technical_checks_meeting_idx').on(t.meetingId, t.at)],
);

/** Subscription links to the weekly schedule as an iCalendar feed (R2.4, M12.2): calendar apps send no cookie. */
export const calendarFeeds = pgTable('calendar_feeds', {
  id: id(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  /** The whole organisation (null) or one unit and those under it. */
  unitId: uuid('unit_id').references(() => units.id),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: createdAt(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});

/**
 * A meeting in progress as it survives a restart of the server (R7.2): its shared state (floor, queue, layout,
 * lock, recording, presenters, document), its Janus room, and which server instance owns it — a lease with a
 * fencing token that every write carries, so an instance that lost the meeting cannot write over the new owner.
 */
export const liveMeetings = pgTable('live_meetings', {
  meetingId: uuid('meeting_id')
    .primaryKey()
    .references(() => meetings.id, { onDelete: 'cascade' }),
  ownerInstance: text('owner_instance').notNull(),
  fencing: bigint('fencing', { mode: 'number' }).notNull(),
  leaseUntil: timestamp('lease_until', { withTimezone: true }).notNull(),
  state: jsonb('state').$type<Record<string, unknown>>().notNull(),
  /** The meeting's VideoRoom: on which instance's Janus, its id and secret, the server's monitor handle. */
  media: jsonb('media').$type<Record<string, unknown>>(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Who is in a meeting in progress, kept as it changes so that a restarted server takes everyone back. */
export const liveParticipants = pgTable(
  'live_participants',
  {
    id: uuid('id').primaryKey(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    sessionId: uuid('session_id').notNull(),
    /** Role, endpoint, roster fields, resume token hash, Janus handle ids (server/live/participant.ts). */
    record: jsonb('record').$type<Record<string, unknown>>().notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('live_participants_meeting_idx').on(t.meetingId)],
);

/**
 * A session that proved a meeting's password is not asked again (the WebSocket join, a reloaded page, a restart of
 * the server); dropped when the meeting's access is revoked (R6.4).
 */
export const meetingEntryGrants = pgTable(
  'meeting_entry_grants',
  {
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    until: timestamp('until', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.meetingId] }), index('meeting_entry_grants_meeting_idx').on(t.meetingId)],
);

/**
 * The chair's conclusions of a meeting (R3.5, D10.4): recorded before the meeting ends, each with its time; they go
 * into the minutes (R2.7) and the conclusions notice, and tasks hang on them (R4.1, R4.2).
 */
export const meetingConclusions = pgTable(
  'meeting_conclusions',
  {
    id: id(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    /** The agenda item it concludes, when it concludes one. */
    agendaItemId: uuid('agenda_item_id').references(() => meetingAgendaItems.id, { onDelete: 'set null' }),
    text: text('text').notNull(),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('meeting_conclusions_meeting_idx').on(t.meetingId, t.position)],
);

/**
 * Recovery codes of the second factor (R1.3): ten shown once after enrolling (or regenerating), each usable once
 * instead of the authenticator's code at sign-in. Only their sha256 is stored (the codes are 50 random bits).
 */
export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull().unique(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('recovery_codes_user_idx').on(t.userId)],
);

/**
 * The organisation's own words (one row, `id` = 'organisation'; none: the defaults of a province): the office that
 * approves bookings (D21.1, "Văn phòng UBND tỉnh", or a ministry's "Văn phòng Bộ") and the authority who decides
 * emergencies (D19.2, "Chủ tịch UBND tỉnh", "Bộ trưởng"). The operator edits them.
 */
export const organisationSettings = pgTable('organisation_settings', {
  id: text('id').primaryKey().default('organisation'),
  approvingOffice: text('approving_office').notNull(),
  decidingAuthority: text('deciding_authority').notNull(),
  updatedBy: uuid('updated_by').references(() => users.id),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Feedback and requests for improvement sent by units to the operator (R5.5, D16.2d): the operator answers; both
 * see its state.
 */
export const feedback = pgTable(
  'feedback',
  {
    id: id(),
    kind: text('kind', { enum: ['feedback', 'improvement', 'fault'] }).notNull(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    status: text('status', { enum: ['open', 'answered', 'closed'] }).notNull().default('open'),
    answer: text('answer'),
    answeredBy: uuid('answered_by').references(() => users.id),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('feedback_unit_idx').on(t.unitId, t.createdAt), index('feedback_status_idx').on(t.status, t.createdAt)],
);

/**
 * The conclusions notice of a meeting (R4.1, D10.5, D12.4): drafted by the chair's office (the meeting's organisers)
 * from the conclusions, issued once to those concerned. Its text is built from the meeting and these fields.
 */
export const conclusionsNotices = pgTable('conclusions_notices', {
  meetingId: uuid('meeting_id')
    .primaryKey()
    .references(() => meetings.id, { onDelete: 'cascade' }),
  /** Số và ký hiệu, e.g. `25/TB-VPUBND`. */
  number: text('number').notNull().default(''),
  /** The opening paragraph (when, where, who chaired, who attended). */
  opening: text('opening').notNull(),
  /** `TL. CHỦ TỊCH`, `KT. …`: the authority the office signs for. */
  signerAuthority: text('signer_authority').notNull().default(''),
  signerTitle: text('signer_title').notNull(),
  signerName: text('signer_name').notNull(),
  /** `Nơi nhận:` lines. */
  recipients: jsonb('recipients').$type<string[]>().notNull().default([]),
  version: integer('version').notNull().default(1),
  updatedBy: uuid('updated_by')
    .notNull()
    .references(() => users.id),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  issuedAt: timestamp('issued_at', { withTimezone: true }),
  issuedBy: uuid('issued_by').references(() => users.id),
});

/**
 * A task a conclusion assigns to a unit or a person, with a deadline (a Vietnamese civil date, a working day),
 * followed up until done (R4.2, D12.5). Visible to its assignee once the notice is issued.
 */
export const conclusionTasks = pgTable(
  'conclusion_tasks',
  {
    id: id(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    conclusionId: uuid('conclusion_id')
      .notNull()
      .references(() => meetingConclusions.id, { onDelete: 'cascade' }),
    description: text('description').notNull(),
    assigneeUserId: uuid('assignee_user_id').references(() => users.id),
    assigneeUnitId: uuid('assignee_unit_id').references(() => units.id),
    /** `YYYY-MM-DD` in Asia/Ho_Chi_Minh: due by the end of that day. */
    deadline: text('deadline').notNull(),
    doneAt: timestamp('done_at', { withTimezone: true }),
    /** Set by the reminder job before the deadline, and when escalated after it: each sent once. */
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('conclusion_tasks_meeting_idx').on(t.meetingId), index('conclusion_tasks_user_idx').on(t.assigneeUserId), index('conclusion_tasks_unit_idx').on(t.assigneeUnitId)],
);

/** Progress reports on a task by its assignee: text, and whether it reports the task done. */
export const taskReports = pgTable(
  'task_reports',
  {
    id: id(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => conclusionTasks.id, { onDelete: 'cascade' }),
    text: text('text').notNull(),
    done: boolean('done').notNull().default(false),
    reportedBy: uuid('reported_by')
      .notNull()
      .references(() => users.id),
    reportedAt: timestamp('reported_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('task_reports_task_idx').on(t.taskId)],
);

/** Documents attached to a progress report; bytes under DATA_DIR/documents by sha256, as meeting documents. */
export const taskReportFiles = pgTable(
  'task_report_files',
  {
    id: id(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => taskReports.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    mediaType: text('media_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('task_report_files_report_idx').on(t.reportId)],
);

/**
 * A substitute's report to the head who sent them (R4.4, D11.6): one per meeting and substitute, written after the
 * meeting; the head is notified and reads it (the first reading is recorded).
 */
export const substituteReports = pgTable(
  'substitute_reports',
  {
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    substituteId: uuid('substitute_id')
      .notNull()
      .references(() => users.id),
    headId: uuid('head_id')
      .notNull()
      .references(() => users.id),
    text: text('text').notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.substituteId] }), index('substitute_reports_head_idx').on(t.headId)],
);

/**
 * The local certification authority that issues signers their personal certificates (issue 16, PAdES signatures):
 * one row, created on the first start. Its private key is sealed under the secrets key (`server/secrets/`); the row
 * lives in the database so that a main and a backup server (one database, one secrets key) sign under the same CA.
 */
export const signingAuthorities = pgTable('signing_authorities', {
  id: text('id').primaryKey(),
  certificatePem: text('certificate_pem').notNull(),
  sealedKey: text('sealed_key').notNull(),
  createdAt: createdAt(),
});

/**
 * Signers' certificates: issued by the local CA, or imported from a real CA as PKCS#12 (the private key sealed
 * under the secrets key either way). A certificate revoked by the operator signs nothing more.
 */
export const signingCertificates = pgTable(
  'signing_certificates',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    source: text('source', { enum: ['local', 'imported'] }).notNull(),
    certificatePem: text('certificate_pem').notNull(),
    /** The issuers' certificates (PEM, concatenated) carried in each signature. */
    chainPem: text('chain_pem').notNull().default(''),
    sealedKey: text('sealed_key').notNull(),
    subject: text('subject').notNull(),
    issuer: text('issuer').notNull(),
    serialNumber: text('serial_number').notNull(),
    /** SHA-256 of the certificate's DER, hex. */
    fingerprint: text('fingerprint').notNull(),
    notBefore: timestamp('not_before', { withTimezone: true }).notNull(),
    notAfter: timestamp('not_after', { withTimezone: true }).notNull(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedBy: uuid('revoked_by').references(() => users.id),
    revocationReason: text('revocation_reason'),
  },
  (t) => [index('signing_certificates_user_idx').on(t.userId), index('signing_certificates_fingerprint_idx').on(t.fingerprint)],
);

/**
 * A document to sign (R3.12, R4.1, R4.3): a PDF with one empty signature field per signer, signed by each signer
 * in order, each signature an incremental update (PAdES). `pdf` holds the current bytes, `sha256` their hash: a
 * signature is refused when they no longer match (the stored document was altered).
 */
export const signables = pgTable(
  'signables',
  {
    id: id(),
    kind: text('kind', { enum: ['minutes', 'conclusions_notice', 'attendance', 'invitation', 'report'] }).notNull(),
    subjectId: text('subject_id').notNull(),
    title: text('title').notNull(),
    pdfBase64: text('pdf_base64').notNull(),
    sha256: text('sha256').notNull(),
    state: text('state', { enum: ['signing', 'signed'] }).notNull().default('signing'),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [index('signables_subject_idx').on(t.kind, t.subjectId)],
);

/** The signers of a signable, in order (`position` from 0), with the signature once given. */
export const signableSigners = pgTable(
  'signable_signers',
  {
    signableId: uuid('signable_id')
      .notNull()
      .references(() => signables.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    signedAt: timestamp('signed_at', { withTimezone: true }),
    certificateId: uuid('certificate_id').references(() => signingCertificates.id),
  },
  (t) => [primaryKey({ columns: [t.signableId, t.position] }), index('signable_signers_user_idx').on(t.userId)],
);

/**
 * The people in a meeting room as its technician entered them (R4.3): who sat in the room, for the attendance
 * record. One row per room and meeting; replaced as a whole.
 */
export const meetingRoomPeople = pgTable(
  'meeting_room_people',
  {
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => endpoints.id),
    people: jsonb('people').$type<{ name: string; title: string }[]>().notNull().default([]),
    enteredBy: uuid('entered_by')
      .notNull()
      .references(() => users.id),
    enteredAt: timestamp('entered_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.endpointId] })],
);

/**
 * The minutes written during the meeting (R2.7, R3.12, D12.3): one row per meeting whose `version` grows with every
 * change, so that readers know cheaply whether anything changed; the draft prepared beforehand it started from.
 */
export const meetingMinutes = pgTable('meeting_minutes', {
  meetingId: uuid('meeting_id')
    .primaryKey()
    .references(() => meetings.id, { onDelete: 'cascade' }),
  version: integer('version').notNull().default(0),
  /** The draft minutes (meeting_documents, kind `draft_minutes`) the secretary started from, for councils. */
  draftDocumentId: uuid('draft_document_id').references(() => meetingDocuments.id),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Paragraphs of the minutes, each in a section (`opening`, an agenda item's id, or `other`), optionally anchored to a
 * turn on the floor (the meeting log's `floor_granted`): who spoke, when and how long. Each paragraph has its own
 * version: an edit names the version it read, so two people's edits never overwrite each other silently.
 */
export const meetingMinutesEntries = pgTable(
  'meeting_minutes_entries',
  {
    id: id(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    section: text('section').notNull(),
    position: integer('position').notNull(),
    text: text('text').notNull().default(''),
    /** The floor turn the opinion was given in (`grantId` of the meeting log), and its speaker. */
    grantId: text('grant_id'),
    speakerId: uuid('speaker_id').references(() => users.id),
    speakerName: text('speaker_name').notNull().default(''),
    spokeAt: timestamp('spoke_at', { withTimezone: true }),
    spokeMs: integer('spoke_ms'),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    updatedBy: uuid('updated_by')
      .notNull()
      .references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('meeting_minutes_entries_meeting_idx').on(t.meetingId, t.section, t.position)],
);

/**
 * Votes (biểu quyết) in a meeting: passing the minutes (M8.1d) or a council's decision. `electorate` is every
 * delegate (the chair, invited people and invited rooms) or the members named in meeting_vote_electors.
 */
export const meetingVotes = pgTable(
  'meeting_votes',
  {
    id: id(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    subject: text('subject', { enum: ['minutes', 'decision'] }).notNull(),
    question: text('question').notNull(),
    choices: jsonb('choices').$type<string[]>().notNull(),
    secret: boolean('secret').notNull(),
    electorate: text('electorate', { enum: ['delegates', 'members'] }).notNull(),
    /** A room's technician may vote for the room (the chair allows it when opening the vote). */
    roomsByTechnician: boolean('rooms_by_technician').notNull().default(false),
    closesAt: timestamp('closes_at', { withTimezone: true }).notNull(),
    openedBy: uuid('opened_by')
      .notNull()
      .references(() => users.id),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull().defaultNow(),
    /** Set when closed (by the chair, or at `closes_at` by the first who looks). */
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedBy: uuid('closed_by').references(() => users.id),
  },
  (t) => [index('meeting_votes_meeting_idx').on(t.meetingId)],
);

/** The members who may vote when the electorate is `members` (a council). */
export const meetingVoteElectors = pgTable(
  'meeting_vote_electors',
  {
    voteId: uuid('vote_id')
      .notNull()
      .references(() => meetingVotes.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.voteId, t.userId] })],
);

/**
 * Who has voted: a person, or a room (voted by its account or, when allowed, its technician). The choice is kept here
 * only for an open ballot; a secret ballot's choice is only in the tallies. No time: the order of voting is not kept.
 */
export const meetingVoteVoters = pgTable(
  'meeting_vote_voters',
  {
    id: id(),
    voteId: uuid('vote_id')
      .notNull()
      .references(() => meetingVotes.id, { onDelete: 'cascade' }),
    voterId: uuid('voter_id').references(() => users.id),
    endpointId: uuid('endpoint_id').references(() => endpoints.id),
    castBy: uuid('cast_by')
      .notNull()
      .references(() => users.id),
    /** Open ballot only; null for a secret ballot. */
    choice: integer('choice'),
  },
  (t) => [uniqueIndex('meeting_vote_voters_person_idx').on(t.voteId, t.voterId), uniqueIndex('meeting_vote_voters_room_idx').on(t.voteId, t.endpointId)],
);

/**
 * The ballot box: a count per choice, and nothing else. Every ballot rewrites every count of its vote (one added to
 * the chosen one, nought to the others), so no row, row version or row order tells which choice the last voter made.
 */
export const meetingVoteTallies = pgTable(
  'meeting_vote_tallies',
  {
    voteId: uuid('vote_id')
      .notNull()
      .references(() => meetingVotes.id, { onDelete: 'cascade' }),
    choice: integer('choice').notNull(),
    count: integer('count').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.voteId, t.choice] })],
);

/**
 * The incident register (R3.10, R5.4; D14.2, D16.2d): an incident at an endpoint (or at none, e.g. the central
 * system), in a meeting or outside one, with its cause from the report's fixed list (shared/causes.ts) and free
 * text, the remedy, when it is expected fixed, who handles it, its state and how it was resolved. The quarterly
 * report counts them by cause and endpoint (`IncidentRepository.figures`).
 */
export const incidentStatuses = ['open', 'in_progress', 'resolved'] as const;
export const incidents = pgTable(
  'incidents',
  {
    id: id(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    /** Null: no endpoint concerned, or the endpoint was deleted since (the incident stays in the register). */
    endpointId: uuid('endpoint_id').references(() => endpoints.id, { onDelete: 'set null' }),
    meetingId: uuid('meeting_id').references(() => meetings.id),
    cause: text('cause', { enum: shortfallCauses }).notNull(),
    detail: text('detail').notNull(),
    remedy: text('remedy').notNull().default(''),
    expectedFixAt: timestamp('expected_fix_at', { withTimezone: true }),
    handlerId: uuid('handler_id').references(() => users.id),
    status: text('status', { enum: incidentStatuses }).notNull().default('open'),
    resolution: text('resolution'),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    resolvedBy: uuid('resolved_by').references(() => users.id),
    reportedBy: uuid('reported_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    /** Optimistic concurrency: an update names the version it read. */
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('incidents_unit_idx').on(t.unitId, t.createdAt),
    index('incidents_status_idx').on(t.status, t.createdAt),
    index('incidents_created_idx').on(t.createdAt),
    index('incidents_endpoint_idx').on(t.endpointId),
    index('incidents_meeting_idx').on(t.meetingId),
  ],
);

// ------------------------------------------------------------------ equipment (R5.3; D13.1, D13.4, D14.1; M10.3)

/** The asset register of an endpoint (D13.1: units manage the system's assets): one row per device. */
export const equipmentDevices = pgTable(
  'equipment_devices',
  {
    id: id(),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => endpoints.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['camera', 'microphone', 'loudspeaker', 'screen', 'codec', 'network', 'other'] }).notNull(),
    name: text('name').notNull(),
    model: text('model').notNull().default(''),
    serialNumber: text('serial_number').notNull().default(''),
    inServiceOn: date('in_service_on', { mode: 'string' }),
    warrantyUntil: date('warranty_until', { mode: 'string' }),
    status: text('status', { enum: ['in_use', 'broken', 'retired'] }).notNull().default('in_use'),
    notes: text('notes').notNull().default(''),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('equipment_devices_endpoint_idx').on(t.endpointId)],
);

/** The maintenance log (D13.3, M10.1): per endpoint, optionally per device. */
export const equipmentMaintenance = pgTable(
  'equipment_maintenance',
  {
    id: id(),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => endpoints.id, { onDelete: 'cascade' }),
    deviceId: uuid('device_id').references(() => equipmentDevices.id, { onDelete: 'set null' }),
    doneOn: date('done_on', { mode: 'string' }).notNull(),
    kind: text('kind', { enum: ['periodic', 'repair', 'replacement', 'upgrade'] }).notNull(),
    description: text('description').notNull(),
    doneBy: text('done_by').notNull(),
    /** VND, no decimals; null when none was paid or it is not known. */
    cost: bigint('cost', { mode: 'number' }),
    nextDueOn: date('next_due_on', { mode: 'string' }),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('equipment_maintenance_endpoint_idx').on(t.endpointId, t.doneOn)],
);

/**
 * The checklist a room's technician fills before and after each meeting (M10.3, D15.1, D15.3, D16.1, D16.3): one
 * per (meeting, endpoint, phase); filling again replaces it. `items` holds each item of the fixed list with its
 * result and note.
 */
export const equipmentChecklists = pgTable(
  'equipment_checklists',
  {
    id: id(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => endpoints.id, { onDelete: 'cascade' }),
    phase: text('phase', { enum: ['before', 'after'] }).notNull(),
    items: jsonb('items').$type<{ item: string; ok: boolean; note: string }[]>().notNull(),
    note: text('note').notNull().default(''),
    filledBy: uuid('filled_by')
      .notNull()
      .references(() => users.id),
    filledAt: timestamp('filled_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('equipment_checklists_key').on(t.meetingId, t.endpointId, t.phase), index('equipment_checklists_endpoint_idx').on(t.endpointId)],
);

// ── Quarterly report (R5.1, R5.2; M13.5) ──────────────────────────────────────────────────────────────────────────
export const unitReportStates = ['draft', 'submitted_for_signing', 'signed', 'submitted'] as const;
/** A line the unit's office enters (rows 2 and 3 of the appendix's table). */
export interface ReportEnteredLine {
  meetings: number;
  participants: number;
  /** Share that met requirements, 0–100; null: not given. */
  metPercent: number | null;
  /** VND. */
  cost: number;
  note: string;
}

/** A unit's quarterly report on the template of M's appendix: one per unit, year and quarter. */
export const unitReports = pgTable(
  'unit_reports',
  {
    id: id(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    year: integer('year').notNull(),
    quarter: integer('quarter').notNull(),
    state: text('state', { enum: unitReportStates }).notNull().default('draft'),
    /** Số: the number / symbol, e.g. `15/BC-CĐS`. */
    number: text('number').notNull().default(''),
    signerId: uuid('signer_id').references(() => users.id),
    /** Authority line above the signer's title (`KT. CỤC TRƯỞNG`), optional. */
    signerAuthority: text('signer_authority').notNull().default(''),
    otherInternal: jsonb('other_internal').$type<ReportEnteredLine>().notNull(),
    otherExternal: jsonb('other_external').$type<ReportEnteredLine>().notNull(),
    rented: jsonb('rented').$type<(ReportEnteredLine & { provider: string })[]>().notNull().default([]),
    proposals: text('proposals').notNull().default(''),
    recipients: text('recipients').notNull().default(''),
    /** Row 1 as it stood when the report went for signing (the live figures before). */
    frozenFigures: jsonb('frozen_figures').$type<Record<string, unknown>>(),
    signableId: uuid('signable_id').references(() => signables.id),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    submittedBy: uuid('submitted_by').references(() => users.id),
  },
  (t) => [uniqueIndex('unit_reports_period_idx').on(t.unitId, t.year, t.quarter), index('unit_reports_quarter_idx').on(t.year, t.quarter)],
);

/** Reminders sent to a unit late with its quarterly report (one a day at most). */
export const unitReportReminders = pgTable(
  'unit_report_reminders',
  {
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    year: integer('year').notNull(),
    quarter: integer('quarter').notNull(),
    lastSentAt: timestamp('last_sent_at', { withTimezone: true }).notNull(),
    count: integer('count').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.year, t.quarter] })],
);

// ── Statistics (issue 17 point 2, 9) ─────────────────────────────────────────────────────────────────────────────
// No tables. Migration 0015_statistics.sql (custom SQL) adds two partial indexes on meeting_events for the figures:
// `meeting_events_incident_idx` (meeting_id) WHERE type = 'incident', and `meeting_events_joined_idx` (meeting_id)
// INCLUDE (user_id, data) WHERE type = 'joined'.
