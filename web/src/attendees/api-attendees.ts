/** Who attends for an invited unit (R2.1, R2.5): the unit's choice of people and rooms, or its members admitted. */
import type { UnitAttendeesBody, UnitAttendeesResponse } from '../../../shared/api';
import { request } from '../api';

const path = (meetingId: string, unitId: string) => `/api/meetings/${encodeURIComponent(meetingId)}/units/${encodeURIComponent(unitId)}/attendees`;

export const attendeesApi = {
  get: (meetingId: string, unitId: string) => request<UnitAttendeesResponse>('GET', path(meetingId, unitId)),
  set: (meetingId: string, unitId: string, body: UnitAttendeesBody) => request<UnitAttendeesResponse>('PUT', path(meetingId, unitId), body),
};
