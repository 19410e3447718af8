/**
 * Replies to invitations (R2.5, M8.1e, D8.3): answers, substitutes decided by the chair, the organiser's compiled
 * list and reminders. Authorization first; each change, its audit entry, its notices and mails are written in one
 * transaction, under a lock of the meeting row (answers, decisions and reminders of a meeting are serialised).
 */
import type { z } from 'zod';
import type { InviteeKind, RemindResponse, RepliesResponse, ReplyNoticeData, ReplyView } from '../../shared/api';
import type { replyBody, substituteDecisionBody } from '../../shared/api';
import type { AuditService } from '../audit/audit.service';
import type { Db, Tx } from '../db/client';
import { AppError } from '../errors';
import type { MailService } from '../mail/mail.service';
import type { MeetingRepository, MeetingRow } from '../meetings/meeting.repository';
import { meetingPolicy } from '../meetings/meeting.policy';
import type { NotificationService } from '../notifications/notification.service';
import type { Actor } from '../organisation/organisation.policy';
import type { UnitRepository } from '../organisation/unit.repository';
import type { UserRepository } from '../organisation/user.repository';
import type { UnitTree } from '../organisation/unit-tree';
import { comparePeople } from '../../shared/people-order';
import { presentPerson } from '../organisation/user.presenter';
import { compareInvitees, presentReply, type Invitee } from './replies.presenter';
import { answerProblem, reasonValid, REMIND_INTERVAL_MS, repliesPolicy, substituteProblem, summarise } from './replies.policy';
import type { ReplyKey, ReplyRepository, ReplyRow } from './replies.repository';
import { REMINDER_KIND, reminderMail, substituteApprovedMail, substituteDecidedMail } from './reply-mail';

type Person = Awaited<ReturnType<ReplyRepository['people']>>[number];

interface Compiled {
  invitees: Invitee[];
  rows: Map<string, ReplyRow>;
  people: Map<string, Person>;
  /** Everyone on meeting_invitees, plus the chair and the chair's technician: not eligible as substitutes. */
  taken: Set<string>;
}

const keyOf = (kind: InviteeKind, id: string) => `${kind}:${id}`;

export class ReplyService {
  constructor(
    private readonly db: Db,
    private readonly repo: ReplyRepository,
    private readonly meetings: MeetingRepository,
    private readonly units: UnitRepository,
    private readonly people: Pick<UserRepository, 'directory'>,
    private readonly audit: AuditService,
    private readonly notifications: NotificationService,
    private readonly mail: MailService,
    private readonly options: { publicUrl: () => string; now?: () => Date },
  ) {}

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private async meeting(id: string): Promise<MeetingRow> {
    const meeting = await this.meetings.findById(id);
    if (!meeting) throw new AppError('meeting_not_found');
    return meeting;
  }

  /** Operator, organisers of the host unit's subtree (the same rule as managing the meeting, R6.4). */
  private async manages(actor: Actor, meeting: MeetingRow): Promise<boolean> {
    const tree = await this.units.tree();
    return meetingPolicy.canManage(actor, { invited: false, endpoint: null, inOwnUnits: tree.contains(actor.unitId, meeting.hostUnitId) });
  }

  /** Every invitee with their reply. Approved substitutes are shown on the row of whom they replace, not apart. */
  private async compile(meeting: MeetingRow, tree: UnitTree, tx: Db | Tx = this.db): Promise<Compiled> {
    // one after the other: inside a transaction they share one connection
    const persons = await this.repo.personInvitees(meeting.id, tx);
    const unitRows = await this.repo.unitInvitees(meeting.id, tx);
    const replyRows = await this.repo.replies(meeting.id, tx);
    const rows = new Map(replyRows.map((r) => [keyOf(r.inviteeKind, r.inviteeId), r]));
    const approvedSubstitutes = new Set(replyRows.filter((r) => r.answer === 'substitute' && r.substituteStatus === 'approved' && r.substituteId).map((r) => r.substituteId!));
    const invitees: Invitee[] = [
      ...unitRows.map((u) => ({ kind: 'unit' as const, id: u.id, name: u.name, title: '', unit: u.parentId ? (tree.get(u.parentId)?.name ?? '') : '' })),
      ...persons
        .filter((p) => p.id !== meeting.chairId && !approvedSubstitutes.has(p.id))
        .map((p) => ({ kind: 'person' as const, id: p.id, name: p.name, title: p.title, unit: p.unitName })),
    ].sort(compareInvitees);
    const mentioned = new Set(replyRows.flatMap((r) => [r.substituteId, r.repliedBy, r.substituteDecidedBy]).filter((id): id is string => id !== null));
    const people = new Map((await this.repo.people([...mentioned], tx)).map((p) => [p.id, p]));
    const taken = new Set([...persons.map((p) => p.id), meeting.chairId, ...(meeting.chairTechnicianId ? [meeting.chairTechnicianId] : [])]);
    return { invitees, rows, people, taken };
  }

