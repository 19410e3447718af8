import type { MeetingView } from '../../../shared/api';
import { api } from '../api';
import { ErrorMessage } from '../components/error-message';
import { ApprovalBadge } from './meeting-facts';
import { formatTimeRange } from '../format';
import { t } from '../i18n';
import { MyChecks } from '../readiness/my-checks';
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
      {(user?.role === 'technician' || user?.role === 'endpoint') && <MyChecks />}
      <ErrorMessage error={error} />
      {meetings && <PendingApprovals meetings={meetings} />}
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
                  {meeting.approval.status !== 'approved' && meeting.status === 'scheduled' && <ApprovalBadge meeting={meeting} />}
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

/** The office's bookings waiting for its decision (D21.1), soonest first: shown to operators (`canApprove`). */
function PendingApprovals({ meetings }: { meetings: MeetingView[] }) {
  const pending = meetings.filter((m) => m.canApprove).sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
  if (pending.length === 0) return null;
  return (
    <section className="card notice" data-testid="pending-approvals">
      <h2>{t('home.pendingTitle')}</h2>
      <ul>
        {pending.map((m) => (
          <li key={m.id} data-testid="pending-approval" data-slug={m.slug}>
            <Link to={`/meetings/${m.id}/manage`}>{m.title}</Link> <span className="muted small">— {formatTimeRange(m.startsAt, m.endsAt)} · {m.hostUnit.name}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
