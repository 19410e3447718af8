import { z } from 'zod';
import type { PersonRef } from './organisation';

/**
 * The minutes written during the meeting (R2.7, R3.12, D12.3) and the conclusions given before its end (R3.5, D10.4).
 * Sections: `opening` (time, place, who attended), one per agenda item (its id), `other` (other matters).
 */
export const minutesSection = z.union([z.enum(['opening', 'other']), z.string().uuid()]);

/** A paragraph of the minutes; `floorTurn` anchors a speaker's opinion to their time on the floor (the meeting log). */
export interface MinutesEntryView {
  id: string;
  section: string;
  position: number;
  text: string;
  floorTurn: { grantId: string; speaker: string; at: string; spokeMs: number | null } | null;
  version: number;
  updatedBy: string;
  updatedAt: string;
}

/** A turn on the floor as the meeting log has it: whose, when, how long (null while it lasts). */
export interface FloorTurnView {
  grantId: string;
  speaker: string;
  at: string;
  spokeMs: number | null;
}

export interface RecordedConclusionView {
  id: string;
  position: number;
  text: string;
  agendaItemId: string | null;
  recordedAt: string;
  recordedBy: string;
}

/** Who was invited and did not come, with the reason their reply gave (M8.1e). */
export interface AbsenceView {
  name: string;
  title: string;
  unit: string;
  reason: string;
}

export interface MinutesView {
  meetingId: string;
  /** Grows with every change of the minutes: readers refetch when it moved. */
  version: number;
  header: {
    title: string;
    startsAt: string;
    endsAt: string;
    endedAt: string | null;
    /** Where: the meeting's link address (M8.1a: the place of an online meeting is its address). */
    place: string;
    hostUnit: string;
    chair: PersonRef;
    secretary: PersonRef | null;
    /** From the meeting log: everyone who entered, people and rooms. */
    attended: { name: string; title: string; unit: string }[];
    absent: AbsenceView[];
  };
  agenda: { id: string; title: string; presenter: string }[];
  entries: MinutesEntryView[];
  floorTurns: FloorTurnView[];
  conclusions: RecordedConclusionView[];
  /** The chair confirmed there are no conclusions (when). */
  conclusionsNoneAt: string | null;
  /** The draft prepared beforehand (councils, M8.1d), to start from. */
  draft: { documentId: string; name: string } | null;
  votes: VoteResultLine[];
  /** The minutes are kept by the secretary; the chair may correct them. */
  canWrite: boolean;
  /** Who may name the secretary: the chair and those who manage the meeting. */
  canDesignateSecretary: boolean;
}

/** A closed vote as the minutes record it. */
export interface VoteResultLine {
  question: string;
  secret: boolean;
  closedAt: string;
  electorate: number;
  voted: number;
  counts: { choice: string; count: number }[];
}

// GET /api/meetings/:id/minutes[?known=<version>] → MinutesView, or { unchanged: true } when `known` is current
export const minutesQuery = z.object({ known: z.coerce.number().int().min(0).optional() });

// POST /api/meetings/:id/minutes/entries → MinutesEntryView (secretary or chair)
export const createMinutesEntryBody = z.object({
  section: minutesSection,
  text: z.string().max(20_000).default(''),
  /** Anchor the paragraph to this turn on the floor (its speaker and time come from the meeting log). */
  grantId: z.string().min(1).max(64).optional(),
});
export type CreateMinutesEntryBody = z.input<typeof createMinutesEntryBody>;

// PUT /api/meetings/:id/minutes/entries/:entryId → MinutesEntryView | minutes_version_conflict (fields: theirText, theirVersion, theirAuthor)
export const updateMinutesEntryBody = z.object({ text: z.string().max(20_000), version: z.number().int().min(1) });

// DELETE /api/meetings/:id/minutes/entries/:entryId?version= → 204 | minutes_version_conflict
export const deleteMinutesEntryQuery = z.object({ version: z.coerce.number().int().min(1) });

// PUT /api/meetings/:id/secretary → MinutesView (chair or managers); null removes the designation
export const designateSecretaryBody = z.object({ secretaryId: z.string().uuid().nullable() });

// PUT /api/meetings/:id/minutes/draft → MinutesView: start from this draft minutes document (kind draft_minutes)
export const minutesDraftBody = z.object({ documentId: z.string().uuid().nullable() });

// GET /api/meetings/:id/minutes.pdf, /minutes.docx → the BIÊN BẢN (Decree 30/2020 form)

/** One conclusion as the chair gives it when ending the meeting (R3.5; the `end_meeting` frame carries them). */
export interface ConclusionInput {
  text: string;
  agendaItemId: string | null;
}
