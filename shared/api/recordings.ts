
/**
 * Recordings of a meeting (R3.6): one playable file per participant (a shared screen has its own), converted
 * from Janus's raw recordings after recording stops or the meeting ends. Seen by those who may see the meeting's
 * records (`canSeeRecords`: the operator, organisers and secretaries of the host unit and the units above it, the chair).
 */
export type RecordingStatus = 'pending' | 'converting' | 'ready' | 'failed';

export interface RecordingView {
  id: string;
  meetingId: string;
  /** Whose streams: the name shown in the room (person, endpoint, or "… (màn hình)" for a shared screen). */
  label: string;
  userId: string | null;
  /** `pending` also while waiting to retry after a failed attempt (`error` then says why). */
  status: RecordingStatus;
  /** Conversion attempts made so far (at most 3). */
  attempts: number;
  /** Why the last attempt failed; for `failed`, why the recording could not be made playable. */
  error: string | null;
  durationMs: number | null;
  /** Where the playable file streams from (Range requests supported); null until `ready`. */
  fileUrl: string | null;
  createdAt: string; // ISO 8601, UTC
  updatedAt: string;
}

// GET /api/meetings/:id/recordings (canSeeRecords) → { recordings: RecordingView[] } | forbidden | meeting_not_found
// GET /api/recordings/:id/file (canSeeRecords) → video/webm, 200 or 206 with Range | recording_not_found | recording_not_ready | forbidden
//     every opening is recorded in the audit trail (`recording.opened`)

