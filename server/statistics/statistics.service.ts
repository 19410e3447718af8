/**
 * Statistics over any period and set of units (issue 17 point 2, M13.5): the quarterly report's figures
 * (`server/reports/figures.ts`, the one counting rule) month by month, by unit and by cause of shortfall, as the
 * statistics page draws them and as CSV / XLSX tables. The scope is checked here: a unit's office asking for a unit
 * outside its own subtree is refused, never silently narrowed.
 */
import ExcelJS from 'exceljs';
import { addDays } from '../../shared/calendar/working-days';
import { shortfallCauses, type ShortfallCause } from '../../shared/causes';
import type { StatisticsRowView, StatisticsQuery, StatisticsTable, StatisticsView } from '../../shared/api';
import type { AuditService } from '../audit/audit.service';
import type { Db } from '../db/client';
import type { ReportEnteredLine } from '../db/schema';
import { AppError } from '../errors';
import { writeCsv } from '../http/csv';
import type { Actor } from '../organisation/organisation.policy';
import { meetingFigures, type FigureRow } from '../reports/figures';
import { statisticsPolicy } from './statistics.policy';
import type { StatisticsRepository } from './statistics.repository';

/** A civil day in Asia/Ho_Chi_Minh → its first instant. */
const vnMidnight = (day: string) => new Date(`${day}T00:00:00+07:00`);

/** The quarters (of the year) lying wholly within [from, to], civil days. */
export function quartersWithin(from: string, to: string): { year: number; quarter: number }[] {
  const out: { year: number; quarter: number }[] = [];
  for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year++) {
    for (let quarter = 1; quarter <= 4; quarter++) {
      const first = `${year}-${String(quarter * 3 - 2).padStart(2, '0')}-01`;
      const last = addDays(quarter === 4 ? `${year + 1}-01-01` : `${year}-${String(quarter * 3 + 1).padStart(2, '0')}-01`, -1);
      if (first >= from && last <= to) out.push({ year, quarter });
    }
  }
  return out;
}

export function presentRow(r: FigureRow): StatisticsRowView {
  return { meetings: r.meetings, participants: r.participants, met: r.met, metPercent: r.meetings ? Math.round((1000 * r.met) / r.meetings) / 10 : null, shortfalls: { ...r.shortfalls } };
}

const emptyShortfalls = () => Object.fromEntries(shortfallCauses.map((c) => [c, 0])) as Record<ShortfallCause, number>;
function sum(rows: FigureRow[]): FigureRow {
  const out: FigureRow = { meetings: 0, participants: 0, met: 0, shortfalls: emptyShortfalls() };
  for (const r of rows) {
    out.meetings += r.meetings;
    out.participants += r.participants;
    out.met += r.met;
    for (const c of shortfallCauses) out.shortfalls[c] += r.shortfalls[c];
  }
  return out;
}

