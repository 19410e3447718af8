/** What leaves the server of the leak response (R6.4): entries into the room and openings of its records. */
import type { MeetingEntryView, RecordOpeningView } from '../../shared/api';
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
