import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { BookingWarning, CreateMeetingResponse, DayOffWarning, InvitationNoticeBreach, MeetingApproval, MeetingEntryView, MeetingView, RecordOpeningView, RevokeAccessResponse, UpdateMeetingResponse } from '../../shared/api';
import type { createMeetingBody, updateMeetingBody } from '../../shared/api';
import { ipInNetworks } from '../../shared/cidr';
import { vnDate } from '../../shared/calendar/working-days';
import { reservedSlugs } from '../../shared/slug';
import type { AuditService } from '../audit/audit.service';
import { hashPassword, verifyPassword } from '../auth/password';
import { groupBy } from '../db/batch';
import type { Db, Tx } from '../db/client';
import { AppError } from '../errors';
import type { Actor } from '../organisation/organisation.policy';
import type { UnitRepository } from '../organisation/unit.repository';
import { comparePeople } from '../../shared/people-order';
import { presentPerson } from '../organisation/user.presenter';
import type { NotificationService } from '../notifications/notification.service';
import { bookingLeadBreach, checkTimeBreach, dayOffWarnings, defaultCheckAt, doubleBookedEndpoints, invitationNoticeBreach, peakEndpoints, roomOpensAt } from './booking-rules';
import { EntryGrants, VerifiedPasswords } from './entry-grants';
import { FailureWindow } from './failure-window';
import { withSubstitutes, type ApprovedSubstitute } from './invitee-list';
import type { MeetingChangeListener } from './meeting-changes';
import type { AgendaItemInput, MeetingLists, MeetingRepository, MeetingRow } from './meeting.repository';
import { meetingPolicy, type MeetingRelation } from './meeting.policy';
import { presentEntry, presentForVisitor, presentOpening } from './meeting.presenter';
import type { MeetingRole } from '../../shared/protocol';

const isUniqueViolation = (err: unknown) => {
  const e = err as { code?: string; cause?: { code?: string } };
  return e.code === '23505' || e.cause?.code === '23505';
};

/**
 * Who is entering and how: their role in the meeting, or `null` with the reason when they must wait in the lobby
 * for the chair (R3.1); the endpoint a room's account is, or a technician operates.
 */
export interface Entry {
  meeting: MeetingRow;
  role: MeetingRole | null;
  lobbyReason: 'not_invited' | 'technical_staff' | null;
  endpoint: MeetingRelation['endpoint'];
}

/** Public holidays between two Vietnamese civil dates (YYYY-MM-DD, inclusive): the operator-edited list (D7.3). */
export interface HolidayProvider {
  between(fromDate: string, toDate: string): Promise<{ date: string; name: string }[]>;
  /** Weekend days the yearly announcement makes working days (swaps), if the provider knows any. */
  workingWeekendDaysBetween?(fromDate: string, toDate: string): Promise<string[]>;
}

export interface MeetingServiceOptions {
  mediaCapacityEndpoints: number;
  holidays: HolidayProvider;
  /** Wrong meeting passwords an account may give within `meetingPasswordWindowMs` before it must wait (R1.3). */
  meetingPasswordFailures?: number;
  meetingPasswordWindowMs?: number;
}

type UpdateInput = z.output<typeof updateMeetingBody>;
/** The fields an edit may change, as named in `meeting.updated` and the change notice. */
const editableFields = [
  'title',
  'type',
  'typeNote',
  'startsAt',
  'endsAt',
  'checkAt',
  'chairId',
  'chairTechnicianId',
  'speakingSeconds',
  'inviteeIds',
  'endpointIds',
  'unitIds',
  'agenda',
  'backdropText',
  'needsMinutes',
  'restricted',
  'allowedNetworks',
  'requireSecondFactor',
] as const satisfies readonly (keyof UpdateInput)[];

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && new Set([...a, ...b]).size === new Set(a).size;
const dedupe = (list: readonly string[]) => [...new Set(list)];
const agendaKey = (items: readonly AgendaItemInput[]) => JSON.stringify(items.map((a) => [a.title, a.presenterId ?? null, a.presenterName, a.minutes]));

export class MeetingService {
  private readonly grants: EntryGrants;
  private readonly verifiedPasswords = new VerifiedPasswords();
  /** Wrong meeting passwords per account: the HTTP access check and the signaling join alike. */
  private readonly passwordFailures: FailureWindow;

  constructor(
    private readonly db: Db,
    private readonly meetings: MeetingRepository,
    private readonly units: UnitRepository,
    private readonly audit: AuditService,
    private readonly options: MeetingServiceOptions,
    private readonly notifications: Pick<NotificationService, 'notify'>,
    /** Invitations, replies and reminders hear of approvals, edits and cancellations in the same transaction. */
    private readonly changes: MeetingChangeListener,
  ) {
    this.grants = new EntryGrants(meetings);
    this.passwordFailures = new FailureWindow(options.meetingPasswordFailures ?? 10, options.meetingPasswordWindowMs ?? 10 * 60_000);
  }

