import type { PersonRef, UserView } from '../../shared/api';
import type { UserRow } from './user.repository';

/** What leaves the server about a person: never the hash, lockout counters or timestamps. */
export const presentUser = (u: UserRow): UserView => ({
  id: u.id,
  name: u.name,
  unit: u.unit,
  email: u.email,
  role: u.role,
  mustChangePassword: u.mustChangePassword,
});

export const presentPerson = (u: Pick<UserRow, 'id' | 'name' | 'unit'>): PersonRef => ({ id: u.id, name: u.name, unit: u.unit });

const collator = new Intl.Collator('vi');
const givenName = (full: string) => full.trim().split(/\s+/).at(-1) ?? full;

/** Vietnamese order: by given name (the last word), then the full name. */
export function compareByGivenName(a: { name: string }, b: { name: string }): number {
  return collator.compare(givenName(a.name), givenName(b.name)) || collator.compare(a.name, b.name);
}
