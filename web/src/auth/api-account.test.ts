import { describe, expect, it } from 'vitest';
import { manualKeyOf } from './api-account';

describe('second-factor enrolment (R1.3)', () => {
  it('R1.3 shows the secret of the enrolment address in groups of four for typing by hand', () => {
    expect(manualKeyOf('otpauth://totp/GiaoBan:an%40example.vn?secret=ABCDEFGHIJKLMNOPQRSTUVWXYZ234567&issuer=GiaoBan')).toBe(
      'ABCD EFGH IJKL MNOP QRST UVWX YZ23 4567',
    );
    expect(manualKeyOf('not a uri')).toBe('');
  });
});
