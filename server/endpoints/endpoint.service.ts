/**
 * The endpoint registry (R1.4): meeting rooms and individual endpoints, their status, their technicians with
 * history (D13.2, D14, D25.2), the room's own account, and the media system's capacity (D4.3, R7.3).
 * Authorization first in every command; every change is one transaction with its audit entry (and, for a change
 * of technician, its announcements).
 */
import type { z } from 'zod';
import type {
  EndpointView,
  RoomAccountResponse,
  TechnicianAssignmentView,
  TechnicianCandidateView,
  assignTechnicianBody,
  createEndpointBody,
  createRoomAccountBody,
  endpointStatusBody,
  updateEndpointBody,
} from '../../shared/api';
import type { AuditService } from '../audit/audit.service';
import { generateTemporaryPassword, hashPassword } from '../auth/password';
import type { Db, Tx } from '../db/client';
import { AppError } from '../errors';
import type { NotificationService } from '../notifications/notification.service';
import type { Actor } from '../organisation/organisation.policy';
import type { UnitRepository } from '../organisation/unit.repository';
import type { UnitTree } from '../organisation/unit-tree';
import { comparePeople } from '../../shared/people-order';
import { presentUser } from '../organisation/user.presenter';
import type { UserRepository } from '../organisation/user.repository';
import { endpointPolicy } from './endpoint.policy';
import { presentAssignment, presentEndpoint } from './endpoint.presenter';
import type { AssignmentRow, EndpointRepository, EndpointRow } from './endpoint.repository';
import { technicianChangeAnnouncements } from './technician-announcement';

const isUniqueViolation = (err: unknown) => {
  const e = err as { code?: string; cause?: { code?: string } };
  return e.code === '23505' || e.cause?.code === '23505';
};

export interface EndpointServiceOptions {
  /** How many endpoints the media system serves (config MEDIA_CAPACITY_ENDPOINTS). */
  capacity: number;
}

export interface EndpointDetail {
  endpoint: EndpointView;
  /** Every assignment, ended ones included, newest first. */
  history: TechnicianAssignmentView[];
}

export class EndpointService {
  constructor(
    private readonly db: Db,
    private readonly repo: EndpointRepository,
    private readonly units: UnitRepository,
    private readonly users: UserRepository,
    private readonly notifications: NotificationService,
    private readonly audit: AuditService,
    private readonly options: EndpointServiceOptions,
  ) {}

  // ------------------------------------------------------------------------------------------ reading

  /** The whole registry with current technicians: every signed-in person but guests (the meeting form needs it). */
  async list(actor: Actor): Promise<{ endpoints: EndpointView[]; capacity: { max: number; registered: number } }> {
    if (!endpointPolicy.see(actor)) throw new AppError('forbidden');
    const [rows, tree] = await Promise.all([this.repo.list(), this.units.tree()]);
    const [current, inOwnMeetings] = await Promise.all([
      this.repo.assignments(
        rows.map((r) => r.id),
        { currentOnly: true },
      ),
      this.inMeetingsRunBy(actor, tree, rows.map((r) => r.id)),
    ]);
    return {
      endpoints: rows.map((e) => this.present(actor, e, current, tree, inOwnMeetings)),
      capacity: { max: this.options.capacity, registered: rows.length },
    };
  }

  async get(actor: Actor, id: string): Promise<EndpointDetail> {
    if (!endpointPolicy.see(actor)) throw new AppError('forbidden');
    return this.detail(actor, id);
  }

  /** People who may be assigned: active accounts with the technician role, of any unit (D25.2: the carrier's too). */
  async technicianCandidates(actor: Actor): Promise<TechnicianCandidateView[]> {
    if (!endpointPolicy.manageAny(actor)) throw new AppError('forbidden');
    const rows = await this.repo.activePeopleWithRole('technician');
    return rows.sort(comparePeople).map(({ id, name, title, unit, phone }) => ({ id, name, title, unit, phone }));
  }

  // ------------------------------------------------------------------------------------------ registry

  async create(actor: Actor, input: z.output<typeof createEndpointBody>, ip = ''): Promise<EndpointView> {
    const tree = await this.units.tree();
    if (!endpointPolicy.manageAny(actor)) throw new AppError('forbidden');
    if (!tree.get(input.unitId)) throw new AppError('unit_not_found', { unitId: input.unitId });
    if (!endpointPolicy.manage(actor, input.unitId, tree)) throw new AppError('forbidden');
    const id = await this.db.transaction(async (tx) => {
      await this.repo.lockForRegistration(tx);
      const registered = await this.repo.count(tx);
      if (registered >= this.options.capacity) {
        throw new AppError('endpoint_capacity_reached', { capacity: String(this.options.capacity), registered: String(registered) });
      }
      const created = await this.repo.insert(input, tx);
      await this.audit.record({ actorId: actor.id, action: 'endpoint.created', targetType: 'endpoint', targetId: created, data: { ...input }, ip }, tx);
      return created;
    });
    return (await this.detail(actor, id)).endpoint;
  }