  async create(actor: Actor, input: z.output<typeof createMeetingBody>, ip = ''): Promise<CreateMeetingResponse> {
    const tree = await this.units.tree();
    const hostUnitId = input.hostUnitId ?? actor.unitId;
    if (!tree.get(hostUnitId)) throw new AppError('unit_not_found', { hostUnitId });
    if (!meetingPolicy.canCreateFor(actor, tree.contains(actor.unitId, hostUnitId))) throw new AppError('forbidden');
    if (reservedSlugs.has(input.slug)) throw new AppError('meeting_slug_reserved', { slug: 'reserved' });
    const startsAt = new Date(input.startsAt);
    const endsAt = new Date(input.endsAt);
    if (endsAt <= startsAt) throw new AppError('meeting_time_invalid', { endsAt: 'before start' });
    const inviteeIds = dedupe(input.inviteeIds).filter((id) => id !== input.chairId);
    await this.checkPeople({ chairId: input.chairId, chairTechnicianId: input.chairTechnicianId ?? null, inviteeIds });
    const endpointIds = dedupe(input.endpointIds);
    await this.checkEndpoints(endpointIds);
    const unitIds = dedupe(input.unitIds);
    await this.checkUnits(unitIds);
    const agenda = input.agenda.map((a) => ({ ...a, presenterId: a.presenterId ?? null }));
    await this.checkAgenda(agenda);
    const allowedNetworks = dedupe(input.allowedNetworks);
    if (input.restricted && allowedNetworks.length === 0) throw new AppError('meeting_networks_required', { allowedNetworks: 'required' });
    if (await this.meetings.findBySlug(input.slug)) throw new AppError('meeting_slug_taken', { slug: 'taken' });
    // R2.3: booked at least 2 days ahead, unless an emergency decided by the chairman (D19.2), which the office
    // arranges (D19.1): only operators declare one. An emergency is also exempt from the invitation notice (D7.3).
    const { emergency } = input;
    if (emergency && !meetingPolicy.canDeclareEmergency(actor)) throw new AppError('meeting_emergency_not_allowed', { rule: 'emergency', article: 'D19.2', requirement: 'R2.3' });
    const now = new Date();
    const lateBy = bookingLeadBreach(now, startsAt);
    if (lateBy && !emergency) throw new AppError('meeting_booking_too_late', { rule: lateBy.rule, article: lateBy.article, requirement: lateBy.requirement });
    const checkAt = input.checkAt ? new Date(input.checkAt) : defaultCheckAt(startsAt);
    this.checkCheckTime(checkAt, startsAt, emergency);
    const invitationNotice = emergency ? null : await this.invitationNotice(now, startsAt);
    // D21.1: the office (operators) arranges the schedule: its own bookings, emergencies included, stand at once.
    const approvedAtOnce = actor.role === 'operator';
    const passwordHash = await hashPassword(input.password);
    const created = await this.db
      .transaction(async (tx) => {
        await this.checkRooms(tx, { startsAt, endsAt, endpointIds });
        const meeting = await this.meetings.create(
          tx,
          {
            title: input.title,
            slug: input.slug,
            startsAt,
            endsAt,
            hostUnitId,
            chairId: input.chairId,
            chairTechnicianId: input.chairTechnicianId ?? null,
            speakingSeconds: input.speakingSeconds,
            passwordHash,
            createdBy: actor.id,
            type: input.type,
            typeNote: input.typeNote,
            emergency,
            approval: approvedAtOnce ? 'approved' : 'pending',
            approvalReason: '',
            approvedBy: approvedAtOnce ? actor.id : null,
            approvedAt: approvedAtOnce ? now : null,
            restricted: input.restricted,
            allowedNetworks,
            requireSecondFactor: input.requireSecondFactor,
            backdropText: input.backdropText,
            checkAt,
            needsMinutes: input.needsMinutes,
          },
          { inviteeIds, endpointIds, unitIds, agenda },
        );
        await this.audit.record(
          {
            actorId: actor.id,
            action: 'meeting.created',
            targetType: 'meeting',
            targetId: meeting.id,
            data: {
              title: input.title,
              slug: input.slug,
              hostUnitId,
              type: input.type,
              invitees: inviteeIds.length,
              endpoints: endpointIds.length,
              units: unitIds.length,
              agendaItems: agenda.length,
              notStateSecret: input.notStateSecret,
              emergency,
              approval: meeting.approval,
              restricted: input.restricted,
              requireSecondFactor: input.requireSecondFactor,
            },
            ip,
          },
          tx,
        );
        if (!approvedAtOnce) await this.askApproval(tx, meeting, actor);
        return meeting;
      })
      .catch((err) => {
        // a concurrent create took the slug between our check and the insert
        if (isUniqueViolation(err)) throw new AppError('meeting_slug_taken', { slug: 'taken' });
        throw err;
      });
    const warnings: BookingWarning[] = [...(invitationNotice ? [invitationNotice] : []), ...(await this.daysOff(startsAt, endsAt))];
    return { meeting: (await this.present(actor, [created]))[0]!, warnings };
  }

