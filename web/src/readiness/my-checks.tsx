/** On the home page of a technician or a room's account: the meetings whose technical check is open now (R2.6). */
import { readinessApi } from './api-readiness';
import { formatDateTime } from '../format';
import { t, type MessageKey } from '../i18n';
import { Link } from '../router';
import { useLoad } from '../use-load';

export function MyChecks() {
  const { data } = useLoad(() => readinessApi.mine(), 'my-checks');
  if (!data || data.length === 0) return null;
  return (
    <section className="card" data-testid="my-checks">
      <h2>{t('check.homeTitle')}</h2>
      <ul className="plain-list">
        {data.map((c) => (
          <li key={`${c.meeting.id}:${c.endpoint?.id ?? ''}`}>
            <Link to={`/meetings/${c.meeting.id}/check`} data-testid="my-check-link">
              {t('check.homeItem', { meeting: c.meeting.title, endpoint: c.endpoint?.name ?? t('check.chairSide'), time: formatDateTime(c.meeting.checkAt) })}
            </Link>{' '}
            <span className="small muted">{t(`readiness.status.${c.status}` as MessageKey)}</span>{' '}
            {c.endpoint && (
              <Link to={`/meetings/${c.meeting.id}/room-people`} className="small" data-testid="my-room-people-link">
                {t('roomPeople.link')}
              </Link>
            )}
            {c.endpoint && (
              <>
                {' · '}
                <Link to={`/meetings/${c.meeting.id}/checklist`} className="small" data-testid="my-checklist-link">
                  {t('checklist.link')}
                </Link>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
