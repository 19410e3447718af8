/**
 * The quarterly report (R5.1, R5.2; M13.5, M Art. 13.5 and its appendix).
 *
 * Each unit's report is drafted on its office's first visit: row 1 counted from the meetings held (figures.ts),
 * rows 2 and 3, the number, the signer and the proposals entered by the office (its organisers) while a draft. Sent
 * for signing, row 1 is frozen and the PDF goes to the signatures domain (kind `report`) for the signer's digital
 * signature; once signed the office submits it to the operator — before the 1st of the quarter's last month, with
 * reminders to the late. The operator sees who has submitted and consolidates the submitted reports into the
 * ministry's report (same template, totals over units, one annex table per unit). Everything audited.
 */
import type { z } from 'zod';
import type { ConsolidatedReportView, FiguresResponse, QuarterStatusView, ReportTableLine, UnitReportView, updateReportBody } from '../../shared/api';
import type { AuditService } from '../audit/audit.service';
import type { Db } from '../db/client';
import type { ReportEnteredLine } from '../db/schema';
import { AppError } from '../errors';
import { placeOf } from '../invitations/invitation-content';
import type { MailService } from '../mail/mail.service';
import type { NotificationService } from '../notifications/notification.service';
import type { Actor } from '../organisation/organisation.policy';
import type { UnitRepository } from '../organisation/unit.repository';
import { renderAdminDocument } from '../pdf/admin-document';
import { renderAdminDocx } from '../pdf/admin-document-docx';
import { PeriodicJob } from '../periodic-job';
import type { SignaturesService } from '../signatures/signatures.service';
import { emptyRow, meetingFigures, type FigureQuery, type FigureRow } from './figures';
import { reportDocument, reportWorkbook, type ReportDocumentInput } from './report-document';
import { quarterDeadline, quarterOf, quarterPeriod, romanQuarter } from './report-period';
import { reportTable, sumInputs, type TableInput } from './report-table';
import { reportsPolicy } from './reports.policy';
import { emptyEnteredLine, type ReportsRepository, type UnitReportRow } from './reports.repository';

type UpdateInput = z.output<typeof updateReportBody>;
export type ReportFormat = 'docx' | 'xlsx' | 'pdf';
interface Frozen {
  hosted: FigureRow;
  guest: FigureRow;
  at: string;
}

const REMINDER_INTERVAL_MS = 60 * 60_000;
/** Reminders start a week before the deadline and go on, once a day, until the report is submitted. */
const REMIND_FROM_DAYS = 7;
const DAY = 86_400_000;
/** The unit's leader first among those who may sign. */
const LEADER = /^(tổng cục trưởng|cục trưởng|vụ trưởng|viện trưởng|chánh thanh tra|giám đốc|chủ tịch|thủ trưởng)/i;
const contentTypes: Record<ReportFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export interface ReportFile {
  filename: string;
  contentType: string;
  bytes: Buffer;
}

export class ReportsService {
  private readonly job = new PeriodicJob(
    () => this.runReminders(new Date()),
    (err) => this.log.warn({ err: err.message }, 'report reminders failed'),
  );

  constructor(
    private readonly db: Db,
    private readonly repo: ReportsRepository,
    private readonly units: Pick<UnitRepository, 'tree'>,
    private readonly signatures: Pick<SignaturesService, 'createSignable'>,
    private readonly notifications: NotificationService,
    private readonly mail: MailService,
    private readonly audit: AuditService,
    private readonly options: { baseUrl: () => string },
    private readonly log: { warn(obj: object, msg: string): void } = { warn: () => undefined },
  ) {}

  startReminders(): void {
    this.job.start(REMINDER_INTERVAL_MS);
  }
  stopReminders(): Promise<void> {
    return this.job.stop();
  }

  // ------------------------------------------------------------------------------------------ ad-hoc figures

