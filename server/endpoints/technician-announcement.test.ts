import { describe, expect, it } from 'vitest';
import { technicianChangeAnnouncements, type UpcomingMeeting } from './technician-announcement';

const change = {
  endpointId: 'e1',
  endpointName: 'Phòng họp trực tuyến huyện Cư Jút',
  unitName: 'UBND huyện Cư Jút',
  change: 'replaced' as const,
  previous: { name: 'Lê Văn Kỹ', contact: '0912 000 111' },
  next: { name: 'Phạm Thị Thuật', contact: '0912 000 222' },
  byName: 'Quản trị hệ thống',
};
const meeting = (id: string, hostUnitId: string, day: number): UpcomingMeeting => ({ id, title: `Họp ${id}`, slug: id, startsAt: new Date(Date.UTC(2027, 0, day)), hostUnitId });

describe('R1.4 announcing a change of technician (D13.2, D25.2)', () => {
  it('reaches every operator, the technicians concerned and the organisers of the upcoming meetings’ host units', () => {
    const out = technicianChangeAnnouncements({
      change,
      operatorIds: ['op1', 'op2'],
      organisers: [
        { id: 'org-tinh', unitId: 'tinh' },
        { id: 'org-huyen', unitId: 'huyen' },
        { id: 'org-so', unitId: 'so' },
      ],
      meetings: [meeting('m2', 'huyen', 9), meeting('m1', 'tinh', 5)],
      technicianIds: ['kt-old', 'kt-new'],
    });
    expect(out.map((a) => a.userId).sort()).toEqual(['kt-new', 'kt-old', 'op1', 'op2', 'org-huyen', 'org-tinh']);
    const of = (id: string) => out.find((a) => a.userId === id)!.data.meetings.map((m) => m.id);
    expect(of('op1')).toEqual(['m1', 'm2']); // soonest first
    expect(of('org-tinh')).toEqual(['m1']);
    expect(of('org-huyen')).toEqual(['m2']);
    expect(out.every((a) => a.kind === 'technician_changed' && a.data.next?.name === 'Phạm Thị Thuật')).toBe(true);
  });

  it('an organiser whose unit hosts none of the upcoming meetings is not told; one person gets one notice', () => {
    const out = technicianChangeAnnouncements({
      change,
      operatorIds: ['op1'],
      organisers: [{ id: 'org-so', unitId: 'so' }],
      meetings: [],
      technicianIds: ['op1'],
    });
    expect(out.map((a) => a.userId)).toEqual(['op1']);
    expect(out[0]!.data.meetings).toEqual([]);
  });
});
