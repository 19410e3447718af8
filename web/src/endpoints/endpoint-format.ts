/**
 * Pure helpers of the endpoint pages: filtering the registry (unit subtree, status, search without diacritics), the
 * units a person may pick, and the words of a technician change's notice.
 */
import type { EndpointStatus, EndpointView, NotificationView, UnitView, UserView } from '../../../shared/api';
import { isTechnicianChanged } from '../../../shared/api/notifications';
import { formatDateTime, matchesSearch } from '../format';
import { t } from '../i18n';

/** The unit and every unit under it. */
export function unitSubtree(units: readonly Pick<UnitView, 'id' | 'parentId'>[], rootId: string): Set<string> {
  const out = new Set<string>([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const u of units) {
      if (u.parentId && out.has(u.parentId) && !out.has(u.id)) {
        out.add(u.id);
        grew = true;
      }
    }
  }
  return out;
}

/** Depth of each unit in the tree, for indenting a `<select>`. */
export function unitDepths(units: readonly Pick<UnitView, 'id' | 'parentId'>[]): Map<string, number> {
  const parent = new Map(units.map((u) => [u.id, u.parentId]));
  const depth = new Map<string, number>();
  for (const u of units) {
    let d = 0;
    let p = u.parentId;
    const seen = new Set<string>();
    while (p && !seen.has(p)) {
      seen.add(p);
      d += 1;
      p = parent.get(p) ?? null;
    }
    depth.set(u.id, d);
  }
  return depth;
}

/** Units where `user` may register endpoints: all for an operator, their subtree for an organiser, none otherwise. */
export function manageableUnits<U extends Pick<UnitView, 'id' | 'parentId'>>(units: readonly U[], user: Pick<UserView, 'role' | 'unitId'>): U[] {
  if (user.role === 'operator') return [...units];
  if (user.role !== 'organiser') return [];
  const own = unitSubtree(units, user.unitId);
  return units.filter((u) => own.has(u.id));
}

export interface EndpointFilter {
  /** A unit: the endpoints of it and of the units under it. */
  unitId: string;
  status: EndpointStatus | '';
  query: string;
  /** Only those the technician `userId` is currently assigned to. */
  technicianId?: string;
}

export function filterEndpoints(endpoints: readonly EndpointView[], units: readonly Pick<UnitView, 'id' | 'parentId'>[], filter: EndpointFilter): EndpointView[] {
  const inUnits = filter.unitId ? unitSubtree(units, filter.unitId) : null;
  return endpoints.filter((e) => {
    if (inUnits && !inUnits.has(e.unitId)) return false;
    if (filter.status && e.status !== filter.status) return false;
    if (filter.technicianId && !e.technicians.some((a) => a.technician.id === filter.technicianId)) return false;
    if (!filter.query.trim()) return true;
    const text = [e.name, e.unit, e.location, e.networkAddress, e.equipment, ...e.technicians.map((a) => a.technician.name)].join(' ');
    return matchesSearch(text, filter.query);
  });
}

/** A technician change's notice (D13.2, D25.2), or null when it is another kind. */
export function technicianNoticeText(n: NotificationView): string | null {
  if (!isTechnicianChanged(n)) return null;
  const d = n.data;
  const params = {
    endpoint: d.endpointName,
    unit: d.unitName,
    previous: d.previous?.name ?? '',
    next: d.next?.name ?? '',
    contact: d.next?.contact ?? '',
  };
  if (d.change === 'replaced') return t('notifications.technicianReplaced', params);
  if (d.change === 'ended') return t('notifications.technicianEnded', params);
  return t('notifications.technicianAssigned', params);
}

export const technicianNoticeLink = (n: NotificationView): string | null => (isTechnicianChanged(n) ? `/admin/endpoints/${n.data.endpointId}` : null);

/** The upcoming meetings a technician change concerns, as one line (`Họp A (05/01/2027 08:00); …`). */
export function notificationMeetings(n: NotificationView): string {
  if (!isTechnicianChanged(n) || n.data.meetings.length === 0) return '';
  return t('notifications.meetings', { list: n.data.meetings.map((m) => `${m.title} (${formatDateTime(m.startsAt)})`).join('; ') });
}