  /** meetingFigures for a chosen period and units: the operator any, an organiser their own units. */
  async figures(actor: Actor, q: FigureQuery): Promise<FiguresResponse> {
    const tree = await this.units.tree();
    if (!reportsPolicy.readFigures(actor, q.unitIds, tree)) throw new AppError('forbidden');
    const result = await meetingFigures(this.db, q);
    return { units: result.units.map((u) => ({ ...u, unitName: tree.get(u.unitId)?.name ?? '' })), months: result.months };
  }

  // ------------------------------------------------------------------------------------------ a unit's report

  /** The unit's report of the quarter: its office drafts it on the first read; the operator reads what exists. */
  async getOrDraft(actor: Actor, unitId: string, year: number, quarter: number, ip = ''): Promise<UnitReportView> {
    if (!reportsPolicy.readReport(actor, unitId)) throw new AppError('forbidden');
    let row = await this.repo.find(unitId, year, quarter);
    if (!row) {
      if (!reportsPolicy.writeReport(actor, unitId)) throw new AppError('report_not_found');
      if (!(await this.repo.unit(unitId))) throw new AppError('unit_not_found');
      const leader = (await this.candidates(unitId))[0];
      row = await this.repo.insertDraft({ unitId, year, quarter, signerId: leader?.id ?? null, otherInternal: emptyEnteredLine(), otherExternal: emptyEnteredLine(), recipients: 'Như trên\nLưu: VT', createdBy: actor.id });
      await this.audit.record({ actorId: actor.id, action: 'report.drafted', targetType: 'unit_report', targetId: row.id, data: { unitId, year, quarter }, ip });
    }
    return this.present(actor, await this.refreshed(row));
  }

  async get(actor: Actor, id: string): Promise<UnitReportView> {
    return this.present(actor, await this.readable(actor, id));
  }

  async update(actor: Actor, id: string, input: UpdateInput, ip = ''): Promise<UnitReportView> {
    const row = await this.writable(actor, id);
    if (row.state !== 'draft') throw new AppError('report_not_editable');
    if (input.signerId) await this.checkSigner(row.unitId, input.signerId);
    await this.db.transaction(async (tx) => {
      const set = { number: input.number, signerId: input.signerId, signerAuthority: input.signerAuthority, otherInternal: input.otherInternal, otherExternal: input.otherExternal, rented: input.rented, proposals: input.proposals, recipients: input.recipients };
      if (!(await this.repo.update(tx, id, input.version, set))) throw new AppError('report_version_conflict');
      await this.audit.record({ actorId: actor.id, action: 'report.changed', targetType: 'unit_report', targetId: id, data: set, ip }, tx);
    });
    return this.get(actor, id);
  }

  /** Row 1 frozen, the PDF with the signer's block to the signatures domain; the signer is told. */
  async sendForSigning(actor: Actor, id: string, ip = ''): Promise<UnitReportView> {
    const row = await this.writable(actor, id);
    if (row.state !== 'draft') throw new AppError('report_state_invalid');
    if (!row.signerId) throw new AppError('report_signer_required');
    await this.checkSigner(row.unitId, row.signerId);
    const at = new Date();
    const figures = await this.unitFigures(row.unitId, row.year, row.quarter);
    const frozen: Frozen = { ...figures, at: at.toISOString() };
    const pdf = await renderAdminDocument(reportDocument(await this.documentInput({ ...row, frozenFigures: frozen as never })));
    await this.db.transaction(async (tx) => {
      const { id: signableId } = await this.signatures.createSignable(tx, { kind: 'report', subjectId: id, title: `Báo cáo tình hình họp trực tuyến Quý ${romanQuarter(row.quarter)} năm ${row.year}`, pdf, signerIds: [row.signerId!], createdBy: actor.id });
      if (!(await this.repo.update(tx, id, row.version, { state: 'submitted_for_signing', frozenFigures: frozen as never, signableId }))) throw new AppError('report_version_conflict');
      await this.notifications.notify(tx, [{ userId: row.signerId!, kind: 'report.to_sign', data: { reportId: id, signableId, year: row.year, quarter: row.quarter } }]);
      await this.audit.record({ actorId: actor.id, action: 'report.sent_for_signing', targetType: 'unit_report', targetId: id, data: { signableId, signerId: row.signerId, figures: frozen }, ip }, tx);
    });
    return this.get(actor, id);
  }

