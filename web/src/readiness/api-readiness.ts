/** The technical check before a meeting and the readiness board (R2.6): checks, the loopback test room, the board. */
import type {
  LoopbackOfferResponse,
  LoopbackStartResponse,
  MeetingView,
  MyTechnicalCheck,
  ReadinessBoard,
  TechnicalCheckBody,
  TechnicalCheckView,
  UpdateMeetingResponse,
} from '../../../shared/api';
import { request } from '../api';

const base = (id: string) => `/api/meetings/${encodeURIComponent(id)}`;
const loopback = (id: string, sessionId?: string) => `${base(id)}/technical-checks/loopback${sessionId ? `/${encodeURIComponent(sessionId)}` : ''}`;

export const readinessApi = {
  mine: () => request<{ checks: MyTechnicalCheck[] }>('GET', '/api/technical-checks/mine').then((r) => r.checks),
  board: (meetingId: string) => request<ReadinessBoard>('GET', `${base(meetingId)}/readiness`),
  record: (meetingId: string, body: TechnicalCheckBody) => request<{ check: TechnicalCheckView }>('POST', `${base(meetingId)}/technical-checks`, body).then((r) => r.check),
  startLoopback: (meetingId: string, offer: string, endpointId?: string) =>
    request<LoopbackStartResponse>('POST', loopback(meetingId), { offer: { type: 'offer', sdp: offer }, ...(endpointId ? { endpointId } : {}) }),
  loopbackOffer: (meetingId: string, sessionId: string) => request<LoopbackOfferResponse>('POST', `${loopback(meetingId, sessionId)}/subscribe`).then((r) => r.offer),
  loopbackAnswer: (meetingId: string, sessionId: string, answer: string) =>
    request<void>('POST', `${loopback(meetingId, sessionId)}/answer`, { answer: { type: 'answer', sdp: answer } }),
  endLoopback: (meetingId: string, sessionId: string) => request<void>('DELETE', loopback(meetingId, sessionId)),
  /** The meeting (for its version) and its postponement through the meeting edit (R2.6, D24.3). */
  meeting: (meetingId: string) => request<{ meeting: MeetingView }>('GET', base(meetingId)).then((r) => r.meeting),
  postpone: (meetingId: string, body: { version: number; startsAt: string; endsAt: string; checkAt?: string; reason: string }) =>
    request<UpdateMeetingResponse>('PATCH', base(meetingId), body),
};
