import type { EndpointView, TechnicianAssignmentView } from '../../shared/api';
import type { AssignmentRow, EndpointRow } from './endpoint.repository';

/**
 * What leaves the server about a technician's assignment, never account secrets. Phone, e-mail and the contact
 * note only when `contacts` (endpointPolicy.seeContacts): otherwise empty, with `contactsHidden` set.
 */
export const presentAssignment = (a: AssignmentRow, contacts: boolean): TechnicianAssignmentView => ({
  id: a.id,
  technician: { id: a.userId, name: a.technicianName, title: a.technicianTitle, unit: a.technicianUnit, phone: contacts ? a.technicianPhone : '', email: contacts ? a.technicianEmail : '' },
  contact: contacts ? a.contact : '',
  ...(contacts ? {} : { contactsHidden: true }),
  assignedAt: a.assignedAt.toISOString(),
  assignedBy: a.assignedBy ? { id: a.assignedBy, name: a.assignedByName ?? '' } : null,
  endedAt: a.endedAt ? a.endedAt.toISOString() : null,
  endedBy: a.endedBy ? { id: a.endedBy, name: a.endedByName ?? '' } : null,
});

export function presentEndpoint(e: EndpointRow, current: AssignmentRow[], may: { canManage: boolean; canChangeStatus: boolean; canSeeContacts: boolean }): EndpointView {
  return {
    id: e.id,
    kind: e.kind,
    name: e.name,
    unitId: e.unitId,
    unit: e.unitName,
    location: e.location,
    equipment: e.equipment,
    networkAddress: e.networkAddress,
    status: e.status,
    capacity: e.capacity,
    version: e.version,
    account: e.account ? { id: e.account.id, email: e.account.email, disabled: e.account.disabledAt !== null, mustChangePassword: e.account.mustChangePassword } : null,
    technicians: current.filter((a) => a.endpointId === e.id && a.endedAt === null).map((a) => presentAssignment(a, may.canSeeContacts)),
    canManage: may.canManage,
    canChangeStatus: may.canChangeStatus,
  };
}
