/** Feedback rows (R5.5): the only SQL of the domain. */
import { and, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { FeedbackStatus } from '../../shared/api';
import type { Db, Tx } from '../db/client';
import { feedback, units, users } from '../db/schema';

export type FeedbackRow = typeof feedback.$inferSelect;
export type FeedbackListed = FeedbackRow & { unitName: string; authorName: string; answeredByName: string | null };

const answerer = alias(users, 'answerer');

export class FeedbackRepository {
  constructor(private readonly db: Db) {}

  async insert(tx: Tx, row: typeof feedback.$inferInsert): Promise<FeedbackRow> {
    const [created] = await tx.insert(feedback).values(row).returning();
    return created!;
  }

  async find(id: string, tx: Db | Tx = this.db): Promise<FeedbackRow | undefined> {
    const [row] = await tx.select().from(feedback).where(eq(feedback.id, id));
    return row;
  }

  /** Answer an item still open or answered; the row as it is now, or undefined when it was closed meanwhile. */
  async answer(tx: Tx, id: string, input: { answer: string; by: string; status: FeedbackStatus }): Promise<FeedbackRow | undefined> {
    const [row] = await tx
      .update(feedback)
      .set({ answer: input.answer, answeredBy: input.by, answeredAt: new Date(), status: input.status })
      .where(and(eq(feedback.id, id), sql`${feedback.status} <> 'closed'`))
      .returning();
    return row;
  }

  /** The list, newest first: all, a unit's subtree (its id and those under it), one author's, or one item. */
  async list(scope: { all: true } | { unitRoot: string } | { authorId: string } | { id: string }, status?: FeedbackStatus): Promise<FeedbackListed[]> {
    const where: SQL[] = [];
    if ('unitRoot' in scope) {
      where.push(sql`${feedback.unitId} IN (WITH RECURSIVE down(id) AS (SELECT ${scope.unitRoot}::uuid UNION ALL SELECT u.id FROM ${units} u JOIN down ON u.parent_id = down.id) SELECT id FROM down)`);
    } else if ('authorId' in scope) where.push(eq(feedback.authorId, scope.authorId));
    else if ('id' in scope) where.push(eq(feedback.id, scope.id));
    if (status) where.push(eq(feedback.status, status));
    const rows = await this.db
      .select({ row: feedback, unitName: units.name, authorName: users.name, answeredByName: answerer.name })
      .from(feedback)
      .innerJoin(units, eq(units.id, feedback.unitId))
      .innerJoin(users, eq(users.id, feedback.authorId))
      .leftJoin(answerer, eq(answerer.id, feedback.answeredBy))
      .where(where.length ? and(...where) : undefined)
      .orderBy(desc(feedback.createdAt))
      .limit(500);
    return rows.map((r) => ({ ...r.row, unitName: r.unitName, authorName: r.authorName, answeredByName: r.answeredByName }));
  }

  async operatorIds(tx: Tx): Promise<string[]> {
    const rows = await tx.select({ id: users.id }).from(users).where(and(eq(users.role, 'operator'), isNull(users.disabledAt)));
    return rows.map((r) => r.id);
  }
}
