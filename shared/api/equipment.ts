/**
 * Equipment of the endpoints (issue 17 point 4; R5.3): the asset register per endpoint (D13.1), the checklist a
 * room's technician fills before and after each meeting (M10.3, D15.1, D15.3, D16.1, D16.3), the maintenance log
 * (D13.3, M10.1), and the yearly evaluation of the system's efficiency (D13.4, D22.2) drafted from those records.
 *
 * GET    /api/equipment → { endpoints: EquipmentEndpointView[] } (the operator all; others the endpoints they may read)
 * POST   /api/equipment/endpoints/:endpointId/devices DeviceBody → 201 { device }
 * PATCH  /api/equipment/devices/:id Partial<DeviceBody> → { device };  DELETE → 204
 * POST   /api/equipment/endpoints/:endpointId/maintenance MaintenanceBody → 201 { entry }
 * PATCH  /api/equipment/maintenance/:id Partial<MaintenanceBody> → { entry };  DELETE → 204
 * GET    /api/meetings/:id/checklists → MeetingChecklistsView
 * PUT    /api/meetings/:id/checklists/:endpointId/:phase ChecklistBody → { checklist }
 * GET    /api/equipment/evaluation?year=&unitId= → EvaluationView (operator: any unit or all; organiser: their units)
 * POST   /api/equipment/evaluation.pdf { year, unitId?, assessment } → application/pdf
 */
import { z } from 'zod';
import { NOTHING_TO_CHANGE, somethingToChange } from './common';

export const deviceKinds = ['camera', 'microphone', 'loudspeaker', 'screen', 'codec', 'network', 'other'] as const;
export type DeviceKind = (typeof deviceKinds)[number];
export const deviceStatuses = ['in_use', 'broken', 'retired'] as const;
export type DeviceStatus = (typeof deviceStatuses)[number];
export const maintenanceKinds = ['periodic', 'repair', 'replacement', 'upgrade'] as const;
export type MaintenanceKind = (typeof maintenanceKinds)[number];
export const checklistPhases = ['before', 'after'] as const;
export type ChecklistPhase = (typeof checklistPhases)[number];

/**
 * The checklist's items, fixed in code and taken from the regulations' technical preparation articles:
 * before — D15.1b/D16.1a (equipment, power and backup power, sound, picture), D16.1b (connection), D16.1c
 * (framing), M10.3 (transmission, power, security devices, computers, screens), D20.1–D20.2 (no flammables or
 * liquids, light, temperature, humidity), the room's clock (the opening time is announced and kept, D19.3);
 * after — M10.3 (the state of the equipment after the meeting), M10.2 (disconnected, camera and microphone off),
 * D15.3/D16.3 and D20.7 (everything checked before switching off, power cut). Labels: i18n `equipment.item.<id>`.
 */
export const checklistItems = {
  before: ['power', 'network', 'codec', 'screen', 'camera', 'framing', 'microphone', 'loudspeaker', 'clock', 'security', 'environment'],
  after: ['camera', 'microphone', 'loudspeaker', 'screen', 'codec', 'network', 'disconnected', 'devices_off', 'power_off'],
} as const satisfies Record<ChecklistPhase, readonly string[]>;
export type ChecklistItemId = (typeof checklistItems)[ChecklistPhase][number];
export const allChecklistItems = [...new Set<ChecklistItemId>([...checklistItems.before, ...checklistItems.after])];

