/**
 * The quarterly report (R5.1, R5.2) and ad-hoc statistics (M13.5).
 */
import type { FiguresResponse } from '../../shared/api';
import type { Db } from '../db/client';
import { AppError } from '../errors';
import type { Actor } from '../organisation/organisation.policy';
import type { UnitRepository } from '../organisation/unit.repository';
import { meetingFigures, type FigureQuery } from './figures';
import { reportsPolicy } from './reports.policy';

export class ReportsService {
  constructor(
    private readonly db: Db,
    private readonly units: UnitRepository,
  ) {}

  /** meetingFigures for a chosen period and units: the operator any, an organiser their own units. */
  async figures(actor: Actor, q: FigureQuery): Promise<FiguresResponse> {
    const tree = await this.units.tree();
    if (!reportsPolicy.readFigures(actor, q.unitIds, tree)) throw new AppError('forbidden');
    const result = await meetingFigures(this.db, q);
    return { units: result.units.map((u) => ({ ...u, unitName: tree.get(u.unitId)?.name ?? '' })), months: result.months };
  }
}
