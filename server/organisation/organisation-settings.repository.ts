/** SQL of the organisation's settings: one row, or none (the defaults). */
import { eq } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { organisationSettings } from '../db/schema';

const ROW_ID = 'organisation';

export class OrganisationSettingsRepository {
  constructor(private readonly db: Db) {}

  async get(tx: Db | Tx = this.db): Promise<{ approvingOffice: string; decidingAuthority: string } | null> {
    const [row] = await tx
      .select({ approvingOffice: organisationSettings.approvingOffice, decidingAuthority: organisationSettings.decidingAuthority })
      .from(organisationSettings)
      .where(eq(organisationSettings.id, ROW_ID));
    return row ?? null;
  }

  async save(tx: Tx, values: { approvingOffice: string; decidingAuthority: string }, by: string, at: Date): Promise<void> {
    await tx
      .insert(organisationSettings)
      .values({ id: ROW_ID, ...values, updatedBy: by, updatedAt: at })
      .onConflictDoUpdate({ target: organisationSettings.id, set: { ...values, updatedBy: by, updatedAt: at } });
  }
}