  /**
   * Edit a meeting not yet started (canManage). The edit names the version it was made from: if someone changed
   * the meeting meanwhile it is refused (`meeting_version_conflict`) rather than silently overwriting their change.
   * Time and room changes are judged by the booking rules again; lists given replace the meeting's.
   */
  async update(actor: Actor, id: string, input: UpdateInput, ip = ''): Promise<UpdateMeetingResponse> {
    const meeting = await this.getManaged(actor, id);
    if (meeting.status !== 'scheduled') throw new AppError('meeting_not_editable');
    if (input.version !== meeting.version) throw new AppError('meeting_version_conflict', { version: String(meeting.version) });
    const [invitations, endpointRows, unitRows, agendaRows, substitutes] = await Promise.all([
      this.meetings.invitationsOf([id]),
      this.meetings.endpointsOf([id]),
      this.meetings.unitsOf([id]),
      this.meetings.agendaOf([id]),
      this.meetings.approvedSubstitutes([id]),
    ]);
    // The organiser's own lists; what invited units named for themselves is theirs (kept by an edit).
    const current = {
      inviteeIds: invitations.filter((i) => i.forUnitId === null).map((i) => i.userId),
      endpointIds: endpointRows.filter((e) => e.forUnitId === null).map((e) => e.id),
      unitIds: unitRows.map((u) => u.id),
      agenda: agendaRows.map((a) => ({ title: a.title, presenterId: a.presenterId, presenterName: a.presenterName, minutes: a.minutes })),
    };

    const startsAt = input.startsAt ? new Date(input.startsAt) : meeting.startsAt;
    const endsAt = input.endsAt ? new Date(input.endsAt) : meeting.endsAt;
    if (endsAt <= startsAt) throw new AppError('meeting_time_invalid', { endsAt: 'before start' });
    // A moved start moves the system check with it, unless a new one is given.
    const previousCheckAt = meeting.checkAt ?? defaultCheckAt(meeting.startsAt);
    const checkAt = input.checkAt ? new Date(input.checkAt) : new Date(previousCheckAt.getTime() + (startsAt.getTime() - meeting.startsAt.getTime()));
    const chairId = input.chairId ?? meeting.chairId;
    const chairTechnicianId = input.chairTechnicianId !== undefined ? input.chairTechnicianId : meeting.chairTechnicianId;
    const lists: MeetingLists = {};
    if (input.inviteeIds) lists.inviteeIds = dedupe(input.inviteeIds).filter((uid) => uid !== chairId);
    if (input.endpointIds) lists.endpointIds = dedupe(input.endpointIds);
    if (input.unitIds) lists.unitIds = dedupe(input.unitIds);
    if (input.agenda) lists.agenda = input.agenda.map((a) => ({ ...a, presenterId: a.presenterId ?? null }));
    // approved substitutes stay while whom they replace is invited, and go with them (R2.5, D8.3)
    // Those a kept unit named count as invited (a substitute of theirs stays) but are not the organiser's list.
    const invitedNext = (subs: ApprovedSubstitute[]) => {
      const keptUnits = new Set(lists.unitIds ?? current.unitIds);
      const unitNamed = new Set(invitations.filter((i) => i.forUnitId !== null && keptUnits.has(i.forUnitId)).map((i) => i.userId));
      const direct = lists.inviteeIds ?? current.inviteeIds;
      const own = new Set(direct);
      return withSubstitutes([...direct, ...unitNamed], [...keptUnits], subs).filter((uid) => own.has(uid) || !unitNamed.has(uid));
    };
    if (lists.inviteeIds || lists.unitIds) lists.inviteeIds = invitedNext(substitutes).filter((uid) => uid !== chairId);
    const allowedNetworks = input.allowedNetworks ? dedupe(input.allowedNetworks) : meeting.allowedNetworks;

    const next = {
      title: input.title ?? meeting.title,
      type: input.type ?? meeting.type,
      typeNote: input.typeNote ?? meeting.typeNote,
      speakingSeconds: input.speakingSeconds ?? meeting.speakingSeconds,
      backdropText: input.backdropText ?? meeting.backdropText,
      needsMinutes: input.needsMinutes ?? meeting.needsMinutes,
      restricted: input.restricted ?? meeting.restricted,
      requireSecondFactor: input.requireSecondFactor ?? meeting.requireSecondFactor,
    };
    const changed: Record<(typeof editableFields)[number], boolean> = {
      title: next.title !== meeting.title,
      type: next.type !== meeting.type,
      typeNote: next.typeNote !== meeting.typeNote,
      startsAt: startsAt.getTime() !== meeting.startsAt.getTime(),
      endsAt: endsAt.getTime() !== meeting.endsAt.getTime(),
      checkAt: checkAt.getTime() !== meeting.checkAt?.getTime(),
      chairId: chairId !== meeting.chairId,
      chairTechnicianId: chairTechnicianId !== meeting.chairTechnicianId,
      speakingSeconds: next.speakingSeconds !== meeting.speakingSeconds,
      inviteeIds: lists.inviteeIds !== undefined && !sameSet(lists.inviteeIds, current.inviteeIds),
      endpointIds: lists.endpointIds !== undefined && !sameSet(lists.endpointIds, current.endpointIds),
      unitIds: lists.unitIds !== undefined && !sameSet(lists.unitIds, current.unitIds),
      agenda: lists.agenda !== undefined && agendaKey(lists.agenda) !== agendaKey(current.agenda),
      backdropText: next.backdropText !== meeting.backdropText,
      needsMinutes: next.needsMinutes !== meeting.needsMinutes,
      restricted: next.restricted !== meeting.restricted,
      allowedNetworks: !sameSet(allowedNetworks, meeting.allowedNetworks),
      requireSecondFactor: next.requireSecondFactor !== meeting.requireSecondFactor,
    };
    const fields = editableFields.filter((f) => changed[f]);
    if (fields.length === 0) return { meeting: (await this.present(actor, [meeting]))[0]!, warnings: [] };

    if (changed.chairId || changed.chairTechnicianId || changed.inviteeIds)
      await this.checkPeople({ chairId, chairTechnicianId, inviteeIds: changed.inviteeIds ? lists.inviteeIds! : [] });
    if (changed.endpointIds) await this.checkEndpoints(lists.endpointIds!);
    if (changed.unitIds) await this.checkUnits(lists.unitIds!);
    if (changed.agenda) await this.checkAgenda(lists.agenda!);
    if (next.restricted && allowedNetworks.length === 0) throw new AppError('meeting_networks_required', { allowedNetworks: 'required' });
    const now = new Date();
    if (changed.startsAt) {
      const lateBy = bookingLeadBreach(now, startsAt);
      if (lateBy && !meeting.emergency) throw new AppError('meeting_booking_too_late', { rule: lateBy.rule, article: lateBy.article, requirement: lateBy.requirement });
    }
    if (changed.checkAt || changed.startsAt) this.checkCheckTime(checkAt, startsAt, meeting.emergency);
    const warnings: BookingWarning[] = [];
    if (changed.startsAt && !meeting.emergency) {
      const notice = await this.invitationNotice(now, startsAt);
      if (notice) warnings.push(notice);
    }
    if (changed.startsAt || changed.endsAt) warnings.push(...(await this.daysOff(startsAt, endsAt)));

    // A rejected booking, corrected by its unit, goes back to the office for a new decision (D21.1).
    const resubmitted = meeting.approval === 'rejected' && actor.role !== 'operator';
    const updated = await this.db.transaction(async (tx) => {
      if (changed.startsAt || changed.endsAt || changed.endpointIds) {
        // the rooms invited units named stay booked with the meeting's own, unless their unit is dropped
        const keptUnits = new Set(lists.unitIds ?? current.unitIds);
        const unitRooms = endpointRows.filter((e) => e.forUnitId !== null && keptUnits.has(e.forUnitId)).map((e) => e.id);
        await this.checkRooms(tx, { startsAt, endsAt, endpointIds: dedupe([...(lists.endpointIds ?? current.endpointIds), ...unitRooms]) }, id);
      }
      const row = await this.meetings.updateVersioned(tx, id, input.version, {
        ...next,
        startsAt,
        endsAt,
        checkAt,
        chairId,
        chairTechnicianId,
        allowedNetworks,
        // a moved check or start is reminded of again at its new time (M6.1, D19.3)
        ...(changed.checkAt ? { checkReminderSentAt: null } : {}),
        ...(changed.startsAt ? { earlyReminderSentAt: null } : {}),
        ...(resubmitted ? { approval: 'pending' as const, approvalReason: '', approvedBy: null, approvedAt: null } : {}),
      });
      if (!row) {
        const latest = await this.meetings.findById(id, tx);
        if (latest && latest.status !== 'scheduled') throw new AppError('meeting_not_editable');
        throw new AppError('meeting_version_conflict', { version: String(latest?.version ?? '') });
      }
      // a substitute approved since the read above is counted too (the decision locks this meeting's row)
      const inviteeIds = changed.inviteeIds || changed.unitIds ? invitedNext(await this.meetings.approvedSubstitutes([id], tx)).filter((uid) => uid !== chairId) : undefined;
      await this.meetings.replaceLists(tx, id, {
        inviteeIds,
        endpointIds: changed.endpointIds ? lists.endpointIds : undefined,
        unitIds: changed.unitIds ? lists.unitIds : undefined,
        agenda: changed.agenda ? lists.agenda : undefined,
      });
      if (inviteeIds) await this.meetings.dropRepliesOfUninvited(tx, id);
      await this.audit.record({ actorId: actor.id, action: 'meeting.updated', targetType: 'meeting', targetId: id, data: { fields, reason: input.reason, version: row.version }, ip }, tx);
      await this.changes.meetingChanged(tx, id, { kind: 'updated', postponed: startsAt > meeting.startsAt, reason: input.reason, fields }, actor.id);
      if (resubmitted) await this.askApproval(tx, row, actor);
      return row;
    });
    return { meeting: (await this.present(actor, [updated]))[0]!, warnings };
  }

