/**
 * The conclusions of a meeting and its conclusions notice (R4.1, D10.4–5, D12.4): the chair's office (the meeting's
 * organisers) keeps the conclusions after the meeting, drafts the notice and issues it once to those concerned.
 */
import { z } from 'zod';
import type { PersonRef } from './organisation';
import { rowVersion } from './common';
import type { TaskView } from './tasks';

const line = z.string().trim().min(1).max(500);

/** One conclusion and the tasks it assigns (tasks: see tasks.ts). */
export interface ConclusionView {
  id: string;
  position: number;
  text: string;
  recordedBy: PersonRef | null;
  recordedAt: string;
  tasks: TaskView[];
}

export interface ConclusionsNoticeView {
  number: string;
  opening: string;
  signerAuthority: string;
  signerTitle: string;
  signerName: string;
  recipients: string[];
  version: number;
  updatedAt: string;
  issuedAt: string | null;
  issuedBy: PersonRef | null;
}

// GET /api/meetings/:id/conclusions → ConclusionsResponse (the meeting's managers; assignees see their tasks elsewhere)
export interface ConclusionsResponse {
  meeting: { id: string; title: string; status: string; startsAt: string; endsAt: string; chair: PersonRef | null };
  conclusions: ConclusionView[];
  /** The draft or issued notice; null before the office saved one (the form shows `proposed`). */
  notice: ConclusionsNoticeView | null;
  /** What a new draft starts from. */
  proposed: Omit<ConclusionsNoticeView, 'version' | 'updatedAt' | 'issuedAt' | 'issuedBy'>;
  /** Where the minutes of the meeting are read (the minutes page when it exists, else the meeting's page). */
  minutesPath: string;
}

// POST /api/meetings/:id/conclusions { text } → 201 { conclusion }      PUT …/conclusions/:conclusionId { text }
// DELETE …/conclusions/:conclusionId → 204 (with its tasks; refused once the notice is issued)
export const conclusionBody = z.object({ text: z.string().trim().min(1).max(5000) });

// PUT /api/meetings/:id/conclusions-notice → { notice } (a draft; `version` of the saved one, absent for the first)
export const conclusionsNoticeBody = z.object({
  number: z.string().trim().max(60),
  opening: z.string().trim().min(1).max(5000),
  signerAuthority: z.string().trim().max(120),
  signerTitle: z.string().trim().min(1).max(200),
  signerName: z.string().trim().min(1).max(200),
  recipients: z.array(line).max(100),
  version: rowVersion.optional(),
});

// POST /api/meetings/:id/conclusions-notice/issue → IssueNoticeResponse
// GET  /api/meetings/:id/conclusions-notice.pdf → the PDF (the meeting's managers; after the issue, its recipients too)
export interface IssueNoticeResponse {
  notice: ConclusionsNoticeView;
  /** Mails queued and people notified in the app. */
  mails: number;
  notified: number;
  /** Digitally signed by the issuer (with `signatureCode`): the mails carry the signed PDF. */
  signed: boolean;
}
// POST /api/meetings/:id/conclusions-notice/issue {signatureCode?}: with the issuer's current second-factor code the
// notice is signed by them (PAdES) as it is issued.
export const issueNoticeBody = z.object({ signatureCode: z.string().regex(/^\d{6}$/).optional() });
