/** What leaves the server of the leak response (R6.4) and of a meeting to a visitor at its door (R3.1). */
import type { MeetingEntryView, MeetingView, RecordOpeningView } from '../../shared/api';
import { presentPerson } from '../organisation/user.presenter';
import type { MeetingRepository } from './meeting.repository';

type EntryRow = Awaited<ReturnType<MeetingRepository['entries']>>[number];
type OpeningRow = Awaited<ReturnType<MeetingRepository['openings']>>[number];

const personOf = (id: string | null, r: { name: string | null; title: string | null; unitName: string | null }) =>
  id && r.name !== null ? presentPerson({ id, name: r.name, title: r.title ?? '', unitName: r.unitName ?? '' }) : null;

export const presentEntry = (r: EntryRow): MeetingEntryView => ({ at: r.at.toISOString(), person: personOf(r.userId, r), email: r.email ?? '' });

export const presentOpening = (o: OpeningRow): RecordOpeningView => {
  const kind = o.action === 'document.opened' ? 'document' : 'recording';
  const itemId = kind === 'document' ? o.data.documentId : o.data.recordingId;
  return {
    at: o.at.toISOString(),
    person: personOf(o.actorId, o),
    email: o.email ?? '',
    kind,
    itemId: typeof itemId === 'string' ? itemId : '',
    label: typeof o.data.label === 'string' ? o.data.label : '',
    ip: o.ip,
  };
};

/**
 * The meeting as its link address shows it to someone who may knock but is not part of it (`canSee` without
 * `canList`): the lists and the agenda that `GET /api/meetings/:id` refuses them are left out, so both routes
 * disclose the same (R3.1, R6.1).
 */
export const presentForVisitor = (v: MeetingView): MeetingView => ({
  ...v,
  invitees: [],
  substitutes: [],
  endpoints: [],
  units: [],
  agenda: [],
  chairTechnicianId: null,
  allowedNetworks: [],
  approval: { ...v.approval, by: null },
  visitor: true,
});
