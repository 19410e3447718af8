/**
 * Votes in a meeting (biểu quyết): the chair opens one — passing the minutes (M8.1d, R3.12) or a council's decision —
 * with its choices, open or secret ballot, who may vote (every delegate, or named members) and a closing time. Each
 * voter votes once (a room through its account, or its technician when the chair allowed it); the chair sees the
 * turnout as it grows; at the close everyone sees the result, and the minutes record it. A vote is closed by the
 * chair, at its closing time, or with the meeting's end — whichever comes first (settled by the first who looks).
 * Every action is an audit entry in the same transaction; a secret ballot's entry names the voter, never the choice.
 */
import type { z } from 'zod';
import type { VoteResultLine, VoteView, openVoteBody } from '../../shared/api';
import type { AuditService } from '../audit/audit.service';
import type { Db, Tx } from '../db/client';
import { AppError } from '../errors';
import type { MeetingRepository, MeetingRow } from '../meetings/meeting.repository';
import type { MeetingService } from '../meetings/meeting.service';
import type { Actor } from '../organisation/organisation.policy';
import type { Voter, VoteRow, VotesRepository } from './votes.repository';

/** The longest a vote may stay open. */
const MAX_OPEN_MS = 24 * 3_600_000;

type RoomRef = { id: string; name: string };

export class VotesService {
  constructor(
    private readonly db: Db,
    private readonly repo: VotesRepository,
    private readonly meetingRepo: MeetingRepository,
    private readonly meetings: MeetingService,
    private readonly audit: AuditService,
    /** Told of every change, to announce it in the meeting room. */
    private readonly announce: (meetingId: string, what: 'minutes' | 'votes') => void,
  ) {}

  /**
   * Whether the actor may follow the meeting's votes: everyone who is part of the meeting, and the technician of an
   * invited room (who votes for the room when allowed). The room the actor may vote for, if any.
   */
  private async access(actor: Actor, meetingId: string): Promise<{ meeting: MeetingRow; room: RoomRef | null; person: boolean }> {
    const meeting = await this.meetingRepo.findById(meetingId);
    if (!meeting) throw new AppError('meeting_not_found');
    const [roomAccount, operated, invited] = await Promise.all([
      actor.role === 'endpoint' ? this.meetingRepo.invitedEndpointOf(meetingId, actor.id) : Promise.resolve(null),
      actor.role === 'technician' ? this.meetingRepo.technicianEndpointOf(meetingId, actor.id) : Promise.resolve(null),
      this.meetingRepo.isInvited(meetingId, actor.id),
    ]);
    if (!operated) await this.meetings.get(actor, meetingId); // the meetings list rule: refuses outsiders
    return { meeting, room: roomAccount ?? operated, person: invited || meeting.chairId === actor.id };
  }

  async list(actor: Actor, meetingId: string): Promise<{ votes: VoteView[] }> {
    const a = await this.access(actor, meetingId);
    await this.settle(a.meeting);
    const votes = await this.repo.list(meetingId);
    return { votes: await Promise.all(votes.map((v) => this.present(actor, a, v))) };
  }

  async open(actor: Actor, meetingId: string, input: z.output<typeof openVoteBody>, ip = ''): Promise<VoteView> {
    const a = await this.access(actor, meetingId);
    if (a.meeting.chairId !== actor.id) throw new AppError('chair_only');
    if (a.meeting.status === 'ended') throw new AppError('meeting_ended');
    if (a.meeting.status === 'cancelled') throw new AppError('meeting_cancelled');
    const closesAt = new Date(input.closesAt);
    if (closesAt.getTime() <= Date.now() || closesAt.getTime() > Date.now() + MAX_OPEN_MS) throw new AppError('vote_closing_time_invalid');
    const memberIds = input.electorate === 'members' ? [...new Set(input.memberIds)] : [];
    if (input.electorate === 'members' && (memberIds.length === 0 || !(await this.repo.allInvitedOrChair(meetingId, memberIds, a.meeting.chairId)))) throw new AppError('vote_electors_invalid');
    const vote = await this.db.transaction(async (tx) => {
      const row = await this.repo.insert(
        tx,
        { meetingId, subject: input.subject, question: input.question, choices: input.choices, secret: input.secret, electorate: input.electorate, roomsByTechnician: input.roomsByTechnician, closesAt, openedBy: actor.id },
        memberIds,
      );
      await this.audit.record(
        { actorId: actor.id, action: 'vote.opened', targetType: 'meeting', targetId: meetingId, data: { voteId: row.id, subject: row.subject, question: row.question, choices: row.choices, secret: row.secret, electorate: row.electorate, members: memberIds, roomsByTechnician: row.roomsByTechnician, closesAt: closesAt.toISOString() }, ip },
        tx,
      );
      return row;
    });
    this.announce(meetingId, 'votes');
    return this.present(actor, a, vote);
  }

  /** Whom the actor's ballot counts for in this vote, or why not. */
  private async voterFor(actor: Actor, a: { meeting: MeetingRow; room: RoomRef | null; person: boolean }, vote: VoteRow, q?: Tx): Promise<{ voter: Voter; as: VoteView['you']['as'] } | null> {
    if (vote.electorate === 'members') return (await this.repo.isElector(vote.id, actor.id, q)) ? { voter: { kind: 'person', userId: actor.id }, as: { kind: 'person' } } : null;
    if (a.room && actor.role === 'endpoint') return { voter: { kind: 'room', endpointId: a.room.id }, as: { kind: 'room', name: a.room.name } };
    if (a.person) return { voter: { kind: 'person', userId: actor.id }, as: { kind: 'person' } };
    if (a.room && vote.roomsByTechnician) return { voter: { kind: 'room', endpointId: a.room.id }, as: { kind: 'room', name: a.room.name } };
    return null;
  }

