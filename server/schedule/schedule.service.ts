/**
 * The weekly meeting schedule (R2.4, M8.1a, M12.2): the page's week view, its PDF in administrative form and the
 * iCalendar feeds one subscribes to.
 *
 * Who sees what: the rule of the meetings list (MeetingService.list / meetingPolicy.canList) — the operator every
 * meeting; organisers and secretaries the meetings hosted by their unit and the units under it, plus those they
 * are part of; organisers also those inviting their own unit (they answer for it); everyone else the meetings they
 * chair, are invited to (named by an invited unit, or a member of one whose members are admitted), whose endpoint's
 * account they are, or (a guest) their own. A unit's view narrows that to the meetings the unit or a unit under it hosts, or that invite
 * such a unit, one of its people or one of its endpoints. The page and PDF list approved and pending meetings
 * (pending marked), not cancelled ones; a feed also carries cancelled and rejected ones as STATUS:CANCELLED so
 * that subscribed calendars drop them. A feed is re-checked at each fetch with its owner's current rights.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { CalendarFeedView, CreateFeedResponse, ScheduleMeetingView, ScheduleView, createFeedBody, scheduleQuery } from '../../shared/api';
import { vnDate, weekday } from '../../shared/calendar/working-days';
import type { AuditService } from '../audit/audit.service';
import type { HolidayService } from '../calendar/holiday.service';
import type { MeetingRepository } from '../meetings/meeting.repository';
import { groupBy } from '../db/batch';
import type { Db } from '../db/client';
import { AppError } from '../errors';
import { placeOf } from '../invitations/invitation-content';
import type { Actor } from '../organisation/organisation.policy';
import type { UnitRepository } from '../organisation/unit.repository';
import type { UserRepository } from '../organisation/user.repository';
import { presentPerson } from '../organisation/user.presenter';
import { renderAdminDocument } from '../pdf/admin-document';
import { isoWeekOfInstant, nextWeek, parseIsoWeek, previousWeek, weekSpan, type IsoWeek } from './iso-week';
import { scheduleDocument, scheduleIcs, type FeedMeeting } from './schedule-content';
import type { ScheduleMeetingRow, ScheduleRepository, Visibility } from './schedule.repository';

const collator = new Intl.Collator('vi');
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/** How far a feed reaches: a season back, a year ahead. */
const FEED_PAST_MS = 92 * 86_400_000;
const FEED_FUTURE_MS = 400 * 86_400_000;

export class ScheduleService {
  constructor(
    private readonly db: Db,
    private readonly repo: ScheduleRepository,
    /** The meetings' people, rooms and units, as the meetings domain reads them. */
    private readonly meetings: Pick<MeetingRepository, 'people' | 'endpointsOf' | 'unitsOf' | 'unitNames'>,
    private readonly units: UnitRepository,
    private readonly users: UserRepository,
    private readonly holidays: Pick<HolidayService, 'between'>,
    private readonly audit: AuditService,
  ) {}

