/**
 * Who attends for an invited unit (R2.1, R2.5): the unit's organiser names people and rooms of the unit (and of the
 * units under it), or admits every member of the unit as invited. Those named are invited like anyone on the
 * organiser's list — they see the meeting, its documents and their schedule, are mailed, and enter directly
 * (meetingPolicy.canEnter through `invitedSql`). Authorization first; the choice, the booking rules for the rooms
 * (R2.3), the audit entry, the invitation mails and notices of those newly named are written in one transaction.
 */
import type { z } from 'zod';
import type { UnitAttendeesResponse, unitAttendeesBody } from '../../shared/api';
import type { AuditService } from '../audit/audit.service';
import { verifyPassword } from '../auth/password';
import type { Db } from '../db/client';
import { AppError } from '../errors';
import type { InvitationService } from '../invitations/invitation.service';
import type { MeetingRepository } from '../meetings/meeting.repository';
import type { MeetingService } from '../meetings/meeting.service';
import type { Actor } from '../organisation/organisation.policy';
import type { UnitRepository } from '../organisation/unit.repository';
import { comparePeople } from '../../shared/people-order';
import { presentPerson } from '../organisation/user.presenter';
import { outside, unitAttendeesPolicy } from './unit-attendees.policy';
import type { UnitAttendeesRepository } from './unit-attendees.repository';

const collator = new Intl.Collator('vi');
const dedupe = (list: readonly string[]) => [...new Set(list)];

export class UnitAttendeesService {
  constructor(
    private readonly db: Db,
    private readonly repo: UnitAttendeesRepository,
    private readonly meetings: MeetingRepository,
    private readonly booking: Pick<MeetingService, 'checkRooms'>,
    private readonly units: UnitRepository,
    private readonly invitations: Pick<InvitationService, 'recipientAddresses' | 'inviteAdded'>,
    private readonly audit: AuditService,
  ) {}

  private async authorised(actor: Actor, meetingId: string, unitId: string) {
    const meeting = await this.meetings.findById(meetingId);
    if (!meeting) throw new AppError('meeting_not_found');
    if (!unitAttendeesPolicy.mayName(actor, unitId)) throw new AppError('forbidden');
    if (!(await this.repo.invitedUnit(meetingId, unitId))) throw new AppError('unit_not_invited');
    return meeting;
  }

  async get(actor: Actor, meetingId: string, unitId: string): Promise<UnitAttendeesResponse> {
    const meeting = await this.authorised(actor, meetingId, unitId);
    return this.view(meetingId, unitId, unitAttendeesPolicy.isOpen(meeting), 0);
  }

  async set(actor: Actor, meetingId: string, unitId: string, input: z.output<typeof unitAttendeesBody>, ip = ''): Promise<UnitAttendeesResponse> {
    const meeting = await this.authorised(actor, meetingId, unitId);
    if (!unitAttendeesPolicy.isOpen(meeting)) throw new AppError('meeting_not_editable', { status: meeting.status });
    if (input.password !== undefined && !(await verifyPassword(meeting.passwordHash, input.password))) throw new AppError('meeting_password_wrong');
    const personIds = dedupe(input.personIds).filter((id) => id !== meeting.chairId);
    const endpointIds = dedupe(input.endpointIds);
    const subtree = [...(await this.units.tree()).subtree(unitId)];
    const [people, rooms] = await Promise.all([this.repo.peopleIn(subtree), this.repo.roomsIn(subtree)]);
    const strangers = outside(personIds, new Set(people.map((p) => p.id)));
    const strangeRooms = outside(endpointIds, new Set(rooms.map((r) => r.id)));
    if (strangers.length || strangeRooms.length)
      throw new AppError('attendee_not_in_unit', { ...(strangers.length ? { personIds: strangers.join(',') } : {}), ...(strangeRooms.length ? { endpointIds: strangeRooms.join(',') } : {}) });

    const mailed = await this.db.transaction(async (tx) => {
      const locked = (await this.repo.lockMeeting(tx, meetingId)) ?? meeting;
      if (!unitAttendeesPolicy.isOpen(locked)) throw new AppError('meeting_not_editable', { status: locked.status });
      const before = await this.repo.named(meetingId, unitId, tx);
      const unit = await this.repo.invitedUnit(meetingId, unitId, tx);
      if (!unit) throw new AppError('unit_not_invited');
      // the unit's rooms are booked like the organiser's: not in two meetings at once, within the media capacity (R2.3)
      const beforeRooms = new Set(before.endpointIds);
      const roomsChanged = beforeRooms.size !== endpointIds.length || endpointIds.some((id) => !beforeRooms.has(id));
      if (roomsChanged) {
        const others = (await this.repo.meetingEndpointIds(meetingId, tx)).filter((e) => e.forUnitId !== unitId).map((e) => e.id);
        await this.booking.checkRooms(tx, { startsAt: locked.startsAt, endsAt: locked.endsAt, endpointIds: dedupe([...others, ...endpointIds]) }, meetingId);
      }
      const addresses = await this.invitations.recipientAddresses(meetingId, tx);
      const beforePeople = new Set(before.personIds);
      const chosen = new Set(personIds);
      await this.repo.replace(tx, meetingId, unitId, { personIds, endpointIds, membersAdmitted: input.membersAdmitted, by: actor.id, at: new Date() });
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'meeting.unit_attendees_named',
          targetType: 'meeting',
          targetId: meetingId,
          data: {
            unitId,
            people: personIds.length,
            rooms: endpointIds.length,
            membersAdmitted: input.membersAdmitted,
            added: personIds.filter((id) => !beforePeople.has(id)).length,
            removed: before.personIds.filter((id) => !chosen.has(id)).length,
          },
          ip,
        },
        tx,
      );
      return this.invitations.inviteAdded(tx, meetingId, addresses, input.password);
    });
    return this.view(meetingId, unitId, true, mailed);
  }

  private async view(meetingId: string, unitId: string, canEdit: boolean, mailed: number): Promise<UnitAttendeesResponse> {
    const tree = await this.units.tree();
    const subtree = [...tree.subtree(unitId)];
    const [unit, named, people, rooms] = await Promise.all([this.repo.invitedUnit(meetingId, unitId), this.repo.named(meetingId, unitId), this.repo.peopleIn(subtree), this.repo.roomsIn(subtree)]);
    const person = new Map(people.map((p) => [p.id, p]));
    const room = new Map(rooms.map((r) => [r.id, r]));
    // someone named and since disabled or moved away is still shown, by the meetings' own lookup
    const missing = named.personIds.filter((id) => !person.has(id));
    for (const p of await this.meetings.people(missing)) person.set(p.id, p);
    const byName = (a: { name: string }, b: { name: string }) => collator.compare(a.name, b.name);
    return {
      unit: {
        id: unitId,
        name: tree.get(unitId)?.name ?? '',
        membersAdmitted: unit?.membersAdmitted ?? false,
        attendeesNamedAt: unit?.attendeesNamedAt?.toISOString() ?? null,
        attendees: named.personIds.flatMap((id) => (person.has(id) ? [person.get(id)!] : [])).sort(comparePeople).map(presentPerson),
        rooms: named.endpointIds.flatMap((id) => (room.has(id) ? [room.get(id)!] : [])).sort(byName),
      },
      candidates: { people: [...people].sort(comparePeople).map(presentPerson), rooms: [...rooms].sort(byName) },
      canEdit,
      mailed,
    };
  }
}
