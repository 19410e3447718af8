import { and, count, eq, gte, isNull, ne, notExists, notInArray, sql } from 'drizzle-orm';
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
    const current = this.db
      .select({ one: sql`1` })
      .from(endpointTechnicians)
      .where(and(eq(endpointTechnicians.endpointId, endpoints.id), isNull(endpointTechnicians.endedAt)));
    const [[all], [without]] = await Promise.all([
      this.db.select({ n: count() }).from(endpoints),
      this.db.select({ n: count() }).from(endpoints).where(notExists(current)),
    ]);
    return { total: all?.n ?? 0, withoutTechnician: without?.n ?? 0 };
  }

  /** The operator's changes to the holidays from `from` (a civil date) on. */
  async holidayOverridesFrom(from: string): Promise<number> {
    const [row] = await this.db.select({ n: count() }).from(holidayOverrides).where(gte(holidayOverrides.date, from));
    return row?.n ?? 0;
  }
}

