/**
 * The incident register (R3.10, R5.4; D14.2, D16.2d). An incident is raised on the register's page, or in a meeting
 * by the `report_incident` command (`raiseInMeeting`); either way the operators are told at once (the bell), it is
 * audited, and the in-process listeners (`onChange`) hear of it. Handled by someone (assigned), moved to
 * in_progress, and resolved with a resolution text; updates name the version they read.
 *
 * Mail: the notifications domain does not mail (the bell only), so neither does this one.
 */
import type { z } from 'zod';
import type { IncidentView, raiseIncidentBody, resolveIncidentBody, updateIncidentBody, IncidentHandlerView, IncidentNoticeData } from '../../shared/api';
import type { ShortfallCause } from '../../shared/causes';
import type { AuditService } from '../audit/audit.service';
import type { Db, Tx } from '../db/client';
import { AppError } from '../errors';
import type { NotificationService } from '../notifications/notification.service';
import type { Actor } from '../organisation/organisation.policy';
import { incidentPolicy } from './incident.policy';
import type { IncidentFigures, IncidentFilter, IncidentListed, IncidentRepository, IncidentRow } from './incident.repository';

/**
 * What the listeners of `IncidentService.onChange` hear, after the change is committed: an incident raised (on the
 * page or in a meeting), updated (handler, status, remedy, expected time) or resolved, as it is now. The operator's
 * console subscribes to show open incidents live:
 *
 *   const stop = incidents.onChange((e) => console.push(e.incident));   // later: stop()
 *
 * A listener that throws is logged by nobody and does not stop the others nor the change (it is caught here).
 */
export interface IncidentEvent {
  type: 'raised' | 'updated' | 'resolved';
  incident: IncidentView;
}
export type IncidentListener = (event: IncidentEvent) => void;

export function presentIncident(r: IncidentListed): IncidentView {
  return {
    id: r.id,
    unit: { id: r.unitId, name: r.unitName },
    endpoint: r.endpointId ? { id: r.endpointId, name: r.endpointName ?? '' } : null,
    meeting: r.meetingId ? { id: r.meetingId, title: r.meetingTitle ?? '', slug: r.meetingSlug ?? '' } : null,
    cause: r.cause,
    detail: r.detail,
    remedy: r.remedy,
    expectedFixAt: r.expectedFixAt?.toISOString() ?? null,
    handler: r.handlerId ? { id: r.handlerId, name: r.handlerName ?? '' } : null,
    status: r.status,
    resolution: r.resolution,
    resolvedAt: r.resolvedAt?.toISOString() ?? null,
    resolvedBy: r.resolvedBy ? { id: r.resolvedBy, name: r.resolvedByName ?? '' } : null,
    reportedBy: { id: r.reportedBy, name: r.reporterName },
    createdAt: r.createdAt.toISOString(),
    version: r.version,
  };
}

/** An incident reported in a live meeting (the `report_incident` command). */
export interface MeetingIncidentInput {
  meetingId: string;
  /** The participant's account. */
  reporter: Actor;
  /** The room the participant is (room account) or operates (its technician); null for anyone else. */
  endpointId: string | null;
  cause: ShortfallCause;
  detail: string;
  remedy: string;
  expectedMinutes: number;
}

export class IncidentService {
  private readonly listeners = new Set<IncidentListener>();

  constructor(
    private readonly db: Db,
    private readonly repo: IncidentRepository,
    private readonly notifications: NotificationService,
    private readonly audit: AuditService,
  ) {}

