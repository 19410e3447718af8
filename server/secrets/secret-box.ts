/**
 * Sealing and signing with the keyring (keyring.ts): AES-256-GCM for values the database keeps but must not show
 * (`gb1.<key id>.<iv>.<ciphertext and tag>`, base64url), HMAC-SHA256 for what is kept outside the database and must
 * not be forged (the audit anchor). Each use has its own key derived by HKDF from the secrets key, and a sealed
 * value is bound to where it belongs (`context`, e.g. `users.totp:<id>`: the additional data of GCM), so a value
 * copied into another row does not open there.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Keyring, SecretKey } from './keyring';

const PREFIX = 'gb1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class SecretBoxError extends Error {}

const subkey = (k: SecretKey, purpose: 'seal' | 'sign') => Buffer.from(hkdfSync('sha256', k.key, Buffer.alloc(0), `giaoban/${purpose}/v1`, 32));

export class SecretBox {
  constructor(readonly keyring: Keyring) {}

  /** Whether a stored value is sealed at all (values from before sealing existed are plain). */
  static isSealed(value: string): boolean {
    return value.startsWith(`${PREFIX}.`);
  }

  /** Whether it is sealed with the current key (else a rotation still has to re-seal it). */
  sealedWithCurrent(value: string): boolean {
    return SecretBox.isSealed(value) && value.split('.')[1] === this.keyring.current.id;
  }

  seal(plain: string, context: string): string {
    const k = this.keyring.current;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', subkey(k, 'seal'), iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return [PREFIX, k.id, iv.toString('base64url'), body.toString('base64url')].join('.');
  }

  /** The plain value; throws SecretBoxError when it is not sealed, the key is unknown or it does not authenticate. */
  open(sealed: string, context: string): string {
    const [prefix, keyId, iv, body] = sealed.split('.');
    if (prefix !== PREFIX || !keyId || !iv || !body) throw new SecretBoxError('not a sealed value');
    const k = this.keyring.byId(keyId);
    if (!k) throw new SecretBoxError(`sealed with an unknown key (${keyId}): is SECRETS_KEY the right one?`);
    const bytes = Buffer.from(body, 'base64url');
    if (bytes.length < TAG_BYTES) throw new SecretBoxError('truncated');
    try {
      const decipher = createDecipheriv('aes-256-gcm', subkey(k, 'seal'), Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretBoxError('does not authenticate (altered, or sealed for another place)');
    }
  }

  /** Opens with whatever key it was sealed with and seals again with the current one (a rotation). */
  reseal(value: string, context: string): string {
    return this.seal(SecretBox.isSealed(value) ? this.open(value, context) : value, context);
  }

  /** A signature of `data` with the current key: `{ keyId, mac }`. */
  sign(data: string): { keyId: string; mac: string } {
    const k = this.keyring.current;
    return { keyId: k.id, mac: createHmac('sha256', subkey(k, 'sign')).update(data).digest('hex') };
  }

  verify(data: string, keyId: string, mac: string): boolean {
    const k = this.keyring.byId(keyId);
    if (!k) return false;
    const expected = createHmac('sha256', subkey(k, 'sign')).update(data).digest();
    const given = Buffer.from(mac, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
