/** `/admin/outbox` — every mail the system wrote (M8.1b), for the operator (all) and organisers (their units' meetings). */
import { invitationsApi } from '../invitations/api-invitations';
import { ErrorMessage } from '../components/error-message';
import { OutboxList } from './outbox-list';
import { t } from '../i18n';
import { useLoad } from '../use-load';

export function AdminOutboxPage() {
  const { data, error, reload } = useLoad(() => invitationsApi.outbox(), 'outbox');
  return (
    <main className="page">
      <h1>{t('outbox.title')}</h1>
      <p className="small muted">{t('outbox.intro')}</p>
      <ErrorMessage error={error} />
      {!data && !error && <p className="muted">{t('common.loading')}</p>}
      {data && <OutboxList mails={data} showMeeting onChanged={reload} />}
      <div className="actions">
        <button type="button" className="secondary small" onClick={reload} data-testid="outbox-reload">
          {t('manage.refresh')}
        </button>
      </div>
    </main>
  );
}