  /** Change the details; `version` must be the one the editor read, or nothing changes. */
  async update(actor: Actor, id: string, input: z.output<typeof updateEndpointBody>, ip = ''): Promise<EndpointView> {
    const before = await this.repo.findById(id);
    const tree = await this.units.tree();
    if (!before) throw new AppError('endpoint_not_found');
    if (!endpointPolicy.manage(actor, before.unitId, tree)) throw new AppError('forbidden');
    if (input.unitId && !tree.get(input.unitId)) throw new AppError('unit_not_found', { unitId: input.unitId });
    if (input.unitId && !endpointPolicy.manage(actor, input.unitId, tree)) throw new AppError('forbidden', { unitId: 'not a unit you manage' });
    const { version, ...patch } = input;
    await this.db.transaction(async (tx) => {
      if (!(await this.repo.updateVersioned(id, version, patch, tx))) await this.refuseStale(id, tx);
      // The room's account is the room: it follows the room's name and unit.
      if (before.accountId && (patch.name !== undefined || patch.unitId !== undefined)) {
        await this.users.update(before.accountId, { ...(patch.name !== undefined ? { name: patch.name } : {}), ...(patch.unitId !== undefined ? { unitId: patch.unitId } : {}) }, tx);
      }
      const changed = Object.fromEntries(Object.keys(patch).map((k) => [k, before[k as keyof typeof patch]]));
      await this.audit.record({ actorId: actor.id, action: 'endpoint.updated', targetType: 'endpoint', targetId: id, data: { before: changed, after: patch, version }, ip }, tx);
    });
    return (await this.detail(actor, id)).endpoint;
  }

  /** Ready / under maintenance / out of order: those who manage the endpoint, and its assigned technicians (D14.2). */
  async setStatus(actor: Actor, id: string, input: z.output<typeof endpointStatusBody>, ip = ''): Promise<EndpointView> {
    const before = await this.repo.findById(id);
    if (!before) throw new AppError('endpoint_not_found');
    const [tree, current] = await Promise.all([this.units.tree(), this.repo.assignments([id], { currentOnly: true })]);
    if (!endpointPolicy.changeStatus(actor, before.unitId, tree, current.map((a) => a.userId))) throw new AppError('forbidden');
    await this.db.transaction(async (tx) => {
      if (!(await this.repo.updateVersioned(id, input.version, { status: input.status }, tx))) await this.refuseStale(id, tx);
      await this.audit.record({ actorId: actor.id, action: 'endpoint.status_changed', targetType: 'endpoint', targetId: id, data: { from: before.status, to: input.status }, ip }, tx);
    });
    return (await this.detail(actor, id)).endpoint;
  }

  /**
   * Remove an endpoint registered by mistake. One that any meeting invites stays (its attendance history refers
   * to it): mark it out of order instead. Its own account is disabled and signed out.
   */
  async delete(actor: Actor, id: string, ip = ''): Promise<void> {
    const endpoint = await this.repo.findById(id);
    if (!endpoint) throw new AppError('endpoint_not_found');
    if (!endpointPolicy.manage(actor, endpoint.unitId, await this.units.tree())) throw new AppError('forbidden');
    await this.db.transaction(async (tx) => {
      if (await this.repo.isInvitedAnywhere(id, tx)) throw new AppError('endpoint_in_use');
      await this.repo.delete(id, tx);
      if (endpoint.accountId) {
        await this.users.update(endpoint.accountId, { disabledAt: new Date() }, tx);
        await this.repo.revokeSessionsOf(endpoint.accountId, tx);
      }
      await this.audit.record({ actorId: actor.id, action: 'endpoint.deleted', targetType: 'endpoint', targetId: id, data: { name: endpoint.name, unitId: endpoint.unitId, accountId: endpoint.accountId }, ip }, tx);
    });
  }

  // ------------------------------------------------------------------------------------------ technicians

