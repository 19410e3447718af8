import type { MeetingDocumentView } from '../../shared/api/documents';
import { presentPerson } from '../organisation/user.presenter';
import type { DocumentWithUploader } from './document.repository';

export const documentFileUrl = (meetingId: string, documentId: string) => `/api/meetings/${meetingId}/documents/${documentId}`;

export function presentDocument(d: DocumentWithUploader): MeetingDocumentView {
  return {
    id: d.id,
    meetingId: d.meetingId,
    kind: d.kind,
    name: d.name,
    mediaType: d.mediaType,
    size: d.size,
    sha256: d.sha256,
    uploadedBy: d.uploader ? presentPerson(d.uploader) : null,
    uploadedAt: d.uploadedAt.toISOString(),
    fileUrl: documentFileUrl(d.meetingId, d.id),
  };
}

/**
 * `attachment; filename="Bao cao.pdf"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o.pdf` (RFC 6266 with RFC 5987): the
 * Vietnamese name for browsers, an ASCII fallback (diacritics folded, anything unsafe replaced) for the rest.
 */
export function contentDisposition(name: string, disposition: 'attachment' | 'inline' = 'attachment'): string {
  const ascii = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^A-Za-z0-9._ -]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
