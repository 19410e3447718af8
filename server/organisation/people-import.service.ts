/**
 * Importing people in bulk (R1.1, R1.2) from CSV or XLSX: all or nothing, every faulty row and field named
 * (people-import.ts). The operator imports into any unit with any role; an organiser into their units with the
 * roles they may grant (organisationPolicy). New accounts get no password but a one-time sign-in link by mail
 * (sign-in-link.service.ts), so that 1,000 people take about a second rather than 1,000 argon2 hashes. The
 * accounts, links, mails and the audit entry are written in one transaction, in chunks (server/db/batch.ts).
 */
import type { z } from 'zod';
import { PEOPLE_IMPORT_MAX_ROWS, type PeopleImportResponse, type peopleImportBody } from '../../shared/api';
import type { AuditService } from '../audit/audit.service';
import type { Db } from '../db/client';
import { AppError } from '../errors';
import { organisationPolicy, type Actor } from './organisation.policy';
import { checkRows, parseRows, readTable } from './people-import';
import { NO_PASSWORD, type SignInLinkService } from './sign-in-link.service';
import type { UnitRepository } from './unit.repository';
import type { UserRepository } from './user.repository';

export class PeopleImportService {
  constructor(
    private readonly db: Db,
    private readonly users: UserRepository,
    private readonly units: UnitRepository,
    private readonly links: SignInLinkService,
    private readonly audit: AuditService,
  ) {}

  async import(actor: Actor, input: z.output<typeof peopleImportBody>, ip = ''): Promise<PeopleImportResponse> {
    // an organiser of no unit, a delegate…: refused before the file is read
    if (actor.role !== 'operator' && actor.role !== 'organiser') throw new AppError('forbidden');
    const tree = await this.units.tree();
    const { rows, errors } = parseRows(await readTable(input.format, input.content), PEOPLE_IMPORT_MAX_ROWS);
    const all = await this.units.all();
    const unitByCode = new Map(all.map((u) => [u.code.toUpperCase(), u.id]));
    const facts = {
      unitByCode,
      mayAddTo: (unitId: string) => organisationPolicy.managePeopleIn(actor, unitId, tree),
      mayGrant: (role: Parameters<typeof organisationPolicy.grantRole>[1]) => organisationPolicy.grantRole(actor, role),
    };
    return this.db.transaction(async (tx) => {
      // in the transaction: an account made meanwhile with one of these e-mails makes the insert fail, not half of it
      checkRows(rows, { ...facts, emailsTaken: await this.users.emailsTaken(rows.map((r) => r.email), tx) }, errors);
      if (Object.keys(errors).length) throw new AppError('import_invalid', errors); // nothing written
      const created = await this.users.insertMany(
        tx,
        rows.map((r) => ({ name: r.name, email: r.email, title: r.title, phone: r.phone, unitId: unitByCode.get(r.unitCode)!, role: r.role, passwordHash: NO_PASSWORD, mustChangePassword: false })),
      );
      const idByEmail = new Map(created.map((c) => [c.email, c.id]));
      const links = rows.map((r) => this.links.newLink({ id: idByEmail.get(r.email)!, name: r.name, title: r.title, email: r.email }, actor));
      await this.links.store(tx, links);
      const byRole: Record<string, number> = {};
      for (const r of rows) byRole[r.role] = (byRole[r.role] ?? 0) + 1;
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'user.imported',
          targetType: 'user',
          data: { format: input.format, created: created.length, linksSent: links.length, roles: byRole, units: [...new Set(rows.map((r) => r.unitCode))] },
          ip,
        },
        tx,
      );
      return { created: created.length, linksSent: links.length };
    });
  }
}
