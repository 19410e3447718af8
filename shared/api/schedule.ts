import { z } from 'zod';
import type { EndpointRef, MeetingStatus, MeetingType } from './meetings';
import type { PersonRef } from './organisation';

/**
 * The weekly meeting schedule (R2.4, M8.1a, M12.2): an ISO week (Monday to Sunday) in Vietnamese time, the whole
 * organisation or one unit (meetings it or a unit under it hosts, or that invite it, its people or its endpoints),
 * limited to what the viewer may see (the rule of the meetings list: operator all; organisers and secretaries
 * their unit subtree's; others the meetings they chair, are invited to or whose endpoint they are).
 */
export interface ScheduleMeetingView {
  id: string;
  title: string;
  startsAt: string; // ISO 8601, UTC
  endsAt: string;
  type: MeetingType;
  typeNote: string;
  hostUnit: { id: string; name: string };
  chair: PersonRef;
  /** Invited units (thành phần), sorted. */
  units: string[];
  /** The places: the invited endpoints (điểm cầu), with where each is. */
  endpoints: (EndpointRef & { location: string; unitId: string })[];
  status: MeetingStatus;
  approval: 'pending' | 'approved' | 'rejected';
  /** Not approved yet: shown marked as such. */
  pending: boolean;
}

export interface ScheduleDayView {
  date: string; // YYYY-MM-DD, Vietnamese civil date
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  /** The public holiday of that day, if any. */
  holiday: string | null;
  meetings: ScheduleMeetingView[];
}

export interface ScheduleView {
  week: string; // 2026-W49
  /** Monday and Sunday. */
  from: string;
  to: string;
  unit: { id: string; name: string } | null;
  days: ScheduleDayView[];
  previousWeek: string;
  nextWeek: string;
}

export const isoWeekPattern = /^(\d{4})-W(\d{2})$/;

// GET /api/schedule?week=2026-W49&unitId=<uuid> (signed in; week defaults to the current one) → ScheduleView
// GET /api/schedule.pdf?week=&unitId= → application/pdf "LỊCH HỌP TRỰC TUYẾN" of the week, administrative form
export const scheduleQuery = z.object({
  week: z.string().regex(isoWeekPattern).optional(),
  unitId: z.string().uuid().optional(),
});
export type ScheduleQuery = z.input<typeof scheduleQuery>;

/** A subscription to the schedule (iCalendar), shown to its owner without its secret address. */
export interface CalendarFeedView {
  id: string;
  unit: { id: string; name: string } | null;
  createdAt: string;
}

// POST   /api/schedule/feeds { unitId? } → 201 { feed: CalendarFeedView, url } (the address is shown ONCE)
// GET    /api/schedule/feeds → { feeds: CalendarFeedView[] } (own, not revoked)
// DELETE /api/schedule/feeds/:id → 204 | calendar_feed_not_found
// GET    /api/schedule/feed/<token>.ics (no session) → text/calendar of what the owner may see now | not_found
export const createFeedBody = z.object({ unitId: z.string().uuid().optional() });
export type CreateFeedBody = z.input<typeof createFeedBody>;
export interface CreateFeedResponse {
  feed: CalendarFeedView;
  url: string;
}
