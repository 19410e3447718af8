/**
 * Tasks the conclusions assign and their follow-up (R4.2, D12.5). The chair's office (who manages the meeting) assigns
 * each task to a unit or a person with a deadline — a working day, by the operator's calendar — while the notice is a
 * draft; once it is issued the assignee (the person, or an organiser of the unit) sees the task in "my tasks", reports
 * progress with documents and reports it done. The follow-up job (`runReminders(now)`, every 30 s like the
 * invitations' reminders) reminds the assignee `REMINDER_WORKING_DAYS` working days before the deadline and, once it
 * has passed, escalates the task to the chair's office (the notice's issuer and the host unit's organisers), each
 * once. The office's board counts done, in progress and overdue per unit and per meeting, also as XLSX. Every change
 * and export is audited in its transaction; others are refused.
 */
import { PeriodicJob } from '../periodic-job';
import type { z } from 'zod';
import type { TaskBoardResponse, TaskDetailView, TaskReportFileView, TaskReportView, TaskView } from '../../shared/api';
import type { taskBody, taskReportBody } from '../../shared/api';
import { addDays, isWorkingDay, vnDate } from '../../shared/calendar/working-days';
import type { AuditService } from '../audit/audit.service';
import type { WorkingCalendar } from '../calendar/holiday.service';
import type { ConclusionsService } from '../conclusions/conclusions.service';
import { civilDate } from '../conclusions/notice-content';
import type { ConclusionsRepository } from '../conclusions/conclusions.repository';
import type { Db, Tx } from '../db/client';
import type { DocumentService, UploadInput } from '../documents/document.service';
import { AppError } from '../errors';
import type { MailService, OutgoingMail } from '../mail/mail.service';
import type { MeetingService } from '../meetings/meeting.service';
import type { NotificationService } from '../notifications/notification.service';
import type { Actor } from '../organisation/organisation.policy';
import type { UnitRepository } from '../organisation/unit.repository';
import { boardXlsx, buildBoard } from './task-board';
import { followUpDue, REMINDER_LOOKAHEAD_DAYS } from './task-rules';
import { assigneeName, presentReport, presentTask, presentTaskDetail } from './task.presenter';
import type { TaskLine, TaskRepository } from './task.repository';

const FOLLOW_UP_INTERVAL_MS = 30_000;
type TaskInput = z.output<typeof taskBody>;
type ReportInput = z.output<typeof taskReportBody>;
const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const withTitle = (p: { name: string; title: string }) => [p.title, p.name].filter(Boolean).join(' ');

/** The assignee of a task is the person, or an organiser of the unit (its office). */
const isAssignee = (actor: Actor, t: TaskLine['task']) =>
  t.assigneeUserId === actor.id || (t.assigneeUnitId !== null && actor.role === 'organiser' && actor.unitId === t.assigneeUnitId);

export class TaskService {
  private readonly job = new PeriodicJob(
    () => this.runReminders(new Date()),
    (err) => this.log.warn({ err: err.message }, 'task follow-up failed'),
  );

  constructor(
    private readonly db: Db,
    private readonly repo: TaskRepository,
    private readonly conclusions: Pick<ConclusionsService, 'managedAfterMeeting' | 'lockDraft'>,
    private readonly conclusionsRepo: Pick<ConclusionsRepository, 'conclusion' | 'notice'>,
    private readonly meetings: Pick<MeetingService, 'getManaged'>,
    private readonly units: Pick<UnitRepository, 'tree'>,
    private readonly holidays: { calendar(from: string, to: string): Promise<WorkingCalendar> },
    private readonly documents: Pick<DocumentService, 'store' | 'storedFile'>,
    private readonly mail: MailService,
    private readonly notifications: NotificationService,
    private readonly audit: AuditService,
    private readonly options: { baseUrl: () => string },
    private readonly log: { warn(obj: object, msg: string): void } = { warn: () => undefined },
  ) {}

  // ------------------------------------------------------------------ assigning (the office, while a draft)

