import type { RecordingView } from '../../shared/api';
import type { RecordingRow } from './recording.repository';

/** What leaves the server about a recording: never its paths on disk. */
export const presentRecording = (r: RecordingRow): RecordingView => ({
  id: r.id,
  meetingId: r.meetingId,
  label: r.label,
  userId: r.userId,
  status: r.status,
  attempts: r.attempts,
  error: r.error,
  durationMs: r.durationMs,
  fileUrl: r.status === 'ready' ? `/api/recordings/${r.id}/file` : null,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});
