/** SQL of the tasks conclusions assign (R4.2, D12.5): tasks, progress reports and their files, the follow-up. */
import { and, asc, desc, eq, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { inChunks } from '../db/batch';
import type { Db, Tx } from '../db/client';
import { conclusionsNotices, conclusionTasks, meetingConclusions, meetings, taskReportFiles, taskReports, units, users } from '../db/schema';

export type TaskRow = typeof conclusionTasks.$inferSelect;
export type TaskReportRow = typeof taskReports.$inferSelect;
export type TaskReportFileRow = typeof taskReportFiles.$inferSelect;

const assigneeUnit = alias(units, 'assignee_unit');
const personUnit = alias(units, 'person_unit');

/** A task with what is shown with it: the assignee's name and unit, the meeting, the conclusion, whether issued. */
const taskColumns = {
  task: conclusionTasks,
  personName: users.name,
  personTitle: users.title,
  personUnitName: personUnit.name,
  personUnitId: users.unitId,
  unitName: assigneeUnit.name,
  meetingTitle: meetings.title,
  meetingStartsAt: meetings.startsAt,
  hostUnitId: meetings.hostUnitId,
  conclusion: meetingConclusions.text,
  issuedAt: conclusionsNotices.issuedAt,
};
export type TaskLine = {
  task: TaskRow;
  personName: string | null;
  personTitle: string | null;
  personUnitName: string | null;
  personUnitId: string | null;
  unitName: string | null;
  meetingTitle: string;
  meetingStartsAt: Date;
  hostUnitId: string;
  conclusion: string;
  issuedAt: Date | null;
};

export class TaskRepository {
  constructor(private readonly db: Db) {}

  private lines(q: Db | Tx) {
    return q
      .select(taskColumns)
      .from(conclusionTasks)
      .innerJoin(meetings, eq(meetings.id, conclusionTasks.meetingId))
      .innerJoin(meetingConclusions, eq(meetingConclusions.id, conclusionTasks.conclusionId))
      .leftJoin(conclusionsNotices, eq(conclusionsNotices.meetingId, conclusionTasks.meetingId))
      .leftJoin(users, eq(users.id, conclusionTasks.assigneeUserId))
      .leftJoin(personUnit, eq(personUnit.id, users.unitId))
      .leftJoin(assigneeUnit, eq(assigneeUnit.id, conclusionTasks.assigneeUnitId));
  }

  async ofMeeting(meetingId: string, tx: Db | Tx = this.db): Promise<TaskLine[]> {
    return this.lines(tx).where(eq(conclusionTasks.meetingId, meetingId)).orderBy(asc(conclusionTasks.createdAt));
  }

  async line(taskId: string, tx: Db | Tx = this.db): Promise<TaskLine | undefined> {
    const [row] = await this.lines(tx).where(eq(conclusionTasks.id, taskId));
    return row;
  }

  /** Tasks of issued notices assigned to the person, or to the unit they are an organiser of. */
  async assignedTo(userId: string, organiserOfUnitId: string | null): Promise<TaskLine[]> {
    const mine = organiserOfUnitId ? or(eq(conclusionTasks.assigneeUserId, userId), eq(conclusionTasks.assigneeUnitId, organiserOfUnitId)) : eq(conclusionTasks.assigneeUserId, userId);
    return this.lines(this.db)
      .where(and(mine, isNotNull(conclusionsNotices.issuedAt)))
      .orderBy(asc(conclusionTasks.deadline), asc(conclusionTasks.createdAt));
  }

  /** Tasks of issued notices, of every meeting or of one: the follow-up board. */
  async issued(meetingId?: string): Promise<TaskLine[]> {
    return this.lines(this.db)
      .where(and(isNotNull(conclusionsNotices.issuedAt), meetingId ? eq(conclusionTasks.meetingId, meetingId) : undefined))
      .orderBy(asc(conclusionTasks.deadline), asc(conclusionTasks.createdAt));
  }

  /** Tasks not done of issued notices whose reminder or escalation has not been sent, due by `lastDeadline`. */
  async followUpCandidates(lastDeadline: string): Promise<TaskLine[]> {
    return this.lines(this.db).where(
      and(
        isNotNull(conclusionsNotices.issuedAt),
        isNull(conclusionTasks.doneAt),
        or(isNull(conclusionTasks.remindedAt), isNull(conclusionTasks.escalatedAt)),
        sql`${conclusionTasks.deadline} <= ${lastDeadline}`,
      ),
    );
  }

  /** Takes the reminder or the escalation of a task, once: false when it was already taken (or the task is done). */
  async claim(tx: Tx, taskId: string, which: 'reminded' | 'escalated', at: Date): Promise<boolean> {
    const column = which === 'reminded' ? conclusionTasks.remindedAt : conclusionTasks.escalatedAt;
    const rows = await tx
      .update(conclusionTasks)
      .set(which === 'reminded' ? { remindedAt: at } : { escalatedAt: at })
      .where(and(eq(conclusionTasks.id, taskId), isNull(column), isNull(conclusionTasks.doneAt)))
      .returning({ id: conclusionTasks.id });
    return rows.length > 0;
  }

  async insert(tx: Tx, row: typeof conclusionTasks.$inferInsert): Promise<TaskRow> {
    const [created] = await tx.insert(conclusionTasks).values(row).returning();
    return created!;
  }

  async update(tx: Tx, id: string, patch: Partial<typeof conclusionTasks.$inferInsert>): Promise<void> {
    await tx.update(conclusionTasks).set(patch).where(eq(conclusionTasks.id, id));
  }

  async delete(tx: Tx, id: string): Promise<void> {
    await tx.delete(conclusionTasks).where(eq(conclusionTasks.id, id));
  }

  /** Marks the task done, once: false when it already was. */
  async markDone(tx: Tx, id: string, at: Date): Promise<boolean> {
    const rows = await tx.update(conclusionTasks).set({ doneAt: at }).where(and(eq(conclusionTasks.id, id), isNull(conclusionTasks.doneAt))).returning({ id: conclusionTasks.id });
    return rows.length > 0;
  }

  async insertReport(tx: Tx, row: typeof taskReports.$inferInsert): Promise<TaskReportRow> {
    const [created] = await tx.insert(taskReports).values(row).returning();
    return created!;
  }

  async report(taskId: string, reportId: string, tx: Db | Tx = this.db): Promise<TaskReportRow | undefined> {
    const [row] = await tx.select().from(taskReports).where(and(eq(taskReports.id, reportId), eq(taskReports.taskId, taskId)));
    return row;
  }

  /** The reports of these tasks, newest first, with their authors and files. */
  async reportsOf(taskIds: string[]) {
    const reports = await inChunks(taskIds, (chunk) =>
      this.db
        .select({ report: taskReports, name: users.name, title: users.title, unitName: units.name })
        .from(taskReports)
        .leftJoin(users, eq(users.id, taskReports.reportedBy))
        .leftJoin(units, eq(units.id, users.unitId))
        .where(inArray(taskReports.taskId, chunk))
        .orderBy(desc(taskReports.reportedAt)),
    );
    const files = await inChunks(
      reports.map((r) => r.report.id),
      (chunk) => this.db.select().from(taskReportFiles).where(inArray(taskReportFiles.reportId, chunk)).orderBy(asc(taskReportFiles.uploadedAt)),
    );
    return { reports, files };
  }

  async insertFile(tx: Tx, row: typeof taskReportFiles.$inferInsert): Promise<TaskReportFileRow> {
    const [created] = await tx.insert(taskReportFiles).values(row).returning();
    return created!;
  }

  async file(reportId: string, fileId: string): Promise<TaskReportFileRow | undefined> {
    const [row] = await this.db.select().from(taskReportFiles).where(and(eq(taskReportFiles.id, fileId), eq(taskReportFiles.reportId, reportId)));
    return row;
  }

  /** Enabled organisers of these units: who answers for a unit's task (R1.2). */
  async organisersOf(unitIds: string[], tx: Db | Tx = this.db): Promise<{ id: string; name: string; title: string; email: string; unitId: string }[]> {
    return inChunks(unitIds, (chunk) =>
      tx
        .select({ id: users.id, name: users.name, title: users.title, email: users.email, unitId: users.unitId })
        .from(users)
        .where(and(eq(users.role, 'organiser'), isNull(users.disabledAt), inArray(users.unitId, chunk))),
    );
  }

  /** Enabled people by id, with their e-mail. */
  async people(ids: string[], tx: Db | Tx = this.db): Promise<{ id: string; name: string; title: string; email: string; unitId: string }[]> {
    return inChunks(ids, (chunk) =>
      tx.select({ id: users.id, name: users.name, title: users.title, email: users.email, unitId: users.unitId }).from(users).where(and(inArray(users.id, chunk), isNull(users.disabledAt))),
    );
  }

  async unitExists(unitId: string, tx: Db | Tx = this.db): Promise<boolean> {
    const [row] = await tx.select({ id: units.id }).from(units).where(eq(units.id, unitId));
    return Boolean(row);
  }
}
