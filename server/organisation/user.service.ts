/** People and their accounts (R1.2, R1.3). */
import type { z } from 'zod';
import type { CreateUserResponse, PersonRef, UserView } from '../../shared/api';
import type { createUserBody, updateUserBody } from '../../shared/api';
import type { AuditService } from '../audit/audit.service';
import { generateTemporaryPassword, hashPassword } from '../auth/password';
import type { Db } from '../db/client';
import { sessions } from '../db/schema';
import { AppError } from '../errors';
import { and, eq, isNull } from 'drizzle-orm';
import { organisationPolicy, type Actor } from './organisation.policy';
import type { UnitRepository } from './unit.repository';
import { comparePeople } from '../../shared/people-order';
import { presentPerson, presentUser } from './user.presenter';
import type { UserRepository } from './user.repository';

/** The unit created on the very first start, holding the first operator. */
export const OPERATOR_UNIT = { code: 'VH', name: 'Đơn vị vận hành' };

export class UserService {
  constructor(
    private readonly db: Db,
    private readonly users: UserRepository,
    private readonly units: UnitRepository,
    private readonly audit: AuditService,
    /** Called after an account's sessions were ended (disabled): its meeting connections close at once. */
    private readonly sessionsEnded: (userId: string) => Promise<unknown> = async () => undefined,
  ) {}

  async list(actor: Actor): Promise<UserView[]> {
    const tree = await this.units.tree();
    if (actor.role === 'operator') return (await this.users.list()).sort(comparePeople).map(presentUser);
    if (!organisationPolicy.seePeopleIn(actor, actor.unitId, tree)) throw new AppError('forbidden');
    return (await this.users.list([...tree.subtree(actor.unitId)])).sort(comparePeople).map(presentUser);
  }

  /**
   * Everyone who can be chosen for a meeting (R2.1): those who book meetings choose a chair, invitees and presenters
   * across the organisation, not only in their own units; name, title and unit only.
   */
  async directory(actor: Actor): Promise<PersonRef[]> {
    if (!organisationPolicy.seeDirectory(actor)) throw new AppError('forbidden');
    return (await this.users.directory()).sort(comparePeople).map(presentPerson);
  }

  async create(actor: Actor, input: z.output<typeof createUserBody>, ip = ''): Promise<CreateUserResponse> {
    const tree = await this.units.tree();
    if (!tree.get(input.unitId)) throw new AppError('unit_not_found', { unitId: input.unitId });
    if (!organisationPolicy.managePeopleIn(actor, input.unitId, tree) || !organisationPolicy.grantRole(actor, input.role)) throw new AppError('forbidden');
    if (await this.users.findByEmail(input.email)) throw new AppError('email_taken', { email: 'taken' });
    const temporaryPassword = generateTemporaryPassword();
    const passwordHash = await hashPassword(temporaryPassword);
    const user = await this.db.transaction(async (tx) => {
      const created = await this.users.insert({ ...input, passwordHash, mustChangePassword: true }, tx);
      await this.audit.record({ actorId: actor.id, action: 'user.created', targetType: 'user', targetId: created.id, data: { email: input.email, role: input.role, unitId: input.unitId }, ip }, tx);
      return (await this.users.findById(created.id, tx))!;
    });
    return { user: presentUser(user), temporaryPassword };
  }

  /** Change a person's details, role or unit; disabling an account also ends all its sessions. */
  async update(actor: Actor, id: string, patch: z.output<typeof updateUserBody>, ip = ''): Promise<UserView> {
    const target = await this.users.findById(id);
    if (!target) throw new AppError('user_not_found');
    const tree = await this.units.tree();
    if (patch.unitId && !tree.get(patch.unitId)) throw new AppError('unit_not_found', { unitId: patch.unitId });
    const allowed =
      organisationPolicy.managePeopleIn(actor, target.unitId, tree) &&
      organisationPolicy.grantRole(actor, target.role) &&
      (!patch.unitId || organisationPolicy.managePeopleIn(actor, patch.unitId, tree)) &&
      (!patch.role || organisationPolicy.grantRole(actor, patch.role));
    if (!allowed) throw new AppError('forbidden');
    if (id === actor.id && (patch.disabled || (patch.role && patch.role !== actor.role))) throw new AppError('forbidden', { id: 'not on your own account' });
    const { disabled, ...fields } = patch;
    await this.db.transaction(async (tx) => {
      await this.users.update(id, { ...fields, ...(disabled === undefined ? {} : { disabledAt: disabled ? new Date() : null }) }, tx);
      if (disabled) await tx.update(sessions).set({ revokedAt: new Date() }).where(and(eq(sessions.userId, id), isNull(sessions.revokedAt)));
      await this.audit.record({ actorId: actor.id, action: 'user.updated', targetType: 'user', targetId: id, data: { ...patch }, ip }, tx);
    });
    if (disabled) await this.sessionsEnded(id);
    return presentUser((await this.users.findById(id))!);
  }

  /** First start: the operator's unit and account, with a one-time password returned once for printing. */
  async bootstrapOperator(email: string): Promise<string | undefined> {
    if ((await this.users.count()) > 0) return undefined;
    const temporaryPassword = generateTemporaryPassword();
    const passwordHash = await hashPassword(temporaryPassword);
    await this.db.transaction(async (tx) => {
      const [existing] = await this.units.findByCodes([OPERATOR_UNIT.code], tx);
      const unit = existing ?? (await this.units.insert(OPERATOR_UNIT, tx));
      const user = await this.users.insert({ email, name: 'Quản trị hệ thống', title: 'Quản trị viên', unitId: unit.id, role: 'operator', passwordHash, mustChangePassword: true }, tx);
      await this.audit.record({ actorId: null, action: 'system.operator_created', targetType: 'user', targetId: user.id, data: { email } }, tx);
    });
    return temporaryPassword;
  }
}
