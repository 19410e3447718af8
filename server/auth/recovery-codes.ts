/**
 * Recovery codes of the second factor (R1.3): ten codes of ten characters (about 49 bits each, from an alphabet
 * without look-alikes), shown once, written `abcde-fghij`. Given instead of the authenticator's code at sign-in;
 * only a sha256 bound to the account is stored, so a copy of the database gives no code and a code is no use on
 * another account.
 */
import { createHash, randomInt } from 'node:crypto';

export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

export function newRecoveryCodes(n = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: n }, () => {
    let code = '';
    for (let i = 0; i < 10; i++) code += ALPHABET[randomInt(ALPHABET.length)];
    return `${code.slice(0, 5)}-${code.slice(5)}`;
  });
}

/** As typed: case, spaces and the dash do not matter. */
export const normaliseRecoveryCode = (code: string) => code.toLowerCase().replace(/[\s-]+/g, '');

/** A recovery code (normalised) rather than six digits of the authenticator. */
export const isRecoveryCode = (code: string) => /^[a-z0-9]{10}$/.test(normaliseRecoveryCode(code));

export const recoveryCodeHash = (userId: string, code: string) => createHash('sha256').update(`${userId}:${normaliseRecoveryCode(code)}`).digest('hex');
