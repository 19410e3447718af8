/** Statistics (issue 17 point 2). */
import type { StatisticsTable, StatisticsView } from '../../../shared/api';
import { request } from '../api';

export interface StatisticsFilter {
  from: string;
  to: string;
  /** Empty: every unit the viewer may see. */
  unitIds: string[];
}

const params = (f: StatisticsFilter) => {
  const p = new URLSearchParams({ from: f.from, to: f.to });
  if (f.unitIds.length) p.set('unitIds', f.unitIds.join(','));
  return p;
};

export const statisticsApi = {
  view: (f: StatisticsFilter) => request<StatisticsView>('GET', `/api/statistics?${params(f).toString()}`),
  /** The address of a table's file (a plain link: the browser downloads it with the session cookie). */
  exportUrl: (f: StatisticsFilter, table: StatisticsTable, format: 'csv' | 'xlsx') => {
    const p = params(f);
    p.set('table', table);
    p.set('format', format);
    return `/api/statistics/export?${p.toString()}`;
  },
};
