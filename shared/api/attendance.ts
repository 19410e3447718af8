import type { MeetingRole } from '../protocol';

/**
 * Attendance of a meeting (R4.3, the basis for paying allowances), computed from the meeting log only. One line per
 * account: presences of the same account that overlap (a second tab replacing the first) count once.
 */
export interface AttendanceLineView {
  userId: string;
  name: string;
  /** Chức vụ. */
  title: string;
  unit: string;
  /**
   * Where the account joined from: the endpoint (meeting room) it joined as or operated; null for a person who
   * joined on their own (an individual endpoint, shown as such).
   */
  endpoint: string | null;
  /** Role in the meeting at the last entry. */
  role: MeetingRole;
  firstJoin: string; // ISO 8601, UTC
  /** null while still present. */
  lastLeave: string | null;
  /** Time present: the union of the presences, in ms. */
  presentMs: number;
  /** How many times the account entered the room. */
  entries: number;
  /** The last departure came before the end of the meeting, and the account did not come back. */
  leftEarly: boolean;
  /** For an early departure: whether the chair consented (or the role may leave freely). null otherwise. */
  leftWithConsent: boolean | null;
  /** The last departure was a lost connection not taken back in time: not a leave, consented or not. */
  connectionLost: boolean;
  /** Sent out by the chair at least once (R3.2). */
  removed: boolean;
  speakingTurns: number;
  speakingMs: number;
}

export interface AttendanceView {
  meeting: { id: string; title: string; startsAt: string; endsAt: string; endedAt: string | null; hostUnit: string };
  lines: AttendanceLineView[];
  generatedAt: string;
}

// GET /api/meetings/:id/attendance (canSeeRecords) → AttendanceView | forbidden | meeting_not_found
// GET /api/meetings/:id/attendance.csv  → text/csv (UTF-8 with BOM, Vietnamese headers, dd/MM/yyyy HH:mm Asia/Ho_Chi_Minh)
// GET /api/meetings/:id/attendance.xlsx → the same table in a workbook, under the meeting's title and date