  /** Back to a draft before it is submitted (a correction): the document sent for signing is set aside. */
  async reopen(actor: Actor, id: string, ip = ''): Promise<UnitReportView> {
    const row = await this.refreshed(await this.writable(actor, id));
    if (row.state !== 'submitted_for_signing' && row.state !== 'signed') throw new AppError('report_state_invalid');
    await this.db.transaction(async (tx) => {
      if (!(await this.repo.update(tx, id, row.version, { state: 'draft', frozenFigures: null, signableId: null }))) throw new AppError('report_version_conflict');
      await this.audit.record({ actorId: actor.id, action: 'report.reopened', targetType: 'unit_report', targetId: id, data: { signableId: row.signableId, state: row.state }, ip }, tx);
    });
    return this.get(actor, id);
  }

  /** The signed report to the operator. */
  async submit(actor: Actor, id: string, ip = ''): Promise<UnitReportView> {
    const row = await this.refreshed(await this.writable(actor, id));
    if (row.state === 'submitted') throw new AppError('report_state_invalid');
    if (row.state !== 'signed') throw new AppError('report_not_signed');
    const now = new Date();
    const late = now >= quarterDeadline(row.year, row.quarter).at;
    await this.db.transaction(async (tx) => {
      if (!(await this.repo.update(tx, id, row.version, { state: 'submitted', submittedAt: now, submittedBy: actor.id }))) throw new AppError('report_version_conflict');
      const unit = await this.repo.unit(row.unitId, tx);
      await this.notifications.notify(tx, (await this.repo.operators(tx)).map((o) => ({ userId: o.id, kind: 'report.submitted', data: { reportId: id, unit: unit?.name ?? '', year: row.year, quarter: row.quarter, late } })));
      await this.audit.record({ actorId: actor.id, action: 'report.submitted', targetType: 'unit_report', targetId: id, data: { late }, ip }, tx);
    });
    return this.get(actor, id);
  }

  async exportFile(actor: Actor, id: string, format: ReportFormat, ip = ''): Promise<ReportFile> {
    const row = await this.readable(actor, id);
    const unit = await this.repo.unit(row.unitId);
    const base = `bao-cao-hop-truc-tuyen-q${row.quarter}-${row.year}-${slugOf(unit?.name ?? 'don-vi')}`;
    let bytes: Buffer;
    const signed = row.signableId && row.state !== 'draft' ? await this.repo.signable(row.signableId) : undefined;
    if (format === 'pdf' && signed) bytes = signed.pdf;
    else {
      const input = await this.documentInput(row);
      bytes = format === 'xlsx' ? await reportWorkbook(input) : format === 'docx' ? await renderAdminDocx(reportDocument(input)) : await renderAdminDocument(reportDocument(input));
    }
    await this.audit.record({ actorId: actor.id, action: 'report.exported', targetType: 'unit_report', targetId: id, data: { format }, ip });
    return { filename: `${base}${format === 'pdf' && signed?.state === 'signed' ? '-da-ky' : ''}.${format}`, contentType: contentTypes[format], bytes };
  }

  // ------------------------------------------------------------------------------------------ the operator

  async quarterStatus(actor: Actor, year: number, quarter: number): Promise<QuarterStatusView> {
    if (!reportsPolicy.consolidate(actor)) throw new AppError('forbidden');
    const deadline = quarterDeadline(year, quarter);
    const now = new Date();
    const [expected, rows] = await Promise.all([this.repo.reportingUnits(), this.repo.ofQuarter(year, quarter)]);
    const refreshed = await Promise.all(rows.map((r) => this.refreshed(r)));
    const byUnit = new Map(refreshed.map((r) => [r.unitId, r]));
    const tree = await this.units.tree();
    const unitIds = [...new Set([...expected.map((u) => u.id), ...refreshed.map((r) => r.unitId)])];
    return {
      year,
      quarter,
      deadline: deadline.date,
      units: unitIds.map((unitId) => {
        const r = byUnit.get(unitId);
        const submittedAt = r?.submittedAt ?? null;
        return {
          unitId,
          unitName: tree.get(unitId)?.name ?? '',
          state: r?.state ?? 'none',
          reportId: r?.id ?? null,
          submittedAt: submittedAt?.toISOString() ?? null,
          late: submittedAt ? submittedAt >= deadline.at : now >= deadline.at,
        };
      }),
    };
  }

