/** Meeting documents (R2.1, R2.7), the operator's holidays, the weekly schedule and its calendar feeds (R2.4, M12.2). */
import type {
  CalendarFeedView,
  CreateFeedResponse,
  DocumentKind,
  HolidayView,
  MeetingDocumentView,
  PutHolidayBody,
  ScheduleView,
} from '../../../shared/api';
import { request, uploadFile } from '../api';

const meetingBase = (id: string) => `/api/meetings/${encodeURIComponent(id)}`;

const query = (params: Record<string, string | undefined>) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
};

export const documentsApi = {
  list: (meetingId: string) => request<{ documents: MeetingDocumentView[] }>('GET', `${meetingBase(meetingId)}/documents`).then((r) => r.documents),
  remove: (meetingId: string, documentId: string) => request<void>('DELETE', `${meetingBase(meetingId)}/documents/${encodeURIComponent(documentId)}`),
  /** The raw file as the body, its type as Content-Type (the server checks it against the bytes). */
  upload: (meetingId: string, file: File, kind: DocumentKind) =>
    uploadFile<{ document: MeetingDocumentView }>(`${meetingBase(meetingId)}/documents${query({ name: file.name, kind })}`, file).then((r) => r.document),
};

export const holidaysApi = {
  year: (year: number) => request<{ year: number; holidays: HolidayView[] }>('GET', `/api/holidays?year=${year}`).then((r) => r.holidays),
  set: (date: string, body: PutHolidayBody) => request<{ holiday: HolidayView }>('PUT', `/api/holidays/${date}`, body).then((r) => r.holiday),
  reset: (date: string) => request<void>('DELETE', `/api/holidays/${date}`),
};

export const scheduleApi = {
  week: (week?: string, unitId?: string) => request<ScheduleView>('GET', `/api/schedule${query({ week, unitId })}`),
  pdfUrl: (week: string, unitId?: string) => `/api/schedule.pdf${query({ week, unitId })}`,
  feeds: () => request<{ feeds: CalendarFeedView[] }>('GET', '/api/schedule/feeds').then((r) => r.feeds),
  createFeed: (unitId?: string) => request<CreateFeedResponse>('POST', '/api/schedule/feeds', unitId ? { unitId } : {}),
  revokeFeed: (id: string) => request<void>('DELETE', `/api/schedule/feeds/${encodeURIComponent(id)}`),
};
