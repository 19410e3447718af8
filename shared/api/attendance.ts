import { z } from 'zod';
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

/** The people in a meeting room, entered by the room's technician for the attendance record (R4.3). */
export interface RoomPeopleView {
  endpointId: string;
  name: string;
  people: { name: string; title: string }[];
  enteredAt: string | null;
  /** The signed-in person operates this room (its technician or its own account) and may enter its people. */
  mayEdit: boolean;
}

// GET /api/meetings/:id/room-people (those who see the records, and the rooms' technicians: their rooms) → { rooms: RoomPeopleView[] }
// PUT /api/meetings/:id/room-people/:endpointId { people } (the room's technician or account) → RoomPeopleView
export const roomPeopleBody = z.object({
  people: z.array(z.object({ name: z.string().trim().min(1).max(200), title: z.string().trim().max(200).default('') })).max(500),
});
export type RoomPeopleBody = z.input<typeof roomPeopleBody>;

// POST /api/meetings/:id/attendance/confirm (secretary, organiser or operator who sees the records; the meeting has
//   ended) → { signableId }: the record as a PDF, to be signed by whoever confirms, then by the chair
export interface ConfirmAttendanceResponse {
  signableId: string;
}
