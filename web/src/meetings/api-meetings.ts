/** A meeting's details after booking: edits with a version check, the office's approval, cancellation (R2.1, R2.3). */
import type { MeetingView, UpdateMeetingBody, UpdateMeetingResponse } from '../../../shared/api';
import { request } from '../api';

const base = (id: string) => `/api/meetings/${encodeURIComponent(id)}`;

export const meetingsApi = {
  /** The office's pending bookings (D21.1). */
  pending: () => request<{ meetings: MeetingView[] }>('GET', '/api/meetings?approval=pending').then((r) => r.meetings),
  update: (id: string, body: UpdateMeetingBody) => request<UpdateMeetingResponse>('PATCH', base(id), body),
  approve: (id: string) => request<{ meeting: MeetingView }>('POST', `${base(id)}/approve`).then((r) => r.meeting),
  reject: (id: string, reason: string) => request<{ meeting: MeetingView }>('POST', `${base(id)}/reject`, { reason }).then((r) => r.meeting),
  cancel: (id: string, reason: string) => request<{ meeting: MeetingView }>('POST', `${base(id)}/cancel`, { reason }).then((r) => r.meeting),
  /** The office opens the room before its system-check time (D19.3), with a reason. */
  openEarly: (id: string, reason: string) => request<{ meeting: MeetingView }>('POST', `${base(id)}/open-early`, { reason }).then((r) => r.meeting),
};
