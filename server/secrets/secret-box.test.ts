import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Keyring, loadKeyring, SECRETS_KEY_FILE } from './keyring';
import { SecretBox, SecretBoxError } from './secret-box';

const ring = () => Keyring.fromBase64(Keyring.generate());

describe('sealing secrets the database keeps (R6.1)', () => {
  it('AES-256-GCM: the value is not in the sealed text, opens only where it was sealed, and never when altered', () => {
    const box = new SecretBox(ring());
    const sealed = box.seal('JBSWY3DPEHPK3PXP', 'users.totp:1');
    expect(sealed).toMatch(/^gb1\.[0-9a-f]{8}\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(box.seal('JBSWY3DPEHPK3PXP', 'users.totp:1')).not.toBe(sealed); // a fresh IV each time
    expect(box.open(sealed, 'users.totp:1')).toBe('JBSWY3DPEHPK3PXP');
    expect(() => box.open(sealed, 'users.totp:2')).toThrow(SecretBoxError); // copied to another row
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0]! ^= 1;
    expect(() => box.open([...parts.slice(0, 3), body.toString('base64url')].join('.'), 'users.totp:1')).toThrow(SecretBoxError);
    expect(() => box.open('JBSWY3DPEHPK3PXP', 'users.totp:1')).toThrow(SecretBoxError);
    expect(() => new SecretBox(ring()).open(sealed, 'users.totp:1')).toThrow(/unknown key/);
  });

  it('after a rotation values sealed with the previous key still open, and re-sealing moves them to the new key', () => {
    const oldKey = Keyring.generate();
    const before = new SecretBox(Keyring.fromBase64(oldKey));
    const sealed = before.seal('mat-khau', 'ctx');
    const after = new SecretBox(Keyring.fromBase64(Keyring.generate(), [oldKey]));
    expect(after.sealedWithCurrent(sealed)).toBe(false);
    expect(after.open(sealed, 'ctx')).toBe('mat-khau');
    const resealed = after.reseal(sealed, 'ctx');
    expect(after.sealedWithCurrent(resealed)).toBe(true);
    expect(new SecretBox(Keyring.fromBase64(Keyring.generate(), [])).verify('x', 'y', 'z')).toBe(false);
  });

  it('signs with HMAC under its own derived key; a changed text or signature does not verify', () => {
    const box = new SecretBox(ring());
    const { keyId, mac } = box.sign('42:abc');
    expect(box.verify('42:abc', keyId, mac)).toBe(true);
    expect(box.verify('43:abc', keyId, mac)).toBe(false);
    expect(box.verify('42:abc', keyId, mac.replace(/^./, (c) => (c === '0' ? '1' : '0')))).toBe(false);
    expect(new SecretBox(ring()).verify('42:abc', keyId, mac)).toBe(false);
  });

  it('without SECRETS_KEY a key is generated once in the data directory, readable by its owner only', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'giaoban-keys-'));
    try {
      const first = loadKeyring({ dataDir, SECRETS_KEY_PREVIOUS: [] });
      expect(fs.statSync(path.join(dataDir, SECRETS_KEY_FILE)).mode & 0o777).toBe(0o600);
      expect(loadKeyring({ dataDir, SECRETS_KEY_PREVIOUS: [] }).current.id).toBe(first.current.id);
      const configured = Keyring.generate();
      expect(loadKeyring({ dataDir, SECRETS_KEY: configured, SECRETS_KEY_PREVIOUS: [] }).current.id).toBe(Keyring.fromBase64(configured).current.id);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
