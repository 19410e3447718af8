/** Documents to sign, signing certificates and the verify page (PAdES signatures). */
import type { ImportCertificateBody, RoomPeopleBody, SignableKind, SignableView, SigningCertificateView, VerifyReport } from '../../../shared/api';
import { ApiError, currentCsrfToken, request } from '../api';
import { t } from '../i18n';

export const signaturesApi = {
  list: (kind: SignableKind, subjectId: string) => request<SignableView[]>('GET', `/api/signables?${new URLSearchParams({ kind, subjectId })}`),
  get: (id: string) => request<SignableView>('GET', `/api/signables/${encodeURIComponent(id)}`),
  /** A plain link: the browser opens it with the session cookie. */
  pdfUrl: (id: string) => `/api/signables/${encodeURIComponent(id)}/pdf`,
  sign: (id: string, code: string) => request<SignableView>('POST', `/api/signables/${encodeURIComponent(id)}/sign`, { code }),
  certificates: () => request<SigningCertificateView[]>('GET', '/api/signing-certificates'),
  issue: (userId: string) => request<SigningCertificateView>('POST', '/api/signing-certificates', { userId }),
  importP12: (body: ImportCertificateBody) => request<SigningCertificateView>('POST', '/api/signing-certificates/import', body),
  revoke: (id: string, reason: string) => request<SigningCertificateView>('POST', `/api/signing-certificates/${encodeURIComponent(id)}/revoke`, { reason }),
  authorityUrl: '/api/signatures/authority.pem',
  /** Any PDF, sent as it is (no account needed). */
  async verify(file: Blob): Promise<VerifyReport> {
    const token = currentCsrfToken();
    let response: Response;
    try {
      response = await fetch('/api/signatures/verify', { method: 'POST', headers: { 'content-type': 'application/pdf', accept: 'application/json', ...(token ? { 'x-csrf-token': token } : {}) }, credentials: 'same-origin', body: file });
    } catch {
      throw new ApiError('network_error', 0);
    }
    const body = (await response.json().catch(() => null)) as (VerifyReport & { error?: { id: string; message: string } }) | null;
    if (!response.ok) {
      const id = body?.error?.id ?? 'internal_error';
      throw new ApiError(id as 'internal_error', response.status, body?.error?.message ?? t('internal_error'));
    }
    return body!;
  },
  roomPeople: (meetingId: string) => request<{ rooms: import('../../../shared/api').RoomPeopleView[] }>('GET', `/api/meetings/${encodeURIComponent(meetingId)}/room-people`),
  setRoomPeople: (meetingId: string, endpointId: string, body: RoomPeopleBody) => request('PUT', `/api/meetings/${encodeURIComponent(meetingId)}/room-people/${encodeURIComponent(endpointId)}`, body),
  confirmAttendance: (meetingId: string) => request<{ signableId: string }>('POST', `/api/meetings/${encodeURIComponent(meetingId)}/attendance/confirm`),
};
