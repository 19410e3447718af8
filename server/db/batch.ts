/**
 * Large lists in SQL. PostgreSQL takes at most 65,535 bound parameters in one statement, and a meeting of a whole
 * ministry invites thousands of people: multi-row inserts and `IN (…)` lists are cut into chunks well below that,
 * each chunk one statement (in the caller's transaction when given, so a list is still written all or nothing).
 */

/** Rows per multi-row INSERT, ids per `IN (…)`: far below the parameter limit even for rows of ten columns. */
export const CHUNK = 2_000;

export function chunks<T>(list: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** Runs `query` on each chunk of `ids` one after the other (PGlite and a transaction have one connection) and concatenates the rows. */
export async function inChunks<T, R>(ids: readonly T[], query: (chunk: T[]) => Promise<R[]>, size = CHUNK): Promise<R[]> {
  const out: R[] = [];
  for (const chunk of chunks(ids, size)) out.push(...(await query(chunk)));
  return out;
}

/** Groups rows by a key once, so that presenting N meetings is not N scans of every row. */
export function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}