  /** D21.1: every operator (the office) is told that a booking waits for its decision. */
  private async askApproval(tx: Tx, meeting: MeetingRow, actor: Actor): Promise<void> {
    const operators = await this.meetings.operatorIds(tx);
    await this.notifications.notify(
      tx,
      operators.map((userId) => ({ userId, kind: 'meeting.approval_requested', data: this.noticeData(meeting, actor) })),
    );
  }

  /** D21.1: the office approves a pending booking; its creator is told. */
  async approve(actor: Actor, id: string, ip = ''): Promise<MeetingView> {
    return this.decide(actor, id, 'approved', '', ip);
  }

  /** D21.1: the office rejects a pending booking, with the reason its creator is told. */
  async reject(actor: Actor, id: string, reason: string, ip = ''): Promise<MeetingView> {
    return this.decide(actor, id, 'rejected', reason, ip);
  }

  private async decide(actor: Actor, id: string, approval: 'approved' | 'rejected', reason: string, ip: string): Promise<MeetingView> {
    const meeting = await this.meetings.findById(id);
    if (!meeting) throw new AppError('meeting_not_found');
    if (!meetingPolicy.canApprove(actor)) throw new AppError('forbidden');
    if (meeting.approval !== 'pending' || meeting.status !== 'scheduled') throw new AppError('meeting_not_pending');
    await this.db.transaction(async (tx) => {
      if (!(await this.meetings.decideApproval(tx, id, { approval, approvalReason: reason, approvedBy: actor.id }))) throw new AppError('meeting_not_pending');
      await this.audit.record({ actorId: actor.id, action: `meeting.${approval}`, targetType: 'meeting', targetId: id, data: { title: meeting.title, ...(reason ? { reason } : {}) }, ip }, tx);
      await this.notifications.notify(tx, [{ userId: meeting.createdBy, kind: `meeting.${approval}`, data: { ...this.noticeData(meeting, actor), ...(reason ? { reason } : {}) } }]);
      await this.changes.meetingChanged(tx, id, approval === 'approved' ? { kind: 'approved' } : { kind: 'rejected', reason }, actor.id);
    });
    return (await this.present(actor, [(await this.meetings.findById(id))!]))[0]!;
  }

  /** Cancel a meeting not yet started (canManage): nobody enters it any more, and everyone is told (D24.3). */
  async cancel(actor: Actor, id: string, reason: string, ip = ''): Promise<MeetingView> {
    const meeting = await this.getManaged(actor, id);
    if (meeting.status !== 'scheduled') throw new AppError('meeting_not_editable');
    await this.db.transaction(async (tx) => {
      if (!(await this.meetings.cancel(tx, id, reason))) throw new AppError('meeting_not_editable');
      await this.audit.record({ actorId: actor.id, action: 'meeting.cancelled', targetType: 'meeting', targetId: id, data: { title: meeting.title, reason }, ip }, tx);
      await this.changes.meetingChanged(tx, id, { kind: 'cancelled', reason }, actor.id);
    });
    await this.grants.revokeMeeting(id);
    return (await this.present(actor, [(await this.meetings.findById(id))!]))[0]!;
  }

