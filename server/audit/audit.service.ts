/**
 * The audit trail (R1.5, R6.3): every action that matters is appended here, in the same transaction as the
 * action itself, and chained by hash. Only operators read it. The chain's head is also kept outside the database
 * (audit-anchor.ts), moved forward shortly after each entry commits, so that a chain removed whole or cut at its end
 * is found: `verify` checks the chain still holds that anchor.
 */
import type { AuditAnchor, AuditEntryView, AuditQuery, AuditVerification } from '../../shared/api';
import { auditQuery } from '../../shared/api';
import { vnIsoDateTime } from '../../shared/calendar/working-days';
import { foldDiacritics } from '../../shared/slug';
import type { Tx } from '../db/client';
import { AppError } from '../errors';
import { organisationPolicy, type Actor } from '../organisation/organisation.policy';
import { GENESIS_HASH, entryHash } from './audit.hash';
import type { AuditAnchorFile } from './audit-anchor';
import type { AuditInsert, AuditRepository, AuditRow } from './audit.repository';
import { z } from 'zod';

/** How soon after an entry the anchor follows it (the entry's transaction has usually committed by then). */
const ANCHOR_DELAY_MS = 50;
/** How often to look again while an entry appended is not committed yet (a long transaction). */
const ANCHOR_RETRY_MS = 200;
/** An entry whose transaction rolled back never appears: stop waiting for it after so many looks (a minute). */
const ANCHOR_RETRIES = 300;
/** The head goes to the log at most this often (and at start and stop), as a copy kept apart from the file. */
const ANCHOR_LOG_EVERY_MS = 60_000;

export interface AuditAnchoring {
  file: AuditAnchorFile;
  log: { info(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

type Anchor = NonNullable<AuditVerification['anchors']>[number];

export class AuditService {
  /** The highest entry id appended that the anchor has not reached yet. */
  private pendingUpTo = 0;
  private retries = 0;
  private timer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> | undefined;
  /** Set once the stored anchor is missing from the chain: it stays as the evidence, never moved past the loss. */
  private anchorLost = false;
  private lastLoggedAt = 0;

  constructor(
    private readonly repo: AuditRepository,
    private readonly anchoring?: AuditAnchoring,
  ) {}

  async record(entry: AuditInsert, tx?: Tx): Promise<AuditRow> {
    const row = await this.repo.append(entry, tx);
    if (this.anchoring) {
      this.pendingUpTo = Math.max(this.pendingUpTo, row.id);
      this.retries = 0;
      this.scheduleAnchor(ANCHOR_DELAY_MS);
    }
    return row;
  }

  // ------------------------------------------------------------------------------------------ the anchor

  /**
   * At start: checks that the chain still holds the anchor kept outside it (an error in the log otherwise, and the
   * anchor is left as it is, the evidence of the loss), then anchors the current head.
   */
  async startAnchoring(): Promise<void> {
    if (!this.anchoring) return;
    await this.refreshAnchor(true);
  }

  /** At shutdown: the last entries are anchored. */
  async stopAnchoring(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.refreshing;
    if (this.anchoring && this.pendingUpTo) await this.refreshAnchor(true);
  }

  private scheduleAnchor(delayMs: number): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refreshAnchor(false);
    }, delayMs);
    this.timer.unref();
  }

