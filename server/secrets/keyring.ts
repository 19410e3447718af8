/**
 * The server's secrets key (R6.1): it seals what the database must keep but nobody may read from it — TOTP secrets,
 * a meeting password waiting in the mail outbox — and signs the audit chain's anchor. From the configuration
 * (`SECRETS_KEY`, with `SECRETS_KEY_PREVIOUS` during a rotation), else from `DATA_DIR/secrets.key`, generated with
 * mode 0600 on the first start (as Janus's secrets are), so that `npm start` needs no setting.
 *
 * Each key is named by a short id (the first 8 hex digits of its sha256): a sealed value and a signature carry the id
 * of the key they were made with, so that values sealed before a rotation are still read until they are re-sealed.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export interface SecretKey {
  id: string;
  key: Buffer;
}

const keyOf = (base64: string): SecretKey => {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32) throw new Error('a secrets key must be 32 bytes (base64)');
  return { id: createHash('sha256').update(key).digest('hex').slice(0, 8), key };
};

/** The key file under DATA_DIR when SECRETS_KEY is not set. */
export const SECRETS_KEY_FILE = 'secrets.key';
const keyFileSchema = z.object({ current: z.string(), previous: z.array(z.string()).default([]) });
export type KeyFile = z.infer<typeof keyFileSchema>;

export class Keyring {
  private readonly byIdMap: Map<string, SecretKey>;
  constructor(
    readonly current: SecretKey,
    readonly previous: readonly SecretKey[] = [],
  ) {
    this.byIdMap = new Map([...previous, current].map((k) => [k.id, k]));
  }

  byId(id: string): SecretKey | undefined {
    return this.byIdMap.get(id);
  }

  static fromBase64(current: string, previous: readonly string[] = []): Keyring {
    return new Keyring(keyOf(current), previous.map(keyOf));
  }

  /** A new random key, as base64. */
  static generate(): string {
    return randomBytes(32).toString('base64');
  }
}

/**
 * The keyring of the configuration: SECRETS_KEY (and SECRETS_KEY_PREVIOUS) when set, else the key file under the
 * data directory, created with a new key when missing.
 */
export function loadKeyring(config: { SECRETS_KEY?: string; SECRETS_KEY_PREVIOUS: string[]; dataDir: string }): Keyring {
  if (config.SECRETS_KEY) return Keyring.fromBase64(config.SECRETS_KEY, config.SECRETS_KEY_PREVIOUS);
  const file = path.join(config.dataDir, SECRETS_KEY_FILE);
  if (!fs.existsSync(file)) writeKeyFile(config.dataDir, { current: Keyring.generate(), previous: [] });
  const stored = readKeyFile(config.dataDir);
  return Keyring.fromBase64(stored.current, [...stored.previous, ...config.SECRETS_KEY_PREVIOUS]);
}

export function readKeyFile(dataDir: string): KeyFile {
  return keyFileSchema.parse(JSON.parse(fs.readFileSync(path.join(dataDir, SECRETS_KEY_FILE), 'utf8')));
}

/** Written whole or not at all (a temporary file renamed over it), readable by the server's user only. */
export function writeKeyFile(dataDir: string, content: KeyFile): void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, SECRETS_KEY_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(content)}\n`, { mode: 0o600 });
  fs.renameSync(tmp, file);
}
