/** The substitute's report to the head who sent them (R4.4, D11.6). */
import type { SubstituteReportsResponse, SubstituteReportView } from '../../../shared/api';
import { request } from '../api';

export const substituteReportsApi = {
  list: () => request<SubstituteReportsResponse>('GET', '/api/substitute-reports'),
  write: (meetingId: string, text: string) => request<{ report: SubstituteReportView }>('PUT', `/api/meetings/${encodeURIComponent(meetingId)}/substitute-report`, { text }).then((r) => r.report),
  read: (meetingId: string, substituteId: string) =>
    request<{ report: SubstituteReportView }>('POST', `/api/meetings/${encodeURIComponent(meetingId)}/substitute-reports/${encodeURIComponent(substituteId)}/read`).then((r) => r.report),
};
