import { describe, expect, it } from 'vitest';
import { EntryGrants, VerifiedPasswords, type GrantStore } from './entry-grants';

/** The database's part, in memory: what a restarted server would find. */
function memoryStore(now: () => number): GrantStore & { rows: Map<string, number> } {
  const rows = new Map<string, number>();
  return {
    rows,
    grant: async (s, m, until) => void rows.set(`${s}:${m}`, until.getTime()),
    hasGrant: async (s, m) => (rows.get(`${s}:${m}`) ?? 0) > now(),
    revokeGrants: async (m) => {
      for (const key of rows.keys()) if (key.endsWith(`:${m}`)) rows.delete(key);
    },
  };
}

describe('entry grants', () => {
  it('hold for the session and meeting that proved the password, until they expire', async () => {
    let now = 0;
    const grants = new EntryGrants(memoryStore(() => now), 1000, () => now);
    await grants.grant('s1', 'm1');
    expect(await grants.has('s1', 'm1')).toBe(true);
    expect(await grants.has('s2', 'm1')).toBe(false);
    expect(await grants.has('s1', 'm2')).toBe(false);
    now = 1000;
    expect(await grants.has('s1', 'm1')).toBe(false);
  });

  it('survive a restart (kept in the store) and go with a revoked access', async () => {
    const now = () => 0;
    const store = memoryStore(now);
    await new EntryGrants(store, 1000, now).grant('s1', 'm1');
    const afterRestart = new EntryGrants(store, 1000, now);
    expect(await afterRestart.has('s1', 'm1')).toBe(true);
    await afterRestart.revokeMeeting('m1');
    expect(await afterRestart.has('s1', 'm1')).toBe(false);
  });
});

describe('verified passwords', () => {
  it('recognise the password argon2 accepted, and only for the same stored hash', () => {
    const verified = new VerifiedPasswords();
    expect(verified.matches('m1', 'hash-1', 'mat-khau')).toBe(false);
    verified.remember('m1', 'hash-1', 'mat-khau');
    expect(verified.matches('m1', 'hash-1', 'mat-khau')).toBe(true);
    expect(verified.matches('m1', 'hash-1', 'mat-khau-2')).toBe(false);
    expect(verified.matches('m1', 'hash-2', 'mat-khau')).toBe(false); // a new password after a leak
    expect(verified.matches('m2', 'hash-1', 'mat-khau')).toBe(false);
  });
});
