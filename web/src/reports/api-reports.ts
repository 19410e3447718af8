/** The quarterly report (R5.1, R5.2) and ad-hoc figures (M13.5). */
import type { ConsolidatedReportView, FiguresResponse, QuarterStatusView, UnitReportView, UpdateReportBody } from '../../../shared/api';
import { request } from '../api';

export type ReportFormat = 'docx' | 'xlsx' | 'pdf';

export const reportsApi = {
  ofUnit: (unitId: string, year: number, quarter: number) => request<{ report: UnitReportView }>('GET', `/api/reports/unit/${unitId}/${year}/${quarter}`).then((r) => r.report),
  update: (id: string, body: UpdateReportBody) => request<{ report: UnitReportView }>('PUT', `/api/reports/${id}`, body).then((r) => r.report),
  sendForSigning: (id: string) => request<{ report: UnitReportView }>('POST', `/api/reports/${id}/send-for-signing`).then((r) => r.report),
  reopen: (id: string) => request<{ report: UnitReportView }>('POST', `/api/reports/${id}/reopen`).then((r) => r.report),
  submit: (id: string) => request<{ report: UnitReportView }>('POST', `/api/reports/${id}/submit`).then((r) => r.report),
  exportUrl: (id: string, format: ReportFormat) => `/api/reports/${id}/export?format=${format}`,
  quarter: (year: number, quarter: number) => request<QuarterStatusView>('GET', `/api/reports/quarter/${year}/${quarter}`),
  consolidated: (year: number, quarter: number) => request<ConsolidatedReportView>('GET', `/api/reports/consolidated/${year}/${quarter}`),
  consolidatedUrl: (year: number, quarter: number, format: ReportFormat) => `/api/reports/consolidated/${year}/${quarter}/export?format=${format}`,
  figures: (from: Date, to: Date, unitIds?: string[]) =>
    request<FiguresResponse>('GET', `/api/reports/figures?from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}${unitIds?.length ? `&unitIds=${unitIds.join(',')}` : ''}`),
};

/** The quarter now, in Hà Nội. */
export function currentQuarter(now = new Date()): { year: number; quarter: number } {
  const local = new Date(now.getTime() + 7 * 3_600_000);
  return { year: local.getUTCFullYear(), quarter: Math.floor(local.getUTCMonth() / 3) + 1 };
}

/** `2027-03-01` → `01/03/2027`. */
export const civil = (date: string) => date.split('-').reverse().join('/');

export const vnNumber = (n: number | null) => (n === null ? '' : new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 }).format(n));
