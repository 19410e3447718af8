/** The SQL of invitations (R2.4, R2.6, M6.1): a meeting's facts for the invitation, its recipients, reminders due. */
import { and, asc, eq, inArray, isNotNull, isNull, ne, notInArray, sql, type Column, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db, Tx } from '../db/client';
import { endpointTechnicians, endpoints, meetingAgendaItems, meetingDocuments, meetingEndpoints, meetingInvitees, meetingUnits, meetings, units, users } from '../db/schema';

export type InvitationMeetingRow = typeof meetings.$inferSelect;

export interface PersonContact {
  id: string;
  name: string;
  title: string;
  email: string;
  phone: string;
}

/** Why someone receives the invitation (decides what the mail stresses). */
export type RecipientRole = 'chair' | 'chair_technician' | 'invitee' | 'unit_head' | 'room' | 'technician';

export interface Recipient extends PersonContact {
  role: RecipientRole;
  /** The endpoint a room account or technician stands for. */
  endpointName: string | null;
}

const person = { id: users.id, name: users.name, title: users.title, email: users.email, phone: users.phone };

export class InvitationRepository {
  constructor(private readonly db: Db) {}

  async meeting(id: string, tx: Db | Tx = this.db): Promise<InvitationMeetingRow | null> {
    const [row] = await tx.select().from(meetings).where(eq(meetings.id, id));
    return row ?? null;
  }

  /** The host unit, its parent (the header of the invitation) and the root of its tree (the place). */
  async hostUnit(unitId: string, tx: Db | Tx = this.db): Promise<{ name: string; parentName: string | null; rootName: string }> {
    // A join on an alias, not a correlated subquery: inside `select … from units p`, an unqualified parent_id is p's own.
    const parent = alias(units, 'parent');
    const [row] = await tx
      .select({
        name: units.name,
        parentName: parent.name,
        rootName: sql<string>`(with recursive up(id, parent_id, name) as (select u.id, u.parent_id, u.name from ${units} u where u.id = ${unitId} union all select p.id, p.parent_id, p.name from ${units} p join up on p.id = up.parent_id) select name from up where parent_id is null limit 1)`,
      })
      .from(units)
      .leftJoin(parent, eq(parent.id, units.parentId))
      .where(eq(units.id, unitId));
    return row ? { ...row, rootName: row.rootName ?? row.name } : { name: '', parentName: null, rootName: '' };
  }

  async person(id: string | null, tx: Db | Tx = this.db): Promise<PersonContact | null> {
    if (!id) return null;
    const [row] = await tx.select(person).from(users).where(eq(users.id, id));
    return row ?? null;
  }

  /**
   * The technician to call about the chair endpoint when the meeting names none: the current technician of an
   * invited endpoint of the host unit, else of any endpoint of the host unit, the longest-serving first.
   */
  async hostUnitTechnician(meetingId: string, hostUnitId: string, tx: Db | Tx = this.db): Promise<(PersonContact & { contact: string }) | null> {
    const rows = await tx
      .select({ ...person, contact: endpointTechnicians.contact, invited: sql<boolean>`exists (select 1 from ${meetingEndpoints} me where me.meeting_id = ${meetingId} and me.endpoint_id = ${endpoints.id})` })
      .from(endpointTechnicians)
      .innerJoin(endpoints, eq(endpoints.id, endpointTechnicians.endpointId))
      .innerJoin(users, eq(users.id, endpointTechnicians.userId))
      .where(and(eq(endpoints.unitId, hostUnitId), isNull(endpointTechnicians.endedAt), isNull(users.disabledAt)))
      .orderBy(asc(endpointTechnicians.assignedAt));
    const pick = rows.find((r) => r.invited) ?? rows[0];
    if (!pick) return null;
    const { invited: _invited, ...contact } = pick;
    return contact;
  }

  /** The current contact note of a technician's assignment on any endpoint (phone, radio …), if any. */
  async technicianContact(userId: string, tx: Db | Tx = this.db): Promise<string> {
    const [row] = await tx
      .select({ contact: endpointTechnicians.contact })
      .from(endpointTechnicians)
      .where(and(eq(endpointTechnicians.userId, userId), isNull(endpointTechnicians.endedAt)))
      .orderBy(asc(endpointTechnicians.assignedAt))
      .limit(1);
    return row?.contact ?? '';
  }

  /** The people invited by name (not the chair), with their titles: the `Kính gửi` of the giấy mời. */
  async invitedPeople(meetingId: string, chairId: string, tx: Db | Tx = this.db): Promise<{ name: string; title: string }[]> {
    return tx
      .select({ name: users.name, title: users.title })
      .from(meetingInvitees)
      .innerJoin(users, eq(users.id, meetingInvitees.userId))
      .where(and(eq(meetingInvitees.meetingId, meetingId), ne(users.id, chairId), isNull(users.disabledAt)));
  }