  /** Hear every incident raised, updated or resolved (after commit). Returns the function that stops listening. */
  onChange(listener: IncidentListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async raise(actor: Actor, input: z.output<typeof raiseIncidentBody>, ip = ''): Promise<IncidentView> {
    if (!incidentPolicy.use(actor)) throw new AppError('forbidden');
    const unitId = input.unitId ?? actor.unitId;
    if (!incidentPolicy.raiseFor(actor, unitId)) throw new AppError('forbidden');
    const id = await this.db.transaction(async (tx) => {
      if (!(await this.repo.unit(unitId, tx))) throw new AppError('unit_not_found');
      if (input.endpointId) {
        const endpoint = await this.repo.endpoint(input.endpointId, tx);
        const allowed = endpoint && (actor.role === 'operator' || endpoint.unitId === unitId || (await this.repo.operates(endpoint.id, actor.id, tx)));
        if (!allowed) throw new AppError('incident_endpoint_invalid');
      }
      if (input.meetingId && !(await this.repo.meetingExists(input.meetingId, tx))) throw new AppError('incident_meeting_invalid');
      if (input.handlerId && !(await this.repo.handler(input.handlerId, tx))) throw new AppError('incident_handler_invalid');
      const row = await this.repo.insert(tx, {
        unitId,
        endpointId: input.endpointId,
        meetingId: input.meetingId,
        cause: input.cause,
        detail: input.detail,
        remedy: input.remedy,
        expectedFixAt: input.expectedFixAt ? new Date(input.expectedFixAt) : null,
        handlerId: input.handlerId,
        status: input.handlerId ? 'in_progress' : 'open',
        reportedBy: actor.id,
      });
      await this.announceRaised(tx, actor, row, ip);
      return row.id;
    });
    return this.emit('raised', id);
  }

  /**
   * An incident reported in a live meeting (R3.10, D16.2d) goes into the register too: the meeting set, the room
   * the participant is or operates as its endpoint, the unit that room's (or else the participant's). The expected
   * time is counted from now.
   */
  async raiseInMeeting(input: MeetingIncidentInput): Promise<IncidentView> {
    const id = await this.db.transaction(async (tx) => {
      const endpoint = input.endpointId ? await this.repo.endpoint(input.endpointId, tx) : undefined;
      const row = await this.repo.insert(tx, {
        unitId: endpoint?.unitId ?? input.reporter.unitId,
        endpointId: endpoint?.id ?? null,
        meetingId: input.meetingId,
        cause: input.cause,
        detail: input.detail,
        remedy: input.remedy,
        expectedFixAt: new Date(Date.now() + input.expectedMinutes * 60_000),
        reportedBy: input.reporter.id,
      });
      await this.announceRaised(tx, input.reporter, row, '');
      return row.id;
    });
    return this.emit('raised', id);
  }

  async list(actor: Actor, filter: Omit<IncidentFilter, 'id'>): Promise<IncidentView[]> {
    if (!incidentPolicy.use(actor)) throw new AppError('forbidden');
    return (await this.repo.list(incidentPolicy.scope(actor), filter)).map(presentIncident);
  }

  /** Every incident not resolved yet, of every unit: for the operator's console, which checks its own viewers. */
  async unresolved(): Promise<IncidentView[]> {
    const rows = await this.repo.list({ all: true });
    return rows.filter((r) => r.status !== 'resolved').map(presentIncident);
  }

  /** One incident the actor sees; `incident_not_found` for one out of their scope (its existence is not revealed). */
  async get(actor: Actor, id: string): Promise<IncidentView> {
    if (!incidentPolicy.use(actor)) throw new AppError('forbidden');
    const [row] = await this.repo.list(incidentPolicy.scope(actor), { id });
    if (!row) throw new AppError('incident_not_found');
    return presentIncident(row);
  }

  async handlers(actor: Actor): Promise<IncidentHandlerView[]> {
    if (!incidentPolicy.use(actor)) throw new AppError('forbidden');
    return this.repo.handlers();
  }

  /** Assign a handler, move between open and in progress, change the remedy or the expected time. */
  async update(actor: Actor, id: string, input: z.output<typeof updateIncidentBody>, ip = ''): Promise<IncidentView> {
    const before = await this.get(actor, id);
    await this.db.transaction(async (tx) => {
      if (input.handlerId && !(await this.repo.handler(input.handlerId, tx))) throw new AppError('incident_handler_invalid');
      const patch: Partial<IncidentRow> = {};
      if (input.handlerId !== undefined) patch.handlerId = input.handlerId;
      if (input.status !== undefined) patch.status = input.status;
      if (input.remedy !== undefined) patch.remedy = input.remedy;
      if (input.expectedFixAt !== undefined) patch.expectedFixAt = input.expectedFixAt ? new Date(input.expectedFixAt) : null;
      const row = await this.repo.updateVersioned(tx, id, input.version, patch);
      if (!row) await this.refuse(id, tx);
      if (input.handlerId && input.handlerId !== before.handler?.id && input.handlerId !== actor.id) {
        await this.notifications.notify(tx, [{ userId: input.handlerId, kind: 'incident.assigned', data: this.noticeData(before) }]);
      }
      const { version, ...after } = input;
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'incident.updated',
          targetType: 'incident',
          targetId: id,
          data: { version, after, before: { handlerId: before.handler?.id ?? null, status: before.status, remedy: before.remedy, expectedFixAt: before.expectedFixAt } },
          ip,
        },
        tx,
      );
    });
    return this.emit('updated', id);
  }

  async resolve(actor: Actor, id: string, input: z.output<typeof resolveIncidentBody>, ip = ''): Promise<IncidentView> {
    const before = await this.get(actor, id);
    await this.db.transaction(async (tx) => {
      const row = await this.repo.updateVersioned(tx, id, input.version, { status: 'resolved', resolution: input.resolution, resolvedAt: new Date(), resolvedBy: actor.id });
      if (!row) await this.refuse(id, tx);
      if (before.reportedBy.id !== actor.id) await this.notifications.notify(tx, [{ userId: before.reportedBy.id, kind: 'incident.resolved', data: this.noticeData(before) }]);
      await this.audit.record({ actorId: actor.id, action: 'incident.resolved', targetType: 'incident', targetId: id, data: { resolution: input.resolution, version: input.version }, ip }, tx);
    });
    return this.emit('resolved', id);
  }

  /** For the quarterly report (R5.2): see `IncidentRepository.figures`. */
  figures(input: { from: Date; to: Date; unitIds?: readonly string[] }): Promise<IncidentFigures> {
    return this.repo.figures(input);
  }

  // ------------------------------------------------------------------------------------------ helpers

  private async announceRaised(tx: Tx, actor: Actor, row: IncidentRow, ip: string): Promise<void> {
    const unit = await this.repo.unit(row.unitId, tx);
    const endpoint = row.endpointId ? await this.repo.endpoint(row.endpointId, tx) : undefined;
    const data: IncidentNoticeData = { incidentId: row.id, unit: unit?.name ?? '', endpoint: endpoint?.name ?? null, cause: row.cause, detail: row.detail };
    const operators = (await this.repo.operatorIds(tx)).filter((o) => o !== actor.id);
    const recipients = operators.map((userId) => ({ userId, kind: 'incident.raised', data: { ...data } }));
    if (row.handlerId && row.handlerId !== actor.id && !operators.includes(row.handlerId)) recipients.push({ userId: row.handlerId, kind: 'incident.assigned', data: { ...data } });
    await this.notifications.notify(tx, recipients);
    await this.audit.record(
      {
        actorId: actor.id,
        action: 'incident.raised',
        targetType: 'incident',
        targetId: row.id,
        data: { unitId: row.unitId, endpointId: row.endpointId, meetingId: row.meetingId, cause: row.cause, detail: row.detail, remedy: row.remedy },
        ip,
      },
      tx,
    );
  }

  private noticeData(i: IncidentView): IncidentNoticeData {
    return { incidentId: i.id, unit: i.unit.name, endpoint: i.endpoint?.name ?? null, cause: i.cause, detail: i.detail };
  }

  /** The versioned update matched nothing: resolved meanwhile, or changed by someone else since it was read. */
  private async refuse(id: string, tx: Tx): Promise<never> {
    const now = await this.repo.find(id, tx);
    if (!now) throw new AppError('incident_not_found');
    if (now.status === 'resolved') throw new AppError('incident_resolved');
    throw new AppError('incident_version_conflict', { version: String(now.version) });
  }

  /** The incident as it is now, told to the listeners. */
  private async emit(type: IncidentEvent['type'], id: string): Promise<IncidentView> {
    const [row] = await this.repo.list({ all: true }, { id });
    if (!row) throw new AppError('incident_not_found');
    const incident = presentIncident(row);
    for (const listener of this.listeners) {
      try {
        listener({ type, incident });
      } catch {
        // a listener's failure is its own: the change is done
      }
    }
    return incident;
  }
}