  /** What an in-app notice about a booking carries. */
  private noticeData(meeting: MeetingRow, by: Actor): Record<string, unknown> {
    return { meetingId: meeting.id, title: meeting.title, slug: meeting.slug, startsAt: meeting.startsAt.toISOString(), byName: by.name };
  }

  private async checkPeople(p: { chairId: string; chairTechnicianId: string | null; inviteeIds: string[] }): Promise<void> {
    const mentioned = [p.chairId, ...(p.chairTechnicianId ? [p.chairTechnicianId] : []), ...p.inviteeIds];
    const known = new Set((await this.meetings.people(mentioned)).map((k) => k.id));
    const missing = mentioned.filter((uid) => !known.has(uid));
    if (missing.length)
      throw new AppError('user_not_found', Object.fromEntries(missing.map((uid) => [uid === p.chairId ? 'chairId' : uid === p.chairTechnicianId ? 'chairTechnicianId' : 'inviteeIds', uid])));
  }

  private async checkEndpoints(endpointIds: string[]): Promise<void> {
    const known = new Set(await this.meetings.existingEndpointIds(endpointIds));
    if (known.size !== endpointIds.length) throw new AppError('endpoint_not_found', { endpointIds: endpointIds.filter((eid) => !known.has(eid)).join(',') });
  }

  private async checkUnits(unitIds: string[]): Promise<void> {
    const known = new Set(await this.meetings.existingUnitIds(unitIds));
    if (known.size !== unitIds.length) throw new AppError('unit_not_found', { unitIds: unitIds.filter((uid) => !known.has(uid)).join(',') });
  }

  /** Presenters named by account must exist. */
  private async checkAgenda(agenda: AgendaItemInput[]): Promise<void> {
    const ids = dedupe(agenda.flatMap((a) => (a.presenterId ? [a.presenterId] : [])));
    const known = await this.meetings.people(ids);
    const missing = ids.filter((pid) => !known.some((k) => k.id === pid));
    if (missing.length) throw new AppError('user_not_found', { agenda: missing.join(',') });
  }

  /** D19.3: the system check at least 1 hour before the opening; an emergency may check later, never after the opening. */
  private checkCheckTime(checkAt: Date, startsAt: Date, emergency: boolean): void {
    const breach = checkTimeBreach(checkAt, startsAt);
    if (breach && (!emergency || breach.actual < 0)) throw new AppError('meeting_check_time_too_late', { rule: breach.rule, article: breach.article, requirement: breach.requirement });
  }

  /** D7.3 over the operator-edited holidays between now and the meeting. */
  /** R2.4, D7.3: the invitation notice left before `startsAt`, counted on the operator's holiday list. */
  async invitationNotice(now: Date, startsAt: Date): Promise<InvitationNoticeBreach | null> {
    const holidays = await this.options.holidays.between(vnDate(now), vnDate(startsAt));
    const swaps = (await this.options.holidays.workingWeekendDaysBetween?.(vnDate(now), vnDate(startsAt))) ?? [];
    return invitationNoticeBreach(now, startsAt, new Set(holidays.map((h) => h.date)), new Set(swaps));
  }

  /** The days off (holidays of the operator's list, weekends not swapped) the meeting falls on: warned, named. */
  private async daysOff(startsAt: Date, endsAt: Date): Promise<DayOffWarning[]> {
    const [from, to] = [vnDate(startsAt), vnDate(endsAt)];
    const holidays = await this.options.holidays.between(from, to);
    const swaps = (await this.options.holidays.workingWeekendDaysBetween?.(from, to)) ?? [];
    return dayOffWarnings(startsAt, endsAt, holidays, new Set(swaps));
  }

  /**
   * R2.3: a room is in one meeting at a time, and the media server's endpoint capacity is not over-booked; checked
   * under a lock so that concurrent bookings (and edits) are judged one after the other.
   */
  async checkRooms(tx: Tx, candidate: { startsAt: Date; endsAt: Date; endpointIds: string[] }, exceptId?: string): Promise<void> {
    if (!candidate.endpointIds.length) return;
    await this.meetings.lockForBooking(tx);
    const others = await this.meetings.overlappingBookings(candidate.startsAt, candidate.endsAt, tx, exceptId);
    const doubled = doubleBookedEndpoints(candidate, others);
    if (doubled.length) throw new AppError('meeting_endpoint_double_booked', { endpointIds: doubled.join(','), requirement: 'R2.3' });
    if (peakEndpoints(candidate, others) > this.options.mediaCapacityEndpoints)
      throw new AppError('meeting_media_capacity_exceeded', { capacity: String(this.options.mediaCapacityEndpoints), requirement: 'R2.3' });
  }

  /** Invited units of a meeting nobody would receive the invitation for (no organiser, nobody named, members not admitted). */
  async unreachableUnits(meetingId: string, tx?: Tx): Promise<{ id: string; name: string }[]> {
    return (await this.meetings.unreachableUnits([meetingId], tx)).map(({ id, name }) => ({ id, name }));
  }

  /** The meetings the actor may list; `approval` narrows them (the office's pending bookings, D21.1). */
  async list(actor: Actor, approval?: MeetingApproval): Promise<MeetingView[]> {
    let rows: MeetingRow[];
    if (actor.role === 'operator') rows = await this.meetings.listFor(undefined, approval);
    else {
      const tree = await this.units.tree();
      const staff = actor.role === 'organiser' || actor.role === 'secretary';
      rows = await this.meetings.listFor(
        { userId: actor.id, hostUnitIds: staff ? [...tree.subtree(actor.unitId)] : [], guestMeetingId: actor.guestMeetingId, headOfUnitId: actor.role === 'organiser' ? actor.unitId : null },
        approval,
      );
    }
    return this.present(actor, rows);
  }

