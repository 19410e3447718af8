import type { CreateUserResponse, UserView } from '../../shared/api';
import { createUserBody } from '../../shared/api';
import { generateTemporaryPassword, hashPassword } from '../auth/password';
import { AppError } from '../errors';
import type { UserRow } from './user.repository';
import { UserRepository } from './user.repository';
import { compareByGivenName, presentUser } from './user.presenter';
import { z } from 'zod';

/** Only operators manage accounts (issue: organisation will refine roles per unit). */
function requireOperator(actor: UserRow): void {
  if (actor.role !== 'operator') throw new AppError('forbidden');
}

export class UserService {
  constructor(private readonly users: UserRepository) {}

  async list(actor: UserRow): Promise<UserView[]> {
    requireOperator(actor);
    return (await this.users.list()).sort(compareByGivenName).map(presentUser);
  }

  async create(actor: UserRow, input: z.output<typeof createUserBody>): Promise<CreateUserResponse> {
    requireOperator(actor);
    if (await this.users.findByEmail(input.email)) throw new AppError('email_taken', { email: 'taken' });
    const temporaryPassword = generateTemporaryPassword();
    const user = await this.users.insert({
      ...input,
      passwordHash: await hashPassword(temporaryPassword),
      mustChangePassword: true,
    });
    return { user: presentUser(user), temporaryPassword };
  }

  /** First start: create the operator account with a one-time password, returned once for printing. */
  async bootstrapOperator(email: string): Promise<string | undefined> {
    if ((await this.users.count()) > 0) return undefined;
    const temporaryPassword = generateTemporaryPassword();
    await this.users.insert({
      email,
      name: 'Quản trị hệ thống',
      unit: 'Đơn vị vận hành',
      role: 'operator',
      passwordHash: await hashPassword(temporaryPassword),
      mustChangePassword: true,
    });
    return temporaryPassword;
  }
}