/** A calendar day, `YYYY-MM-DD`, that exists, between 1900 and 2100. */
export const calendarDay = z
  .string()
  .regex(/^(19|20)\d{2}-\d{2}-\d{2}$|^2100-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD, 1900 to 2100')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'no such day');

const deviceFields = {
  kind: z.enum(deviceKinds),
  name: z.string().trim().min(1).max(200),
  model: z.string().trim().max(200),
  serialNumber: z.string().trim().max(100),
  inServiceOn: calendarDay.nullable(),
  warrantyUntil: calendarDay.nullable(),
  status: z.enum(deviceStatuses),
  notes: z.string().trim().max(2000),
};
const warrantyAfterService = (d: { inServiceOn?: string | null; warrantyUntil?: string | null }) => !d.inServiceOn || !d.warrantyUntil || d.warrantyUntil >= d.inServiceOn;
const WARRANTY_BEFORE_SERVICE = { message: 'the warranty ends before the device was put in service', path: ['warrantyUntil'] };

export const deviceBody = z
  .object({
    ...deviceFields,
    model: deviceFields.model.default(''),
    serialNumber: deviceFields.serialNumber.default(''),
    inServiceOn: deviceFields.inServiceOn.default(null),
    warrantyUntil: deviceFields.warrantyUntil.default(null),
    status: deviceFields.status.default('in_use'),
    notes: deviceFields.notes.default(''),
  })
  .refine(warrantyAfterService, WARRANTY_BEFORE_SERVICE);
export const updateDeviceBody = z
  .object(deviceFields)
  .partial()
  .refine((p) => somethingToChange(p), NOTHING_TO_CHANGE)
  .refine(warrantyAfterService, WARRANTY_BEFORE_SERVICE);

const maintenanceFields = {
  deviceId: z.string().uuid().nullable(),
  doneOn: calendarDay,
  kind: z.enum(maintenanceKinds),
  description: z.string().trim().min(3).max(2000),
  doneBy: z.string().trim().min(1).max(200),
  /** VND, whole đồng. */
  cost: z.number().int().min(0).max(1_000_000_000_000).nullable(),
  nextDueOn: calendarDay.nullable(),
};
const dueAfterDone = (m: { doneOn?: string; nextDueOn?: string | null }) => !m.doneOn || !m.nextDueOn || m.nextDueOn > m.doneOn;
const DUE_BEFORE_DONE = { message: 'the next due date must come after the work', path: ['nextDueOn'] };
export const maintenanceBody = z
  .object({ ...maintenanceFields, deviceId: maintenanceFields.deviceId.default(null), cost: maintenanceFields.cost.default(null), nextDueOn: maintenanceFields.nextDueOn.default(null) })
  .refine(dueAfterDone, DUE_BEFORE_DONE);
export const updateMaintenanceBody = z
  .object(maintenanceFields)
  .partial()
  .refine((p) => somethingToChange(p), NOTHING_TO_CHANGE)
  .refine(dueAfterDone, DUE_BEFORE_DONE);

/** Every item of the phase answered once; an item not ok says what is wrong. */
export const checklistBody = z.object({
  items: z
    .array(z.object({ item: z.enum(allChecklistItems as [ChecklistItemId, ...ChecklistItemId[]]), ok: z.boolean(), note: z.string().trim().max(500).default('') }))
    .min(1)
    .max(40)
    .superRefine((items, ctx) => {
      items.forEach((it, i) => {
        if (!it.ok && !it.note) ctx.addIssue({ code: 'custom', message: 'say what is wrong', path: [i, 'note'] });
      });
    }),
  note: z.string().trim().max(2000).default(''),
});
export const checklistParams = z.object({ id: z.string().uuid(), endpointId: z.string().uuid(), phase: z.enum(checklistPhases) });
export const equipmentEndpointParams = z.object({ endpointId: z.string().uuid() });
export const equipmentIdParams = z.object({ id: z.string().uuid() });
export const evaluationQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100), unitId: z.string().uuid().optional() });
export const evaluationPdfBody = z.object({
  year: z.number().int().min(2000).max(2100),
  unitId: z.string().uuid().optional(),
  /** The unit's own assessment, written before export (D13.4). */
  assessment: z.string().trim().min(1).max(20_000),
  /** Proposals sent with it (D13.4: ý kiến đóng góp, kiến nghị, đề xuất). */
  proposals: z.string().trim().max(20_000).default(''),
  /** `Kính gửi:` — to whom the report goes (D13.4: the body that consolidates it); none when empty. */
  addressee: z.string().trim().max(300).default(''),
});

export interface DeviceView {
  id: string;
  endpointId: string;
  kind: DeviceKind;
  name: string;
  model: string;
  serialNumber: string;
  inServiceOn: string | null;
  warrantyUntil: string | null;
  status: DeviceStatus;
  notes: string;
  updatedAt: string;
}

export interface MaintenanceView {
  id: string;
  endpointId: string;
  device: { id: string; name: string } | null;
  doneOn: string;
  kind: MaintenanceKind;
  description: string;
  doneBy: string;
  cost: number | null;
  nextDueOn: string | null;
  recordedBy: { id: string; name: string };
  createdAt: string;
}

export interface EquipmentEndpointView {
  endpoint: { id: string; name: string; kind: 'room' | 'individual'; unitId: string; unit: string; location: string; status: 'ready' | 'maintenance' | 'out_of_order' };
  devices: DeviceView[];
  /** Newest first. */
  maintenance: MaintenanceView[];
  /** The viewer may add and change devices and maintenance entries. */
  canEdit: boolean;
}

export interface ChecklistView {
  id: string;
  meetingId: string;
  endpointId: string;
  phase: ChecklistPhase;
  items: { item: ChecklistItemId; ok: boolean; note: string }[];
  note: string;
  notOk: number;
  filledBy: { id: string; name: string };
  filledAt: string;
}

export interface MeetingChecklistsView {
  meeting: { id: string; title: string; slug: string; startsAt: string; endsAt: string; status: string };
  /** The meeting's endpoints the viewer may see the checklists of. */
  endpoints: {
    endpoint: { id: string; name: string; unit: string };
    /** The viewer may fill its checklists (a technician of its unit, one assigned to it, or the operator). */
    mayFill: boolean;
    before: ChecklistView | null;
    after: ChecklistView | null;
  }[];
}

/** One endpoint's line of the yearly evaluation. */
export interface EvaluationEndpointLine {
  endpoint: { id: string; name: string; unit: string };
  meetingsHeld: number;
  hoursOfUse: number;
  checklists: number;
  itemsNotOk: number;
  maintenance: number;
  cost: number;
  devices: number;
  devicesBroken: number;
}

export interface EvaluationView {
  year: number;
  unit: { id: string; name: string } | null;
  totals: {
    endpoints: number;
    /** Distinct meetings held (ended) in the year with at least one of the endpoints. */
    meetingsHeld: number;
    /** Sum over endpoints of the time their meetings ran (opening to end), hours with one decimal. */
    hoursOfUse: number;
    /** Checklists filled, and those expected (two per endpoint per meeting held). */
    checklists: number;
    checklistsExpected: number;
    itemsChecked: number;
    itemsNotOk: number;
    maintenance: number;
    maintenanceByKind: Record<MaintenanceKind, number>;
    cost: number;
    devices: number;
    devicesBroken: number;
    devicesRetired: number;
  };
  /** Items found not ok, most frequent first. */
  notOkItems: { item: ChecklistItemId; count: number }[];
  endpoints: EvaluationEndpointLine[];
}
