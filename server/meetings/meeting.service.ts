import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { CreateMeetingResponse, MeetingEntryView, MeetingView, RevokeAccessResponse } from '../../shared/api';
import type { createMeetingBody } from '../../shared/api';
import { reservedSlugs } from '../../shared/slug';
import type { AuditService } from '../audit/audit.service';
import { hashPassword, verifyPassword } from '../auth/password';
import type { Db } from '../db/client';
import { AppError } from '../errors';
import type { Actor } from '../organisation/organisation.policy';
import type { UnitRepository } from '../organisation/unit.repository';
import { compareByGivenName, presentPerson } from '../organisation/user.presenter';
import { bookingLeadBreach, doubleBookedEndpoints, invitationNoticeBreach, peakEndpoints } from './booking-rules';
import { EntryGrants } from './entry-grants';
import type { MeetingRepository, MeetingRow } from './meeting.repository';
import { meetingPolicy, type MeetingRelation } from './meeting.policy';
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

export class MeetingService {
  private readonly grants = new EntryGrants();

  constructor(
    private readonly db: Db,
    private readonly meetings: MeetingRepository,
    private readonly units: UnitRepository,
    private readonly audit: AuditService,
    private readonly options: { mediaCapacityEndpoints: number },
  ) {}

  async create(actor: Actor, input: z.output<typeof createMeetingBody>, ip = ''): Promise<CreateMeetingResponse> {
    const tree = await this.units.tree();
    const hostUnitId = input.hostUnitId ?? actor.unitId;
    if (!tree.get(hostUnitId)) throw new AppError('unit_not_found', { hostUnitId });
    if (!meetingPolicy.canCreateFor(actor, tree.contains(actor.unitId, hostUnitId))) throw new AppError('forbidden');
    if (reservedSlugs.has(input.slug)) throw new AppError('meeting_slug_reserved', { slug: 'reserved' });
    const startsAt = new Date(input.startsAt);
    const endsAt = new Date(input.endsAt);
    if (endsAt <= startsAt) throw new AppError('meeting_time_invalid', { endsAt: 'before start' });
    const inviteeIds = [...new Set(input.inviteeIds)].filter((id) => id !== input.chairId);
    const mentioned = [input.chairId, ...(input.chairTechnicianId ? [input.chairTechnicianId] : []), ...inviteeIds];
    const known = await this.meetings.people(mentioned);
    const missing = mentioned.filter((id) => !known.some((p) => p.id === id));
    if (missing.length) throw new AppError('user_not_found', Object.fromEntries(missing.map((id) => [id === input.chairId ? 'chairId' : id === input.chairTechnicianId ? 'chairTechnicianId' : 'inviteeIds', id])));
    const endpointIds = [...new Set(input.endpointIds)];
    const knownEndpoints = await this.meetings.existingEndpointIds(endpointIds);
    if (knownEndpoints.length !== endpointIds.length) throw new AppError('endpoint_not_found', { endpointIds: endpointIds.filter((id) => !knownEndpoints.includes(id)).join(',') });
    if (await this.meetings.findBySlug(input.slug)) throw new AppError('meeting_slug_taken', { slug: 'taken' });
    // R2.3: booked at least 2 days ahead, unless an emergency (D19.2), which whoever may book declares on the
    // chairman's decision; an emergency is also exempt from the invitation notice (D7.3).
    const { emergency } = input;
    const now = new Date();
    const lateBy = bookingLeadBreach(now, startsAt);
    if (lateBy && !emergency) throw new AppError('meeting_booking_too_late', { rule: lateBy.rule, article: lateBy.article, requirement: lateBy.requirement });
    const invitationNotice = emergency ? null : invitationNoticeBreach(now, startsAt);
    const passwordHash = await hashPassword(input.password);
    const created = await this.db
      .transaction(async (tx) => {
        // R2.3: a room is in one meeting at a time, and the media server's endpoint capacity is not over-booked;
        // checked under a lock so that concurrent bookings are judged one after the other.
        if (endpointIds.length) {
          await this.meetings.lockForBooking(tx);
          const candidate = { startsAt, endsAt, endpointIds };
          const others = await this.meetings.overlappingBookings(startsAt, endsAt, tx);
          const doubled = doubleBookedEndpoints(candidate, others);
          if (doubled.length) throw new AppError('meeting_endpoint_double_booked', { endpointIds: doubled.join(','), requirement: 'R2.3' });
          if (peakEndpoints(candidate, others) > this.options.mediaCapacityEndpoints)
            throw new AppError('meeting_media_capacity_exceeded', { capacity: String(this.options.mediaCapacityEndpoints), requirement: 'R2.3' });
        }
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
          },
          inviteeIds,
          endpointIds,
        );
        await this.audit.record({ actorId: actor.id, action: 'meeting.created', targetType: 'meeting', targetId: meeting.id, data: { title: input.title, slug: input.slug, hostUnitId, invitees: inviteeIds.length, endpoints: endpointIds.length, notStateSecret: input.notStateSecret, emergency }, ip }, tx);
        return meeting;
      })
      .catch((err) => {
        // a concurrent create took the slug between our check and the insert
        if (isUniqueViolation(err)) throw new AppError('meeting_slug_taken', { slug: 'taken' });
        throw err;
      });
    return { meeting: (await this.present(actor, [created]))[0]!, warnings: invitationNotice ? [invitationNotice] : [] };
  }

  async list(actor: Actor): Promise<MeetingView[]> {
    let rows: MeetingRow[];
    if (actor.role === 'operator') rows = await this.meetings.listFor(undefined);
    else {
      const tree = await this.units.tree();
      const staff = actor.role === 'organiser' || actor.role === 'secretary';
      rows = await this.meetings.listFor({ userId: actor.id, hostUnitIds: staff ? [...tree.subtree(actor.unitId)] : [], guestMeetingId: actor.guestMeetingId });
    }
    return this.present(actor, rows);
  }

  /** The meeting at a link address, if the actor may see it. */
  async getBySlug(actor: Actor, slug: string): Promise<MeetingView> {
    const meeting = await this.meetings.findBySlug(slug);
    if (!meeting) throw new AppError('meeting_not_found');
    if (!meetingPolicy.canSee(actor, meeting)) throw new AppError('meeting_not_invited');
    return (await this.present(actor, [meeting]))[0]!;
  }

  /** The meeting with this id, if the actor may see it (same rule as by link address). */
  async get(actor: Actor, id: string): Promise<MeetingView> {
    const meeting = await this.meetings.findById(id);
    if (!meeting) throw new AppError('meeting_not_found');
    if (!meetingPolicy.canList(actor, meeting, await this.relation(actor, meeting))) throw new AppError('meeting_not_invited');
    return (await this.present(actor, [meeting]))[0]!;
  }

  /** Leak response (R6.4): everyone who entered the meeting room, with when, oldest first. */
  async entries(actor: Actor, id: string): Promise<MeetingEntryView[]> {
    await this.getManaged(actor, id);
    const rows = await this.meetings.entries(id);
    return rows.map((r) => ({
      at: r.at.toISOString(),
      person: r.userId && r.name !== null ? presentPerson({ id: r.userId, name: r.name, title: r.title ?? '', unitName: r.unitName ?? '' }) : null,
      email: r.email ?? '',
    }));
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
  async checkEntry(actor: Actor, sessionId: string, slug: string, password: string): Promise<Entry> {
    const meeting = await this.meetings.findBySlug(slug);
    if (!meeting) throw new AppError('meeting_not_found');
    if (!meetingPolicy.canSee(actor, meeting)) throw new AppError('meeting_not_invited');
    const rel = await this.relation(actor, meeting);
    if (!this.grants.has(sessionId, meeting.id) && !(await verifyPassword(meeting.passwordHash, password))) {
      throw new AppError('meeting_password_wrong');
    }
    this.grants.grant(sessionId, meeting.id);
    if (meeting.status === 'ended') throw new AppError('meeting_ended');
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
    this.grants.revokeMeeting(id);
    const updated = (await this.meetings.findById(id))!;
    return { meeting: (await this.present(actor, [updated]))[0]!, password };
  }

  private async relation(actor: Actor, meeting: MeetingRow): Promise<MeetingRelation> {
    const [invited, endpoint, tree] = await Promise.all([
      this.meetings.isInvited(meeting.id, actor.id),
      actor.role === 'endpoint' ? this.meetings.invitedEndpointOf(meeting.id, actor.id) : Promise.resolve(null),
      this.units.tree(),
    ]);
    return { invited, endpoint, inOwnUnits: tree.contains(actor.unitId, meeting.hostUnitId) };
  }

  private async present(actor: Actor, rows: MeetingRow[]): Promise<MeetingView[]> {
    const ids = rows.map((m) => m.id);
    const [invitations, endpointRows, hostUnits] = await Promise.all([
      this.meetings.invitationsOf(ids),
      this.meetings.endpointsOf(ids),
      this.meetings.unitNames([...new Set(rows.map((m) => m.hostUnitId))]),
    ]);
    const people = await this.meetings.people([...new Set([...rows.map((m) => m.chairId), ...invitations.map((i) => i.userId)])]);
    const byId = new Map(people.map((p) => [p.id, p]));
    const unitName = new Map(hostUnits.map((u) => [u.id, u.name]));
    const tree = await this.units.tree();
    return Promise.all(
      rows.map(async (m) => {
        const rel: MeetingRelation = {
          invited: invitations.some((i) => i.meetingId === m.id && i.userId === actor.id),
          endpoint: null,
          inOwnUnits: tree.contains(actor.unitId, m.hostUnitId),
        };
        return {
          id: m.id,
          title: m.title,
          slug: m.slug,
          startsAt: m.startsAt.toISOString(),
          endsAt: m.endsAt.toISOString(),
          status: m.status,
          hostUnit: { id: m.hostUnitId, name: unitName.get(m.hostUnitId) ?? '' },
          chair: presentPerson(byId.get(m.chairId) ?? { id: m.chairId, name: '?', title: '', unitName: '' }),
          invitees: invitations
            .filter((i) => i.meetingId === m.id)
            .map((i) => byId.get(i.userId))
            .filter((p) => p !== undefined)
            .sort(compareByGivenName)
            .map(presentPerson),
          endpoints: endpointRows.filter((e) => e.meetingId === m.id).map(({ id, name, unit }) => ({ id, name, unit })),
          canEnd: meetingPolicy.canEnd(actor, m, rel),
          canManage: meetingPolicy.canManage(actor, rel),
          canSeeRecords: meetingPolicy.canSeeRecords(actor, m, rel),
          chairTechnicianId: m.chairTechnicianId,
          speakingSeconds: m.speakingSeconds,
        };
      }),
    );
  }
}