  private view(actor: Actor, c: Compiled, invitee: Invitee): ReplyView {
    return presentReply(invitee, c.rows.get(keyOf(invitee.kind, invitee.id)), c.people, repliesPolicy.mayAnswerFor(actor, invitee));
  }

  /** The compiled list (managers and the chair: everyone; an invitee: the rows they answer for). */
  async list(actor: Actor, meetingId: string): Promise<RepliesResponse> {
    const meeting = await this.meeting(meetingId);
    const manager = await this.manages(actor, meeting);
    const chair = repliesPolicy.mayDecideSubstitute(actor, meeting);
    const compiled = await this.compile(meeting, await this.units.tree());
    const shown = compiled.invitees.filter((i) => manager || chair || repliesPolicy.mayAnswerFor(actor, i));
    if (!manager && !chair && shown.length === 0) throw new AppError('forbidden');
    const replies = shown.map((i) => this.view(actor, compiled, i));
    return {
      replies,
      summary: summarise(replies.map((r) => ({ answer: r.answer, substituteStatus: r.substitute?.status ?? null }))),
      canRemind: manager,
      canDecide: chair,
      closed: !repliesPolicy.isOpen(meeting, this.now()),
    };
  }

  /** People who may be proposed as substitutes, for those who answer for some invitee of the meeting. */
  async substituteCandidates(actor: Actor, meetingId: string) {
    const meeting = await this.meeting(meetingId);
    const compiled = await this.compile(meeting, await this.units.tree());
    if (!compiled.invitees.some((i) => repliesPolicy.mayAnswerFor(actor, i))) throw new AppError('forbidden');
    return (await this.people.directory())
      .filter((p) => !compiled.taken.has(p.id))
      .sort(comparePeople)
      .map(presentPerson);
  }

