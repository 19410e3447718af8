import { generate } from 'otplib';
import { describe, expect, it } from 'vitest';
import { checkTotp, enrolmentQrSvg, enrolmentUri, newTotpSecret } from './totp';

const at = (iso: string) => new Date(iso);
const codeAt = (secret: string, date: Date) => generate({ secret, epoch: Math.floor(date.getTime() / 1000) });

describe('TOTP second factor (R1.3)', () => {
  it('R1.3 the enrolment address names GiaoBan and the account, and its QR code is an SVG', async () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32,}$/);
    const uri = enrolmentUri(secret, 'an@example.vn');
    const parsed = new URL(uri);
    expect(parsed.protocol).toBe('otpauth:');
    expect(decodeURIComponent(parsed.pathname)).toContain('GiaoBan:an@example.vn');
    expect(parsed.searchParams.get('secret')).toBe(secret);
    expect(parsed.searchParams.get('issuer')).toBe('GiaoBan');
    expect(await enrolmentQrSvg(uri)).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
  });

  it('R1.3 accepts the current code and one step of clock drift either way, not more', async () => {
    const secret = newTotpSecret();
    const now = at('2026-11-23T08:00:15Z');
    const step = Math.floor(now.getTime() / 30_000);
    expect(await checkTotp(secret, await codeAt(secret, now), now)).toBe(step);
    expect(await checkTotp(secret, await codeAt(secret, new Date(now.getTime() - 30_000)), now)).toBe(step - 1);
    expect(await checkTotp(secret, await codeAt(secret, new Date(now.getTime() + 30_000)), now)).toBe(step + 1);
    expect(await checkTotp(secret, await codeAt(secret, new Date(now.getTime() - 90_000)), now)).toBeNull();
    expect(await checkTotp(secret, 'abcdef', now)).toBeNull();
    expect(await checkTotp('not base32!', '123456', now)).toBeNull();
  });

  it('R1.3 a code works once: given the last step used, the same or an older one is refused', async () => {
    const secret = newTotpSecret();
    const now = at('2026-11-23T08:00:15Z');
    const code = await codeAt(secret, now);
    const step = (await checkTotp(secret, code, now))!;
    expect(await checkTotp(secret, code, now, step)).toBeNull();
    expect(await checkTotp(secret, await codeAt(secret, new Date(now.getTime() - 30_000)), now, step)).toBeNull();
    expect(await checkTotp(secret, await codeAt(secret, new Date(now.getTime() + 30_000)), now, step)).toBe(step + 1);
  });
});
