import { asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client';
import { users } from '../db/schema';

export type UserRow = typeof users.$inferSelect;

export class UserRepository {
  constructor(private readonly db: Db) {}

  async count(): Promise<number> {
    const rows = await this.db.select({ id: users.id }).from(users).limit(1);
    return rows.length;
  }

  async findByEmail(email: string): Promise<UserRow | undefined> {
    const [row] = await this.db.select().from(users).where(eq(users.email, email));
    return row;
  }

  async findById(id: string): Promise<UserRow | undefined> {
    const [row] = await this.db.select().from(users).where(eq(users.id, id));
    return row;
  }

  async findByIds(ids: string[]): Promise<UserRow[]> {
    if (ids.length === 0) return [];
    return this.db.select().from(users).where(inArray(users.id, ids));
  }

  async list(): Promise<UserRow[]> {
    return this.db.select().from(users).orderBy(asc(users.name));
  }

  async insert(row: typeof users.$inferInsert): Promise<UserRow> {
    const [created] = await this.db.insert(users).values(row).returning();
    return created!;
  }

  async update(id: string, patch: Partial<typeof users.$inferInsert>): Promise<void> {
    await this.db.update(users).set(patch).where(eq(users.id, id));
  }
}
