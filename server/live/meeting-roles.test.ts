import { describe, expect, it } from 'vitest';
import { permissionsOf } from './meeting-roles';

describe('meeting roles (R3)', () => {
  it('R3.4 only the chair and the chair’s technician control the floor; delegates and endpoints request it', () => {
    expect(permissionsOf('chair').controlFloor).toBe(true);
    expect(permissionsOf('chair_technician').controlFloor).toBe(true);
    for (const role of ['delegate', 'endpoint', 'endpoint_technician', 'observer'] as const) expect(permissionsOf(role).controlFloor).toBe(false);
    expect(permissionsOf('delegate').requestFloor).toBe(true);
    expect(permissionsOf('endpoint_technician').requestOnBehalf).toBe(true);
  });
  it('R3.6 only the chair records; R3.9 branch endpoints do not leave on their own', () => {
    expect((['chair', 'chair_technician', 'endpoint_technician', 'endpoint', 'delegate', 'observer'] as const).filter((r) => permissionsOf(r).record)).toEqual(['chair']);
    expect(permissionsOf('endpoint').leaveFreely).toBe(false);
    expect(permissionsOf('delegate').leaveFreely).toBe(false);
  });
});
