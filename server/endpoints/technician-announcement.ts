/**
 * Who hears of a change of technician at an endpoint (D13.2, D25.2): every operator (the office that runs the
 * system), the organisers of the host units of the meetings still to come that use the endpoint (they must know
 * whom to call), and the technicians concerned. Pure: the service gathers the people and writes the notices.
 */
import type { TechnicianChangedData } from '../../shared/api';

export const TECHNICIAN_CHANGED = 'technician_changed';

export interface UpcomingMeeting {
  id: string;
  title: string;
  slug: string;
  startsAt: Date;
  hostUnitId: string;
}

export interface AnnouncementInput {
  change: Omit<TechnicianChangedData, 'meetings'>;
  operatorIds: readonly string[];
  /** Organisers of the host units of `meetings` (others are ignored). */
  organisers: readonly { id: string; unitId: string }[];
  meetings: readonly UpcomingMeeting[];
  /** The technicians who take over or are relieved. */
  technicianIds: readonly string[];
}

export interface Announcement {
  userId: string;
  kind: typeof TECHNICIAN_CHANGED;
  data: TechnicianChangedData & Record<string, unknown>;
}

const brief = (m: UpcomingMeeting) => ({ id: m.id, title: m.title, slug: m.slug, startsAt: m.startsAt.toISOString() });

/** One notice per person; an organiser's notice lists only their own unit's meetings. */
export function technicianChangeAnnouncements(input: AnnouncementInput): Announcement[] {
  const all = [...input.meetings].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  const hostUnits = new Set(all.map((m) => m.hostUnitId));
  const meetingsOf = new Map<string, UpcomingMeeting[]>();
  const add = (userId: string, list: UpcomingMeeting[]) => meetingsOf.set(userId, [...new Map([...(meetingsOf.get(userId) ?? []), ...list].map((m) => [m.id, m])).values()]);
  for (const id of input.operatorIds) add(id, all);
  for (const id of input.technicianIds) add(id, all);
  for (const o of input.organisers) {
    if (hostUnits.has(o.unitId)) add(o.id, all.filter((m) => m.hostUnitId === o.unitId));
  }
  return [...meetingsOf].map(([userId, list]) => ({
    userId,
    kind: TECHNICIAN_CHANGED,
    data: { ...input.change, meetings: list.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime()).map(brief) },
  }));
}
