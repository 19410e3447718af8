import { z } from 'zod';
import type { PersonRef } from './organisation';

/**
 * Meeting documents (R2.1) and the draft minutes of a council meeting (R2.7, M8.1d). Uploaded by those who may
 * manage the meeting, read by everyone who may see it. A file is checked against the type it claims (its first
 * bytes, and for Office files the parts inside the zip) and stored under its sha256; nothing is kept on refusal.
 */
export const documentKinds = ['document', 'draft_minutes'] as const;
export type DocumentKind = (typeof documentKinds)[number];

/** The accepted media types and the usual file name endings of each (the file input's `accept`). */
export const documentMediaTypes = {
  'application/pdf': ['.pdf'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['.docx'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['.xlsx'],
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': ['.pptx'],
  'application/msword': ['.doc'],
  'application/vnd.ms-excel': ['.xls'],
  'application/vnd.ms-powerpoint': ['.ppt'],
  'image/png': ['.png'],
  'image/jpeg': ['.jpg', '.jpeg'],
} as const satisfies Record<string, readonly string[]>;
export type DocumentMediaType = keyof typeof documentMediaTypes;

/** The media type a file name's ending stands for (used when the body is sent as application/octet-stream). */
export function mediaTypeOfName(name: string): DocumentMediaType | null {
  const lower = name.toLowerCase();
  for (const [type, endings] of Object.entries(documentMediaTypes) as [DocumentMediaType, readonly string[]][]) if (endings.some((e) => lower.endsWith(e))) return type;
  return null;
}

export interface MeetingDocumentView {
  id: string;
  meetingId: string;
  kind: DocumentKind;
  name: string;
  mediaType: string;
  size: number;
  sha256: string;
  uploadedBy: PersonRef | null;
  uploadedAt: string; // ISO 8601, UTC
  /** Where the file downloads from. */
  fileUrl: string;
}

// POST /api/meetings/:id/documents?name=<file name>&kind=document|draft_minutes, body = the raw file, Content-Type
//   the file's type (or application/octet-stream: the type of the name's ending) → 201 { document }
//   | forbidden (not a manager of the meeting) | meeting_not_found | document_type_not_allowed | document_type_mismatch
//   | document_too_large (DOCUMENT_MAX_MB) | document_kind_not_allowed (draft minutes of a meeting without minutes, R2.7)
//   | validation_failed (empty body, missing name)
export const uploadDocumentQuery = z.object({
  name: z.string().trim().min(1).max(255),
  kind: z.enum(documentKinds).default('document'),
});
export type UploadDocumentQuery = z.input<typeof uploadDocumentQuery>;

// GET    /api/meetings/:id/documents (anyone who may see the meeting) → { documents: MeetingDocumentView[] }
// GET    /api/meetings/:id/documents/:documentId → the file (Content-Disposition attachment, filename* RFC 5987)
// DELETE /api/meetings/:id/documents/:documentId (managers) → 204 | document_not_found
