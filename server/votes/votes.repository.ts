/**
 * The only SQL of votes. Who has voted (`meeting_vote_voters`) and what was chosen (`meeting_vote_tallies`) are kept
 * apart: a secret ballot writes no choice beside its voter, and every ballot rewrites every count of its vote, so that
 * neither the rows, nor their order, nor their row versions (xmin) tell which count the ballot added to.
 */
import { and, asc, eq, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { endpoints, meetingEndpoints, meetingInvitees, meetingUnits, meetingVoteElectors, meetingVoteTallies, meetingVoteVoters, meetingVotes, meetings, users } from '../db/schema';

export type VoteRow = typeof meetingVotes.$inferSelect;
/** Who a ballot counts for: a person, or a room (voted by its account or its technician). */
export type Voter = { kind: 'person'; userId: string } | { kind: 'room'; endpointId: string };

export class VotesRepository {
  constructor(private readonly db: Db) {}

  async insert(tx: Tx, row: typeof meetingVotes.$inferInsert, memberIds: string[]): Promise<VoteRow> {
    const [vote] = await tx.insert(meetingVotes).values(row).returning();
    if (memberIds.length) await tx.insert(meetingVoteElectors).values(memberIds.map((userId) => ({ voteId: vote!.id, userId })));
    await tx.insert(meetingVoteTallies).values(row.choices.map((_, choice) => ({ voteId: vote!.id, choice, count: 0 })));
    return vote!;
  }

  async list(meetingId: string): Promise<VoteRow[]> {
    return this.db.select().from(meetingVotes).where(eq(meetingVotes.meetingId, meetingId)).orderBy(asc(meetingVotes.openedAt));
  }

  /** The vote, locked until the transaction ends: ballots and the close are taken one at a time. */
  async lock(tx: Tx, meetingId: string, voteId: string): Promise<VoteRow | undefined> {
    const [row] = await tx
      .select()
      .from(meetingVotes)
      .where(and(eq(meetingVotes.meetingId, meetingId), eq(meetingVotes.id, voteId)))
      .for('update');
    return row;
  }

  async close(tx: Tx, voteId: string, by: string | null, at: Date): Promise<void> {
    await tx.update(meetingVotes).set({ closedAt: at, closedBy: by }).where(and(eq(meetingVotes.id, voteId), isNull(meetingVotes.closedAt)));
  }

  /** Votes of the meeting still marked open whose closing time passed (or all, once the meeting ended). */
  async due(tx: Tx, meetingId: string, now: Date, meetingEnded: boolean): Promise<VoteRow[]> {
    return tx
      .select()
      .from(meetingVotes)
      .where(and(eq(meetingVotes.meetingId, meetingId), isNull(meetingVotes.closedAt), meetingEnded ? undefined : lte(meetingVotes.closesAt, now)))
      .for('update');
  }

  /**
   * One ballot: the voter marked as having voted, and every count of the vote rewritten (one added to the choice,
   * nought to the others). False when this voter (person or room) has voted already.
   */
  async cast(tx: Tx, vote: VoteRow, voter: Voter, castBy: string, choice: number): Promise<boolean> {
    const inserted = await tx
      .insert(meetingVoteVoters)
      .values({
        voteId: vote.id,
        voterId: voter.kind === 'person' ? voter.userId : null,
        endpointId: voter.kind === 'room' ? voter.endpointId : null,
        castBy,
        choice: vote.secret ? null : choice,
      })
      .onConflictDoNothing()
      .returning({ id: meetingVoteVoters.id });
    if (!inserted.length) return false;
    await tx
      .update(meetingVoteTallies)
      .set({ count: sql`${meetingVoteTallies.count} + (case when ${meetingVoteTallies.choice} = ${choice} then 1 else 0 end)` })
      .where(eq(meetingVoteTallies.voteId, vote.id));
    return true;
  }

  async hasVoted(voteId: string, voter: Voter): Promise<boolean> {
    const rows = await this.db
      .select({ id: meetingVoteVoters.id })
      .from(meetingVoteVoters)
      .where(and(eq(meetingVoteVoters.voteId, voteId), voter.kind === 'person' ? eq(meetingVoteVoters.voterId, voter.userId) : eq(meetingVoteVoters.endpointId, voter.endpointId)));
    return rows.length > 0;
  }

  async voted(voteId: string): Promise<number> {
    const [row] = await this.db.select({ n: sql<number>`count(*)::int` }).from(meetingVoteVoters).where(eq(meetingVoteVoters.voteId, voteId));
    return Number(row?.n ?? 0);
  }

  async counts(voteId: string, q: Db | Tx = this.db): Promise<number[]> {
    const rows = await q.select({ choice: meetingVoteTallies.choice, count: meetingVoteTallies.count }).from(meetingVoteTallies).where(eq(meetingVoteTallies.voteId, voteId)).orderBy(asc(meetingVoteTallies.choice));
    return rows.map((r) => r.count);
  }

  /** An open ballot's voters and their choices (a secret ballot has none to give). */
  async openBallots(voteId: string): Promise<{ voter: string; choice: number }[]> {
    const rows = await this.db
      .select({ person: users.name, room: endpoints.name, choice: meetingVoteVoters.choice })
      .from(meetingVoteVoters)
      .leftJoin(users, eq(users.id, meetingVoteVoters.voterId))
      .leftJoin(endpoints, eq(endpoints.id, meetingVoteVoters.endpointId))
      .where(eq(meetingVoteVoters.voteId, voteId));
    return rows.flatMap((r) => (r.choice === null ? [] : [{ voter: r.room ?? r.person ?? '', choice: r.choice }]));
  }

  async isElector(voteId: string, userId: string, q: Db | Tx = this.db): Promise<boolean> {
    const rows = await q.select({ id: meetingVoteElectors.userId }).from(meetingVoteElectors).where(and(eq(meetingVoteElectors.voteId, voteId), eq(meetingVoteElectors.userId, userId)));
    return rows.length > 0;
  }

  /**
   * How many may vote: the named members; or every delegate — the chair, the people invited (by name, or as members
   * of a unit whose members are admitted) and the invited rooms.
   */
  async electorate(vote: VoteRow): Promise<number> {
    if (vote.electorate === 'members') {
      const [row] = await this.db.select({ n: sql<number>`count(*)::int` }).from(meetingVoteElectors).where(eq(meetingVoteElectors.voteId, vote.id));
      return Number(row?.n ?? 0);
    }
    const people = this.db
      .select({ id: meetings.chairId })
      .from(meetings)
      .where(eq(meetings.id, vote.meetingId))
      .union(this.db.select({ id: meetingInvitees.userId }).from(meetingInvitees).where(eq(meetingInvitees.meetingId, vote.meetingId)))
      .union(
        this.db
          .select({ id: users.id })
          .from(meetingUnits)
          .innerJoin(users, eq(users.unitId, meetingUnits.unitId))
          .where(and(eq(meetingUnits.meetingId, vote.meetingId), eq(meetingUnits.membersAdmitted, true), isNull(users.disabledAt), sql`${users.role} not in ('guest', 'endpoint')`)),
      )
      .as('people');
    const [p] = await this.db.select({ n: sql<number>`count(*)::int` }).from(people);
    const [r] = await this.db.select({ n: sql<number>`count(*)::int` }).from(meetingEndpoints).where(eq(meetingEndpoints.meetingId, vote.meetingId));
    return Number(p?.n ?? 0) + Number(r?.n ?? 0);
  }

  /** Whether all these people are invited to the meeting or chair it (the members of a council vote). */
  async allInvitedOrChair(meetingId: string, userIds: string[], chairId: string): Promise<boolean> {
    const others = userIds.filter((id) => id !== chairId);
    if (!others.length) return true;
    const rows = await this.db
      .selectDistinct({ id: meetingInvitees.userId })
      .from(meetingInvitees)
      .where(and(eq(meetingInvitees.meetingId, meetingId), or(...others.map((id) => eq(meetingInvitees.userId, id)))));
    return rows.length === new Set(others).size;
  }
}