  private async refreshAnchor(logHead: boolean): Promise<void> {
    if (this.refreshing) return this.refreshing;
    this.refreshing = this.moveAnchor(logHead)
      .catch((err: Error) => this.anchoring!.log.error({ err: err.message }, 'audit anchor not written'))
      .finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async moveAnchor(logHead: boolean): Promise<void> {
    const { file, log } = this.anchoring!;
    const head = await this.repo.last();
    const stored = file.read();
    if (stored.state === 'invalid') {
      if (!this.anchorLost) log.error({ file: file.file, claimed: stored.claimed }, 'audit anchor file does not verify (edited without the secrets key): left as it is');
      this.anchorLost = true;
      return;
    }
    if (stored.state === 'valid' && (await this.repo.hashOf(stored.anchor.id)) !== stored.anchor.hash) {
      if (!this.anchorLost) log.error({ anchor: `${stored.anchor.id}:${stored.anchor.hash}`, head: head && `${head.id}:${head.hash}` }, 'audit chain lost its anchor: the trail was cut or rewritten (npm run audit:verify)');
      this.anchorLost = true;
      return;
    }
    this.anchorLost = false;
    if (head && (stored.state === 'none' || head.id > stored.anchor.id)) {
      file.write(head);
      const now = Date.now();
      if (logHead || now - this.lastLoggedAt >= ANCHOR_LOG_EVERY_MS) {
        this.lastLoggedAt = now;
        log.info({ auditHead: `${head.id}:${head.hash}` }, 'audit chain head');
      }
    } else if (head && logHead) log.info({ auditHead: `${head.id}:${head.hash}` }, 'audit chain head');
    if (this.pendingUpTo && (head?.id ?? 0) >= this.pendingUpTo) this.pendingUpTo = 0;
    else if (this.pendingUpTo && ++this.retries <= ANCHOR_RETRIES) this.scheduleAnchor(ANCHOR_RETRY_MS);
    else this.pendingUpTo = 0;
  }

  /** The chain check an operator asks for from the audit page. */
  async verifyFor(actor: Actor, anchor?: AuditAnchor): Promise<AuditVerification> {
    if (!organisationPolicy.readAudit(actor)) throw new AppError('forbidden');
    return this.verify(anchor);
  }

  /**
   * Walks the whole chain; reports the first entry whose hash or link does not match (also run by the CLI). The
   * chain must also still hold each anchor — one given (a head noted earlier) and the one kept outside the database
   * — with its hash: a trail removed whole, cut at its end, or rewritten from some entry on with every hash
   * recomputed, is found only this way. An anchor file whose signature does not hold is reported as such.
   */
  async verify(given?: AuditAnchor): Promise<AuditVerification> {
    const stored = this.anchoring?.file.read() ?? { state: 'none' as const };
    const anchors: Anchor[] = [...(given ? [{ ...given, source: 'given' as const }] : []), ...(stored.state === 'valid' ? [{ ...stored.anchor, source: 'stored' as const }] : [])];
    const result = await this.walk(anchors);
    const withAnchors = anchors.length ? { ...result, anchors } : result;
    if (result.ok && stored.state === 'invalid') return { ...withAnchors, ok: false, firstBroken: { id: stored.claimed?.id ?? 0, reason: 'anchor_invalid' } };
    return withAnchors;
  }

  private async walk(anchors: readonly AuditAnchor[]): Promise<AuditVerification> {
    let prev = GENESIS_HASH;
    let afterId = 0;
    let checked = 0;
    const found = new Set<AuditAnchor>();
    for (;;) {
      const rows = await this.repo.page(afterId, 1000);
      const head = checked ? { id: afterId, hash: prev } : null;
      if (rows.length === 0) {
        const missing = anchors.filter((a) => !found.has(a)).sort((a, b) => a.id - b.id)[0];
        if (missing) return { ok: false, checked, firstBroken: { id: missing.id, reason: 'anchor_missing' }, head };
        return { ok: true, checked, head };
      }
      for (const row of rows) {
        const broken = (id: number, reason: 'chain_broken' | 'hash_mismatch' | 'anchor_missing') => ({ ok: false, checked, firstBroken: { id, reason }, head: checked ? { id: afterId, hash: prev } : null });
        if (row.prevHash !== prev) return broken(row.id, 'chain_broken');
        if (entryHash(prev, row) !== row.hash) return broken(row.id, 'hash_mismatch');
        for (const anchor of anchors.filter((a) => a.id === row.id)) {
          if (row.hash !== anchor.hash) return broken(anchor.id, 'anchor_missing');
          found.add(anchor);
        }
        prev = row.hash;
        checked += 1;
        afterId = row.id;
      }
    }
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
