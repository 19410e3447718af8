/**
 * The incident register (R3.10, R5.4; D14.2, D16.2d). An incident at an endpoint (or none), in a meeting or outside
 * one, with its cause from the fixed list (shared/causes.ts), the remedy, the expected time to fix, who handles it.
 *
 * POST /api/incidents {unitId?, endpointId?, meetingId?, cause, detail, remedy?, expectedFixAt?, handlerId?} → 201 {incident}
 *   (operator any unit; technicians and organisers their own unit; the operators are told at once)
 * GET  /api/incidents?status=&unitId=&endpointId=&cause=&from=&to= → {incidents: IncidentView[]} (newest first, at most 500;
 *   the operator all; an organiser their unit and those under it; a technician their unit's and their endpoints')
 * GET  /api/incidents/:id → {incident}
 * POST /api/incidents/:id {version, handlerId?, status?, remedy?, expectedFixAt?} → {incident}
 * POST /api/incidents/:id/resolve {version, resolution} → {incident}
 * GET  /api/incidents/handlers → {handlers: {id, name, role, unitName}[]} (who may be given an incident to handle)
 */
import { z } from 'zod';
import { shortfallCause, type ShortfallCause } from '../causes';
import { NOTHING_TO_CHANGE, rowVersion, somethingToChange } from './common';

export const incidentStatuses = ['open', 'in_progress', 'resolved'] as const;
export type IncidentStatus = (typeof incidentStatuses)[number];

const when = z.string().datetime({ offset: true });

export const raiseIncidentBody = z.object({
  /** Defaults to the reporter's unit; another unit only for the operator. */
  unitId: z.string().uuid().optional(),
  endpointId: z.string().uuid().nullable().default(null),
  meetingId: z.string().uuid().nullable().default(null),
  cause: shortfallCause,
  detail: z.string().trim().min(3).max(2000),
  remedy: z.string().trim().max(2000).default(''),
  expectedFixAt: when.nullable().default(null),
  handlerId: z.string().uuid().nullable().default(null),
});

export const updateIncidentBody = z
  .object({
    version: rowVersion,
    handlerId: z.string().uuid().nullable().optional(),
    /** Resolving goes through `/resolve`, with its resolution text. */
    status: z.enum(['open', 'in_progress']).optional(),
    remedy: z.string().trim().max(2000).optional(),
    expectedFixAt: when.nullable().optional(),
  })
  .refine((b) => somethingToChange(b, ['version']), NOTHING_TO_CHANGE);

export const resolveIncidentBody = z.object({
  version: rowVersion,
  resolution: z.string().trim().min(3).max(5000),
});

export const incidentParams = z.object({ id: z.string().uuid() });

export const incidentQuery = z
  .object({
    status: z.enum(incidentStatuses).optional(),
    unitId: z.string().uuid().optional(),
    endpointId: z.string().uuid().optional(),
    cause: shortfallCause.optional(),
    from: when.optional(),
    to: when.optional(),
  })
  .refine((q) => !q.from || !q.to || new Date(q.from) <= new Date(q.to), { message: 'from after to', path: ['to'] });

export interface IncidentView {
  id: string;
  unit: { id: string; name: string };
  endpoint: { id: string; name: string } | null;
  meeting: { id: string; title: string; slug: string } | null;
  cause: ShortfallCause;
  detail: string;
  remedy: string;
  expectedFixAt: string | null;
  handler: { id: string; name: string } | null;
  status: IncidentStatus;
  resolution: string | null;
  resolvedAt: string | null;
  resolvedBy: { id: string; name: string } | null;
  reportedBy: { id: string; name: string };
  createdAt: string;
  version: number;
}

export interface IncidentHandlerView {
  id: string;
  name: string;
  role: string;
  unitName: string;
}

/** The operators' bell (kind `incident.raised`) and the handler's (kind `incident.assigned`). */
export type IncidentNoticeData = {
  incidentId: string;
  unit: string;
  endpoint: string | null;
  cause: ShortfallCause;
  detail: string;
};
