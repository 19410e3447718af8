/** A meeting's records (R3.6, R4.3): attendance computed from the meeting log, and the recordings. */
import type { AttendanceView, RecordingView } from '../../../shared/api';
import { request } from '../api';

const base = (id: string) => `/api/meetings/${encodeURIComponent(id)}`;

export const recordsApi = {
  attendance: (meetingId: string) => request<AttendanceView>('GET', `${base(meetingId)}/attendance`),
  /** Plain links: the browser downloads them with the session cookie. */
  attendanceFileUrl: (meetingId: string, format: 'csv' | 'xlsx') => `${base(meetingId)}/attendance.${format}`,
  recordings: (meetingId: string) => request<{ recordings: RecordingView[] }>('GET', `${base(meetingId)}/recordings`).then((r) => r.recordings),
};
