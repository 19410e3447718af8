/**
 * The organisation's own words (D19.2, D21.1): the office that approves bookings and the authority who decides
 * emergencies. Everyone signed in reads them (the client puts them into its messages); only the operator changes
 * them, audited with the words before and after.
 */
import type { OrganisationSettingsView } from '../../shared/api';
import type { AuditService } from '../audit/audit.service';
import type { Db } from '../db/client';
import { AppError } from '../errors';
import { organisationPolicy, type Actor } from './organisation.policy';
import type { OrganisationSettingsRepository } from './organisation-settings.repository';

/** Until the operator names them: the words of Decision 1681/QĐ-UBND (a province). */
export const DEFAULT_ORGANISATION_SETTINGS: OrganisationSettingsView = {
  approvingOffice: 'Văn phòng UBND tỉnh',
  decidingAuthority: 'Chủ tịch UBND tỉnh',
};

export class OrganisationSettingsService {
  constructor(
    private readonly db: Db,
    private readonly repo: OrganisationSettingsRepository,
    private readonly audit: AuditService,
  ) {}

  async get(): Promise<OrganisationSettingsView> {
    return (await this.repo.get()) ?? DEFAULT_ORGANISATION_SETTINGS;
  }

  async update(actor: Actor, values: OrganisationSettingsView, ip = ''): Promise<OrganisationSettingsView> {
    if (!organisationPolicy.manageSettings(actor)) throw new AppError('forbidden');
    await this.db.transaction(async (tx) => {
      const before = (await this.repo.get(tx)) ?? DEFAULT_ORGANISATION_SETTINGS;
      await this.repo.save(tx, values, actor.id, new Date());
      await this.audit.record({ actorId: actor.id, action: 'organisation.settings_updated', targetType: 'organisation', targetId: 'organisation', data: { before, after: values }, ip }, tx);
    });
    return values;
  }
}