  /** Attend, decline with a reason, or send a substitute (proposed until the chair decides). */
  async answer(actor: Actor, meetingId: string, kind: InviteeKind, inviteeId: string, input: z.output<typeof replyBody>, ip = ''): Promise<ReplyView> {
    const meeting = await this.meeting(meetingId);
    const invitee = { kind, id: inviteeId };
    if (!repliesPolicy.mayAnswerFor(actor, invitee)) throw new AppError('forbidden');
    const problem = answerProblem(input);
    if (problem) throw new AppError(problem, problem === 'reply_reason_required' ? { reason: 'required' } : { substituteId: 'invalid' });
    // read before the transaction: within it, every query goes through `tx` (PGlite has a single connection)
    const tree = await this.units.tree();
    return this.db.transaction(async (tx) => {
      const locked = (await this.repo.lockMeeting(tx, meetingId)) ?? meeting;
      const compiled = await this.compile(locked, tree, tx);
      const target = compiled.invitees.find((i) => i.kind === kind && i.id === inviteeId);
      // Someone not (or no longer) among the invitees answers nothing, whoever they are.
      if (!target) throw new AppError('forbidden');
      if (!repliesPolicy.isOpen(locked, this.now())) throw new AppError('reply_closed');
      const previous = compiled.rows.get(keyOf(kind, inviteeId));
      const sameSubstitute = input.answer === 'substitute' && previous?.answer === 'substitute' && previous.substituteId === input.substituteId && previous.substituteStatus !== 'refused';
      if (input.answer === 'substitute' && !sameSubstitute) {
        const [candidate] = await this.repo.people([input.substituteId!], tx);
        const invalid = substituteProblem(candidate, compiled.taken);
        if (invalid) throw new AppError(invalid, { substituteId: 'invalid' });
      }
      const at = this.now();
      const saved = await this.repo.upsert(tx, {
        meetingId,
        inviteeKind: kind,
        inviteeId,
        answer: input.answer,
        reason: input.reason.trim(),
        substituteId: input.answer === 'substitute' ? input.substituteId! : null,
        substituteStatus: input.answer === 'substitute' ? (sameSubstitute ? previous!.substituteStatus : 'proposed') : null,
        substituteDecidedBy: sameSubstitute ? previous!.substituteDecidedBy : null,
        substituteDecidedAt: sameSubstitute ? previous!.substituteDecidedAt : null,
        repliedBy: actor.id,
        repliedAt: at,
      });
      // An approved substitute no longer sent: off the invitation list again, and told so.
      const withdrawn = previous?.answer === 'substitute' && previous.substituteStatus === 'approved' && previous.substituteId && !sameSubstitute ? previous.substituteId : null;
      if (withdrawn) await this.repo.removeInvitee(tx, meetingId, withdrawn);
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'meeting.reply',
          targetType: 'meeting',
          targetId: meetingId,
          data: { inviteeKind: kind, inviteeId, answer: input.answer, reason: saved.reason, substituteId: saved.substituteId, substituteStatus: saved.substituteStatus, ...(withdrawn ? { substituteWithdrawn: withdrawn } : {}) },
          ip,
        },
        tx,
      );
      const people = new Map(compiled.people);
      for (const p of await this.repo.people([actor.id, ...(saved.substituteId ? [saved.substituteId] : [])], tx)) people.set(p.id, p);
      const data = { ...this.noticeBase(locked), invitee: target.name, answer: input.answer, reason: saved.reason, byName: actor.name, ...(saved.substituteId ? { substitute: people.get(saved.substituteId)?.name ?? '' } : {}) };
      const recipients = await this.organisersAndCreator(locked, tx);
      // a new substitute waits for the chair's decision (D8.3)
      if (saved.substituteStatus === 'proposed' && !sameSubstitute) recipients.push(locked.chairId);
      await this.notifications.notify(
        tx,
        [...recipients.filter((id) => id !== actor.id).map((userId) => ({ userId, kind: 'reply_answered', data })), ...(withdrawn ? [{ userId: withdrawn, kind: 'reply_substitute_withdrawn', data }] : [])],
      );
      compiled.rows.set(keyOf(kind, inviteeId), saved);
      return presentReply(target, saved, people, true);
    });
  }

  /** The chair approves (the substitute is invited and told) or refuses (the proposer is told why) a substitute. */
  async decide(actor: Actor, meetingId: string, kind: InviteeKind, inviteeId: string, input: z.output<typeof substituteDecisionBody>, ip = ''): Promise<ReplyView> {
    const meeting = await this.meeting(meetingId);
    if (!repliesPolicy.mayDecideSubstitute(actor, meeting)) throw new AppError('forbidden');
    if (input.decision === 'refuse' && !reasonValid(input.reason)) throw new AppError('reply_reason_required', { reason: 'required' });
    const tree = await this.units.tree();
    return this.db.transaction(async (tx) => {
      const locked = (await this.repo.lockMeeting(tx, meetingId)) ?? meeting;
      if (!repliesPolicy.isOpen(locked, this.now())) throw new AppError('reply_closed');
      const compiled = await this.compile(locked, tree, tx);
      const target = compiled.invitees.find((i) => i.kind === kind && i.id === inviteeId);
      const key: ReplyKey = { meetingId, inviteeKind: kind, inviteeId };
      const decided = target ? await this.repo.decideSubstitute(tx, key, input.decision === 'approve' ? 'approved' : 'refused', actor.id, this.now()) : undefined;
      if (!target || !decided) throw new AppError('reply_substitute_not_pending');
      const substituteId = decided.substituteId!;
      if (input.decision === 'approve') await this.repo.addInvitee(tx, meetingId, substituteId);
      const reason = input.reason.trim();
      await this.audit.record(
        { actorId: actor.id, action: 'meeting.substitute_decided', targetType: 'meeting', targetId: meetingId, data: { inviteeKind: kind, inviteeId, substituteId, decision: input.decision, reason }, ip },
        tx,
      );
      const people = new Map(compiled.people);
      for (const p of await this.repo.people([substituteId, decided.repliedBy, actor.id], tx)) people.set(p.id, p);
      const substitute = people.get(substituteId)!;
      const proposer = people.get(decided.repliedBy)!;
      const data: ReplyNoticeData = { ...this.noticeBase(locked), invitee: target.name, substitute: substitute.name, decision: input.decision, reason, byName: actor.name };
      const baseUrl = this.options.publicUrl();
      const others = (await this.organisersAndCreator(locked, tx)).filter((id) => id !== actor.id && id !== proposer.id);
      await this.notifications.notify(tx, [
        ...(input.decision === 'approve' ? [{ userId: substitute.id, kind: 'reply_substitute_approved', data: { ...data } }] : []),
        { userId: proposer.id, kind: 'reply_substitute_decided', data: { ...data } },
        ...others.map((userId) => ({ userId, kind: 'reply_substitute_decided', data: { ...data } })),
      ]);
      await this.mail.enqueue(tx, [
        ...(input.decision === 'approve' ? [substituteApprovedMail(locked, substitute, baseUrl, target.name)] : []),
        ...(proposer.id !== actor.id ? [substituteDecidedMail(locked, proposer, baseUrl, substitute.name, input.decision, reason)] : []),
      ]);
      return presentReply(target, decided, people, repliesPolicy.mayAnswerFor(actor, target));
    });
  }

  /**
   * Remind every invitee who has not answered: the person, or the organisers of an invited unit (a mail and an
   * in-app notice each). At most once a minute per meeting: a second request within the minute is refused with
   * `reply_remind_too_soon` (and `retryAfter` seconds), so nobody gets the same reminder twice.
   */
  async remind(actor: Actor, meetingId: string, ip = ''): Promise<RemindResponse> {
    const meeting = await this.meeting(meetingId);
    if (!(await this.manages(actor, meeting))) throw new AppError('forbidden');
    const tree = await this.units.tree();
    return this.db.transaction(async (tx) => {
      const locked = (await this.repo.lockMeeting(tx, meetingId)) ?? meeting;
      const now = this.now();
      if (!repliesPolicy.isOpen(locked, now)) throw new AppError('reply_closed');
      const last = await this.repo.lastReminderAt(meetingId, REMINDER_KIND, tx);
      if (last && now.getTime() - last.getTime() < REMIND_INTERVAL_MS) {
        throw new AppError('reply_remind_too_soon', { retryAfter: String(Math.ceil((REMIND_INTERVAL_MS - (now.getTime() - last.getTime())) / 1000)) });
      }
      const compiled = await this.compile(locked, tree, tx);
      const silent = compiled.invitees.filter((i) => !compiled.rows.has(keyOf(i.kind, i.id)));
      const silentPersons = silent.filter((i) => i.kind === 'person').map((i) => i.id);
      const silentUnits = silent.filter((i) => i.kind === 'unit');
      const persons = await this.repo.people(silentPersons, tx);
      const organisers = await this.repo.organisersOf(silentUnits.map((u) => u.id), tx);
      // a unit without an organiser has nobody to answer for it: the organiser is told so, not left to wonder (R2.5)
      const withOrganiser = new Set(organisers.map((o) => o.unitId));
      const unreachable = silentUnits.filter((u) => !withOrganiser.has(u.id));
      const recipients = new Map<string, { person: Person; forUnit?: string }>();
      for (const p of persons) if (p.disabledAt === null) recipients.set(p.id, { person: p });
      for (const o of organisers) if (!recipients.has(o.id)) recipients.set(o.id, { person: o, forUnit: silentUnits.find((u) => u.id === o.unitId)?.name });
      const baseUrl = this.options.publicUrl();
      const base = this.noticeBase(locked);
      await this.mail.enqueue(tx, [...recipients.values()].map(({ person, forUnit }) => reminderMail(locked, person, baseUrl, forUnit)));
      await this.notifications.notify(
        tx,
        [...recipients.values()].map(({ person, forUnit }) => ({ userId: person.id, kind: 'reply_reminder', data: { ...base, byName: actor.name, ...(forUnit ? { invitee: forUnit } : {}) } })),
      );
      await this.audit.record(
        { actorId: actor.id, action: 'meeting.replies_reminded', targetType: 'meeting', targetId: meetingId, data: { reminded: recipients.size, persons: silentPersons.length, units: silentUnits.length, unreachable: unreachable.map((u) => u.id) }, ip },
        tx,
      );
      return { reminded: recipients.size, unreachable: unreachable.map((u) => u.name) };
    });
  }

  private noticeBase(m: MeetingRow): ReplyNoticeData {
    return { meetingId: m.id, meetingTitle: m.title, slug: m.slug, startsAt: m.startsAt.toISOString() };
  }

  /** Those told of answers and decisions: the meeting's creator and the host unit's organisers. */
  private async organisersAndCreator(m: MeetingRow, tx: Tx): Promise<string[]> {
    const organisers = await this.repo.organisersOf([m.hostUnitId], tx);
    return [...new Set([m.createdBy, ...organisers.map((o) => o.id)])];
  }
}
