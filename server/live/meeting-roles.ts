/**
 * What each role in a meeting may do (R3.1–R3.11). The server checks every command against this table; the
 * client receives the same answers (`meeting_state.you.may`) so that its buttons reflect the role's limits (R3.9).
 */
import type { MeetingRole, MeetingStateView } from '../../shared/protocol';

export type May = MeetingStateView['you']['may'];

const none: May = {
  controlFloor: false,
  requestFloor: false,
  requestOnBehalf: false,
  moderate: false,
  layout: false,
  record: false,
  admit: false,
  present: false,
  technicianChat: false,
  reportIncident: false,
  leaveFreely: false,
};

const table: Record<MeetingRole, Partial<May>> = {
  /** Runs the meeting (M3.6): floor, chair controls, recording consent (M6.3), admission (M5.3). */
  chair: { controlFloor: true, moderate: true, layout: true, record: true, admit: true, present: true, leaveFreely: true },
  /** Acts for the chair on the floor and the layout (D15.1d, D15.2); keeps in touch with the technicians (D15.2d). */
  chair_technician: { controlFloor: true, moderate: true, layout: true, admit: true, technicianChat: true, reportIncident: true, leaveFreely: true },
  /** Operates a branch endpoint: enters requests for the people in the room (D16.2e), reports incidents (D16.2d). */
  endpoint_technician: { requestOnBehalf: true, technicianChat: true, reportIncident: true },
  /** A meeting room's account: its people ask for the floor; it does not disconnect on its own (D16.2c). */
  endpoint: { requestFloor: true, requestOnBehalf: true, technicianChat: true, reportIncident: true },
  /** Registers to speak (M6.5); leaving early needs the chair's consent (D11.3). */
  delegate: { requestFloor: true },
  /** Technical staff admitted to do technical work (M5.3). */
  observer: { technicianChat: true, reportIncident: true, leaveFreely: true },
};

export function permissionsOf(role: MeetingRole): May {
  return { ...none, ...table[role] };
}

/** Roles that hear the technicians' back-channel. */
export const TECHNICIAN_ROLES: readonly MeetingRole[] = ['chair_technician', 'endpoint_technician', 'endpoint', 'observer'];
