import { describe, expect, it } from 'vitest';
import { EntryGrants } from './entry-grants';

describe('entry grants', () => {
  it('hold for the session and meeting that proved the password, until they expire', () => {
    let now = 0;
    const grants = new EntryGrants(1000, () => now);
    grants.grant('s1', 'm1');
    expect(grants.has('s1', 'm1')).toBe(true);
    expect(grants.has('s2', 'm1')).toBe(false);
    expect(grants.has('s1', 'm2')).toBe(false);
    now = 1000;
    expect(grants.has('s1', 'm1')).toBe(false);
  });
});
