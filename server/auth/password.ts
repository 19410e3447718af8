/** Password hashing (argon2id) and the password policy. */
import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';
import { PASSWORD_MIN_LENGTH } from '../../shared/api';

/**
 * OWASP's argon2id configuration (19 MiB, 2 iterations, 1 lane): ~35 ms a hash here, against ~140 ms for the
 * library default, which matters on the meeting-password check in the join path. Hashes carry their parameters,
 * so raising them later keeps old hashes verifiable.
 */
export const hashPassword = (plain: string) => argon2.hash(plain, { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 });

export async function verifyPassword(hash: string, plain: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, plain);
  } catch {
    return false;
  }
}

/** Verifying against this keeps the time of a sign-in with an unknown e-mail like that of a known one. */
let dummyHash: Promise<string> | undefined;
export async function burnVerifyTime(plain: string): Promise<void> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(await dummyHash, plain);
}

/** At least 10 characters (PASSWORD_MIN_LENGTH) with letters and digits, and not the e-mail itself. */
export function isStrongEnough(password: string, email: string): boolean {
  return password.length >= PASSWORD_MIN_LENGTH && /\p{L}/u.test(password) && /\d/.test(password) && password.toLowerCase() !== email.toLowerCase();
}

/** A one-time password handed to a new account; it must be changed at the first sign-in. */
export function generateTemporaryPassword(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const bytes = randomBytes(14);
  let out = '';
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return `${out.slice(0, 7)}-${out.slice(7)}2`;
}
