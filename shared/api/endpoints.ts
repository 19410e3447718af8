import { z } from 'zod';
import { NOTHING_TO_CHANGE, rowVersion, somethingToChange } from './common';
import type { UserView } from './organisation';

/** A meeting room (phòng họp trực tuyến) or an individual endpoint (M3.5). */
export const endpointKinds = ['room', 'individual'] as const;
export type EndpointKind = (typeof endpointKinds)[number];
/** Sẵn sàng / Đang bảo trì / Hỏng (R1.4). */
export const endpointStatuses = ['ready', 'maintenance', 'out_of_order'] as const;
export type EndpointStatus = (typeof endpointStatuses)[number];

/** One assignment of a technician to an endpoint (D13.2, D14, D25.2); ended ones are the history. */
export interface TechnicianAssignmentView {
  id: string;
  /** `phone` and `email` are empty for a viewer who may not see them (`contactsHidden`). */
  technician: { id: string; name: string; title: string; unit: string; phone: string; email: string };
  /** Contact for this assignment (phone, radio, …); empty when hidden. */
  contact: string;
  /**
   * Set when the viewer may not see technicians' phones and e-mails: only the operator, the endpoint's own unit and
   * those who manage it, its technicians, and the organiser, chair and chair's technician of a meeting it is in.
   */
  contactsHidden?: true;
  assignedAt: string; // ISO 8601, UTC
  assignedBy: { id: string; name: string } | null;
  endedAt: string | null;
  endedBy: { id: string; name: string } | null;
}

/** An endpoint as the registry shows it, with its current technicians. */
export interface EndpointView {
  id: string;
  kind: EndpointKind;
  name: string;
  unitId: string;
  /** The unit's name. */
  unit: string;
  location: string;
  equipment: string;
  networkAddress: string;
  status: EndpointStatus;
  /** Seats in the room. */
  capacity: number;
  /** Optimistic concurrency: send it back with a change; a stale one is refused (`endpoint_version_conflict`). */
  version: number;
  /** The room's own account (role `endpoint`), if created. */
  account: { id: string; email: string; disabled: boolean; mustChangePassword: boolean } | null;
  /** Current assignments (not ended). */
  technicians: TechnicianAssignmentView[];
  /** The viewer may change the details, technicians and account (operator; organiser of the unit subtree). */
  canManage: boolean;
  /** The viewer may change the status (those who manage it, and its assigned technicians). */
  canChangeStatus: boolean;
}

/** A technician as the assignment form offers them. */
export interface TechnicianCandidateView {
  id: string;
  name: string;
  title: string;
  unit: string;
  phone: string;
}

const text = (max: number) => z.string().trim().max(max);

// GET    /api/endpoints → { endpoints: EndpointView[], capacity: { max, registered } }   (everyone signed in but guests)
// GET    /api/endpoints/:id → { endpoint: EndpointView, history: TechnicianAssignmentView[] } (history: newest first, all)
// POST   /api/endpoints (operator; organiser for a unit in their subtree) → 201 { endpoint } | endpoint_capacity_reached
// PATCH  /api/endpoints/:id { …fields, version } → { endpoint } | endpoint_version_conflict
// PUT    /api/endpoints/:id/status { status, version } (also its assigned technicians) → { endpoint } | endpoint_version_conflict
// DELETE /api/endpoints/:id → 204 | endpoint_in_use
export const createEndpointBody = z.object({
  kind: z.enum(endpointKinds).default('room'),
  name: z.string().trim().min(2).max(200),
  unitId: z.string().uuid(),
  location: text(300).default(''),
  equipment: text(2000).default(''),
  networkAddress: text(200).default(''),
  status: z.enum(endpointStatuses).default('ready'),
  capacity: z.number().int().min(0).max(10000).default(0),
});
export type CreateEndpointBody = z.input<typeof createEndpointBody>;

export const updateEndpointBody = z.object({
  kind: z.enum(endpointKinds).optional(),
  name: z.string().trim().min(2).max(200).optional(),
  unitId: z.string().uuid().optional(),
  location: text(300).optional(),
  equipment: text(2000).optional(),
  networkAddress: text(200).optional(),
  status: z.enum(endpointStatuses).optional(),
  capacity: z.number().int().min(0).max(10000).optional(),
  version: rowVersion,
}).refine((b) => somethingToChange(b, ['version']), NOTHING_TO_CHANGE);
export type UpdateEndpointBody = z.input<typeof updateEndpointBody>;

export const endpointStatusBody = z.object({ status: z.enum(endpointStatuses), version: rowVersion });
export type EndpointStatusBody = z.input<typeof endpointStatusBody>;

// GET    /api/endpoints/technicians (those who manage endpoints) → { technicians: TechnicianCandidateView[] }
// POST   /api/endpoints/:id/technicians { userId, contact, replacesAssignmentId? } → 201 { endpoint, history }
//          a change of technician: the replaced assignment ends; announced to operators and the host units of the
//          room's upcoming meetings (notifications), audited
// DELETE /api/endpoints/:id/technicians/:assignmentId → { endpoint, history } (ends the assignment; announced too)
export const assignTechnicianBody = z.object({
  userId: z.string().uuid(),
  contact: z.string().trim().min(3).max(120),
  /** The current assignment this one replaces (ended in the same change). */
  replacesAssignmentId: z.string().uuid().optional(),
});
export type AssignTechnicianBody = z.input<typeof assignTechnicianBody>;

// POST /api/endpoints/:id/account { email } → 201 RoomAccountResponse | endpoint_account_exists | email_taken
// POST /api/endpoints/:id/account/password → RoomAccountResponse (a new one-time password; its sessions end)
export const createRoomAccountBody = z.object({ email: z.string().trim().toLowerCase().email().max(254) });
export type CreateRoomAccountBody = z.input<typeof createRoomAccountBody>;
export interface RoomAccountResponse {
  endpoint: EndpointView;
  account: UserView;
  /** Shown once, never stored in clear. */
  temporaryPassword: string;
}