/** The exported tables' words: the files are Vietnamese documents, whatever the viewer's language. */
const causeLabel: Record<ShortfallCause, string> = {
  transmission: 'Do chất lượng đường truyền không bảo đảm',
  endpoint_equipment: 'Do trang thiết bị đầu, cuối',
  software_operation: 'Do thao tác sử dụng phần mềm',
  other: 'Nguyên nhân khác',
};
const percent = (v: number | null) => (v === null ? '' : v.toLocaleString('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 }));

/** A table as rows of cells: a header row, then the data; numbers stay numbers for the XLSX. */
export function statisticsTable(view: StatisticsView, table: StatisticsTable): { title: string; rows: (string | number)[][] } {
  const period = `từ ${view.from.split('-').reverse().join('/')} đến ${view.to.split('-').reverse().join('/')}`;
  if (table === 'months') {
    return {
      title: `Số cuộc họp và người tham gia theo tháng, ${period}`,
      rows: [
        ['Tháng', 'Số lượng cuộc họp', 'Số lượng người tham gia', 'Số cuộc họp đạt yêu cầu', 'Tỷ lệ đạt yêu cầu (%)', ...shortfallCauses.map((c) => causeLabel[c])],
        ...view.months.map((m) => [`${m.month.slice(5)}/${m.month.slice(0, 4)}`, m.meetings, m.participants, m.met, percent(m.metPercent), ...shortfallCauses.map((c) => m.shortfalls[c])]),
        ['Tổng cộng', view.total.meetings, view.total.participants, view.total.met, percent(view.total.metPercent), ...shortfallCauses.map((c) => view.total.shortfalls[c])],
      ],
    };
  }
  if (table === 'units') {
    return {
      title: `Theo đơn vị, ${period}`,
      rows: [
        ['Đơn vị', 'Chủ trì: số cuộc họp', 'Chủ trì: số người tham gia', 'Chủ trì: tỷ lệ đạt yêu cầu (%)', 'Tham dự: số cuộc họp', 'Tham dự: số người tham gia', 'Tham dự: tỷ lệ đạt yêu cầu (%)'],
        ...view.units.map((u) => [u.name, u.hosted.meetings, u.hosted.participants, percent(u.hosted.metPercent), u.guest.meetings, u.guest.participants, percent(u.guest.metPercent)]),
      ],
    };
  }
  if (table === 'systems') {
    const label = { shared: 'Hệ thống họp trực tuyến dùng chung', other_internal: 'Hệ thống khác do đơn vị tự vận hành: họp nội bộ', other_external: 'Hệ thống khác do đơn vị tự vận hành: họp với đơn vị ngoài', rented: 'Dịch vụ thuê' };
    return {
      title: `Theo hệ thống, ${period}${view.bySystem ? ` (mục 2, 3 theo ${view.bySystem.reports} báo cáo quý đã nộp)` : ' (chưa có báo cáo quý đã nộp)'}`,
      rows: [['Hệ thống', 'Số lượng cuộc họp', 'Số lượng người tham gia', 'Kinh phí (đồng)'], ...(view.bySystem?.rows ?? []).map((r) => [label[r.system], r.meetings, r.participants, r.cost])],
    };
  }
  const shortfalls = shortfallCauses.reduce((a, c) => a + view.total.shortfalls[c], 0);
  return {
    title: `Nguyên nhân không đạt yêu cầu, ${period}`,
    rows: [['Nguyên nhân', 'Số cuộc họp không đạt yêu cầu', 'Tỷ lệ (%)'], ...shortfallCauses.map((c) => [causeLabel[c], view.total.shortfalls[c], percent(shortfalls ? Math.round((1000 * view.total.shortfalls[c]) / shortfalls) / 10 : null)]), ['Tổng cộng', shortfalls, shortfalls ? percent(100) : '']],
  };
}

export class StatisticsService {
  constructor(
    private readonly db: Db,
    private readonly repo: StatisticsRepository,
    private readonly audit: AuditService,
  ) {}

  async view(actor: Actor, q: StatisticsQuery): Promise<StatisticsView> {
    const scope = statisticsPolicy.scope(actor);
    if (!scope) throw new AppError('forbidden');
    const tree = await this.repo.unitTree();
    const visible = 'all' in scope ? new Set(tree.ordered().map((u) => u.id)) : tree.subtree(scope.root);
    if (q.unitIds?.some((id) => !tree.get(id))) throw new AppError('validation_failed', { unitIds: 'unknown unit' });
    if (q.unitIds?.some((id) => !visible.has(id))) throw new AppError('forbidden');
    // no units named: the operator sees the whole organisation (every meeting), a unit's office its subtree
    const chosen = q.unitIds ?? ('all' in scope ? undefined : [...visible]);
    const figures = await meetingFigures(this.db, { from: vnMidnight(q.from), to: vnMidnight(addDays(q.to, 1)), unitIds: chosen });
    const ordered = tree.ordered();
    const depth = (id: string) => {
      let d = 0;
      for (let u = tree.get(id); u?.parentId; u = tree.get(u.parentId)) d++;
      return d;
    };
    const order = new Map(ordered.map((u, i) => [u.id, i]));
    const units = figures.units
      .filter((u) => visible.has(u.unitId))
      .sort((a, b) => (order.get(a.unitId) ?? 0) - (order.get(b.unitId) ?? 0))
      .map((u) => ({ id: u.unitId, name: tree.get(u.unitId)?.name ?? '', hosted: presentRow(u.hosted), guest: presentRow(u.guest) }));
    return {
      from: q.from,
      to: q.to,
      units,
      months: figures.months.map((m) => ({ month: m.month, ...presentRow(m) })),
      total: presentRow(sum(figures.months)),
      choosable: ordered.filter((u) => visible.has(u.id)).map((u) => ({ id: u.id, name: u.name, depth: depth(u.id) })),
      bySystem: await this.bySystem(chosen ?? null, q, sum(figures.months)),
    };
  }

  /** The shared system's figures beside rows 2 and 3 of the submitted reports of the quarters within the period. */
  private async bySystem(unitIds: string[] | null, q: StatisticsQuery, shared: FigureRow): Promise<StatisticsView['bySystem']> {
    const lines = await this.repo.submittedLines(unitIds, quartersWithin(q.from, q.to));
    if (!lines.length) return null;
    const total = (ls: ReportEnteredLine[]) => ({ meetings: ls.reduce((a, l) => a + l.meetings, 0), participants: ls.reduce((a, l) => a + l.participants, 0), cost: ls.reduce((a, l) => a + l.cost, 0) });
    return {
      reports: lines.length,
      rows: [
        { system: 'shared', meetings: shared.meetings, participants: shared.participants, cost: 0 },
        { system: 'other_internal', ...total(lines.map((l) => l.otherInternal)) },
        { system: 'other_external', ...total(lines.map((l) => l.otherExternal)) },
        { system: 'rented', ...total(lines.flatMap((l) => l.rented)) },
      ],
    };
  }

  async export(actor: Actor, q: StatisticsQuery, table: StatisticsTable, format: 'csv' | 'xlsx', ip = ''): Promise<{ filename: string; contentType: string; body: Buffer | string }> {
    const view = await this.view(actor, q);
    const { title, rows } = statisticsTable(view, table);
    await this.audit.record({ actorId: actor.id, action: 'statistics.exported', data: { table, format, from: q.from, to: q.to, unitIds: q.unitIds ?? null }, ip });
    const filename = `thong-ke-${table}-${q.from}-${q.to}.${format}`;
    if (format === 'csv') return { filename, contentType: 'text/csv; charset=utf-8', body: writeCsv(rows.map((r) => r.map(String))) };
    const wb = new ExcelJS.Workbook();
    wb.creator = 'GiaoBan';
    const sheet = wb.addWorksheet('Thống kê');
    sheet.addRow([title]).font = { bold: true, size: 13 };
    sheet.addRow([]);
    const header = sheet.addRow(rows[0]!);
    header.font = { bold: true };
    header.alignment = { wrapText: true, vertical: 'middle' };
    for (const r of rows.slice(1)) sheet.addRow(r);
    sheet.columns.forEach((c, i) => (c.width = i === 0 ? 40 : 18));
    return { filename, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body: Buffer.from(await wb.xlsx.writeBuffer()) };
  }
}
