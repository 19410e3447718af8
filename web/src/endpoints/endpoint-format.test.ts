import { describe, expect, it } from 'vitest';
import type { EndpointView, NotificationView } from '../../../shared/api';
import { filterEndpoints, manageableUnits, notificationMeetings, unitDepths } from './endpoint-format';
import { notificationLink, notificationText } from '../notifications/notification-format';

const units = [
  { id: 'tinh', parentId: null },
  { id: 'huyen', parentId: 'tinh' },
  { id: 'xa', parentId: 'huyen' },
  { id: 'so', parentId: 'tinh' },
  { id: 'bo', parentId: null },
];

const endpoint = (over: Partial<EndpointView>): EndpointView => ({
  id: 'e',
  kind: 'room',
  name: '',
  unitId: 'tinh',
  unit: '',
  location: '',
  equipment: '',
  networkAddress: '',
  status: 'ready',
  capacity: 0,
  version: 1,
  account: null,
  technicians: [],
  canManage: false,
  canChangeStatus: false,
  ...over,
});

const registry = [
  endpoint({ id: 'a', name: 'Phòng họp trực tuyến huyện Đắk Mil', unitId: 'huyen', unit: 'UBND huyện Đắk Mil' }),
  endpoint({
    id: 'b',
    name: 'Hội trường UBND xã Đắk Sắk',
    unitId: 'xa',
    status: 'out_of_order',
    technicians: [{ id: 't', technician: { id: 'kt', name: 'Lê Văn Kỹ', title: '', unit: '', phone: '', email: '' }, contact: '', assignedAt: '', assignedBy: null, endedAt: null, endedBy: null }],
  }),
  endpoint({ id: 'c', name: 'Phòng họp Sở Tài chính', unitId: 'so', location: 'Tầng 3' }),
];

describe('endpoint registry filters (R1.4)', () => {
  it('search ignores diacritics and case, over name, place and technicians', () => {
    const ids = (query: string) => filterEndpoints(registry, units, { unitId: '', status: '', query }).map((e) => e.id);
    expect(ids('dak')).toEqual(['a', 'b']);
    expect(ids('ĐẮK SẮK')).toEqual(['b']);
    expect(ids('le van ky')).toEqual(['b']);
    expect(ids('tang 3')).toEqual(['c']);
  });

  it('a unit filter covers the units under it; status and “my rooms” narrow further', () => {
    expect(filterEndpoints(registry, units, { unitId: 'huyen', status: '', query: '' }).map((e) => e.id)).toEqual(['a', 'b']);
    expect(filterEndpoints(registry, units, { unitId: 'huyen', status: 'out_of_order', query: '' }).map((e) => e.id)).toEqual(['b']);
    expect(filterEndpoints(registry, units, { unitId: '', status: '', query: '', technicianId: 'kt' }).map((e) => e.id)).toEqual(['b']);
  });

  it('operators pick any unit, organisers their subtree, others none', () => {
    expect(manageableUnits(units, { role: 'operator', unitId: 'so' })).toHaveLength(5);
    expect(manageableUnits(units, { role: 'organiser', unitId: 'huyen' }).map((u) => u.id)).toEqual(['huyen', 'xa']);
    expect(manageableUnits(units, { role: 'delegate', unitId: 'tinh' })).toEqual([]);
    expect(unitDepths(units).get('xa')).toBe(2);
  });
});

describe('notices of a change of technician', () => {
  const notice: NotificationView = {
    id: 7,
    kind: 'technician_changed',
    createdAt: '2027-01-04T01:00:00Z',
    readAt: null,
    data: {
      endpointId: 'e1',
      endpointName: 'Phòng họp huyện Cư Jút',
      unitName: 'UBND huyện Cư Jút',
      change: 'replaced',
      previous: { name: 'Lê Văn Kỹ', contact: '0912 000 111' },
      next: { name: 'Phạm Thị Thuật', contact: '0912 000 222' },
      byName: 'Quản trị hệ thống',
      meetings: [{ id: 'm', title: 'Giao ban tháng 1', slug: 'gb', startsAt: '2027-01-05T01:00:00Z' }],
    },
  };

  it('read in Vietnamese with the new technician, their contact and the upcoming meetings in Vietnam time', () => {
    expect(notificationText(notice)).toBe('Điểm cầu Phòng họp huyện Cư Jút (UBND huyện Cư Jút): cán bộ kỹ thuật Phạm Thị Thuật (liên hệ 0912 000 222) thay cho Lê Văn Kỹ.');
    expect(notificationMeetings(notice)).toBe('Cuộc họp sắp tới có điểm cầu này: Giao ban tháng 1 (05/01/2027 08:00)');
    expect(notificationLink(notice)).toBe('/admin/endpoints/e1');
  });
});