  async create(actor: Actor, meetingId: string, conclusionId: string, input: TaskInput, ip = ''): Promise<TaskView> {
    await this.conclusions.managedAfterMeeting(actor, meetingId);
    await this.checkInput(input);
    const id = await this.db.transaction(async (tx) => {
      await this.conclusions.lockDraft(tx, meetingId);
      if (!(await this.conclusionsRepo.conclusion(meetingId, conclusionId, tx))) throw new AppError('conclusion_not_found');
      const task = await this.repo.insert(tx, { meetingId, conclusionId, ...this.fields(input), createdBy: actor.id });
      await this.audit.record({ actorId: actor.id, action: 'task.assigned', targetType: 'meeting', targetId: meetingId, data: { taskId: task.id, conclusionId, ...this.fields(input) }, ip }, tx);
      return task.id;
    });
    return presentTask((await this.repo.line(id))!, new Date());
  }

  async update(actor: Actor, taskId: string, input: TaskInput, ip = ''): Promise<TaskView> {
    const line = await this.managedLine(actor, taskId);
    await this.checkInput(input);
    await this.db.transaction(async (tx) => {
      await this.conclusions.lockDraft(tx, line.task.meetingId);
      await this.repo.update(tx, taskId, this.fields(input));
      await this.audit.record({ actorId: actor.id, action: 'task.changed', targetType: 'meeting', targetId: line.task.meetingId, data: { taskId, ...this.fields(input) }, ip }, tx);
    });
    return presentTask((await this.repo.line(taskId))!, new Date());
  }

  async remove(actor: Actor, taskId: string, ip = ''): Promise<void> {
    const line = await this.managedLine(actor, taskId);
    await this.db.transaction(async (tx) => {
      await this.conclusions.lockDraft(tx, line.task.meetingId);
      await this.repo.delete(tx, taskId);
      await this.audit.record({ actorId: actor.id, action: 'task.removed', targetType: 'meeting', targetId: line.task.meetingId, data: { taskId, description: line.task.description }, ip }, tx);
    });
  }

  private fields(input: TaskInput) {
    return { description: input.description, assigneeUserId: input.assigneeUserId ?? null, assigneeUnitId: input.assigneeUnitId ?? null, deadline: input.deadline };
  }

  /** The assignee exists (an enabled person, a unit) and the deadline is a working day not yet past. */
  private async checkInput(input: TaskInput): Promise<void> {
    if (input.assigneeUserId && !(await this.repo.people([input.assigneeUserId])).length) throw new AppError('task_assignee_invalid', { assigneeUserId: 'no such enabled person' });
    if (input.assigneeUnitId && !(await this.repo.unitExists(input.assigneeUnitId))) throw new AppError('task_assignee_invalid', { assigneeUnitId: 'no such unit' });
    if (input.deadline < vnDate(new Date())) throw new AppError('task_deadline_past', { date: civilDate(input.deadline) });
    const cal = await this.holidays.calendar(input.deadline, input.deadline);
    if (!isWorkingDay(input.deadline, cal.holidays, cal.workingWeekendDays)) throw new AppError('task_deadline_not_working_day', { date: civilDate(input.deadline) });
  }

  /** A task for its meeting's office (its existence not revealed to others). */
  private async managedLine(actor: Actor, taskId: string): Promise<TaskLine> {
    const line = await this.repo.line(taskId);
    if (!line) throw new AppError('task_not_found');
    await this.conclusions.managedAfterMeeting(actor, line.task.meetingId);
    return line;
  }

  // ------------------------------------------------------------------ the assignee

  /** "My tasks": those of issued notices assigned to the actor or to the unit they are an organiser of. */
  async mine(actor: Actor): Promise<TaskDetailView[]> {
    const lines = await this.repo.assignedTo(actor.id, actor.role === 'organiser' ? actor.unitId : null);
    return this.details(lines, (l) => isAssignee(actor, l.task));
  }