  /**
   * The meeting at a link address, if the actor may see it. Whoever has the link may knock (R3.1), but someone not
   * part of the meeting gets only what the door needs, as `get` by id refuses them the rest.
   */
  async getBySlug(actor: Actor, slug: string): Promise<MeetingView> {
    const meeting = await this.meetings.findBySlug(slug);
    if (!meeting) throw new AppError('meeting_not_found');
    if (!meetingPolicy.canSee(actor, meeting)) throw new AppError('meeting_not_invited');
    const view = (await this.present(actor, [meeting]))[0]!;
    return meetingPolicy.canList(actor, meeting, await this.relation(actor, meeting)) ? view : presentForVisitor(view);
  }

  /** The meeting with this id, if the actor may see it (same rule as by link address). */
  async get(actor: Actor, id: string): Promise<MeetingView> {
    const meeting = await this.meetings.findById(id);
    if (!meeting) throw new AppError('meeting_not_found');
    if (!meetingPolicy.canList(actor, meeting, await this.relation(actor, meeting))) throw new AppError('meeting_not_invited');
    return (await this.present(actor, [meeting]))[0]!;
  }

  /**
   * Leak response (R6.4): everyone who entered the meeting room, oldest first, and everyone who opened its
   * recordings or documents, newest first.
   */
  async access(actor: Actor, id: string): Promise<{ entries: MeetingEntryView[]; opened: RecordOpeningView[] }> {
    await this.getManaged(actor, id);
    const [entries, openings] = await Promise.all([this.meetings.entries(id), this.meetings.openings(id)]);
    return { entries: entries.map(presentEntry), opened: openings.map(presentOpening) };
  }

  /** A meeting by id for someone who may manage it (R6.4). */
  async getManaged(actor: Actor, id: string): Promise<MeetingRow> {
    const meeting = await this.meetings.findById(id);
    if (!meeting) throw new AppError('meeting_not_found');
    if (!meetingPolicy.canManage(actor, await this.relation(actor, meeting))) throw new AppError('forbidden');
    return meeting;
  }

  /** A meeting by id for someone who may see its attendance and recordings (`canSeeRecords`). */
  async getForRecords(actor: Actor, id: string): Promise<MeetingRow> {
    const meeting = await this.meetings.findById(id);
    if (!meeting) throw new AppError('meeting_not_found');
    if (!meetingPolicy.canSeeRecords(actor, meeting, await this.relation(actor, meeting))) throw new AppError('forbidden');
    return meeting;
  }

  /**
   * Whether the actor may enter the meeting now with this password. Order matters: an outsider learns nothing
   * about the password or the meeting's state. A session that passed recently is not asked again (EntryGrants).
   */
  async checkEntry(actor: Actor, sessionId: string, slug: string, password: string, ip = '', opts: { passwordProven?: boolean } = {}): Promise<Entry> {
    const meeting = await this.meetings.findBySlug(slug);
    if (!meeting) throw new AppError('meeting_not_found');
    if (!meetingPolicy.canSee(actor, meeting)) throw new AppError('meeting_not_invited');
    const rel = await this.relation(actor, meeting);
    // A presence taken back proves the password was given once; it grants nothing new (a stolen token is no key).
    if (!opts.passwordProven) {
      // The password first: once argon2 accepted it for the meeting, it is a keyed digest here, no query.
      const given = password !== '' && this.verifiedPasswords.matches(meeting.id, meeting.passwordHash, password);
      if (!given && !(await this.grants.has(sessionId, meeting.id))) {
        // R1.3: an account that gave too many wrong meeting passwords waits, whatever it gives now
        const wait = this.passwordFailures.waitFor(actor.id, Date.now());
        if (wait !== null) throw AppError.retryAfter('too_many_requests', wait, { retryAfter: String(Math.max(1, Math.ceil(wait))) });
        if (!(await this.passwordMatches(meeting, password))) {
          this.passwordFailures.fail(actor.id, Date.now());
          throw new AppError('meeting_password_wrong');
        }
      }
      await this.grants.grant(sessionId, meeting.id);
    }
    if (meeting.status === 'ended') throw new AppError('meeting_ended');
    if (meeting.status === 'cancelled') throw new AppError('meeting_cancelled');
    // D21.1: only a booking the office approved is held.
    if (meeting.approval !== 'approved') throw new AppError('meeting_not_approved');
    // D19.3: the room opens at the system-check time; earlier only when an operator opened it (openEarly).
    const opensAt = roomOpensAt(meeting);
    if (meeting.status === 'scheduled' && Date.now() < opensAt.getTime()) throw new AppError('meeting_not_open_yet', { opensAt: opensAt.toISOString() });
    // M5.4, R2.2: a restricted meeting only from its networks, and only with a second factor when it requires one.
    if (meeting.restricted) {
      if (!ipInNetworks(ip, meeting.allowedNetworks)) throw new AppError('meeting_network_not_allowed');
      if (meeting.requireSecondFactor && !actor.totpSecret) throw new AppError('meeting_second_factor_required');
    }
    return { meeting, ...(await this.roleIn(actor, meeting, rel)) };
  }

  /** The role the actor has in the meeting, or why they wait in the lobby. */
  private async roleIn(actor: Actor, meeting: MeetingRow, rel: MeetingRelation): Promise<Omit<Entry, 'meeting'>> {
    if (meeting.chairId === actor.id) return { role: 'chair', lobbyReason: null, endpoint: null };
    if (meeting.chairTechnicianId === actor.id) return { role: 'chair_technician', lobbyReason: null, endpoint: null };
    if (rel.endpoint) return { role: 'endpoint', lobbyReason: null, endpoint: rel.endpoint };
    if (actor.role === 'technician') {
      const operated = await this.meetings.technicianEndpointOf(meeting.id, actor.id);
      if (operated) return { role: 'endpoint_technician', lobbyReason: null, endpoint: operated };
    }
    if (meetingPolicy.canEnter(actor, meeting, rel)) return { role: 'delegate', lobbyReason: null, endpoint: null };
    if (actor.role === 'endpoint') return { role: null, lobbyReason: 'not_invited', endpoint: await this.meetings.endpointOfAccount(actor.id) };
    const technical = actor.role === 'technician' || actor.role === 'operator';
    return { role: null, lobbyReason: technical ? 'technical_staff' : 'not_invited', endpoint: null };
  }

