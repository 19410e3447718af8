/** Managing one meeting's access (R6.4 leak response): the meeting by id, revoking link and password, who entered. */
import type { MeetingEntryView, MeetingView, RecordOpeningView, RevokeAccessResponse } from '../../../shared/api';
import { request } from '../api';

const base = (id: string) => `/api/meetings/${encodeURIComponent(id)}`;

export const meetingAccessApi = {
  get: (id: string) => request<{ meeting: MeetingView }>('GET', base(id)).then((r) => r.meeting),
  revoke: (id: string) => request<RevokeAccessResponse>('POST', `${base(id)}/revoke-access`),
  entries: (id: string) => request<{ entries: MeetingEntryView[] }>('GET', `${base(id)}/entries`).then((r) => r.entries),
  /** Entries into the room and openings of its recordings (R6.4: who had access). */
  access: (id: string) => request<{ entries: MeetingEntryView[]; opened: RecordOpeningView[] }>('GET', `${base(id)}/entries`),
};
