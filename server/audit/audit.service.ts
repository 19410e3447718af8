/**
 * The audit trail (R1.5, R6.3): every action that matters is appended here, in the same transaction as the
 * action itself, and chained by hash. Only operators read it.
 */
import type { AuditAnchor, AuditEntryView, AuditQuery, AuditVerification } from '../../shared/api';
import { auditQuery } from '../../shared/api';
import { vnIsoDateTime } from '../../shared/calendar/working-days';
import { foldDiacritics } from '../../shared/slug';
import type { Tx } from '../db/client';
import { AppError } from '../errors';
import { organisationPolicy, type Actor } from '../organisation/organisation.policy';
import { GENESIS_HASH, entryHash } from './audit.hash';
import type { AuditInsert, AuditRepository } from './audit.repository';
import { z } from 'zod';

export class AuditService {
  constructor(private readonly repo: AuditRepository) {}

  record(entry: AuditInsert, tx?: Tx) {
    return this.repo.append(entry, tx);
  }

  /** The chain check an operator asks for from the audit page. */
  async verifyFor(actor: Actor, anchor?: AuditAnchor): Promise<AuditVerification> {
    if (!organisationPolicy.readAudit(actor)) throw new AppError('forbidden');
    return this.verify(anchor);
  }

  /**
   * Walks the whole chain; reports the first entry whose hash or link does not match (also run by the CLI). With an
   * anchor (a head noted earlier), the chain must still hold that entry with that hash: a trail cut at its end, or
   * rewritten from some entry on with every hash recomputed, is found only this way.
   */
  async verify(anchor?: AuditAnchor): Promise<AuditVerification> {
    let prev = GENESIS_HASH;
    let afterId = 0;
    let checked = 0;
    let anchorFound = false;
    for (;;) {
      const rows = await this.repo.page(afterId, 1000);
      const head = checked ? { id: afterId, hash: prev } : null;
      if (rows.length === 0) {
        if (anchor && !anchorFound) return { ok: false, checked, firstBroken: { id: anchor.id, reason: 'anchor_missing' }, head };
        return { ok: true, checked, head };
      }
      for (const row of rows) {
        const broken = (reason: 'chain_broken' | 'hash_mismatch') => ({ ok: false, checked, firstBroken: { id: row.id, reason }, head: checked ? { id: afterId, hash: prev } : null });
        if (row.prevHash !== prev) return broken('chain_broken');
        if (entryHash(prev, row) !== row.hash) return broken('hash_mismatch');
        if (anchor && row.id === anchor.id) {
          if (row.hash !== anchor.hash) return { ok: false, checked, firstBroken: { id: anchor.id, reason: 'anchor_missing' }, head: checked ? { id: afterId, hash: prev } : null };
          anchorFound = true;
        }
        prev = row.hash;
        checked += 1;
        afterId = row.id;
      }
    }
  }

  /** The chain's last entry as it stands (not verified): written to the log at start as an anchor kept elsewhere. */
  head(): Promise<{ id: number; hash: string } | null> {
    return this.repo.last();
  }

  async search(actor: Actor, query: z.output<typeof auditQuery>): Promise<AuditEntryView[]> {
    if (!organisationPolicy.readAudit(actor)) throw new AppError('forbidden');
    const rows = await this.repo.search({
      ...query,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
      q: query.q ? foldDiacritics(query.q).toLowerCase() : undefined,
    });
    const names = await this.repo.targetNames(rows.map(({ entry }) => ({ type: entry.targetType, id: entry.targetId })));
    return rows.map(({ entry, actorName }) => ({
      id: entry.id,
      at: entry.at.toISOString(),
      actor: entry.actorId ? { id: entry.actorId, name: actorName ?? '' } : null,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      targetName: names.get(`${entry.targetType}:${entry.targetId}`) ?? '',
      data: entry.data,
      ip: entry.ip,
    }));
  }
}

/** Quoted when needed; a cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`) is defused with `'`. */
const csvCell = (raw: string) => {
  const v = /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
};

/**
 * CSV export of audit entries (UTF-8 with BOM so spreadsheet programs read Vietnamese correctly). Times are
 * Vietnamese time with the offset (`2026-12-01T08:00:00.000+07:00`), as every date the people reading it see.
 */
export function auditCsv(entries: AuditEntryView[]): string {
  const header = ['id', 'at', 'actor_id', 'actor_name', 'action', 'target_type', 'target_id', 'target_name', 'ip', 'data'];
  const lines = entries.map((e) =>
    [String(e.id), vnIsoDateTime(e.at), e.actor?.id ?? '', e.actor?.name ?? '', e.action, e.targetType, e.targetId, e.targetName, e.ip, JSON.stringify(e.data)].map(csvCell).join(','),
  );
  return `\uFEFF${[header.join(','), ...lines].join('\r\n')}\r\n`;
}

export type { AuditQuery };