  async week(actor: Actor, query: z.output<typeof scheduleQuery>): Promise<ScheduleView> {
    const week = query.week ? parseIsoWeek(query.week) : isoWeekOfInstant(new Date());
    if (!week) throw new AppError('validation_failed', { week: 'not an ISO week' });
    const tree = await this.units.tree();
    const unit = query.unitId ? tree.get(query.unitId) : undefined;
    if (query.unitId && !unit) throw new AppError('unit_not_found', { unitId: query.unitId });
    const { from, to } = weekSpan(week);
    const rows = await this.repo.meetingsBetween(from, to, {
      visibility: this.visibility(actor, tree),
      unitId: unit?.id,
      current: true,
    });
    const meetings = await this.present(rows);
    const holidays = new Map((await this.holidays.between(week.monday, week.sunday)).map((h) => [h.date, h.name]));
    const days = Array.from({ length: 7 }, (_, i) => {
      const date = new Date(Date.parse(`${week.monday}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10);
      return { date, weekday: weekday(date), holiday: holidays.get(date) ?? null, meetings: meetings.filter((m) => vnDate(new Date(m.startsAt)) === date) };
    });
    return { week: week.label, from: week.monday, to: week.sunday, unit: unit ? { id: unit.id, name: unit.name } : null, days, previousWeek: previousWeek(week).label, nextWeek: nextWeek(week).label };
  }

  /** "LỊCH HỌP TRỰC TUYẾN" of the week as a PDF in administrative form. */
  async pdf(actor: Actor, query: z.output<typeof scheduleQuery>): Promise<{ pdf: Buffer; fileName: string }> {
    const view = await this.week(actor, query);
    const tree = await this.units.tree();
    const roots = tree.ordered().filter((u) => u.parentId === null);
    const issuing = view.unit ? tree.get(view.unit.id)! : roots[0];
    let root = issuing;
    const seen = new Set<string>();
    while (root?.parentId && !seen.has(root.id)) {
      seen.add(root.id);
      root = tree.get(root.parentId);
    }
    const parent = issuing?.parentId ? tree.get(issuing.parentId) : undefined;
    const doc = scheduleDocument(view, {
      unit: issuing?.name ?? 'GiaoBan',
      parentBody: parent?.name,
      place: placeOf(root?.name ?? ''),
      issuedAt: new Date(),
    });
    return { pdf: await renderAdminDocument(doc), fileName: `Lịch họp trực tuyến tuần ${+view.week.slice(6)}-${view.week.slice(0, 4)}.pdf` };
  }

  async createFeed(actor: Actor, input: z.output<typeof createFeedBody>, baseUrl: string, ip = ''): Promise<CreateFeedResponse> {
    const tree = await this.units.tree();
    const unit = input.unitId ? tree.get(input.unitId) : undefined;
    if (input.unitId && !unit) throw new AppError('unit_not_found', { unitId: input.unitId });
    const token = randomBytes(32).toString('base64url');
    const feed = await this.db.transaction(async (tx) => {
      const row = await this.repo.insertFeed(tx, { userId: actor.id, unitId: unit?.id ?? null, tokenHash: sha256(token) });
      await this.audit.record({ actorId: actor.id, action: 'calendar_feed.created', targetType: 'calendar_feed', targetId: row.id, data: { unitId: unit?.id ?? null }, ip }, tx);
      return row;
    });
    return { feed: { id: feed.id, unit: unit ? { id: unit.id, name: unit.name } : null, createdAt: feed.createdAt.toISOString() }, url: `${baseUrl}/api/schedule/feed/${token}.ics` };
  }

  async feeds(actor: Actor): Promise<CalendarFeedView[]> {
    const [rows, tree] = await Promise.all([this.repo.feedsOf(actor.id), this.units.tree()]);
    return rows.map((f) => {
      const unit = f.unitId ? tree.get(f.unitId) : undefined;
      return { id: f.id, unit: f.unitId ? { id: f.unitId, name: unit?.name ?? '' } : null, createdAt: f.createdAt.toISOString() };
    });
  }

  async revokeFeed(actor: Actor, id: string, ip = ''): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (!(await this.repo.revokeFeed(tx, actor.id, id))) throw new AppError('calendar_feed_not_found');
      await this.audit.record({ actorId: actor.id, action: 'calendar_feed.revoked', targetType: 'calendar_feed', targetId: id, data: {}, ip }, tx);
    });
  }

  /** The feed's calendar, as its owner may see it now; an unknown or revoked token, or a disabled owner: not_found. */
  async feedCalendar(token: string): Promise<string> {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw new AppError('not_found');
    const feed = await this.repo.feedByTokenHash(sha256(token));
    if (!feed) throw new AppError('not_found');
    const owner = await this.users.findById(feed.userId);
    if (!owner || owner.disabledAt) throw new AppError('not_found');
    const tree = await this.units.tree();
    const unit = feed.unitId ? tree.get(feed.unitId) : undefined;
    if (feed.unitId && !unit) throw new AppError('not_found');
    const now = Date.now();
    const rows = await this.repo.meetingsBetween(new Date(now - FEED_PAST_MS), new Date(now + FEED_FUTURE_MS), {
      visibility: this.visibility(owner, tree),
      unitId: unit?.id,
      current: false,
    });
    const views = await this.present(rows);
    const meetings: FeedMeeting[] = views.map((v, i) => ({ ...v, version: rows[i]!.version }));
    return scheduleIcs(meetings, { name: `Lịch họp trực tuyến${unit ? ` — ${unit.name}` : ''}` });
  }

  /** The meetings list rule (see the header); undefined: every meeting. */
  private visibility(actor: Actor, tree: Awaited<ReturnType<UnitRepository['tree']>>): Visibility | undefined {
    if (actor.role === 'operator') return undefined;
    const staff = actor.role === 'organiser' || actor.role === 'secretary';
    return { userId: actor.id, hostUnitIds: staff ? [...tree.subtree(actor.unitId)] : [], guestMeetingId: actor.guestMeetingId, headOfUnitId: actor.role === 'organiser' ? actor.unitId : null };
  }

  private async present(rows: ScheduleMeetingRow[]): Promise<ScheduleMeetingView[]> {
    const ids = rows.map((m) => m.id);
    const [people, endpointRows, invitedUnits, hostUnits] = await Promise.all([
      this.meetings.people([...new Set(rows.map((m) => m.chairId))]),
      this.meetings.endpointsOf(ids),
      this.meetings.unitsOf(ids),
      this.meetings.unitNames([...new Set(rows.map((m) => m.hostUnitId))]),
    ]);
    const person = new Map(people.map((p) => [p.id, p]));
    const unitName = new Map(hostUnits.map((u) => [u.id, u.name]));
    const unitsBy = groupBy(invitedUnits, (u) => u.meetingId);
    const endpointsBy = groupBy(endpointRows, (e) => e.meetingId);
    return rows.map((m) => ({
      id: m.id,
      title: m.title,
      startsAt: m.startsAt.toISOString(),
      endsAt: m.endsAt.toISOString(),
      type: m.type,
      typeNote: m.typeNote,
      hostUnit: { id: m.hostUnitId, name: unitName.get(m.hostUnitId) ?? '' },
      chair: presentPerson(person.get(m.chairId) ?? { id: m.chairId, name: '?', title: '', unitName: '' }),
      units: (unitsBy.get(m.id) ?? [])
        .map((u) => u.name)
        .sort(collator.compare),
      endpoints: (endpointsBy.get(m.id) ?? [])
        .sort((a, b) => collator.compare(a.name, b.name))
        .map(({ id, name, unit, unitId, location }) => ({ id, name, unit, unitId, location })),
      status: m.status,
      approval: m.approval,
      pending: m.approval === 'pending',
    }));
  }
}

export type { IsoWeek };