  /** One task for its assignee (once issued) or its meeting's office. */
  async get(actor: Actor, taskId: string): Promise<TaskDetailView> {
    const line = await this.visibleLine(actor, taskId);
    return (await this.details([line], (l) => isAssignee(actor, l.task) && l.issuedAt !== null))[0]!;
  }

  private async visibleLine(actor: Actor, taskId: string): Promise<TaskLine> {
    const line = await this.repo.line(taskId);
    if (!line) throw new AppError('task_not_found');
    if (isAssignee(actor, line.task) && line.issuedAt) return line;
    try {
      await this.meetings.getManaged(actor, line.task.meetingId);
    } catch (err) {
      if (err instanceof AppError && err.id === 'forbidden') throw new AppError('task_not_found');
      throw err;
    }
    return line;
  }

  private async details(lines: TaskLine[], canReport: (l: TaskLine) => boolean): Promise<TaskDetailView[]> {
    const { reports, files } = await this.repo.reportsOf(lines.map((l) => l.task.id));
    const now = new Date();
    return lines.map((l) => presentTaskDetail(l, now, reports, files, canReport(l)));
  }

  /** A progress report by the assignee; `done` reports the task done (once). The office is told in the app. */
  async report(actor: Actor, taskId: string, input: ReportInput, ip = ''): Promise<TaskReportView> {
    const line = await this.reportableLine(actor, taskId);
    const now = new Date();
    const saved = await this.db.transaction(async (tx) => {
      if (line.task.doneAt) throw new AppError('task_done');
      const report = await this.repo.insertReport(tx, { taskId, text: input.text, done: input.done, reportedBy: actor.id, reportedAt: now });
      if (input.done && !(await this.repo.markDone(tx, taskId, now))) throw new AppError('task_done');
      const office = await this.office(line, tx);
      await this.notifications.notify(
        tx,
        office.map((p) => ({ userId: p.id, kind: 'task_reported', data: { taskId, meetingId: line.task.meetingId, title: line.meetingTitle, description: line.task.description, done: input.done, by: withTitle(actor) } })),
      );
      await this.audit.record({ actorId: actor.id, action: input.done ? 'task.done' : 'task.reported', targetType: 'meeting', targetId: line.task.meetingId, data: { taskId, reportId: report.id, done: input.done }, ip }, tx);
      return report;
    });
    return presentReport({ report: saved, name: actor.name, title: actor.title, unitName: actor.unitName }, []);
  }

  /** A document attached to one's report (stored as meeting documents are: type by content, size bounded). */
  async attach(actor: Actor, taskId: string, reportId: string, upload: Omit<UploadInput, 'kind'>, ip = ''): Promise<TaskReportFileView> {
    const line = await this.reportableLine(actor, taskId);
    const report = await this.repo.report(taskId, reportId);
    if (!report || report.reportedBy !== actor.id) throw new AppError('task_report_not_found');
    const file = await this.documents.store(upload, async (tx, stored) => {
      const row = await this.repo.insertFile(tx, { reportId, ...stored });
      await this.audit.record({ actorId: actor.id, action: 'task.report_file_added', targetType: 'meeting', targetId: line.task.meetingId, data: { taskId, reportId, fileId: row.id, ...stored }, ip }, tx);
      return row;
    });
    return { id: file.id, name: file.name, mediaType: file.mediaType, size: file.size };
  }

  /** A report's document for whoever may see the task. */
  async file(actor: Actor, taskId: string, reportId: string, fileId: string): Promise<{ path: string; name: string; mediaType: string; size: number }> {
    await this.visibleLine(actor, taskId);
    const report = await this.repo.report(taskId, reportId);
    const file = report ? await this.repo.file(reportId, fileId) : undefined;
    const path = file ? this.documents.storedFile(file.sha256) : null;
    if (!file || !path) throw new AppError('task_report_not_found');
    return { path, name: file.name, mediaType: file.mediaType, size: file.size };
  }

