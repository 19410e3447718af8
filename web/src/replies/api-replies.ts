/** Replies to an invitation (R2.5, D8.3): the list, answering, the chair's decision on a substitute, reminders. */
import type { InviteeKind, PersonRef, RemindResponse, RepliesResponse, ReplyBody, ReplyView, SubstituteDecisionBody } from '../../../shared/api';
import { request } from '../api';

const base = (id: string) => `/api/meetings/${encodeURIComponent(id)}/replies`;
const row = (id: string, kind: InviteeKind, inviteeId: string) => `${base(id)}/${kind}/${encodeURIComponent(inviteeId)}`;

export const repliesApi = {
  list: (meetingId: string) => request<RepliesResponse>('GET', base(meetingId)),
  answer: (meetingId: string, kind: InviteeKind, inviteeId: string, body: ReplyBody) =>
    request<{ reply: ReplyView }>('PUT', row(meetingId, kind, inviteeId), body).then((r) => r.reply),
  decide: (meetingId: string, kind: InviteeKind, inviteeId: string, body: SubstituteDecisionBody) =>
    request<{ reply: ReplyView }>('POST', `${row(meetingId, kind, inviteeId)}/substitute`, body).then((r) => r.reply),
  remind: (meetingId: string) => request<RemindResponse>('POST', `${base(meetingId)}/remind`),
  substituteCandidates: (meetingId: string) => request<{ people: PersonRef[] }>('GET', `${base(meetingId)}/substitute-candidates`).then((r) => r.people),
};
