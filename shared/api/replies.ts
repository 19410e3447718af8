/**
 * Replies to an invitation (R2.5, M8.1e, D8.3): each invitee (a person, or an invited unit answered for by its
 * organisers — the head's office) attends, declines with a reason, or sends a substitute whom the chair approves
 * or refuses. The organiser sees the compiled list and reminds those who have not answered.
 */
import { z } from 'zod';
import type { PersonRef } from './organisation';

export const inviteeKinds = ['person', 'unit'] as const;
export type InviteeKind = (typeof inviteeKinds)[number];
export const replyAnswers = ['attending', 'declined', 'substitute'] as const;
export type ReplyAnswer = (typeof replyAnswers)[number];
export type SubstituteStatus = 'proposed' | 'approved' | 'refused';

/** One invitee and their answer (null: not answered yet). */
export interface ReplyView {
  kind: InviteeKind;
  inviteeId: string;
  /** A person's name, or the unit's name. */
  name: string;
  /** A person's title; '' for a unit. */
  title: string;
  /** A person's unit; for a unit, the unit above it ('' at the top). */
  unit: string;
  answer: ReplyAnswer | null;
  reason: string;
  /** With `answer: 'substitute'`: who goes instead and what the chair decided. */
  substitute: { person: PersonRef; status: SubstituteStatus; decidedBy: PersonRef | null; decidedAt: string | null } | null;
  repliedAt: string | null; // ISO 8601, UTC
  repliedBy: PersonRef | null;
  /** The viewer may answer for this invitee (themself, or the unit they organise). */
  mayAnswer: boolean;
}

export interface RepliesSummary {
  /** Invitees listed (persons and units, the chair excluded). */
  invited: number;
  attending: number;
  declined: number;
  substitutesProposed: number;
  substitutesApproved: number;
  substitutesRefused: number;
  notAnswered: number;
}

// GET /api/meetings/:id/replies → RepliesResponse | meeting_not_found | meeting_not_invited
//   managers (operator, organisers of the host unit's subtree) and the chair: every invitee; an invitee: only the
//   rows they may answer for (their own, their unit's when they organise an invited unit).
export interface RepliesResponse {
  replies: ReplyView[];
  /** Over the rows shown. */
  summary: RepliesSummary;
  /** The viewer may remind those who have not answered (managers). */
  canRemind: boolean;
  /** The viewer decides on substitutes (the chair). */
  canDecide: boolean;
  /** Answers can no longer change: the meeting started, ended or was cancelled. */
  closed: boolean;
}

export const replyParams = z.object({
  id: z.string().uuid(),
  kind: z.enum(inviteeKinds),
  inviteeId: z.string().uuid(),
});

/** 3..500 characters where a reason is required (checked by the service: `reply_reason_required`). */
const reasonText = z.string().trim().max(2000);

// PUT /api/meetings/:id/replies/:kind/:inviteeId → { reply: ReplyView } | forbidden | reply_closed
//   | reply_reason_required (declined, substitute: 3..500 characters) | reply_substitute_invalid
export const replyBody = z.object({
  answer: z.enum(replyAnswers),
  reason: reasonText.default(''),
  substituteId: z.string().uuid().optional(),
});
export type ReplyBody = z.input<typeof replyBody>;

// POST /api/meetings/:id/replies/:kind/:inviteeId/substitute (chair only) → { reply: ReplyView } | forbidden
//   | reply_closed | reply_substitute_not_pending | reply_reason_required (refusal: 3..500 characters)
export const substituteDecisionBody = z.object({
  decision: z.enum(['approve', 'refuse']),
  reason: reasonText.default(''),
});
export type SubstituteDecisionBody = z.input<typeof substituteDecisionBody>;

// POST /api/meetings/:id/replies/remind (managers) → { reminded: number } | forbidden | reply_closed
//   | reply_remind_too_soon (a reminder for this meeting went out less than a minute ago; `retryAfter` seconds)
export interface RemindResponse {
  /** People reached (persons not answered, and the organisers of units not answered). */
  reminded: number;
  /** Units not answered that have no organiser account to answer for them: nobody could be reminded for them. */
  unreachable: string[];
}

// GET /api/meetings/:id/replies/substitute-candidates → { people: PersonRef[] } (those who may answer for some
//   invitee): enabled people of the organisation, not already invited, sorted by unit, title of office and given name.

/** Notices (kind) this domain writes (`replyNoticeKinds`, kept with the notifications); `data` is ReplyNoticeData. */
export interface ReplyNoticeData {
  meetingId: string;
  meetingTitle: string;
  slug: string;
  startsAt: string;
  /** Who is concerned (the invitee's name or the unit's). */
  invitee?: string;
  answer?: ReplyAnswer;
  substitute?: string;
  decision?: 'approve' | 'refuse';
  reason?: string;
  byName?: string;
}
