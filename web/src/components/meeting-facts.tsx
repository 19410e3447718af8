/** A meeting's title, time, chair and status: the card the management and records pages open with. */
import type { ReactNode } from 'react';
import type { MeetingView } from '../../../shared/api';
import { formatTimeRange } from '../format';
import { t } from '../i18n';

export function MeetingFacts({ meeting, testId, children }: { meeting: MeetingView; testId: string; children?: ReactNode }) {
  return (
    <section className="card meeting-summary" data-testid={testId}>
      <h2>{meeting.title}</h2>
      <dl>
        <dt>{t('meeting.time')}</dt>
        <dd>{formatTimeRange(meeting.startsAt, meeting.endsAt)}</dd>
        <dt>{t('meeting.chair')}</dt>
        <dd>{meeting.chair.name}</dd>
        <dt>{t('meeting.status')}</dt>
        <dd>
          <span className={`status status-${meeting.status}`}>{t(`status.${meeting.status}`)}</span>
        </dd>
        {children}
      </dl>
    </section>
  );
}