  async consolidated(actor: Actor, year: number, quarter: number): Promise<ConsolidatedReportView> {
    if (!reportsPolicy.consolidate(actor)) throw new AppError('forbidden');
    const { inputs, expected } = await this.submittedInputs(year, quarter);
    return {
      year,
      quarter,
      submitted: inputs.length,
      expected,
      table: reportTable(sumInputs(inputs.map((i) => i.input))),
      units: inputs.map((i) => ({ unitId: i.unitId, unitName: i.unitName, table: reportTable(i.input) })),
    };
  }

  async consolidatedExport(actor: Actor, year: number, quarter: number, format: ReportFormat, ip = ''): Promise<ReportFile> {
    if (!reportsPolicy.consolidate(actor)) throw new AppError('forbidden');
    const { inputs } = await this.submittedInputs(year, quarter);
    const operatorUnit = await this.repo.unit(actor.unitId);
    const root = operatorUnit?.rootName ?? '';
    const unitName = operatorUnit?.name ?? actor.unitName;
    const input: ReportDocumentInput = {
      unit: { name: unitName, parentName: operatorUnit?.parentName ?? null },
      year,
      quarter,
      number: '',
      place: placeOf(root),
      date: new Date(),
      addressee: `Lãnh đạo ${root}`,
      closingTo: `Lãnh đạo ${root}`,
      closingPurpose: 'để theo dõi, chỉ đạo',
      table: reportTable(sumInputs(inputs.map((i) => i.input))),
      proposals: inputs
        .filter((i) => i.proposals.trim())
        .map((i) => `${i.unitName}: ${i.proposals.trim().replace(/\n+/g, ' ')}`)
        .join('\n'),
      recipients: ['Như trên', 'Các đơn vị thuộc Bộ', 'Lưu: VT'],
      signer: { title: actor.title || 'Người tổng hợp', name: actor.name },
      annexes: inputs.map((i) => ({ unitName: i.unitName, table: reportTable(i.input) })),
    };
    const bytes = format === 'xlsx' ? await reportWorkbook(input) : format === 'docx' ? await renderAdminDocx(reportDocument(input)) : await renderAdminDocument(reportDocument(input));
    await this.audit.record({ actorId: actor.id, action: 'report.consolidated', targetType: 'report_quarter', targetId: `${year}-Q${quarter}`, data: { format, units: inputs.map((i) => i.unitId) }, ip });
    return { filename: `bao-cao-tong-hop-hop-truc-tuyen-q${quarter}-${year}.${format}`, contentType: contentTypes[format], bytes };
  }

  // ------------------------------------------------------------------------------------------ reminders

