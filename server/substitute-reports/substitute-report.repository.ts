/** SQL of substitutes' reports to the heads who sent them (R4.4, D11.6). */
import { and, desc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db, Tx } from '../db/client';
import { meetingReplies, meetings, substituteReports, units, users } from '../db/schema';

export type SubstituteReportRow = typeof substituteReports.$inferSelect;

const head = alias(users, 'head');
const headUnit = alias(units, 'head_unit');
const substitute = alias(users, 'substitute');
const substituteUnit = alias(units, 'substitute_unit');

/**
 * Who sent the substitute: the invited person who named them, or for an invited unit the organiser who answered for
 * it (the head's office, D8.3).
 */
const headIdOf = sql<string>`case when ${meetingReplies.inviteeKind} = 'person' then ${meetingReplies.inviteeId} else ${meetingReplies.repliedBy} end`;

export class SubstituteReportRepository {
  constructor(private readonly db: Db) {}

  /** Meetings the person attended as a substitute the chair approved, with the head and the report if written. */
  async duties(substituteId: string, meetingId?: string) {
    return this.db
      .select({
        meetingId: meetings.id,
        meetingTitle: meetings.title,
        meetingStartsAt: meetings.startsAt,
        meetingStatus: meetings.status,
        slug: meetings.slug,
        headId: head.id,
        headName: head.name,
        headTitle: head.title,
        headUnit: headUnit.name,
        report: substituteReports,
      })
      .from(meetingReplies)
      .innerJoin(meetings, eq(meetings.id, meetingReplies.meetingId))
      .innerJoin(head, eq(head.id, headIdOf))
      .innerJoin(headUnit, eq(headUnit.id, head.unitId))
      .leftJoin(substituteReports, and(eq(substituteReports.meetingId, meetingReplies.meetingId), eq(substituteReports.substituteId, substituteId)))
      .where(
        and(
          eq(meetingReplies.substituteId, substituteId),
          eq(meetingReplies.answer, 'substitute'),
          eq(meetingReplies.substituteStatus, 'approved'),
          meetingId ? eq(meetingReplies.meetingId, meetingId) : undefined,
        ),
      )
      .orderBy(desc(meetings.startsAt));
  }

  /** Reports written to the head, newest first, with the meeting and the substitute. */
  async received(headId: string, filter: { meetingId?: string; substituteId?: string } = {}) {
    return this.db
      .select({
        report: substituteReports,
        meetingTitle: meetings.title,
        meetingStartsAt: meetings.startsAt,
        slug: meetings.slug,
        substituteName: substitute.name,
        substituteTitle: substitute.title,
        substituteUnit: substituteUnit.name,
        headName: head.name,
        headTitle: head.title,
        headUnit: headUnit.name,
      })
      .from(substituteReports)
      .innerJoin(meetings, eq(meetings.id, substituteReports.meetingId))
      .innerJoin(substitute, eq(substitute.id, substituteReports.substituteId))
      .innerJoin(substituteUnit, eq(substituteUnit.id, substitute.unitId))
      .innerJoin(head, eq(head.id, substituteReports.headId))
      .innerJoin(headUnit, eq(headUnit.id, head.unitId))
      .where(
        and(
          eq(substituteReports.headId, headId),
          filter.meetingId ? eq(substituteReports.meetingId, filter.meetingId) : undefined,
          filter.substituteId ? eq(substituteReports.substituteId, filter.substituteId) : undefined,
        ),
      )
      .orderBy(desc(substituteReports.submittedAt));
  }

  /** Writes (or rewrites) the report, unless the head has read it: undefined then. */
  async save(tx: Tx, row: { meetingId: string; substituteId: string; headId: string; text: string; submittedAt: Date }): Promise<SubstituteReportRow | undefined> {
    const [saved] = await tx
      .insert(substituteReports)
      .values(row)
      .onConflictDoUpdate({
        target: [substituteReports.meetingId, substituteReports.substituteId],
        set: { text: row.text, headId: row.headId, submittedAt: row.submittedAt },
        setWhere: sql`${substituteReports.readAt} is null`,
      })
      .returning();
    return saved;
  }

  /** Records the head's first reading: false when it was already read. */
  async markRead(tx: Tx, meetingId: string, substituteId: string, at: Date): Promise<boolean> {
    const rows = await tx
      .update(substituteReports)
      .set({ readAt: at })
      .where(and(eq(substituteReports.meetingId, meetingId), eq(substituteReports.substituteId, substituteId), sql`${substituteReports.readAt} is null`))
      .returning({ meetingId: substituteReports.meetingId });
    return rows.length > 0;
  }

  async contact(userId: string, tx: Db | Tx = this.db) {
    const [row] = await tx.select({ id: users.id, name: users.name, title: users.title, email: users.email }).from(users).where(eq(users.id, userId));
    return row;
  }
}
