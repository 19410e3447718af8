/** Database schema (Drizzle). Migrations in ./migrations are generated from this file by `npm run db:generate`. */
import { sql } from 'drizzle-orm';
import { bigserial, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const id = () => uuid('id').primaryKey().default(sql`gen_random_uuid()`);
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export const users = pgTable('users', {
  id: id(),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  unit: text('unit').notNull(),
  role: text('role', { enum: ['operator', 'user'] }).notNull(),
  passwordHash: text('password_hash').notNull(),
  mustChangePassword: boolean('must_change_password').notNull().default(true),
  failedSignIns: integer('failed_sign_ins').notNull().default(0),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
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
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const meetings = pgTable('meetings', {
  id: id(),
  title: text('title').notNull(),
  slug: text('slug').notNull().unique(),
  startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
  endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
  chairId: uuid('chair_id').notNull().references(() => users.id),
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

/** The meeting log: every join, leave and end, the basis of attendance (R4.3). */
export const meetingEvents = pgTable(
  'meeting_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    meetingId: uuid('meeting_id').notNull().references(() => meetings.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').references(() => users.id),
    type: text('type', { enum: ['joined', 'left', 'replaced', 'ended'] }).notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('meeting_events_meeting_idx').on(t.meetingId, t.at)],
);
