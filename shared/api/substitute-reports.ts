/**
 * A substitute's report to the head who sent them (R4.4, D11.6): written after the meeting by a substitute the chair
 * approved; the head is notified and reads it with the minutes.
 */
import { z } from 'zod';
import type { PersonRef } from './organisation';

export interface SubstituteReportView {
  meetingId: string;
  meetingTitle: string;
  meetingStartsAt: string;
  substitute: PersonRef | null;
  head: PersonRef | null;
  text: string;
  submittedAt: string;
  readAt: string | null;
  /** Where the head reads the minutes: the minutes page when it exists, else the meeting's page. */
  minutesPath: string;
}

/** A meeting the actor attended as an approved substitute, and their report (null: not written yet). */
export interface SubstituteDutyView {
  meetingId: string;
  meetingTitle: string;
  meetingStartsAt: string;
  head: PersonRef | null;
  /** The meeting has ended and the head has not read the report yet. */
  canWrite: boolean;
  report: SubstituteReportView | null;
}

// GET /api/substitute-reports → SubstituteReportsResponse: the actor's duties as a substitute, and the reports
// written to them as head (newest first)
export interface SubstituteReportsResponse {
  duties: SubstituteDutyView[];
  received: SubstituteReportView[];
}
// PUT /api/meetings/:id/substitute-report { text } → { report } (written again until the head reads it)
export const substituteReportBody = z.object({ text: z.string().trim().min(1).max(20000) });
// POST /api/meetings/:id/substitute-reports/:substituteId/read → { report } (the head; the first reading is recorded)
