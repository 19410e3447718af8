/** Invitations by e-mail (R2.4) and the outbox (M8.1b). */
import type { MailDetailView, MailView, SendInvitationsResponse } from '../../../shared/api';
import { request } from '../api';

const base = (id: string) => `/api/meetings/${encodeURIComponent(id)}`;

export const invitationsApi = {
  send: (meetingId: string, password: string, signatureCode?: string) => request<SendInvitationsResponse>('POST', `${base(meetingId)}/invitations/send`, { password, ...(signatureCode ? { signatureCode } : {}) }),
  /** Plain links: the browser opens them with the session cookie (no password in them). */
  pdfUrl: (meetingId: string) => `${base(meetingId)}/invitation.pdf`,
  icsUrl: (meetingId: string) => `${base(meetingId)}/invitation.ics`,
  outbox: (meetingId?: string) => request<{ mails: MailView[] }>('GET', `/api/mail/outbox${meetingId ? `?meetingId=${encodeURIComponent(meetingId)}` : ''}`).then((r) => r.mails),
  mail: (id: number) => request<{ mail: MailDetailView }>('GET', `/api/mail/outbox/${id}`).then((r) => r.mail),
  /** A failed or kept mail sent again (M8.1b). */
  retry: (id: number) => request<{ mail: MailView }>('POST', `/api/mail/outbox/${id}/retry`).then((r) => r.mail),
};
