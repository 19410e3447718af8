/** What the live meeting's operations need from the rest of the server, handed to each of them. */
import type { Logger } from 'pino';
import type { ConclusionInput, IncidentView } from '../../shared/api';
import type { AuditService } from '../audit/audit.service';
import type { Tx } from '../db/client';
import type { MediaService } from '../media/media.service';
import type { MeetingService } from '../meetings/meeting.service';
import type { Actor } from '../organisation/organisation.policy';
import type { ShortfallCause } from '../../shared/causes';

/** Told when recording stops or the meeting ends, to turn Janus's files into playable ones (R3.6). */
export interface RecordingSink {
  recordingStopped(meetingId: string, recDir: string, feeds: Map<string, { userId: string; label: string }>): void;
}

export interface PresentableDocuments {
  /** The document, if it is a PDF of this meeting that has not been deleted. */
  presentable(meetingId: string, documentId: string): Promise<{ id: string; name: string } | null>;
}

/** Records the chair's conclusions (or that there are none) in the transaction that ends the meeting (R3.5). */
export interface ConclusionsRecorder {
  recordAtEnd(tx: Tx, meetingId: string, actorId: string, input: { conclusions: ConclusionInput[]; noConclusions: boolean }): Promise<Record<string, unknown>>;
}

/** The incident register (R3.10, R5.4): an incident reported in the meeting is written into it (IncidentService). */
export interface IncidentRecorder {
  raiseInMeeting(input: { meetingId: string; reporter: Actor; endpointId: string | null; cause: ShortfallCause; detail: string; remedy: string; expectedMinutes: number }): Promise<IncidentView>;
}

export interface LiveDeps {
  meetings: MeetingService;
  audit: AuditService;
  media: MediaService;
  logger: Logger;
  /** The meeting's PDF documents that may be shown to everyone (R3.11). */
  documents?: PresentableDocuments;
  recordings?: RecordingSink;
  /** Where each meeting's recordings go: `<recordingsDir>/<meetingId>`. */
  recordingsDir?: string;
  conclusions: ConclusionsRecorder;
  incidents?: IncidentRecorder;
  /** How long a lost connection keeps its presence for the participant to take it back. */
  resumeGraceMs: number;
}
