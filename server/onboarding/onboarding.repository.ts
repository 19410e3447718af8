import { and, count, gte, isNull, ne, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { endpoints, endpointTechnicians, holidayOverrides, units, users } from '../db/schema';

/** Counts the first-run checklist is computed from. */
export class OnboardingRepository {
  constructor(private readonly db: Db) {}

  async unitsBesides(code: string): Promise<number> {
    const [row] = await this.db.select({ n: count() }).from(units).where(ne(units.code, code));
    return row?.n ?? 0;
  }

  /** Enabled accounts of people: not operators, not meeting rooms' own accounts. */
  async people(): Promise<number> {
    const [row] = await this.db
      .select({ n: count() })
      .from(users)
      .where(and(notInArray(users.role, ['operator', 'endpoint']), isNull(users.disabledAt)));
    return row?.n ?? 0;
  }

  /** Endpoints, and how many of them have no current technician. */
  async endpoints(): Promise<{ total: number; withoutTechnician: number }> {
    const [row] = await this.db
      .select({
        total: count(),
        withoutTechnician: sql<number>`count(*) filter (where not exists (select 1 from ${endpointTechnicians} et where et.endpoint_id = ${endpoints.id} and et.ended_at is null))`.mapWith(Number),
      })
      .from(endpoints);
    return { total: row?.total ?? 0, withoutTechnician: row?.withoutTechnician ?? 0 };
  }

  /** The operator's changes to the holidays from `from` (a civil date) on. */
  async holidayOverridesFrom(from: string): Promise<number> {
    const [row] = await this.db.select({ n: count() }).from(holidayOverrides).where(gte(holidayOverrides.date, from));
    return row?.n ?? 0;
  }
}