  async cast(actor: Actor, meetingId: string, voteId: string, choice: number, ip = ''): Promise<VoteView> {
    const a = await this.access(actor, meetingId);
    await this.settle(a.meeting);
    const vote = await this.db.transaction(async (tx) => {
      const row = await this.repo.lock(tx, meetingId, voteId);
      if (!row) throw new AppError('vote_not_found');
      if (row.closedAt || row.closesAt.getTime() <= Date.now()) throw new AppError('vote_closed');
      const who = await this.voterFor(actor, a, row, tx);
      if (!who) throw new AppError('vote_not_eligible');
      if (choice >= row.choices.length) throw new AppError('vote_choice_invalid');
      if (!(await this.repo.cast(tx, row, who.voter, actor.id, choice))) throw new AppError('vote_already_cast');
      const voter = who.voter.kind === 'room' ? { endpointId: who.voter.endpointId } : { userId: who.voter.userId };
      await this.audit.record({ actorId: actor.id, action: 'vote.cast', targetType: 'meeting', targetId: meetingId, data: { voteId, ...voter, ...(row.secret ? {} : { choice }) }, ip }, tx);
      return row;
    });
    this.announce(meetingId, 'votes');
    return this.present(actor, a, vote);
  }

  async close(actor: Actor, meetingId: string, voteId: string, ip = ''): Promise<VoteView> {
    const a = await this.access(actor, meetingId);
    if (a.meeting.chairId !== actor.id) throw new AppError('chair_only');
    await this.settle(a.meeting);
    await this.db.transaction(async (tx) => {
      const row = await this.repo.lock(tx, meetingId, voteId);
      if (!row) throw new AppError('vote_not_found');
      if (row.closedAt) throw new AppError('vote_closed');
      await this.repo.close(tx, voteId, actor.id, new Date());
      await this.audit.record({ actorId: actor.id, action: 'vote.closed', targetType: 'meeting', targetId: meetingId, data: { voteId, counts: await this.repo.counts(voteId, tx) }, ip }, tx);
    });
    this.announce(meetingId, 'votes');
    const [vote] = (await this.repo.list(meetingId)).filter((v) => v.id === voteId);
    return this.present(actor, a, vote!);
  }

  /** Votes whose time ran out, or of a meeting that ended, are closed (with the time they closed at). */
  private async settle(meeting: MeetingRow): Promise<void> {
    const ended = meeting.status === 'ended' || meeting.status === 'cancelled';
    const now = new Date();
    const closed = await this.db.transaction(async (tx) => {
      const due = await this.repo.due(tx, meeting.id, now, ended);
      for (const v of due) {
        const at = new Date(Math.min(v.closesAt.getTime(), meeting.endedAt?.getTime() ?? Infinity, now.getTime()));
        await this.repo.close(tx, v.id, null, at);
        await this.audit.record({ actorId: null, action: 'vote.closed', targetType: 'meeting', targetId: meeting.id, data: { voteId: v.id, by: ended ? 'meeting_end' : 'closing_time', counts: await this.repo.counts(v.id, tx) } }, tx);
      }
      return due.length;
    });
    if (closed) this.announce(meeting.id, 'votes');
  }

  /** The closed votes of the meeting with their results, as the minutes record them. */
  async results(meeting: MeetingRow): Promise<VoteResultLine[]> {
    await this.settle(meeting);
    const votes = (await this.repo.list(meeting.id)).filter((v) => v.closedAt);
    return Promise.all(
      votes.map(async (v) => {
        const [counts, electorate, voted] = await Promise.all([this.repo.counts(v.id), this.repo.electorate(v), this.repo.voted(v.id)]);
        return { question: v.question, secret: v.secret, closedAt: v.closedAt!.toISOString(), electorate, voted, counts: v.choices.map((choice, i) => ({ choice, count: counts[i] ?? 0 })) };
      }),
    );
  }

  private async present(actor: Actor, a: { meeting: MeetingRow; room: RoomRef | null; person: boolean }, v: VoteRow): Promise<VoteView> {
    const closed = v.closedAt !== null;
    const isChair = a.meeting.chairId === actor.id;
    const who = await this.voterFor(actor, a, v);
    const hasVoted = who ? await this.repo.hasVoted(v.id, who.voter) : false;
    const [electorate, voted] = isChair || closed ? await Promise.all([this.repo.electorate(v), this.repo.voted(v.id)]) : [0, 0];
    return {
      id: v.id,
      subject: v.subject,
      question: v.question,
      choices: v.choices,
      secret: v.secret,
      electorate: v.electorate,
      roomsByTechnician: v.roomsByTechnician,
      openedAt: v.openedAt.toISOString(),
      closesAt: v.closesAt.toISOString(),
      closedAt: v.closedAt?.toISOString() ?? null,
      turnout: isChair || closed ? { electorate, voted } : null,
      you: { mayVote: Boolean(who) && !hasVoted && !closed, hasVoted, as: who?.as ?? null },
      result: closed ? { counts: await this.repo.counts(v.id), ballots: v.secret ? null : await this.repo.openBallots(v.id) } : null,
      canClose: isChair && !closed,
    };
  }
}
