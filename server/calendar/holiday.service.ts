/**
 * The effective public holidays (VIETNAMESE-CONVENTIONS "Working days and public holidays"): the default list of
 * each year (`defaultHolidays`, lunar dates computed) adjusted by the operator from the government's yearly
 * announcement — extra days off (`day_off`), and default holidays or weekend days made working days
 * (`working_day`, a swap). Read by anyone signed in; changed by the operator only, audited.
 */
import type { HolidayView } from '../../shared/api/calendar';
import type { z } from 'zod';
import type { putHolidayBody } from '../../shared/api/calendar';
import { defaultHolidays, isWeekendDay, vnDate, weekday, type Holiday } from '../../shared/calendar/working-days';
import type { AuditService } from '../audit/audit.service';
import type { Db } from '../db/client';
import { AppError } from '../errors';
import type { Actor } from '../organisation/organisation.policy';
import type { HolidayOverrideRow, HolidayRepository } from './holiday.repository';

/** A civil date `YYYY-MM-DD`, or an instant (its Vietnamese civil date). */
type DateLike = string | Date;
const civil = (d: DateLike) => (typeof d === 'string' ? d.slice(0, 10) : vnDate(d));

/** Working days and days off of a span: what the working-day rules (D7.3) need. */
export interface WorkingCalendar {
  /** Days off that would otherwise be working days, and default holidays not cancelled. */
  holidays: Set<string>;
  /** Weekend days made working days (swaps). */
  workingWeekendDays: Set<string>;
}

export class HolidayService {
  constructor(
    private readonly db: Db,
    private readonly repo: HolidayRepository,
    private readonly audit: AuditService,
  ) {}

  /** The effective days off from `from` to `to` (inclusive): defaults of the years touched, plus `day_off`, minus `working_day`. */
  async between(from: DateLike, to: DateLike): Promise<Holiday[]> {
    return (await this.effective(civil(from), civil(to))).filter((h) => h.kind === 'day_off').map(({ date, name }) => ({ date, name }));
  }

  /** Weekend days from `from` to `to` that the operator made working days (a swap). */
  async workingWeekendDaysBetween(from: DateLike, to: DateLike): Promise<string[]> {
    return (await this.effective(civil(from), civil(to))).filter((h) => h.kind === 'working_day' && isWeekendDay(h.date)).map((h) => h.date);
  }

  /** Both, for `workingDaysNotice(sentAt, startsAt, holidays, workingWeekendDays)`. */
  async calendar(from: DateLike, to: DateLike): Promise<WorkingCalendar> {
    const all = await this.effective(civil(from), civil(to));
    return {
      holidays: new Set(all.filter((h) => h.kind === 'day_off').map((h) => h.date)),
      workingWeekendDays: new Set(all.filter((h) => h.kind === 'working_day' && isWeekendDay(h.date)).map((h) => h.date)),
    };
  }

  /** GET /api/holidays?year=: every date of the year that is a default holiday or overridden. */
  async year(year: number): Promise<HolidayView[]> {
    return this.effective(`${year}-01-01`, `${year}-12-31`);
  }

  async set(actor: Actor, date: string, input: z.output<typeof putHolidayBody>, ip = ''): Promise<HolidayView> {
    if (actor.role !== 'operator') throw new AppError('forbidden');
    const isDefault = defaultHolidays(+date.slice(0, 4)).some((h) => h.date === date);
    // A working day is already one unless it is a default holiday or a weekend day.
    if (input.kind === 'working_day' && !isDefault && !isWeekendDay(date)) throw new AppError('validation_failed', { kind: 'already a working day' });
    if (input.kind === 'day_off' && !input.name) throw new AppError('validation_failed', { name: 'required' });
    await this.db.transaction(async (tx) => {
      const before = await this.repo.find(date, tx);
      await this.repo.upsert(tx, { date, kind: input.kind, name: input.name, updatedBy: actor.id });
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'holiday.set',
          targetType: 'holiday',
          targetId: date,
          data: { date, kind: input.kind, name: input.name, ...(before ? { before: { kind: before.kind, name: before.name } } : {}) },
          ip,
        },
        tx,
      );
    });
    return (await this.effective(date, date))[0]!;
  }

  async remove(actor: Actor, date: string, ip = ''): Promise<void> {
    if (actor.role !== 'operator') throw new AppError('forbidden');
    await this.db.transaction(async (tx) => {
      const before = await this.repo.find(date, tx);
      if (!before || !(await this.repo.remove(tx, date))) throw new AppError('holiday_override_not_found');
      await this.audit.record({ actorId: actor.id, action: 'holiday.reset', targetType: 'holiday', targetId: date, data: { date, before: { kind: before.kind, name: before.name } }, ip }, tx);
    });
  }

  private async effective(from: string, to: string): Promise<HolidayView[]> {
    const defaults = new Map<string, string>();
    for (let y = +from.slice(0, 4); y <= +to.slice(0, 4); y++) for (const h of defaultHolidays(y)) if (h.date >= from && h.date <= to) defaults.set(h.date, h.name);
    const overrides = new Map<string, HolidayOverrideRow>((await this.repo.between(from, to)).map((o) => [o.date, o]));
    const dates = [...new Set([...defaults.keys(), ...overrides.keys()])].sort();
    return dates.map((date) => {
      const o = overrides.get(date);
      const defaultName = defaults.get(date);
      return {
        date,
        name: o?.name || defaultName || '',
        kind: o ? o.kind : 'day_off',
        source: o ? 'override' : 'default',
        isDefault: defaultName !== undefined,
        weekday: weekday(date),
      };
    });
  }
}
