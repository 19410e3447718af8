/**
 * The technical check before a meeting and the readiness board (R2.6, M8.2, D15.1, D16.1, D19.3): who may check
 * for which side and when, the server's verdict on the figures, the record with its audit entry and the notice of
 * a failure to the organiser and the chair's technician, and the board of every invited endpoint.
 */
import type { z } from 'zod';
import type { LoopbackOfferResponse, LoopbackStartResponse, MyTechnicalCheck, ReadinessBoard, ReadinessRow, TechnicalCheckFailedData, TechnicalCheckView, loopbackStartBody, technicalCheckBody } from '../../shared/api';
import type { AuditService } from '../audit/audit.service';
import type { Db, Tx } from '../db/client';
import { AppError } from '../errors';
import type { NotificationService } from '../notifications/notification.service';
import type { Actor } from '../organisation/organisation.policy';
import type { UnitRepository } from '../organisation/unit.repository';
import { comparePeople } from '../../shared/people-order';
import type { CheckLoopback } from './check-loopback';
import { THRESHOLDS, checkTimeOf, checkWindow, failingCriteria } from './readiness-rules';
import { presentCheck, statusOf } from './readiness.presenter';
import { readinessPolicy, type CheckerRelation, type EndpointRef } from './readiness.policy';
import type { ReadinessMeetingRow, ReadinessRepository } from './readiness.repository';

