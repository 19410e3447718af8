import { z } from 'zod';

/**
 * Votes in a meeting (biểu quyết): passing the minutes (M8.1d, R3.12) or a council's decision. Open or secret ballot;
 * every delegate (the chair, invited people, invited rooms) or named members vote, once each; a room votes through
 * its account, or its technician when the chair allows. A secret ballot keeps no link between a voter and a choice.
 */
export const voteSubject = z.enum(['minutes', 'decision']);
export type VoteSubject = z.infer<typeof voteSubject>;

/** Tán thành / Không tán thành / Không biểu quyết: the default choices. */
export const DEFAULT_VOTE_CHOICES = ['Tán thành', 'Không tán thành', 'Không biểu quyết'] as const;

// POST /api/meetings/:id/votes → VoteView (the chair)
export const openVoteBody = z.object({
  subject: voteSubject,
  question: z.string().trim().min(1).max(1000),
  choices: z.array(z.string().trim().min(1).max(200)).min(2).max(20).default([...DEFAULT_VOTE_CHOICES]),
  secret: z.boolean(),
  electorate: z.enum(['delegates', 'members']),
  /** For `members`: who may vote (invited to the meeting, or its chair). */
  memberIds: z.array(z.string().uuid()).max(500).default([]),
  roomsByTechnician: z.boolean().default(false),
  closesAt: z.string().datetime({ offset: true }),
});
export type OpenVoteBody = z.input<typeof openVoteBody>;

// POST /api/meetings/:id/votes/:voteId/ballots { choice } → VoteView
export const castBallotBody = z.object({ choice: z.number().int().min(0).max(19) });
// POST /api/meetings/:id/votes/:voteId/close → VoteView (the chair)
// GET /api/meetings/:id/votes → { votes: VoteView[] } (whoever may see the meeting)

export interface VoteView {
  id: string;
  subject: VoteSubject;
  question: string;
  choices: string[];
  secret: boolean;
  electorate: 'delegates' | 'members';
  roomsByTechnician: boolean;
  openedAt: string;
  closesAt: string;
  closedAt: string | null;
  /** How many may vote and how many have (live for the chair, for everyone once closed). */
  turnout: { electorate: number; voted: number } | null;
  /** What the reader may do now: vote as themself, or for a room (`endpoint`). */
  you: { mayVote: boolean; hasVoted: boolean; as: { kind: 'person' } | { kind: 'room'; name: string } | null };
  /** Once closed: the count of each choice; and for an open ballot, who chose what. */
  result: { counts: number[]; ballots: { voter: string; choice: number }[] | null } | null;
  canClose: boolean;
}
