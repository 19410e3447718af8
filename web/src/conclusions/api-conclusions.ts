/** The conclusions after a meeting and the conclusions notice (R4.1, D12.4): the chair's office. */
import type { z } from 'zod';
import type { ConclusionsNoticeView, ConclusionsResponse, IssueNoticeResponse } from '../../../shared/api';
import type { conclusionsNoticeBody } from '../../../shared/api';
import { request } from '../api';

const base = (id: string) => `/api/meetings/${encodeURIComponent(id)}`;

export const conclusionsApi = {
  get: (meetingId: string) => request<ConclusionsResponse>('GET', `${base(meetingId)}/conclusions`),
  add: (meetingId: string, text: string) => request<{ conclusion: { id: string } }>('POST', `${base(meetingId)}/conclusions`, { text }),
  edit: (meetingId: string, conclusionId: string, text: string) => request<void>('PUT', `${base(meetingId)}/conclusions/${encodeURIComponent(conclusionId)}`, { text }),
  remove: (meetingId: string, conclusionId: string) => request<void>('DELETE', `${base(meetingId)}/conclusions/${encodeURIComponent(conclusionId)}`),
  saveNotice: (meetingId: string, body: z.input<typeof conclusionsNoticeBody>) =>
    request<{ notice: ConclusionsNoticeView }>('PUT', `${base(meetingId)}/conclusions-notice`, body).then((r) => r.notice),
  issue: (meetingId: string, signatureCode?: string) => request<IssueNoticeResponse>('POST', `${base(meetingId)}/conclusions-notice/issue`, signatureCode ? { signatureCode } : {}),
  pdfPath: (meetingId: string) => `${base(meetingId)}/conclusions-notice.pdf`,
};
