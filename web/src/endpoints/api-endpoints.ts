/** Endpoint registry (R1.4) and in-app notices: the HTTP calls, on `request()` from api.ts. */
import type {
  AssignTechnicianBody,
  CreateEndpointBody,
  EndpointStatusBody,
  EndpointView,
  NotificationsResponse,
  RoomAccountResponse,
  TechnicianAssignmentView,
  TechnicianCandidateView,
  UnitView,
  UpdateEndpointBody,
} from '../../../shared/api';
import { request } from '../api';

export interface EndpointDetail {
  endpoint: EndpointView;
  history: TechnicianAssignmentView[];
}

const base = (id: string) => `/api/endpoints/${encodeURIComponent(id)}`;

export const endpointsApi = {
  list: () => request<{ endpoints: EndpointView[]; capacity: { max: number; registered: number } }>('GET', '/api/endpoints'),
  get: (id: string) => request<EndpointDetail>('GET', base(id)),
  create: (body: CreateEndpointBody) => request<{ endpoint: EndpointView }>('POST', '/api/endpoints', body).then((r) => r.endpoint),
  update: (id: string, body: UpdateEndpointBody) => request<{ endpoint: EndpointView }>('PATCH', base(id), body).then((r) => r.endpoint),
  setStatus: (id: string, body: EndpointStatusBody) => request<{ endpoint: EndpointView }>('PUT', `${base(id)}/status`, body).then((r) => r.endpoint),
  remove: (id: string) => request<void>('DELETE', base(id)),
  technicians: () => request<{ technicians: TechnicianCandidateView[] }>('GET', '/api/endpoints/technicians').then((r) => r.technicians),
  assignTechnician: (id: string, body: AssignTechnicianBody) => request<EndpointDetail>('POST', `${base(id)}/technicians`, body),
  endAssignment: (id: string, assignmentId: string) => request<EndpointDetail>('DELETE', `${base(id)}/technicians/${encodeURIComponent(assignmentId)}`),
  createAccount: (id: string, email: string) => request<RoomAccountResponse>('POST', `${base(id)}/account`, { email }),
  resetAccountPassword: (id: string) => request<RoomAccountResponse>('POST', `${base(id)}/account/password`),
  units: () => request<{ units: UnitView[] }>('GET', '/api/units').then((r) => r.units),
};

export const notificationsApi = {
  list: () => request<NotificationsResponse>('GET', '/api/notifications'),
  markRead: (id: number) => request<void>('POST', `/api/notifications/${id}/read`),
  markAllRead: () => request<void>('POST', '/api/notifications/read-all'),
};
