import type { PersonRef, UserView } from '../../shared/api';
import type { PersonRow } from './user.repository';

/** What leaves the server about a person: never the hash, the second-factor secret or lockout counters. */
export const presentUser = (u: PersonRow): UserView => ({
  id: u.id,
  name: u.name,
  title: u.title,
  unitId: u.unitId,
  unit: u.unitName,
  email: u.email,
  phone: u.phone,
  role: u.role,
  mustChangePassword: u.mustChangePassword,
  hasSecondFactor: u.totpSecret !== null,
  disabled: u.disabledAt !== null,
});

export const presentPerson = (u: Pick<PersonRow, 'id' | 'name' | 'title' | 'unitName'>): PersonRef => ({ id: u.id, name: u.name, title: u.title, unit: u.unitName });
