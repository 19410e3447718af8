/** The incident register (R3.10, R5.4). */
import type { IncidentHandlerView, IncidentStatus, IncidentView } from '../../../shared/api';
import type { ShortfallCause } from '../../../shared/causes';
import { request } from '../api';

export interface IncidentFilters {
  status?: IncidentStatus | '';
  unitId?: string;
  endpointId?: string;
  cause?: ShortfallCause | '';
  from?: string;
  to?: string;
}

export interface RaiseIncident {
  unitId?: string;
  endpointId: string | null;
  cause: ShortfallCause;
  detail: string;
  remedy: string;
  expectedFixAt: string | null;
  handlerId: string | null;
}

const query = (f: IncidentFilters) => {
  const params = new URLSearchParams(Object.entries(f).filter((e): e is [string, string] => Boolean(e[1])));
  const text = params.toString();
  return text ? `?${text}` : '';
};

export const incidentsApi = {
  list: (filters: IncidentFilters = {}) => request<{ incidents: IncidentView[] }>('GET', `/api/incidents${query(filters)}`).then((r) => r.incidents),
  get: (id: string) => request<{ incident: IncidentView }>('GET', `/api/incidents/${encodeURIComponent(id)}`).then((r) => r.incident),
  handlers: () => request<{ handlers: IncidentHandlerView[] }>('GET', '/api/incidents/handlers').then((r) => r.handlers),
  raise: (body: RaiseIncident) => request<{ incident: IncidentView }>('POST', '/api/incidents', body).then((r) => r.incident),
  update: (id: string, body: { version: number; handlerId?: string | null; status?: 'open' | 'in_progress'; remedy?: string; expectedFixAt?: string | null }) =>
    request<{ incident: IncidentView }>('POST', `/api/incidents/${encodeURIComponent(id)}`, body).then((r) => r.incident),
  resolve: (id: string, body: { version: number; resolution: string }) =>
    request<{ incident: IncidentView }>('POST', `/api/incidents/${encodeURIComponent(id)}/resolve`, body).then((r) => r.incident),
};
