import { describe, expect, it } from 'vitest';
import { generateTemporaryPassword, hashPassword, isStrongEnough, verifyPassword } from './password';

describe('passwords (R1.3)', () => {
  it('R1.3 hashes with argon2id and verifies only the right password', async () => {
    const hash = await hashPassword('Mot-mat-khau-1');
    expect(hash.startsWith('$argon2id$')).toBe(true);
    expect(await verifyPassword(hash, 'Mot-mat-khau-1')).toBe(true);
    expect(await verifyPassword(hash, 'mot-mat-khau-1')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
  });

  it('policy: at least 10 characters with letters and digits, not the e-mail', () => {
    expect(isStrongEnough('ngắn1', 'a@b.vn')).toBe(false);
    expect(isStrongEnough('chỉ-có-chữ-cái', 'a@b.vn')).toBe(false);
    expect(isStrongEnough('1234567890', 'a@b.vn')).toBe(false);
    expect(isStrongEnough('mật-khẩu-đủ-dài-2026', 'a@b.vn')).toBe(true);
    expect(isStrongEnough('an2026@b.vn', 'AN2026@b.vn')).toBe(false);
  });

  it('one-time passwords pass the policy and differ each time', () => {
    const a = generateTemporaryPassword();
    expect(isStrongEnough(a, 'x@y.vn')).toBe(true);
    expect(generateTemporaryPassword()).not.toBe(a);
  });
});