  async agenda(meetingId: string, tx: Db | Tx = this.db) {
    return tx
      .select({ title: meetingAgendaItems.title, presenterName: meetingAgendaItems.presenterName, presenter: users.name, presenterTitle: users.title, minutes: meetingAgendaItems.minutes })
      .from(meetingAgendaItems)
      .leftJoin(users, eq(users.id, meetingAgendaItems.presenterId))
      .where(eq(meetingAgendaItems.meetingId, meetingId))
      .orderBy(asc(meetingAgendaItems.position));
  }

  async documents(meetingId: string, tx: Db | Tx = this.db) {
    return tx
      .select({ id: meetingDocuments.id, name: meetingDocuments.name })
      .from(meetingDocuments)
      .where(and(eq(meetingDocuments.meetingId, meetingId), eq(meetingDocuments.kind, 'document'), isNull(meetingDocuments.deletedAt)))
      .orderBy(asc(meetingDocuments.uploadedAt));
  }

  async invitedUnits(meetingId: string, tx: Db | Tx = this.db) {
    return tx.select({ id: units.id, name: units.name }).from(meetingUnits).innerJoin(units, eq(units.id, meetingUnits.unitId)).where(eq(meetingUnits.meetingId, meetingId));
  }

  async endpointNames(meetingId: string, tx: Db | Tx = this.db) {
    return tx
      .select({ name: endpoints.name, unitName: units.name })
      .from(meetingEndpoints)
      .innerJoin(endpoints, eq(endpoints.id, meetingEndpoints.endpointId))
      .innerJoin(units, eq(units.id, endpoints.unitId))
      .where(eq(meetingEndpoints.meetingId, meetingId));
  }

  /**
   * Everyone the invitation goes to (R2.4): the chair, the chair technician, invited persons (those invited units
   * named for themselves included), the members of invited units whose members are admitted, the organisers of each
   * invited unit (the person who answers for the unit, R2.5), the accounts of invited endpoints (the units' rooms
   * included) and their current technicians. Disabled accounts, guests of other meetings and room accounts of
   * admitted units are left out. One person can appear in several roles; the caller merges.
   */
  async recipients(meeting: Pick<InvitationMeetingRow, 'id' | 'chairId' | 'chairTechnicianId'>, tx: Db | Tx = this.db): Promise<Recipient[]> {
    const active = isNull(users.disabledAt);
    const [named, invitees, members, heads, rooms, technicians] = await Promise.all([
      tx.select(person).from(users).where(and(inArray(users.id, [meeting.chairId, ...(meeting.chairTechnicianId ? [meeting.chairTechnicianId] : [])]), active)),
      tx.select(person).from(meetingInvitees).innerJoin(users, eq(users.id, meetingInvitees.userId)).where(and(eq(meetingInvitees.meetingId, meeting.id), active)),
      tx
        .select(person)
        .from(meetingUnits)
        .innerJoin(users, and(eq(users.unitId, meetingUnits.unitId), eq(meetingUnits.membersAdmitted, true), notInArray(users.role, ['guest', 'endpoint'])))
        .where(and(eq(meetingUnits.meetingId, meeting.id), active)),
      tx
        .select(person)
        .from(meetingUnits)
        .innerJoin(users, and(eq(users.unitId, meetingUnits.unitId), eq(users.role, 'organiser')))
        .where(and(eq(meetingUnits.meetingId, meeting.id), active)),
      tx
        .select({ ...person, endpointName: endpoints.name })
        .from(meetingEndpoints)
        .innerJoin(endpoints, eq(endpoints.id, meetingEndpoints.endpointId))
        .innerJoin(users, eq(users.id, endpoints.accountId))
        .where(and(eq(meetingEndpoints.meetingId, meeting.id), active)),
      tx
        .select({ ...person, endpointName: endpoints.name })
        .from(meetingEndpoints)
        .innerJoin(endpoints, eq(endpoints.id, meetingEndpoints.endpointId))
        .innerJoin(endpointTechnicians, and(eq(endpointTechnicians.endpointId, endpoints.id), isNull(endpointTechnicians.endedAt)))
        .innerJoin(users, eq(users.id, endpointTechnicians.userId))
        .where(and(eq(meetingEndpoints.meetingId, meeting.id), active)),
    ]);
    return [
      ...named.map((p) => ({ ...p, role: (p.id === meeting.chairId ? 'chair' : 'chair_technician') as RecipientRole, endpointName: null })),
      ...invitees.map((p) => ({ ...p, role: 'invitee' as const, endpointName: null })),
      ...members.map((p) => ({ ...p, role: 'invitee' as const, endpointName: null })),
      ...heads.map((p) => ({ ...p, role: 'unit_head' as const, endpointName: null })),
      ...rooms.map((p) => ({ ...p, role: 'room' as const })),
      ...technicians.map((p) => ({ ...p, role: 'technician' as const })),
    ];
  }