  private async reportableLine(actor: Actor, taskId: string): Promise<TaskLine> {
    const line = await this.repo.line(taskId);
    if (!line || !line.issuedAt) throw new AppError('task_not_found');
    if (!isAssignee(actor, line.task)) {
      // the office sees the task but does not report for the assignee; anyone else does not learn it exists
      const managed = await this.meetings.getManaged(actor, line.task.meetingId).then(
        () => true,
        () => false,
      );
      throw new AppError(managed ? 'forbidden' : 'task_not_found');
    }
    return line;
  }

  // ------------------------------------------------------------------ the follow-up board (the office)

  async board(actor: Actor, meetingId?: string): Promise<TaskBoardResponse> {
    if (meetingId) await this.meetings.getManaged(actor, meetingId);
    else if (actor.role !== 'operator' && actor.role !== 'organiser') throw new AppError('forbidden');
    let lines = await this.repo.issued(meetingId);
    if (actor.role !== 'operator') {
      const tree = await this.units.tree();
      lines = lines.filter((l) => tree.contains(actor.unitId, l.hostUnitId));
    }
    const now = new Date();
    return buildBoard(
      lines.map((l) => ({
        ...presentTask(l, now),
        meetingTitle: l.meetingTitle,
        meetingStartsAt: l.meetingStartsAt.toISOString(),
        assigneeName: assigneeName(l),
        unitId: (l.task.assigneeUnitId ?? l.personUnitId)!,
        unitName: (l.task.assigneeUnitId ? l.unitName : l.personUnitName) ?? '',
      })),
    );
  }

  async boardXlsx(actor: Actor, meetingId?: string, ip = ''): Promise<Buffer> {
    const board = await this.board(actor, meetingId);
    await this.audit.record({ actorId: actor.id, action: 'task.board_exported', targetType: meetingId ? 'meeting' : undefined, targetId: meetingId, data: { format: 'xlsx', tasks: board.tasks.length }, ip });
    return boardXlsx(board, new Date());
  }

  // ------------------------------------------------------------------ reminders and escalation (D12.5)

  /** Sends the reminders and escalations due at `now`, each once. Returns how many of each. */
  async runReminders(now: Date): Promise<{ reminded: number; escalated: number }> {
    const today = vnDate(now);
    const horizon = addDays(today, REMINDER_LOOKAHEAD_DAYS);
    const candidates = await this.repo.followUpCandidates(horizon);
    if (!candidates.length) return { reminded: 0, escalated: 0 };
    const cal = await this.holidays.calendar(addDays(today, -REMINDER_LOOKAHEAD_DAYS), horizon);
    const working = (d: string) => isWorkingDay(d, cal.holidays, cal.workingWeekendDays);
    let reminded = 0;
    let escalated = 0;
    for (const line of candidates) {
      const due = followUpDue(line.task, now, working);
      if (due === 'remind' && (await this.remind(line, now))) reminded += 1;
      if (due === 'escalate' && (await this.escalate(line, now))) escalated += 1;
    }
    return { reminded, escalated };
  }

  startReminders(intervalMs = FOLLOW_UP_INTERVAL_MS): void {
    this.job.start(intervalMs);
  }

  stopReminders(): Promise<void> {
    return this.job.stop();
  }

