/**
 * Pure helpers of the endpoint pages and the notification bell: filtering the registry (unit subtree, status,
 * search without diacritics), the units a person may pick, and the words of a notice.
 */
import type { EndpointStatus, EndpointView, NotificationView, UnitView, UserView } from '../../shared/api';
import { isTechnicianChanged } from '../../shared/api';
import { formatDateTime, matchesSearch } from './format';
import { t } from './i18n';
import { isTechnicalCheckFailed, technicalCheckFailedText } from './readiness/readiness-format';
import { invitationNoticeLink, invitationNoticeText } from './invitation-format';
import { replyNoticeLink, replyNoticeText } from './reply-format';
import { approvalNoticeLink, approvalNoticeText } from './approval-format';

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

/** The sentence a notice shows, in the current language. */
export function notificationText(n: NotificationView): string {
  const invitationText = invitationNoticeText(n);
  if (invitationText) return invitationText;
  const replyText = replyNoticeText(n);
  if (replyText) return replyText;
  if (isTechnicalCheckFailed(n)) return technicalCheckFailedText(n.data);
  const approvalText = approvalNoticeText(n);
  if (approvalText) return approvalText;
  if (!isTechnicianChanged(n)) return t('notifications.unknown', { kind: n.kind });
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

/** The upcoming meetings a technician change concerns, as one line (`Họp A (05/01/2027 08:00); …`). */
export function notificationMeetings(n: NotificationView): string {
  if (!isTechnicianChanged(n) || n.data.meetings.length === 0) return '';
  return t('notifications.meetings', { list: n.data.meetings.map((m) => `${m.title} (${formatDateTime(m.startsAt)})`).join('; ') });
}

/** Where a notice leads when opened. */
export function notificationLink(n: NotificationView): string | null {
  if (invitationNoticeLink(n)) return invitationNoticeLink(n);
  if (replyNoticeLink(n)) return replyNoticeLink(n);
  if (isTechnicalCheckFailed(n)) return `/meetings/${n.data.meetingId}/readiness`;
  if (approvalNoticeLink(n)) return approvalNoticeLink(n);
  return isTechnicianChanged(n) ? `/admin/endpoints/${n.data.endpointId}` : null;
}
