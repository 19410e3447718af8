import { and, desc, eq, gt, gte, ilike, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { auditLog, endpoints, meetings, units, users } from '../db/schema';
import { GENESIS_HASH, entryHash } from './audit.hash';

export type AuditRow = typeof auditLog.$inferSelect;

export interface AuditInsert {
  actorId: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  data?: Record<string, unknown>;
  ip?: string;
}

export interface AuditFilter {
  action?: string;
  actorId?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
  /** Already folded to ASCII lower case; matched against a folded copy of the searchable text. */
  q?: string;
  limit: number;
}

const lowerVietnamese = 'àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ';
const lowerAscii = 'aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyyd';
/** Every Vietnamese letter with a diacritic, lower and upper case (NFC), and its ASCII base letter. */
const VIETNAMESE_LETTERS = lowerVietnamese + lowerVietnamese.toUpperCase();
const ASCII_LETTERS = lowerAscii + lowerAscii.toUpperCase();

/** Serialises appends: each entry must see the one before it. */
const AUDIT_LOCK_KEY = 7_361_001;

export class AuditRepository {
  constructor(private readonly db: Db) {}

  /** Append inside the caller's transaction (so the entry and the action commit or fail together), or in its own. */
  async append(entry: AuditInsert, tx?: Tx): Promise<AuditRow> {
    const run = async (t: Tx) => {
      await t.execute(sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`);
      const [last] = await t.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
      const prevHash = last?.hash ?? GENESIS_HASH;
      const fields = {
        at: new Date(),
        actorId: entry.actorId,
        action: entry.action,
        targetType: entry.targetType ?? '',
        targetId: entry.targetId ?? '',
        // Hash exactly what jsonb will give back (a Date becomes its ISO string, undefined disappears).
        data: JSON.parse(JSON.stringify(entry.data ?? {})) as Record<string, unknown>,
        ip: entry.ip ?? '',
      };
      const [row] = await t.insert(auditLog).values({ ...fields, prevHash, hash: entryHash(prevHash, fields) }).returning();
      return row!;
    };
    return tx ? run(tx) : this.db.transaction(run);
  }

  /** The chain's last entry. */
  async last(): Promise<{ id: number; hash: string } | null> {
    const [row] = await this.db.select({ id: auditLog.id, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
    return row ?? null;
  }

  /** The hash of one entry, if the chain still holds it. */
  async hashOf(id: number): Promise<string | null> {
    const [row] = await this.db.select({ hash: auditLog.hash }).from(auditLog).where(eq(auditLog.id, id));
    return row?.hash ?? null;
  }

  /** Rows in id order, a page at a time (the verifier walks the whole chain). */
  async page(afterId: number, size: number): Promise<AuditRow[]> {
    return this.db.select().from(auditLog).where(gt(auditLog.id, afterId)).orderBy(auditLog.id).limit(size);
  }

  async search(f: AuditFilter) {
    const where: SQL[] = [];
    if (f.action) where.push(eq(auditLog.action, f.action));
    if (f.actorId) where.push(eq(auditLog.actorId, f.actorId));
    if (f.targetId) where.push(eq(auditLog.targetId, f.targetId));
    if (f.from) where.push(gte(auditLog.at, f.from));
    if (f.to) where.push(lte(auditLog.at, f.to));
    if (f.q) {
      // translate() first: lower() under the C locale (PGlite's) leaves non-ASCII capitals such as Đ or Ấ alone.
      const text = sql`${auditLog.action} || ' ' || ${auditLog.targetId} || ' ' || ${auditLog.data}::text || ' ' || coalesce(${users.name}, '')`;
      const folded = sql`lower(translate(${text}, ${VIETNAMESE_LETTERS}, ${ASCII_LETTERS}))`;
      where.push(ilike(folded, `%${f.q.replace(/[%_\\]/g, '\\$&')}%`));
    }
    return this.db
      .select({ entry: auditLog, actorName: users.name })
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.actorId))
      .where(where.length ? and(...where) : undefined)
      .orderBy(desc(auditLog.id))
      .limit(f.limit);
  }

  /**
   * Current names of the entries' targets (`type:id` → name) for the units, people, meetings and endpoints that still exist;
   * a deleted target keeps its name in the entry's data.
   */
  async targetNames(targets: { type: string; id: string }[]): Promise<Map<string, string>> {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    const idsOf = (type: string) => [...new Set(targets.filter((t) => t.type === type && uuid.test(t.id)).map((t) => t.id))];
    const [unitRows, userRows, meetingRows, endpointRows] = await Promise.all([
      idsOf('unit').length ? this.db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, idsOf('unit'))) : [],
      idsOf('user').length ? this.db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, idsOf('user'))) : [],
      idsOf('meeting').length ? this.db.select({ id: meetings.id, name: meetings.title }).from(meetings).where(inArray(meetings.id, idsOf('meeting'))) : [],
      idsOf('endpoint').length ? this.db.select({ id: endpoints.id, name: endpoints.name }).from(endpoints).where(inArray(endpoints.id, idsOf('endpoint'))) : [],
    ]);
    return new Map([
      ...unitRows.map((r) => [`unit:${r.id}`, r.name] as const),
      ...userRows.map((r) => [`user:${r.id}`, r.name] as const),
      ...meetingRows.map((r) => [`meeting:${r.id}`, r.name] as const),
      ...endpointRows.map((r) => [`endpoint:${r.id}`, r.name] as const),
    ]);
  }
}