  /**
   * The meeting's password, checked with argon2id once per meeting and password; the same password again (everyone
   * of a meeting types the same one) is compared by its keyed digest, so that a thousand joins do not cost a
   * thousand argon2 verifications.
   */
  private async passwordMatches(meeting: MeetingRow, password: string): Promise<boolean> {
    if (this.verifiedPasswords.matches(meeting.id, meeting.passwordHash, password)) return true;
    if (!(await verifyPassword(meeting.passwordHash, password))) return false;
    this.verifiedPasswords.remember(meeting.id, meeting.passwordHash, password);
    return true;
  }

  /**
   * The office opens the room before its system-check time (D19.1: it arranges the meetings), with the reason in
   * the audit trail; from then on those who may enter do. At or after that time there is nothing to do: the first
   * to enter opens it.
   */
  async openEarly(actor: Actor, id: string, reason: string, ip = ''): Promise<MeetingView> {
    const meeting = await this.meetings.findById(id);
    if (!meeting) throw new AppError('meeting_not_found');
    if (!meetingPolicy.canOpenEarly(actor)) throw new AppError('forbidden');
    if (meeting.status === 'ended') throw new AppError('meeting_ended');
    if (meeting.status === 'cancelled') throw new AppError('meeting_cancelled');
    if (meeting.approval !== 'approved') throw new AppError('meeting_not_approved');
    const opensAt = roomOpensAt(meeting);
    if (meeting.status === 'scheduled' && Date.now() < opensAt.getTime()) {
      await this.db.transaction(async (tx) => {
        if (!(await this.meetings.transition(id, ['scheduled'], 'open', tx))) return; // opened meanwhile
        await this.audit.record(
          { actorId: actor.id, action: 'meeting.opened_early', targetType: 'meeting', targetId: id, data: { title: meeting.title, reason, opensAt: opensAt.toISOString(), startsAt: meeting.startsAt.toISOString() }, ip },
          tx,
        );
      });
    }
    return (await this.present(actor, [(await this.meetings.findById(id))!]))[0]!;
  }