  /**
   * Assign a technician with a contact; with `replacesAssignmentId`, a change of technician: the previous
   * assignment ends in the same transaction. Recorded (history, audit) and announced (D13.2, D25.2).
   */
  async assignTechnician(actor: Actor, id: string, input: z.output<typeof assignTechnicianBody>, ip = ''): Promise<EndpointDetail> {
    const endpoint = await this.manageable(actor, id);
    const technician = await this.users.findById(input.userId);
    if (!technician || technician.role !== 'technician' || technician.disabledAt) throw new AppError('technician_not_found', { userId: input.userId });
    await this.db.transaction(async (tx) => {
      const current = await this.repo.assignments([id], { currentOnly: true }, tx);
      const replaced = input.replacesAssignmentId ? current.find((a) => a.id === input.replacesAssignmentId) : undefined;
      if (input.replacesAssignmentId && !replaced) throw new AppError('technician_assignment_not_found', { replacesAssignmentId: input.replacesAssignmentId });
      if (current.some((a) => a.userId === technician.id && a.id !== replaced?.id)) throw new AppError('validation_failed', { userId: 'already assigned to this endpoint' });
      // A concurrent change ended it first: ours is refused whole.
      if (replaced && !(await this.repo.endAssignment(id, replaced.id, actor.id, tx))) throw new AppError('technician_assignment_not_found', { replacesAssignmentId: replaced.id });
      const assignmentId = await this.repo.insertAssignment({ endpointId: id, userId: technician.id, contact: input.contact, assignedBy: actor.id }, tx);
      const change = replaced ? 'replaced' : 'assigned';
      const previous = replaced ? { id: replaced.userId, name: replaced.technicianName, contact: replaced.contact } : null;
      const next = { id: technician.id, name: technician.name, contact: input.contact };
      await this.announce(tx, actor, endpoint, change, previous, next);
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'endpoint.technician_changed',
          targetType: 'endpoint',
          targetId: id,
          data: { change, assignmentId, technicianId: technician.id, contact: input.contact, endedAssignmentId: replaced?.id ?? null, previousTechnicianId: replaced?.userId ?? null },
          ip,
        },
        tx,
      );
    });
    return this.detail(actor, id);
  }

  /** End an assignment with nobody in its place (the technician left): recorded and announced too. */
  async endAssignment(actor: Actor, id: string, assignmentId: string, ip = ''): Promise<EndpointDetail> {
    const endpoint = await this.manageable(actor, id);
    await this.db.transaction(async (tx) => {
      const ended = (await this.repo.assignments([id], { currentOnly: true }, tx)).find((a) => a.id === assignmentId);
      if (!ended || !(await this.repo.endAssignment(id, assignmentId, actor.id, tx))) throw new AppError('technician_assignment_not_found');
      await this.announce(tx, actor, endpoint, 'ended', { id: ended.userId, name: ended.technicianName, contact: ended.contact }, null);
      await this.audit.record(
        { actorId: actor.id, action: 'endpoint.technician_changed', targetType: 'endpoint', targetId: id, data: { change: 'ended', endedAssignmentId: assignmentId, previousTechnicianId: ended.userId }, ip },
        tx,
      );
    });
    return this.detail(actor, id);
  }

  private async announce(
    tx: Tx,
    actor: Actor,
    endpoint: EndpointRow,
    change: 'assigned' | 'replaced' | 'ended',
    previous: { id: string; name: string; contact: string } | null,
    next: { id: string; name: string; contact: string } | null,
  ): Promise<void> {
    const meetings = await this.repo.upcomingMeetingsWith(endpoint.id, new Date(), tx);
    const [operators, organisers] = await Promise.all([
      this.repo.activePeopleWithRole('operator', undefined, tx),
      this.repo.activePeopleWithRole('organiser', [...new Set(meetings.map((m) => m.hostUnitId))], tx),
    ]);
    const announcements = technicianChangeAnnouncements({
      change: {
        endpointId: endpoint.id,
        endpointName: endpoint.name,
        unitName: endpoint.unitName,
        change,
        previous: previous && { name: previous.name, contact: previous.contact },
        next: next && { name: next.name, contact: next.contact },
        byName: actor.name,
      },
      operatorIds: operators.map((o) => o.id),
      organisers,
      meetings,
      technicianIds: [previous?.id, next?.id].filter((x): x is string => Boolean(x)),
    });
    await this.notifications.notify(tx, announcements);
  }

  // ------------------------------------------------------------------------------------------ the room's account

  /** The room's own account (role `endpoint`, in the room's unit), with a one-time password shown once. */
  async createAccount(actor: Actor, id: string, input: z.output<typeof createRoomAccountBody>, ip = ''): Promise<RoomAccountResponse> {
    const endpoint = await this.manageable(actor, id);
    if (endpoint.accountId) throw new AppError('endpoint_account_exists');
    if (await this.users.findByEmail(input.email)) throw new AppError('email_taken', { email: 'taken' });
    const temporaryPassword = generateTemporaryPassword();
    const passwordHash = await hashPassword(temporaryPassword);
    const accountId = await this.db
      .transaction(async (tx) => {
        const created = await this.users.insert({ email: input.email, name: endpoint.name, title: '', unitId: endpoint.unitId, role: 'endpoint', passwordHash, mustChangePassword: true }, tx);
        if (!(await this.repo.setAccountIfNone(id, created.id, tx))) throw new AppError('endpoint_account_exists');
        await this.audit.record({ actorId: actor.id, action: 'endpoint.account_created', targetType: 'endpoint', targetId: id, data: { accountId: created.id, email: input.email }, ip }, tx);
        return created.id;
      })
      .catch((err) => {
        throw isUniqueViolation(err) ? new AppError('email_taken', { email: 'taken' }) : err;
      });
    return this.accountResponse(actor, id, accountId, temporaryPassword);
  }

  /** A new one-time password for the room's account (the old one was lost); its sessions end. */
  async resetAccountPassword(actor: Actor, id: string, ip = ''): Promise<RoomAccountResponse> {
    const endpoint = await this.manageable(actor, id);
    if (!endpoint.accountId) throw new AppError('user_not_found', { account: 'the endpoint has no account yet' });
    const accountId = endpoint.accountId;
    const temporaryPassword = generateTemporaryPassword();
    const passwordHash = await hashPassword(temporaryPassword);
    await this.db.transaction(async (tx) => {
      await this.users.update(accountId, { passwordHash, mustChangePassword: true, failedSignIns: 0, lockedUntil: null }, tx);
      await this.repo.revokeSessionsOf(accountId, tx);
      await this.audit.record({ actorId: actor.id, action: 'endpoint.account_password_reset', targetType: 'endpoint', targetId: id, data: { accountId }, ip }, tx);
    });
    return this.accountResponse(actor, id, accountId, temporaryPassword);
  }

  private async accountResponse(actor: Actor, id: string, accountId: string, temporaryPassword: string): Promise<RoomAccountResponse> {
    const [{ endpoint }, account] = await Promise.all([this.detail(actor, id), this.users.findById(accountId)]);
    return { endpoint, account: presentUser(account!), temporaryPassword };
  }

  // ------------------------------------------------------------------------------------------ helpers

  private async manageable(actor: Actor, id: string): Promise<EndpointRow> {
    const endpoint = await this.repo.findById(id);
    if (!endpoint) throw new AppError('endpoint_not_found');
    if (!endpointPolicy.manage(actor, endpoint.unitId, await this.units.tree())) throw new AppError('forbidden');
    return endpoint;
  }

  /** The versioned update matched nothing: gone, or changed by someone else since it was read. */
  private async refuseStale(id: string, tx: Tx): Promise<never> {
    const now = await this.repo.findById(id, tx);
    if (!now) throw new AppError('endpoint_not_found');
    throw new AppError('endpoint_version_conflict', { version: String(now.version) });
  }

  private async detail(actor: Actor, id: string): Promise<EndpointDetail> {
    const [endpoint, tree] = await Promise.all([this.repo.findById(id), this.units.tree()]);
    if (!endpoint) throw new AppError('endpoint_not_found');
    const [history, inOwnMeetings] = await Promise.all([this.repo.assignments([id], { currentOnly: false }), this.inMeetingsRunBy(actor, tree, [id])]);
    const contacts = this.contactsVisible(actor, endpoint, history, tree, inOwnMeetings);
    return { endpoint: this.present(actor, endpoint, history, tree, inOwnMeetings), history: history.map((a) => presentAssignment(a, contacts)) };
  }

  /** The endpoints (of `ids`) invited to meetings the actor runs: their technicians' contacts are the actor's to see. */
  private inMeetingsRunBy(actor: Actor, tree: UnitTree, ids: string[]): Promise<Set<string>> {
    if (actor.role === 'operator') return Promise.resolve(new Set(ids)); // sees every contact anyway
    return this.repo.invitedToMeetingsRunBy(actor.id, actor.role === 'organiser' ? [...tree.subtree(actor.unitId)] : [], ids);
  }

  private contactsVisible(actor: Actor, e: EndpointRow, assignments: AssignmentRow[], tree: UnitTree, inOwnMeetings: Set<string>): boolean {
    const currentTechnicianIds = assignments.filter((a) => a.endpointId === e.id && a.endedAt === null).map((a) => a.userId);
    return endpointPolicy.seeContacts(actor, e.unitId, tree, { currentTechnicianIds, inMeetingRunByActor: inOwnMeetings.has(e.id) });
  }

  private present(actor: Actor, e: EndpointRow, assignments: AssignmentRow[], tree: UnitTree, inOwnMeetings: Set<string>): EndpointView {
    const current = assignments.filter((a) => a.endpointId === e.id && a.endedAt === null);
    return presentEndpoint(e, current, {
      canManage: endpointPolicy.manage(actor, e.unitId, tree),
      canChangeStatus: endpointPolicy.changeStatus(actor, e.unitId, tree, current.map((a) => a.userId)),
      canSeeContacts: this.contactsVisible(actor, e, assignments, tree, inOwnMeetings),
    });
  }
}
