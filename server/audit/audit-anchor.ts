/**
 * The audit chain's anchor kept outside the database (R1.5): the head of the chain (`<id>:<hash>` of its last
 * entry) in `DATA_DIR/audit-anchor.json`, signed (HMAC with the secrets key) so that whoever can rewrite the file
 * without the key cannot make it agree with a shortened chain. A chain removed whole (TRUNCATE behind the
 * trigger's back) or cut at its end links up by itself; only the anchor shows the loss.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { AuditAnchor } from '../../shared/api';
import type { SecretBox } from '../secrets/secret-box';

export const AUDIT_ANCHOR_FILE = 'audit-anchor.json';

const fileSchema = z.object({ id: z.number().int().positive(), hash: z.string().regex(/^[0-9a-f]{64}$/), at: z.string(), keyId: z.string(), mac: z.string() });

export type StoredAnchor =
  | { state: 'none' }
  | { state: 'valid'; anchor: AuditAnchor; at: string }
  /** The file is there but its signature does not hold (edited, or signed with a key we do not have). */
  | { state: 'invalid'; claimed: AuditAnchor | null };

const signedText = (a: AuditAnchor) => `giaoban-audit-anchor:${a.id}:${a.hash}`;

export class AuditAnchorFile {
  readonly file: string;
  constructor(
    dataDir: string,
    private readonly box: SecretBox,
  ) {
    this.file = path.join(dataDir, AUDIT_ANCHOR_FILE);
  }

  read(): StoredAnchor {
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(this.file, 'utf8'));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'none' };
      return { state: 'invalid', claimed: null };
    }
    const parsed = fileSchema.safeParse(raw);
    if (!parsed.success) return { state: 'invalid', claimed: null };
    const anchor = { id: parsed.data.id, hash: parsed.data.hash };
    return this.box.verify(signedText(anchor), parsed.data.keyId, parsed.data.mac) ? { state: 'valid', anchor, at: parsed.data.at } : { state: 'invalid', claimed: anchor };
  }

  /** Replaces the anchor, whole or not at all (a temporary file renamed over it). */
  write(anchor: AuditAnchor, at = new Date()): void {
    const { keyId, mac } = this.box.sign(signedText(anchor));
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, `${JSON.stringify({ ...anchor, at: at.toISOString(), keyId, mac })}\n`, { mode: 0o600 });
    fs.renameSync(tmp, this.file);
  }
}
