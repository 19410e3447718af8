/**
 * Who answers an invitation and when (R2.5, M8.1e, D8.3). Pure: the service gathers the facts.
 *
 * - A person invitee answers for themself.
 * - An invited unit is answered for by "the head's office": the organisers whose own unit is that unit (not those
 *   of a unit above it — they are not the unit's office, and an organiser higher up could otherwise answer for every
 *   unit below). Anyone else is refused (`forbidden`).
 * - Only the chair approves or refuses a substitute (D8.3: "được sự đồng ý của chủ trì"); the organiser cannot.
 * - Answers change until the meeting starts: status `scheduled` and before `startsAt`.
 */
import type { InviteeKind, ReplyAnswer, RepliesSummary, SubstituteStatus } from '../../shared/api';
import type { Actor } from '../organisation/organisation.policy';

export const REASON_MIN = 3;
export const REASON_MAX = 500;
/** A reminder of one meeting goes out at most once a minute. */
export const REMIND_INTERVAL_MS = 60_000;

export interface InviteeRef {
  kind: InviteeKind;
  id: string;
}

export const repliesPolicy = {
  mayAnswerFor: (actor: Pick<Actor, 'id' | 'role' | 'unitId'>, invitee: InviteeRef): boolean =>
    invitee.kind === 'person' ? actor.id === invitee.id : actor.role === 'organiser' && actor.unitId === invitee.id,
  mayDecideSubstitute: (actor: Pick<Actor, 'id'>, meeting: { chairId: string }): boolean => actor.id === meeting.chairId,
  /** Answers (and decisions, and reminders) are open until the meeting starts; never once cancelled or ended. */
  isOpen: (meeting: { status: string; startsAt: Date }, now: Date): boolean => meeting.status === 'scheduled' && now.getTime() < meeting.startsAt.getTime(),
};

/** A reason is required (declining, sending a substitute, refusing one): 3..500 characters once trimmed. */
export const reasonValid = (reason: string): boolean => reason.trim().length >= REASON_MIN && reason.trim().length <= REASON_MAX;

/** What is wrong with an answer as given, before the substitute is looked up. */
export function answerProblem(input: { answer: ReplyAnswer; reason: string; substituteId?: string }): 'reply_reason_required' | 'reply_substitute_invalid' | null {
  if (input.answer === 'attending') return input.reason.trim().length > REASON_MAX ? 'reply_reason_required' : null;
  if (!reasonValid(input.reason)) return 'reply_reason_required';
  if (input.answer === 'substitute' && !input.substituteId) return 'reply_substitute_invalid';
  return null;
}

/** Who may be sent as a substitute: an enabled person of the organisation (no guest, no room account), not invited already. */
export function substituteProblem(
  candidate: { id: string; role: string; disabledAt: Date | null } | undefined,
  alreadyInvited: ReadonlySet<string>,
): 'reply_substitute_invalid' | null {
  if (!candidate || candidate.disabledAt !== null || candidate.role === 'guest' || candidate.role === 'endpoint') return 'reply_substitute_invalid';
  if (alreadyInvited.has(candidate.id)) return 'reply_substitute_invalid';
  return null;
}

export function summarise(rows: readonly { answer: ReplyAnswer | null; substituteStatus: SubstituteStatus | null }[]): RepliesSummary {
  const count = (p: (r: (typeof rows)[number]) => boolean) => rows.filter(p).length;
  return {
    invited: rows.length,
    attending: count((r) => r.answer === 'attending'),
    declined: count((r) => r.answer === 'declined'),
    substitutesProposed: count((r) => r.answer === 'substitute' && r.substituteStatus === 'proposed'),
    substitutesApproved: count((r) => r.answer === 'substitute' && r.substituteStatus === 'approved'),
    substitutesRefused: count((r) => r.answer === 'substitute' && r.substituteStatus === 'refused'),
    notAnswered: count((r) => r.answer === null),
  };
}
