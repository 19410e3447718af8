/** Equipment (R5.3): the asset register, the maintenance log, the checklists before and after meetings, the yearly evaluation. */
import type { z } from 'zod';
import type {
  ChecklistPhase,
  ChecklistView,
  DeviceView,
  EquipmentEndpointView,
  EvaluationView,
  MaintenanceView,
  MeetingChecklistsView,
  checklistBody,
  deviceBody,
  evaluationPdfBody,
  maintenanceBody,
} from '../../../shared/api';
import { ApiError, currentCsrfToken, request } from '../api';
import { t } from '../i18n';

const enc = encodeURIComponent;
export type DeviceInput = z.input<typeof deviceBody>;
export type MaintenanceInput = z.input<typeof maintenanceBody>;

export const equipmentApi = {
  list: () => request<{ endpoints: EquipmentEndpointView[] }>('GET', '/api/equipment').then((r) => r.endpoints),
  addDevice: (endpointId: string, body: DeviceInput) => request<{ device: DeviceView }>('POST', `/api/equipment/endpoints/${enc(endpointId)}/devices`, body).then((r) => r.device),
  updateDevice: (id: string, body: Partial<DeviceInput>) => request<{ device: DeviceView }>('PATCH', `/api/equipment/devices/${enc(id)}`, body).then((r) => r.device),
  deleteDevice: (id: string) => request<void>('DELETE', `/api/equipment/devices/${enc(id)}`),
  addMaintenance: (endpointId: string, body: MaintenanceInput) => request<{ entry: MaintenanceView }>('POST', `/api/equipment/endpoints/${enc(endpointId)}/maintenance`, body).then((r) => r.entry),
  updateMaintenance: (id: string, body: Partial<MaintenanceInput>) => request<{ entry: MaintenanceView }>('PATCH', `/api/equipment/maintenance/${enc(id)}`, body).then((r) => r.entry),
  deleteMaintenance: (id: string) => request<void>('DELETE', `/api/equipment/maintenance/${enc(id)}`),
  checklists: (meetingId: string) => request<MeetingChecklistsView>('GET', `/api/meetings/${enc(meetingId)}/checklists`),
  fillChecklist: (meetingId: string, endpointId: string, phase: ChecklistPhase, body: z.input<typeof checklistBody>) =>
    request<{ checklist: ChecklistView }>('PUT', `/api/meetings/${enc(meetingId)}/checklists/${enc(endpointId)}/${phase}`, body).then((r) => r.checklist),
  evaluation: (year: number, unitId?: string) => request<EvaluationView>('GET', `/api/equipment/evaluation?year=${year}${unitId ? `&unitId=${enc(unitId)}` : ''}`),
  /** The report as a PDF, for download. */
  async evaluationPdf(body: z.input<typeof evaluationPdfBody>): Promise<Blob> {
    const token = currentCsrfToken();
    let response: Response;
    try {
      response = await fetch('/api/equipment/evaluation.pdf', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { 'x-csrf-token': token } : {}) },
        credentials: 'same-origin',
        body: JSON.stringify(body),
      });
    } catch {
      throw new ApiError('network_error', 0);
    }
    if (response.ok) return response.blob();
    const err = ((await response.json().catch(() => null)) as { error?: { id: string; message: string; fields?: Record<string, string> } } | null)?.error;
    throw new ApiError((err?.id ?? 'internal_error') as 'internal_error', response.status, err?.message ?? t('internal_error'), err?.fields);
  },
};

/** `1.250.000` */
export const vnInteger = (n: number) => Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');
/** `3,5` */
export const vnDecimal = (n: number) => {
  const [whole, frac] = (Math.round(n * 10) / 10).toFixed(1).split('.');
  return frac === '0' ? vnInteger(Number(whole)) : `${vnInteger(Number(whole))},${frac}`;
};
