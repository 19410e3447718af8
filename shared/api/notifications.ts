/** In-app notices: announcements of technician changes (D13.2, D25.2) and others to come. */

/** What a technician change announcement carries (kind `technician_changed`). */
export interface TechnicianChangedData {
  endpointId: string;
  endpointName: string;
  unitName: string;
  /** `assigned`: a technician added; `replaced`: one took over from another; `ended`: one relieved, nobody in their place. */
  change: 'assigned' | 'replaced' | 'ended';
  previous: { name: string; contact: string } | null;
  next: { name: string; contact: string } | null;
  byName: string;
  /** The recipient's upcoming meetings that use the room (host-unit organisers), soonest first. */
  meetings: { id: string; title: string; slug: string; startsAt: string }[];
}

/** One notice. `kind` names what `data` holds (`technician_changed`: TechnicianChangedData). */
export interface NotificationView {
  id: number;
  kind: string;
  data: Record<string, unknown>;
  createdAt: string; // ISO 8601, UTC
  readAt: string | null;
}

export const isTechnicianChanged = (n: NotificationView): n is NotificationView & { kind: 'technician_changed'; data: TechnicianChangedData & Record<string, unknown> } =>
  n.kind === 'technician_changed';

// GET  /api/notifications → { notifications: NotificationView[] (newest first, at most 50), unread: number }
// POST /api/notifications/:id/read → 204 | not_found     POST /api/notifications/read-all → 204
export interface NotificationsResponse {
  notifications: NotificationView[];
  unread: number;
}

/** Notices (kind) the replies domain writes; `data` is ReplyNoticeData (replies.ts). Here, free of zod, for the bell. */
export const replyNoticeKinds = ['reply_answered', 'reply_substitute_decided', 'reply_substitute_approved', 'reply_substitute_withdrawn', 'reply_reminder'] as const;
export type ReplyNoticeKind = (typeof replyNoticeKinds)[number];
