import { z } from 'zod';
import { slugPattern } from '../slug';
import type { PersonRef } from './organisation';

export type MeetingStatus = 'scheduled' | 'open' | 'ended';

export interface EndpointRef {
  id: string;
  name: string;
  unit: string;
}

export interface MeetingView {
  id: string;
  title: string;
  slug: string;
  startsAt: string; // ISO 8601, UTC
  endsAt: string;
  status: MeetingStatus;
  hostUnit: { id: string; name: string };
  chair: PersonRef;
  invitees: PersonRef[];
  /** Endpoints (meeting rooms) invited; their room accounts join as the endpoint. */
  endpoints: EndpointRef[];
  /** Whether the viewer may end the meeting (chair, organiser of the host unit, operator). */
  canEnd: boolean;
  /** Whether the viewer may manage it (revoke its link, see who entered). */
  canManage: boolean;
}

// GET  /api/meetings → { meetings: MeetingView[] }  (operator: all; organisers/secretaries: their unit subtree's; others: invited)
// POST /api/meetings (operator, organiser for a unit in their subtree) → 201 { meeting } | meeting_slug_taken | …
export const createMeetingBody = z.object({
  title: z.string().trim().min(3).max(300),
  startsAt: z.string().datetime({ offset: true }),
  endsAt: z.string().datetime({ offset: true }),
  /** Đơn vị chủ trì; defaults to the organiser's own unit. */
  hostUnitId: z.string().uuid().optional(),
  chairId: z.string().uuid(),
  inviteeIds: z.array(z.string().uuid()).max(500).default([]),
  endpointIds: z.array(z.string().uuid()).max(500).default([]),
  slug: z.string().trim().toLowerCase().regex(slugPattern),
  password: z.string().min(4).max(64),
});
export type CreateMeetingBody = z.input<typeof createMeetingBody>;

// GET  /api/meetings/by-slug/:slug → { meeting } | meeting_not_found | meeting_not_invited
// POST /api/meetings/by-slug/:slug/access { password } → 204 | meeting_password_wrong | meeting_not_invited | meeting_ended
export const meetingAccessBody = z.object({ password: z.string().max(128) });
