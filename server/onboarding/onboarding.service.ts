/**
 * The operator's first run: the steps that make an empty system usable (units, people, rooms with their
 * technicians, the mail server, this year's holidays), each done or not as the data says — nothing to tick by
 * hand, so the list cannot claim what is not there.
 */
import type { SetupChecklist, SetupStep } from '../../shared/api/onboarding';
import { vnDate } from '../../shared/calendar/working-days';
import { AppError } from '../errors';
import type { Actor } from '../organisation/organisation.policy';
import { OPERATOR_UNIT } from '../organisation/user.service';
import type { OnboardingRepository } from './onboarding.repository';

export class OnboardingService {
  constructor(
    private readonly repo: OnboardingRepository,
    private readonly options: { smtpConfigured: boolean },
  ) {}

  async checklist(actor: Actor, now = new Date()): Promise<SetupChecklist> {
    if (actor.role !== 'operator') throw new AppError('forbidden');
    const year = +vnDate(now).slice(0, 4);
    const [units, people, rooms, overrides] = await Promise.all([
      this.repo.unitsBesides(OPERATOR_UNIT.code),
      this.repo.people(),
      this.repo.endpoints(),
      this.repo.holidayOverridesFrom(`${year}-01-01`),
    ]);
    const steps: SetupStep[] = [
      { id: 'units', done: units > 0, count: units },
      { id: 'people', done: people > 0, count: people },
      { id: 'endpoints', done: rooms.total > 0 && rooms.withoutTechnician === 0, count: rooms.total, missing: rooms.withoutTechnician },
      { id: 'mail', done: this.options.smtpConfigured, count: this.options.smtpConfigured ? 1 : 0 },
      { id: 'holidays', done: overrides > 0, count: overrides },
    ];
    return { steps, done: steps.every((s) => s.done), year };
  }
}
