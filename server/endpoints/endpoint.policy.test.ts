import { describe, expect, it } from 'vitest';
import type { Actor } from '../organisation/organisation.policy';
import { UnitTree } from '../organisation/unit-tree';
import { endpointPolicy } from './endpoint.policy';

const tree = new UnitTree([
  { id: 'tinh', parentId: null, name: 'UBND tỉnh' },
  { id: 'so-tc', parentId: 'tinh', name: 'Sở Tài chính' },
  { id: 'huyen', parentId: 'tinh', name: 'UBND huyện Cư Jút' },
  { id: 'xa', parentId: 'huyen', name: 'UBND xã Tâm Thắng' },
]);
const actor = (role: Actor['role'], unitId: string, id = `${role}-${unitId}`) => ({ id, role, unitId, unitName: '' }) as unknown as Actor;

describe('endpoint policy (R1.4)', () => {
  it('operators manage every endpoint; organisers their unit and the units under it', () => {
    expect(endpointPolicy.manage(actor('operator', 'so-tc'), 'xa', tree)).toBe(true);
    expect(endpointPolicy.manage(actor('organiser', 'huyen'), 'huyen', tree)).toBe(true);
    expect(endpointPolicy.manage(actor('organiser', 'huyen'), 'xa', tree)).toBe(true);
  });

  it('refuses an organiser of another unit, a secretary, a delegate and a technician', () => {
    expect(endpointPolicy.manage(actor('organiser', 'so-tc'), 'huyen', tree)).toBe(false);
    expect(endpointPolicy.manage(actor('organiser', 'xa'), 'huyen', tree)).toBe(false);
    for (const role of ['secretary', 'delegate', 'technician', 'guest', 'endpoint'] as const) {
      expect(endpointPolicy.manage(actor(role, 'tinh'), 'huyen', tree), role).toBe(false);
    }
  });

  it('a technician changes the status only of endpoints they are assigned to', () => {
    const tech = actor('technician', 'so-tc', 'kt-1');
    expect(endpointPolicy.changeStatus(tech, 'huyen', tree, ['kt-1'])).toBe(true);
    expect(endpointPolicy.changeStatus(tech, 'huyen', tree, ['kt-2'])).toBe(false);
    expect(endpointPolicy.changeStatus(actor('delegate', 'huyen', 'kt-1'), 'huyen', tree, ['kt-1'])).toBe(false);
    expect(endpointPolicy.changeStatus(actor('organiser', 'huyen'), 'xa', tree, [])).toBe(true);
  });

  it('guests do not see the registry; everyone else does', () => {
    expect(endpointPolicy.see(actor('guest', 'tinh'))).toBe(false);
    for (const role of ['operator', 'organiser', 'secretary', 'technician', 'delegate', 'endpoint'] as const) expect(endpointPolicy.see(actor(role, 'tinh'))).toBe(true);
  });
});
