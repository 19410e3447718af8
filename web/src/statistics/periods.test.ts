import { describe, expect, it } from 'vitest';
import { presetPeriod } from './periods';

describe('statistics periods', () => {
  it('this quarter, this year and the last 12 months, both ends included', () => {
    expect(presetPeriod('quarter', '2026-12-07')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(presetPeriod('quarter', '2026-02-28')).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(presetPeriod('quarter', '2026-06-30')).toEqual({ from: '2026-04-01', to: '2026-06-30' });
    expect(presetPeriod('quarter', '2026-08-15')).toEqual({ from: '2026-07-01', to: '2026-09-30' });
    expect(presetPeriod('year', '2026-12-07')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(presetPeriod('last12', '2026-12-07')).toEqual({ from: '2026-01-01', to: '2026-12-07' });
    expect(presetPeriod('last12', '2026-03-10')).toEqual({ from: '2025-04-01', to: '2026-03-10' });
  });
});
