import type { Db, Tx } from '../db/client';
import { mailOutbox } from '../db/schema';

export type MailRow = typeof mailOutbox.$inferSelect;
export type NewMail = Omit<typeof mailOutbox.$inferInsert, 'id' | 'status' | 'attempts' | 'error' | 'createdAt' | 'sentAt'>;

export class MailRepository {
  constructor(private readonly db: Db) {}

  async insertMany(rows: (NewMail & { status: MailRow['status'] })[], tx: Db | Tx = this.db): Promise<void> {
    if (rows.length) await tx.insert(mailOutbox).values(rows);
  }
}