export class ReadinessService {
  constructor(
    private readonly db: Db,
    private readonly repo: ReadinessRepository,
    private readonly units: UnitRepository,
    private readonly notifications: NotificationService,
    private readonly audit: AuditService,
    private readonly loopback: CheckLoopback,
    /** The organisers of a unit (the host unit's, who prepare the meeting). */
    private readonly organisersOf: (unitIds: string[], tx: Tx) => Promise<{ id: string }[]>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Record a check's figures; the server decides whether it passed. */
  async record(actor: Actor, meetingId: string, input: z.output<typeof technicalCheckBody>, ip = ''): Promise<TechnicalCheckView> {
    const { meeting, side } = await this.authorizeCheck(actor, meetingId, input.endpointId);
    const failing = failingCriteria(input);
    const passed = failing.length === 0;
    const created = await this.db.transaction(async (tx) => {
      const row = await this.repo.insert(tx, {
        meetingId,
        endpointId: side?.id ?? null,
        userId: actor.id,
        at: this.now(),
        camera: input.camera,
        microphone: input.microphone,
        bitrateKbps: input.bitrateKbps,
        lossPercent: input.lossPercent,
        rttMs: input.rttMs,
        jitterMs: input.jitterMs ?? null,
        passed,
        note: input.note,
      });
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'meeting.technical_check',
          targetType: 'meeting',
          targetId: meetingId,
          data: { checkId: row.id, endpointId: side?.id ?? null, endpointName: side?.name ?? null, passed, failing, bitrateKbps: input.bitrateKbps, lossPercent: input.lossPercent, rttMs: input.rttMs },
          ip,
        },
        tx,
      );
      if (!passed) {
        const data: TechnicalCheckFailedData = {
          meetingId,
          meetingTitle: meeting.title,
          startsAt: meeting.startsAt.toISOString(),
          endpointName: side?.name ?? null,
          byName: actor.name,
          failing,
        };
        // Whoever prepares the meeting: its creator, the host unit's organisers, the chair's technician (R2.6).
        const hosts = (await this.organisersOf([meeting.hostUnitId], tx)).map((o) => o.id);
        const recipients = [meeting.createdBy, ...hosts, meeting.chairTechnicianId].filter((id): id is string => id !== null && id !== actor.id);
        await this.notifications.notify(tx, recipients.map((userId) => ({ userId, kind: 'technical_check_failed', data: { ...data } })));
      }
      return row;
    });
    return presentCheck({ ...created, byName: actor.name, byTitle: actor.title, byUnit: actor.unitName }, meeting);
  }

  /** The readiness board: one row per invited endpoint and one for the chair's side, with the latest checks. */
  async board(actor: Actor, meetingId: string): Promise<ReadinessBoard> {
    const meeting = await this.meeting(meetingId);
    const tree = await this.units.tree();
    if (!readinessPolicy.canSeeBoard(actor, meeting, tree.contains(actor.unitId, meeting.hostUnitId))) throw new AppError('forbidden');
    const [invited, checks, chairTechnician] = await Promise.all([
      this.repo.invitedEndpoints(meetingId),
      this.repo.checks(meetingId),
      meeting.chairTechnicianId ? this.repo.person(meeting.chairTechnicianId) : Promise.resolve(null),
    ]);
    const technicians = await this.repo.technicians(invited.map((e) => e.id));
    const views = checks.map((c) => presentCheck(c, meeting));
    const rowFor = (endpoint: EndpointRef | null, techs: ReadinessRow['technicians']): ReadinessRow => {
      const mine = views.filter((c) => c.endpointId === (endpoint?.id ?? null));
      return { endpoint, technicians: techs, latest: mine[0] ?? null, status: statusOf(mine) };
    };
    const rows = [
      rowFor(null, chairTechnician ? [{ id: chairTechnician.id, name: chairTechnician.name, title: chairTechnician.title, contact: chairTechnician.phone }] : []),
      ...[...invited]
        .sort((a, b) => a.unit.localeCompare(b.unit, 'vi') || a.name.localeCompare(b.name, 'vi'))
        .map((e) =>
          rowFor(
            e,
            technicians
              .filter((t) => t.endpointId === e.id)
              .sort(comparePeople)
              .map((t) => ({ id: t.id, name: t.name, title: t.title, contact: t.contact || t.phone })),
          ),
        ),
    ];
    const window = checkWindow(meeting, this.now());
    return {
      meeting: {
        id: meeting.id,
        title: meeting.title,
        startsAt: meeting.startsAt.toISOString(),
        endsAt: meeting.endsAt.toISOString(),
        status: meeting.cancelledAt ? 'cancelled' : meeting.status,
        checkAt: checkTimeOf(meeting).toISOString(),
      },
      window: { opensAt: window.opensAt.toISOString(), closesAt: window.closesAt.toISOString(), open: window.open },
      thresholds: THRESHOLDS,
      rows,
      summary: {
        total: rows.length,
        passed: rows.filter((r) => r.status === 'passed').length,
        failed: rows.filter((r) => r.status === 'failed').length,
        notChecked: rows.filter((r) => r.status === 'not_checked').length,
      },
    };
  }

  /** The meetings whose check window is open now and where the actor may check, soonest first. */
  async mine(actor: Actor): Promise<MyTechnicalCheck[]> {
    const now = this.now();
    const { asChairTechnician, asEndpoint } = await this.repo.checkableMeetings(actor.id, now);
    const items: { meeting: ReadinessMeetingRow; endpoint: EndpointRef | null }[] = [
      ...asChairTechnician.map((meeting) => ({ meeting, endpoint: null })),
      ...asEndpoint.map((r) => ({ meeting: r.meeting, endpoint: r.endpoint })),
    ].filter((i) => checkWindow(i.meeting, now).open);
    const seen = new Set<string>();
    const unique = items.filter((i) => {
      const key = `${i.meeting.id}:${i.endpoint?.id ?? ''}`;
      return seen.has(key) ? false : (seen.add(key), true);
    });
    const checks = await this.repo.checksOfMeetings([...new Set(unique.map((i) => i.meeting.id))]);
    return unique
      .sort((a, b) => a.meeting.startsAt.getTime() - b.meeting.startsAt.getTime())
      .map(({ meeting, endpoint }) => {
        const opensAt = checkWindow(meeting, now).opensAt;
        const latest = checks.find((c) => c.meetingId === meeting.id && c.endpointId === (endpoint?.id ?? null) && c.at >= opensAt);
        return {
          meeting: { id: meeting.id, title: meeting.title, startsAt: meeting.startsAt.toISOString(), checkAt: checkTimeOf(meeting).toISOString() },
          endpoint,
          status: latest ? (latest.passed ? 'passed' : 'failed') : 'not_checked',
        };
      });
  }

  // ------------------------------------------------------------------------------------------ loopback

  async startLoopback(actor: Actor, meetingId: string, input: z.output<typeof loopbackStartBody>): Promise<LoopbackStartResponse> {
    await this.authorizeCheck(actor, meetingId, input.endpointId);
    const { sessionId, answer } = await this.loopback.start(actor.id, meetingId, input.offer);
    return { sessionId, answer: { type: 'answer', sdp: answer.sdp } };
  }

  async loopbackOffer(actor: Actor, meetingId: string, sessionId: string): Promise<LoopbackOfferResponse> {
    const offer = await this.loopback.subscribe(actor.id, meetingId, sessionId);
    return { offer: { type: 'offer', sdp: offer.sdp } };
  }

  loopbackAnswer(actor: Actor, meetingId: string, sessionId: string, answer: { type: 'answer'; sdp: string }): Promise<void> {
    return this.loopback.answer(actor.id, meetingId, sessionId, answer);
  }

  endLoopback(actor: Actor, meetingId: string, sessionId: string): Promise<void> {
    return this.loopback.end(actor.id, meetingId, sessionId);
  }

  // ------------------------------------------------------------------------------------------ helpers

  /** Who (the side the actor checks for) first, then when (the check window). */
  private async authorizeCheck(actor: Actor, meetingId: string, endpointId: string | undefined) {
    const meeting = await this.meeting(meetingId);
    const [operated, account] = await Promise.all([
      actor.role === 'technician' ? this.repo.operatedEndpoints(meetingId, actor.id) : Promise.resolve([]),
      this.repo.accountEndpoint(meetingId, actor.id),
    ]);
    const rel: CheckerRelation = { operated, account };
    const side = readinessPolicy.sideOf(actor, meeting, rel, endpointId);
    const window = checkWindow(meeting, this.now());
    if (!window.open) throw new AppError('technical_check_closed', { opensAt: window.opensAt.toISOString(), closesAt: window.closesAt.toISOString() });
    return { meeting, side };
  }

  private async meeting(id: string): Promise<ReadinessMeetingRow> {
    const meeting = await this.repo.meeting(id);
    if (!meeting) throw new AppError('meeting_not_found');
    return meeting;
  }
}
