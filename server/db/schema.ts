/** Database schema (Drizzle). Migrations in ./migrations are generated from this file by `npm run db:generate`. */
import { sql } from 'drizzle-orm';
import { bigserial, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';

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
  /** TOTP second factor (R1.3): the shared secret, set once enrolment is confirmed. Never leaves the server. */
  totpSecret: text('totp_secret'),
  /** A secret being enrolled, confirmed by the first valid code. */
  totpPendingSecret: text('totp_pending_secret'),
  /** Guests are limited to one meeting. */
  guestMeetingId: uuid('guest_meeting_id'),
  disabledAt: timestamp('disabled_at', { withTimezone: true }),
  createdAt: createdAt(),
});

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
  status: text('status', { enum: ['scheduled', 'open', 'ended'] }).notNull().default('scheduled'),
  createdBy: uuid('created_by').notNull().references(() => users.id),
  createdAt: createdAt(),
  endedAt: timestamp('ended_at', { withTimezone: true }),
});

export const meetingInvitees = pgTable(
  'meeting_invitees',
  {
    meetingId: uuid('meeting_id').notNull().references(() => meetings.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull().references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.userId] }), index('meeting_invitees_user_idx').on(t.userId)],
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
  (t) => [index('meeting_events_meeting_idx').on(t.meetingId, t.at)],
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
