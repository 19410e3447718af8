/** The audit trail (R1.5): search, CSV export address and chain check, on `request()` from api.ts. Operators only. */
import type { AuditEntryView, AuditQuery, AuditVerification } from '../../../shared/api';
import { request } from '../api';

/** Query string of the filters that are set (empty ones are left out). */
export function auditQueryString(query: AuditQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

export const auditApi = {
  search: (query: AuditQuery) => request<{ entries: AuditEntryView[] }>('GET', `/api/audit${auditQueryString(query)}`).then((r) => r.entries),
  /** A plain link: the browser downloads it with the session cookie (a GET needs no CSRF token). */
  exportUrl: (query: AuditQuery) => `/api/audit/export.csv${auditQueryString({ ...query, limit: undefined })}`,
  /** `anchor`: a head noted earlier (`<id>:<hash>`) that the chain must still hold. */
  verify: (anchor?: string) => request<AuditVerification>('GET', `/api/audit/verify${anchor ? `?anchor=${encodeURIComponent(anchor)}` : ''}`),
};
