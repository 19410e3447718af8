/** The audit chain's hash: sha256 over the previous hash and a canonical form of the entry. Pure, shared by writer and verifier. */
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface HashedFields {
  at: Date;
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string;
  data: Record<string, unknown>;
  ip: string;
}

/** JSON with object keys sorted at every level, so that jsonb's own key order does not matter. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function entryHash(prevHash: string, e: HashedFields): string {
  const body = canonicalJson({ at: e.at.toISOString(), actorId: e.actorId, action: e.action, targetType: e.targetType, targetId: e.targetId, data: e.data, ip: e.ip });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}