  /**
   * Reminds the office of each reporting unit whose report of the current quarter is not submitted, from a week
   * before the deadline, and of the previous quarter while it is still missing (late): a notification and a mail,
   * at most once a day per unit and quarter. Returns how many units were reminded.
   */
  async runReminders(now: Date): Promise<number> {
    const current = quarterOf(now);
    const previous = current.quarter === 1 ? { year: current.year - 1, quarter: 4 } : { year: current.year, quarter: current.quarter - 1 };
    const due = [previous, current].filter((p) => now.getTime() >= quarterDeadline(p.year, p.quarter).at.getTime() - REMIND_FROM_DAYS * DAY);
    let reminded = 0;
    const expected = await this.repo.reportingUnits();
    for (const p of due) {
      const deadline = quarterDeadline(p.year, p.quarter);
      const [rows, sent] = await Promise.all([this.repo.ofQuarter(p.year, p.quarter), this.repo.reminders(p.year, p.quarter)]);
      const done = new Set(rows.filter((r) => r.state === 'submitted').map((r) => r.unitId));
      const lastSent = new Map(sent.map((s) => [s.unitId, s.lastSentAt]));
      const units = expected.filter((u) => !done.has(u.id) && !((lastSent.get(u.id)?.getTime() ?? 0) > now.getTime() - DAY + REMINDER_INTERVAL_MS));
      if (!units.length) continue;
      const offices = await this.repo.organisersOf(units.map((u) => u.id));
      const late = now >= deadline.at;
      const [y, m, d] = deadline.date.split('-');
      const period = `Quý ${romanQuarter(p.quarter)} năm ${p.year}`;
      await this.db.transaction(async (tx) => {
        for (const unit of units) {
          const people = offices.filter((o) => o.unitId === unit.id);
          const data = { unitId: unit.id, unit: unit.name, year: p.year, quarter: p.quarter, deadline: deadline.date, late };
          await this.notifications.notify(tx, people.map((o) => ({ userId: o.id, kind: 'report.reminder', data })));
          const text = late
            ? `${unit.name} chưa gửi báo cáo tình hình họp trực tuyến ${period}; hạn gửi là trước ngày ${d}/${m}/${y}. Đề nghị hoàn thành, ký và gửi báo cáo: ${this.options.baseUrl()}/bao-cao`
            : `Báo cáo tình hình họp trực tuyến ${period} của ${unit.name} cần gửi trước ngày ${d}/${m}/${y}: ${this.options.baseUrl()}/bao-cao`;
          await this.mail.enqueue(
            tx,
            people.map((o) => ({ userId: o.id, kind: 'report.reminder', to: o.email, subject: `${late ? 'Quá hạn: ' : 'Nhắc: '}báo cáo tình hình họp trực tuyến ${period}`, text })),
          );
          await this.repo.remember(tx, unit.id, p.year, p.quarter, now);
          await this.audit.record({ actorId: null, action: 'report.reminded', targetType: 'unit', targetId: unit.id, data: { ...data, recipients: people.map((o) => o.id) } }, tx);
          reminded += 1;
        }
      });
    }
    return reminded;
  }

  // ------------------------------------------------------------------------------------------ helpers

  private async readable(actor: Actor, id: string): Promise<UnitReportRow> {
    const row = await this.repo.byId(id);
    if (!row || !reportsPolicy.readReport(actor, row.unitId)) throw new AppError('report_not_found');
    return this.refreshed(row);
  }

  private async writable(actor: Actor, id: string): Promise<UnitReportRow> {
    const row = await this.repo.byId(id);
    if (!row || !reportsPolicy.readReport(actor, row.unitId)) throw new AppError('report_not_found');
    if (!reportsPolicy.writeReport(actor, row.unitId)) throw new AppError('forbidden');
    return row;
  }

  /** A report sent for signing becomes `signed` once its signer has signed (the signatures domain says so). */
  private async refreshed(row: UnitReportRow): Promise<UnitReportRow> {
    if (row.state !== 'submitted_for_signing' || !row.signableId) return row;
    const s = await this.repo.signable(row.signableId);
    if (s?.state !== 'signed') return row;
    await this.db.transaction((tx) => this.repo.update(tx, row.id, row.version, { state: 'signed' }));
    return (await this.repo.byId(row.id))!;
  }

  private async checkSigner(unitId: string, signerId: string): Promise<void> {
    const p = await this.repo.person(signerId);
    if (!p || p.disabled || p.unitId !== unitId || p.role === 'guest' || p.role === 'endpoint') throw new AppError('report_signer_invalid', { signerId: 'not an enabled person of the unit' });
  }

  private async candidates(unitId: string) {
    const all = await this.repo.signerCandidates(unitId);
    return [...all.filter((p) => LEADER.test(p.title)), ...all.filter((p) => !LEADER.test(p.title))].map(({ id, name, title }) => ({ id, name, title }));
  }

  private async unitFigures(unitId: string, year: number, quarter: number): Promise<{ hosted: FigureRow; guest: FigureRow }> {
    const f = await meetingFigures(this.db, { ...quarterPeriod(year, quarter), unitIds: [unitId] });
    return { hosted: f.units[0]?.hosted ?? emptyRow(), guest: f.units[0]?.guest ?? emptyRow() };
  }