  /**
   * The chair ends the meeting (R3.13): its status, the `ended` event of the meeting log, what `alongside` writes (the
   * conclusions, R3.5) and the audit entries are written together or not at all. False when it had already ended.
   */
  async markEnded(actor: Actor, meetingId: string, alongside?: (tx: Tx) => Promise<Record<string, unknown>>): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      if (!(await this.meetings.transition(meetingId, ['scheduled', 'open'], 'ended', tx))) return false;
      const data = alongside ? await alongside(tx) : {};
      await this.meetings.logEvent(meetingId, 'ended', actor.id, {}, tx);
      await this.audit.record({ actorId: actor.id, action: 'meeting.ended', targetType: 'meeting', targetId: meetingId, data }, tx);
      return true;
    });
  }

  mayEnd(actor: Actor, meeting: MeetingRow): Promise<boolean> {
    return this.relation(actor, meeting).then((rel) => meetingPolicy.canEnd(actor, meeting, rel));
  }

  /**
   * Leak response (R6.4): a new link address and password; the old link stops working and every entry grant is
   * dropped, so nobody re-enters without the new password. Returns the new password once.
   */
  async revokeAccess(actor: Actor, id: string, ip = ''): Promise<RevokeAccessResponse> {
    const meeting = await this.getManaged(actor, id);
    const password = randomBytes(6).toString('base64url');
    const slug = `${meeting.slug.replace(/-[a-z0-9]{6}$/, '').slice(0, 57)}-${randomBytes(4).toString('hex').slice(0, 6)}`;
    await this.db.transaction(async (tx) => {
      await this.meetings.update(id, { slug, passwordHash: await hashPassword(password) }, tx);
      await this.audit.record({ actorId: actor.id, action: 'meeting.access_revoked', targetType: 'meeting', targetId: id, data: { oldSlug: meeting.slug, newSlug: slug }, ip }, tx);
    });
    await this.grants.revokeMeeting(id);
    const updated = (await this.meetings.findById(id))!;
    return { meeting: (await this.present(actor, [updated]))[0]!, password };
  }

  private async relation(actor: Actor, meeting: MeetingRow): Promise<MeetingRelation> {
    const [invited, endpoint, unitHead, inOwnUnits] = await Promise.all([
      this.meetings.isInvited(meeting.id, actor.id),
      actor.role === 'endpoint' ? this.meetings.invitedEndpointOf(meeting.id, actor.id) : Promise.resolve(null),
      actor.role === 'organiser' ? this.meetings.isUnitInvited(meeting.id, actor.unitId) : Promise.resolve(false),
      this.units.isWithin(meeting.hostUnitId, actor.unitId),
    ]);
    return { invited, endpoint, unitHead, inOwnUnits };
  }

  /** Views of many meetings from a few queries, grouped once per meeting (a list of meetings of thousands each). */
  private async present(actor: Actor, rows: MeetingRow[]): Promise<MeetingView[]> {
    const ids = rows.map((m) => m.id);
    const [invitations, endpointRows, hostUnits, unitRows, agendaRows, substitutes, unreachable] = await Promise.all([
      this.meetings.invitationsOf(ids),
      this.meetings.endpointsOf(ids),
      this.meetings.unitNames([...new Set(rows.map((m) => m.hostUnitId))]),
      this.meetings.unitsOf(ids),
      this.meetings.agendaOf(ids),
      this.meetings.approvedSubstitutes(ids),
      this.meetings.unreachableUnits(ids),
    ]);
    const people = await this.meetings.people([
      ...new Set([
        ...rows.map((m) => m.chairId),
        ...invitations.map((i) => i.userId),
        ...rows.flatMap((m) => (m.approvedBy ? [m.approvedBy] : [])),
        ...agendaRows.flatMap((a) => (a.presenterId ? [a.presenterId] : [])),
        ...substitutes.flatMap((s) => (s.inviteeKind === 'person' ? [s.inviteeId] : [])),
      ]),
    ]);
    const byId = new Map(people.map((p) => [p.id, p]));
    const unitName = new Map(hostUnits.map((u) => [u.id, u.name]));
    const collator = new Intl.Collator('vi');
    const tree = await this.units.tree();
    const invitationsBy = groupBy(invitations, (i) => i.meetingId);
    const endpointsBy = groupBy(endpointRows, (e) => e.meetingId);
    const unitsBy = groupBy(unitRows, (u) => u.meetingId);
    const agendaBy = groupBy(agendaRows, (a) => a.meetingId);
    const substitutesBy = groupBy(substitutes, (x) => x.meetingId);
    const unreachableBy = groupBy(unreachable, (u) => u.meetingId);
    const personView = (uid: string) => byId.get(uid);
    // once, not per meeting: a ministry's tree has thousands of units
    const ownUnits = tree.subtree(actor.unitId);
    return Promise.all(
      rows.map(async (m) => {
        const invited = invitationsBy.get(m.id) ?? [];
        const rooms = endpointsBy.get(m.id) ?? [];
        const rel: MeetingRelation = {
          invited: invited.some((i) => i.userId === actor.id),
          endpoint: null,
          inOwnUnits: ownUnits.has(m.hostUnitId),
        };
        const canManage = meetingPolicy.canManage(actor, rel);
        const approver = m.approvedBy ? byId.get(m.approvedBy) : undefined;
        const peopleOf = (list: typeof invited) =>
          list
            .map((i) => personView(i.userId))
            .filter((p) => p !== undefined)
            .sort(comparePeople)
            .map(presentPerson);
        const roomsOf = (list: typeof rooms) => list.sort((a, b) => collator.compare(a.name, b.name)).map(({ id, name, unit }) => ({ id, name, unit }));
        return {
          id: m.id,
          title: m.title,
          slug: m.slug,
          startsAt: m.startsAt.toISOString(),
          endsAt: m.endsAt.toISOString(),
          status: m.status,
          hostUnit: { id: m.hostUnitId, name: unitName.get(m.hostUnitId) ?? '' },
          chair: presentPerson(byId.get(m.chairId) ?? { id: m.chairId, name: '?', title: '', unitName: '' }),
          // the organiser's list; those invited units named are shown under their unit
          invitees: peopleOf(invited.filter((i) => i.forUnitId === null)),
          // who attends for whom: for those who manage the meeting (the replies page shows each invitee their own)
          substitutes: canManage
            ? (substitutesBy.get(m.id) ?? []).map((s) => ({ personId: s.substituteId, replaces: (s.inviteeKind === 'person' ? byId.get(s.inviteeId)?.name : tree.get(s.inviteeId)?.name) ?? '' }))
            : [],
          endpoints: roomsOf(rooms.filter((e) => e.forUnitId === null)),
          // told plainly to those who manage the meeting: nobody would receive these units' invitation (R2.4)
          unreachableUnits: canManage ? (unreachableBy.get(m.id) ?? []).map(({ id, name }) => ({ id, name })).sort((a, b) => collator.compare(a.name, b.name)) : [],
          canEnd: meetingPolicy.canEnd(actor, m, rel),
          canManage,
          canSeeRecords: meetingPolicy.canSeeRecords(actor, m, rel),
          chairTechnicianId: m.chairTechnicianId,
          speakingSeconds: m.speakingSeconds,
          type: m.type,
          typeNote: m.typeNote,
          emergency: m.emergency,
          approval: {
            status: m.approval,
            reason: m.approvalReason,
            by: approver ? presentPerson(approver) : null,
            at: m.approvedAt?.toISOString() ?? null,
          },
          units: (unitsBy.get(m.id) ?? [])
            .map((u) => ({
              id: u.id,
              name: u.name,
              membersAdmitted: u.membersAdmitted,
              attendeesNamedAt: u.attendeesNamedAt?.toISOString() ?? null,
              attendees: peopleOf(invited.filter((i) => i.forUnitId === u.id)),
              rooms: roomsOf(rooms.filter((e) => e.forUnitId === u.id)),
            }))
            .sort((a, b) => collator.compare(a.name, b.name)),
          agenda: (agendaBy.get(m.id) ?? [])
            .map((a) => {
              const presenter = a.presenterId ? byId.get(a.presenterId) : undefined;
              return { id: a.id, title: a.title, presenter: presenter ? presentPerson(presenter) : null, presenterName: a.presenterName, minutes: a.minutes };
            }),
          backdropText: m.backdropText,
          checkAt: m.checkAt?.toISOString() ?? null,
          needsMinutes: m.needsMinutes,
          restricted: m.restricted,
          requireSecondFactor: m.requireSecondFactor,
          allowedNetworks: canManage ? m.allowedNetworks : [],
          version: m.version,
          invitationsSentAt: m.invitationsSentAt?.toISOString() ?? null,
          cancelledAt: m.cancelledAt?.toISOString() ?? null,
          cancelReason: m.cancelReason,
          canApprove: meetingPolicy.canApprove(actor) && m.approval === 'pending' && m.status === 'scheduled',
          opensAt: roomOpensAt(m).toISOString(),
          canOpenEarly: meetingPolicy.canOpenEarly(actor) && m.status === 'scheduled' && m.approval === 'approved' && Date.now() < roomOpensAt(m).getTime(),
          canEdit: canManage && m.status === 'scheduled',
        };
      }),
    );
  }
}