  /**
   * Who the invitation cannot reach as themselves (issue 15.5): invited rooms with no enabled account with an address
   * (the room's current technicians may still receive it), and the chair, the chair's technician and invited people
   * whose account is disabled or has no address.
   */
  async unreachable(meeting: Pick<InvitationMeetingRow, 'id' | 'chairId' | 'chairTechnicianId'>, tx: Db | Tx = this.db) {
    const technicianInformed = sql<boolean>`exists (select 1 from ${endpointTechnicians} et join ${users} tu on tu.id = et.user_id where et.endpoint_id = ${endpoints.id} and et.ended_at is null and tu.disabled_at is null and tu.email <> '')`;
    const account = alias(users, 'account');
    const [rooms, people] = await Promise.all([
      tx
        .select({ id: endpoints.id, name: endpoints.name, technicianInformed })
        .from(meetingEndpoints)
        .innerJoin(endpoints, eq(endpoints.id, meetingEndpoints.endpointId))
        .leftJoin(account, eq(account.id, endpoints.accountId))
        .where(and(eq(meetingEndpoints.meetingId, meeting.id), sql`(${account.id} is null or ${account.disabledAt} is not null or ${account.email} = '')`))
        .orderBy(asc(endpoints.name)),
      tx
        .select({ id: users.id, name: users.name, title: users.title, disabledAt: users.disabledAt })
        .from(users)
        .where(
          and(
            sql`(${users.disabledAt} is not null or ${users.email} = '')`,
            sql`(${users.id} in (${meeting.chairId}${meeting.chairTechnicianId ? sql`, ${meeting.chairTechnicianId}` : sql``}) or ${users.id} in (select mi.user_id from ${meetingInvitees} mi where mi.meeting_id = ${meeting.id}))`,
          ),
        )
        .orderBy(asc(users.name)),
    ]);
    return {
      rooms: rooms.map((r) => ({ id: r.id, name: r.name, technicianInformed: Boolean(r.technicianInformed) })),
      people: people.map((p) => ({ id: p.id, name: [p.title, p.name].filter(Boolean).join(' '), reason: p.disabledAt ? ('disabled' as const) : ('no_email' as const) })),
    };
  }

  /** The first send's time stays; the signer is whoever sent last (their name closes the documents sent). */
  async markInvitationsSent(meetingId: string, at: Date, signerId: string, tx: Tx): Promise<Date> {
    const [row] = await tx
      .update(meetings)
      .set({ invitationsSentAt: sql`coalesce(${meetings.invitationsSentAt}, ${at.toISOString()}::timestamptz)`, invitationSignerId: signerId })
      .where(eq(meetings.id, meetingId))
      .returning({ at: meetings.invitationsSentAt });
    return row!.at!;
  }

  /**
   * Approved scheduled meetings, invited, whose system-check reminder is due at `now` (check time − 15 min, check time
   * defaulting to 1 hour before the start) and not sent yet, still before the start.
   */
  checkRemindersDue(now: Date, leadMs: number): Promise<string[]> {
    return this.remindersDue(now, meetings.checkReminderSentAt, sql`coalesce(${meetings.checkAt}, ${meetings.startsAt} - interval '1 hour')`, leadMs);
  }

  /** Approved scheduled meetings starting within `leadMs` of `now` whose early-join reminder is not sent yet. */
  earlyRemindersDue(now: Date, leadMs: number): Promise<string[]> {
    return this.remindersDue(now, meetings.earlyReminderSentAt, sql`${meetings.startsAt}`, leadMs);
  }

  /**
   * Approved scheduled meetings whose invitations went out, not started yet, `leadMs` or less before `moment`,
   * whose `sentAt` is still empty (a meeting nobody was invited to yet is not reminded of).
   */
  private async remindersDue(now: Date, sentAt: Column, moment: SQL, leadMs: number): Promise<string[]> {
    const n = now.toISOString();
    const rows = await this.db
      .select({ id: meetings.id })
      .from(meetings)
      .where(
        and(
          eq(meetings.status, 'scheduled'),
          eq(meetings.approval, 'approved'),
          isNotNull(meetings.invitationsSentAt),
          isNull(sentAt),
          sql`${moment} - ${`${leadMs} milliseconds`}::interval <= ${n}::timestamptz`,
          sql`${meetings.startsAt} > ${n}::timestamptz`,
        ),
      );
    return rows.map((r) => r.id);
  }

  /** Claims a reminder inside the transaction that sends it: false when another run already claimed it. */
  async claimReminder(meetingId: string, which: 'check' | 'early', now: Date, tx: Tx): Promise<boolean> {
    const column = which === 'check' ? meetings.checkReminderSentAt : meetings.earlyReminderSentAt;
    const rows = await tx
      .update(meetings)
      .set(which === 'check' ? { checkReminderSentAt: now } : { earlyReminderSentAt: now })
      .where(and(eq(meetings.id, meetingId), isNull(column)))
      .returning({ id: meetings.id });
    return rows.length === 1;
  }

  /** Whether invitations went out (updates follow only then, D24.3). */
  async invitationsSent(meetingId: string, tx: Db | Tx = this.db): Promise<boolean> {
    const [row] = await tx.select({ id: meetings.id }).from(meetings).where(and(eq(meetings.id, meetingId), isNotNull(meetings.invitationsSentAt)));
    return Boolean(row);
  }
}
