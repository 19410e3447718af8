import type { MeetingView } from '../../../shared/api';
import { api } from '../api';
import { ErrorMessage } from '../components/error-message';
import { formatTimeRange } from '../format';
import { t } from '../i18n';
import { Link } from '../router';
import { useSession } from '../session';
import { useLoad } from '../use-load';

/** Meetings not yet ended first, soonest first; then ended ones, most recent first. */
function byRelevance(a: MeetingView, b: MeetingView): number {
  const aEnded = a.status === 'ended';
  const bEnded = b.status === 'ended';
  if (aEnded !== bEnded) return aEnded ? 1 : -1;
  const diff = Date.parse(a.startsAt) - Date.parse(b.startsAt);
  return aEnded ? -diff : diff;
}

export function HomePage() {
  const { user } = useSession();
  const { data: meetings, error } = useLoad(api.listMeetings, 'meetings');

  return (
    <main className="page">
      <h1>{user?.role === 'operator' ? t('home.titleOperator') : t('home.title')}</h1>
      <ErrorMessage error={error} />
      {!meetings && !error && <p className="muted">{t('common.loading')}</p>}
      {meetings && meetings.length === 0 && <p className="muted">{t('home.empty')}</p>}
      {meetings && meetings.length > 0 && (
        <table className="list meetings" data-testid="meeting-list">
          <thead>
            <tr>
              <th>{t('home.colTitle')}</th>
              <th>{t('home.colTime')}</th>
              <th>{t('home.colChair')}</th>
              <th>{t('home.colStatus')}</th>
              <th>{t('home.colLink')}</th>
            </tr>
          </thead>
          <tbody>
            {[...meetings].sort(byRelevance).map((meeting) => (
              <tr key={meeting.id} data-testid="meeting-item" data-slug={meeting.slug}>
                <td data-label={t('home.colTitle')} className="strong">
                  {meeting.title}
                </td>
                <td data-label={t('home.colTime')} className="nowrap">{formatTimeRange(meeting.startsAt, meeting.endsAt)}</td>
                <td data-label={t('home.colChair')}>{meeting.chair.name}</td>
                <td data-label={t('home.colStatus')} className="nowrap">
                  <span className={`status status-${meeting.status}`}>{t(`status.${meeting.status}`)}</span>
                </td>
                <td data-label={t('home.colLink')}>
                  <Link to={`/${meeting.slug}`}>/{meeting.slug}</Link>
                  {meeting.canManage && (
                    <div className="small">
                      <Link to={`/meetings/${meeting.id}/manage`} data-testid="meeting-manage-link">
                        {t('home.manage')}
                      </Link>
                    </div>
                  )}
                  {meeting.canSeeRecords && (
                    <div className="small">
                      <Link to={`/meetings/${meeting.id}/records`} data-testid="meeting-records-link">
                        {t('home.records')}
                      </Link>
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