  private async tableInput(row: UnitReportRow): Promise<{ input: TableInput; at: Date }> {
    const frozen = row.frozenFigures as Frozen | null;
    const figures = frozen ?? { ...(await this.unitFigures(row.unitId, row.year, row.quarter)), at: new Date().toISOString() };
    return { input: { hosted: figures.hosted, guest: figures.guest, otherInternal: row.otherInternal, otherExternal: row.otherExternal, rented: row.rented }, at: new Date(figures.at) };
  }

  private async documentInput(row: UnitReportRow): Promise<ReportDocumentInput> {
    const unit = (await this.repo.unit(row.unitId))!;
    const { input, at } = await this.tableInput(row);
    const signer = row.signerId ? await this.repo.person(row.signerId) : undefined;
    const operators = await this.repo.operators();
    const consolidating = operators[0] ? await this.repo.unit(operators[0].unitId) : undefined;
    const via = consolidating && consolidating.name !== unit.rootName ? consolidating.name : null;
    return {
      unit: { name: unit.name, parentName: unit.parentName },
      year: row.year,
      quarter: row.quarter,
      number: row.number,
      place: placeOf(unit.rootName),
      date: row.frozenFigures ? at : new Date(),
      addressee: `${unit.rootName}${via ? ` (qua ${via})` : ''}`,
      closingTo: via ?? unit.rootName,
      table: reportTable(input),
      proposals: row.proposals,
      recipients: row.recipients.split(/\n+/).map((l) => l.trim().replace(/^-\s*/, '')).filter(Boolean),
      signer: { authority: row.signerAuthority || undefined, title: signer?.title || 'Thủ trưởng đơn vị', name: signer?.name ?? '' },
      figuresAt: at,
    };
  }

  private async submittedInputs(year: number, quarter: number) {
    const [rows, expected] = await Promise.all([this.repo.ofQuarter(year, quarter), this.repo.reportingUnits()]);
    const submitted = rows.filter((r) => r.state === 'submitted');
    const tree = await this.units.tree();
    const inputs = await Promise.all(submitted.map(async (r) => ({ unitId: r.unitId, unitName: tree.get(r.unitId)?.name ?? '', proposals: r.proposals, input: (await this.tableInput(r)).input })));
    inputs.sort((a, b) => a.unitName.localeCompare(b.unitName, 'vi'));
    return { inputs, expected: expected.length };
  }

  private async present(actor: Actor, row: UnitReportRow): Promise<UnitReportView> {
    const unit = (await this.repo.unit(row.unitId))!;
    const { input, at } = await this.tableInput(row);
    const signer = row.signerId ? await this.repo.person(row.signerId) : undefined;
    const deadline = quarterDeadline(row.year, row.quarter);
    const table: ReportTableLine[] = reportTable(input);
    const writer = reportsPolicy.writeReport(actor, row.unitId);
    return {
      id: row.id,
      unit: { id: unit.id, name: unit.name, parentName: unit.parentName },
      year: row.year,
      quarter: row.quarter,
      state: row.state,
      deadline: deadline.date,
      late: row.submittedAt ? row.submittedAt >= deadline.at : new Date() >= deadline.at,
      number: row.number,
      signer: signer ? { id: signer.id, name: signer.name, title: signer.title } : null,
      signerAuthority: row.signerAuthority,
      otherInternal: row.otherInternal as Required<ReportEnteredLine>,
      otherExternal: row.otherExternal as Required<ReportEnteredLine>,
      rented: row.rented,
      proposals: row.proposals,
      recipients: row.recipients,
      table,
      figuresAt: at.toISOString(),
      signableId: row.signableId,
      version: row.version,
      submittedAt: row.submittedAt?.toISOString() ?? null,
      canEdit: writer && row.state === 'draft',
      signerCandidates: writer ? await this.candidates(row.unitId) : [],
    };
  }
}

const slugOf = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
