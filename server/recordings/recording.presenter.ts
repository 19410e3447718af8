import type { RecordingOpeningView, RecordingView } from '../../shared/api';
import { presentPerson } from '../organisation/user.presenter';
import type { RecordingRepository, RecordingRow } from './recording.repository';

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

type OpeningRow = Awaited<ReturnType<RecordingRepository['openings']>>[number];

export const presentOpening = (o: OpeningRow): RecordingOpeningView => ({
  at: o.at.toISOString(),
  person: o.actorId && o.name !== null ? presentPerson({ id: o.actorId, name: o.name, title: o.title ?? '', unitName: o.unitName ?? '' }) : null,
  email: o.email ?? '',
  recordingId: typeof o.data.recordingId === 'string' ? o.data.recordingId : '',
  label: typeof o.data.label === 'string' ? o.data.label : '',
  ip: o.ip,
});
