/** SQL of replies to invitations (R2.5, D8.3): the invitees, their answers, the people concerned. */
import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import { inChunks } from '../db/batch';
import type { Db, Tx } from '../db/client';
import { mailOutbox, meetingInvitees, meetingReplies, meetings, meetingUnits, units, users } from '../db/schema';

export type ReplyRow = typeof meetingReplies.$inferSelect;
export type ReplyKey = Pick<ReplyRow, 'meetingId' | 'inviteeKind' | 'inviteeId'>;

const keyIs = (k: ReplyKey) =>
  and(eq(meetingReplies.meetingId, k.meetingId), eq(meetingReplies.inviteeKind, k.inviteeKind), eq(meetingReplies.inviteeId, k.inviteeId));

const personColumns = { id: users.id, name: users.name, title: users.title, unitName: units.name, unitId: users.unitId, email: users.email, role: users.role, disabledAt: users.disabledAt };

export class ReplyRepository {
  constructor(private readonly db: Db) {}

  /**
   * The meeting row, locked until the transaction ends: answers, decisions and reminders of one meeting are
   * judged one after the other (a decision never races a change of answer).
   */
  async lockMeeting(tx: Tx, meetingId: string) {
    const [row] = await tx.select().from(meetings).where(eq(meetings.id, meetingId)).for('update');
    return row;
  }

  /** People invited to the meeting (meeting_invitees), with unit and contact. */
  async personInvitees(meetingId: string, tx: Db | Tx = this.db) {
    return tx
      .select(personColumns)
      .from(meetingInvitees)
      .innerJoin(users, eq(users.id, meetingInvitees.userId))
      .innerJoin(units, eq(units.id, users.unitId))
      .where(eq(meetingInvitees.meetingId, meetingId));
  }

  /** Units invited to the meeting (meeting_units). */
  async unitInvitees(meetingId: string, tx: Db | Tx = this.db) {
    return tx
      .select({ id: units.id, name: units.name, parentId: units.parentId })
      .from(meetingUnits)
      .innerJoin(units, eq(units.id, meetingUnits.unitId))
      .where(eq(meetingUnits.meetingId, meetingId));
  }

  async replies(meetingId: string, tx: Db | Tx = this.db): Promise<ReplyRow[]> {
    return tx.select().from(meetingReplies).where(eq(meetingReplies.meetingId, meetingId));
  }

  async reply(key: ReplyKey, tx: Db | Tx = this.db): Promise<ReplyRow | undefined> {
    const [row] = await tx.select().from(meetingReplies).where(keyIs(key));
    return row;
  }

  /** Insert or replace the answer of one invitee. */
  async upsert(tx: Tx, row: typeof meetingReplies.$inferInsert): Promise<ReplyRow> {
    const { meetingId: _m, inviteeKind: _k, inviteeId: _i, ...patch } = row;
    const [saved] = await tx
      .insert(meetingReplies)
      .values(row)
      .onConflictDoUpdate({ target: [meetingReplies.meetingId, meetingReplies.inviteeKind, meetingReplies.inviteeId], set: patch })
      .returning();
    return saved!;
  }

  /** The chair's decision, only on a substitute still `proposed`; undefined when it was not. */
  async decideSubstitute(tx: Tx, key: ReplyKey, status: 'approved' | 'refused', by: string, at: Date): Promise<ReplyRow | undefined> {
    const [row] = await tx
      .update(meetingReplies)
      .set({ substituteStatus: status, substituteDecidedBy: by, substituteDecidedAt: at })
      .where(and(keyIs(key), eq(meetingReplies.answer, 'substitute'), eq(meetingReplies.substituteStatus, 'proposed')))
      .returning();
    return row;
  }

  async addInvitee(tx: Tx, meetingId: string, userId: string): Promise<void> {
    await tx.insert(meetingInvitees).values({ meetingId, userId }).onConflictDoNothing();
  }

  async removeInvitee(tx: Tx, meetingId: string, userId: string): Promise<void> {
    await tx.delete(meetingInvitees).where(and(eq(meetingInvitees.meetingId, meetingId), eq(meetingInvitees.userId, userId)));
  }

  async people(ids: string[], tx: Db | Tx = this.db) {
    return inChunks(ids, (chunk) => tx.select(personColumns).from(users).innerJoin(units, eq(units.id, users.unitId)).where(inArray(users.id, chunk)));
  }

  /** Enabled organisers of these units (who answer for an invited unit). */
  async organisersOf(unitIds: string[], tx: Db | Tx = this.db) {
    return inChunks(unitIds, (chunk) =>
      tx
        .select(personColumns)
        .from(users)
        .innerJoin(units, eq(units.id, users.unitId))
        .where(and(eq(users.role, 'organiser'), isNull(users.disabledAt), inArray(users.unitId, chunk))),
    );
  }

  /** When the last reminder mail of this meeting was queued, if any. */
  async lastReminderAt(meetingId: string, kind: string, tx: Db | Tx = this.db): Promise<Date | null> {
    const [row] = await tx
      .select({ at: mailOutbox.createdAt })
      .from(mailOutbox)
      .where(and(eq(mailOutbox.meetingId, meetingId), eq(mailOutbox.kind, kind)))
      .orderBy(desc(mailOutbox.createdAt))
      .limit(1);
    return row?.at ?? null;
  }
}