  private async remind(line: TaskLine, now: Date): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      if (!(await this.repo.claim(tx, line.task.id, 'reminded', now))) return false;
      const assignees = await this.assignees(line, tx);
      const subject = `[Nhắc] Nhiệm vụ đến hạn ngày ${civilDate(line.task.deadline)}: ${line.meetingTitle}`;
      const body = [
        `Nhiệm vụ theo Thông báo kết luận cuộc họp "${line.meetingTitle}":`,
        line.task.description,
        `Thời hạn hoàn thành: ${civilDate(line.task.deadline)}. Đề nghị báo cáo kết quả thực hiện tại ${this.tasksUrl()}.`,
      ];
      await this.mail.enqueue(tx, this.mails(line, assignees, 'task_reminder', subject, body));
      await this.notifications.notify(tx, assignees.map((p) => ({ userId: p.id, kind: 'task_reminder', data: this.noticeData(line) })));
      await this.audit.record({ actorId: null, action: 'task.reminded', targetType: 'meeting', targetId: line.task.meetingId, data: { taskId: line.task.id, deadline: line.task.deadline, recipients: assignees.length } }, tx);
      return true;
    });
  }

  /** Past the deadline and not done: the chair's office is told (and the assignee), once. */
  private async escalate(line: TaskLine, now: Date): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      if (!(await this.repo.claim(tx, line.task.id, 'escalated', now))) return false;
      const [office, assignees] = await Promise.all([this.office(line, tx), this.assignees(line, tx)]);
      const who = assigneeName(line);
      const subject = `[Quá hạn] Nhiệm vụ của ${who}: ${line.meetingTitle}`;
      const body = [
        `Nhiệm vụ theo Thông báo kết luận cuộc họp "${line.meetingTitle}" đã quá thời hạn ${civilDate(line.task.deadline)} mà chưa được báo cáo hoàn thành:`,
        line.task.description,
        `Người/đơn vị thực hiện: ${who}.`,
        `Theo dõi tình hình thực hiện: ${this.options.baseUrl().replace(/\/+$/, '')}/tasks/board?meetingId=${line.task.meetingId}`,
      ];
      await this.mail.enqueue(tx, this.mails(line, office, 'task_overdue', subject, body));
      await this.notifications.notify(tx, office.map((p) => ({ userId: p.id, kind: 'task_overdue', data: { ...this.noticeData(line), assignee: who, office: true } })));
      await this.notifications.notify(
        tx,
        assignees.filter((a) => !office.some((o) => o.id === a.id)).map((p) => ({ userId: p.id, kind: 'task_overdue', data: { ...this.noticeData(line), assignee: who, office: false } })),
      );
      await this.audit.record(
        { actorId: null, action: 'task.escalated', targetType: 'meeting', targetId: line.task.meetingId, data: { taskId: line.task.id, deadline: line.task.deadline, office: office.map((p) => p.id) } },
        tx,
      );
      return true;
    });
  }

  private noticeData(line: TaskLine) {
    return { taskId: line.task.id, meetingId: line.task.meetingId, title: line.meetingTitle, description: line.task.description, deadline: line.task.deadline };
  }

  private tasksUrl() {
    return `${this.options.baseUrl().replace(/\/+$/, '')}/tasks`;
  }

  private mails(line: TaskLine, people: { id: string; name: string; title: string; email: string }[], kind: string, subject: string, body: string[]): OutgoingMail[] {
    return people
      .filter((p) => p.email.trim())
      .map((p) => {
        const text = [`Kính gửi: ${withTitle(p)}`, '', ...body, '', '-- GiaoBan'].join('\n');
        return { meetingId: line.task.meetingId, userId: p.id, kind, to: p.email, subject, text, html: text.split('\n').map((l) => `<p>${escapeHtml(l)}</p>`).join('') };
      });
  }

  /** The person, or the enabled organisers of the unit. */
  private async assignees(line: TaskLine, tx: Tx) {
    return line.task.assigneeUserId ? this.repo.people([line.task.assigneeUserId], tx) : this.repo.organisersOf([line.task.assigneeUnitId!], tx);
  }

  /** The chair's office: whoever issued the notice, and the organisers of the host unit. */
  private async office(line: TaskLine, tx: Tx) {
    const notice = await this.conclusionsRepo.notice(line.task.meetingId, tx);
    const [issuer, organisers] = await Promise.all([notice?.issuedBy ? this.repo.people([notice.issuedBy], tx) : [], this.repo.organisersOf([line.hostUnitId], tx)]);
    const seen = new Set<string>();
    return [...issuer, ...organisers].filter((p) => (seen.has(p.id) ? false : (seen.add(p.id), true)));
  }
}
