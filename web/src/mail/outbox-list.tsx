/**
 * Mails of the outbox (M8.1b) with their status; a row opens the mail's text. Bodies are fetched one at a time and
 * only for those the server lets read them (operators, organisers of the meeting). A mail that failed, or was kept
 * before a mail server was configured, can be sent again.
 */
import { useState } from 'react';
import type { MailDetailView, MailView } from '../../../shared/api';
import { invitationsApi } from '../invitations/api-invitations';
import { formatDateTime } from '../format';
import { hasMessage, t, type MessageKey } from '../i18n';
import { ErrorMessage, toShownError, type ShownError } from '../components/error-message';

const statusKey = (s: MailView['status']) => `outbox.status.${s}` as MessageKey;
/** A kind the client does not know yet is shown as is. */
const kindLabel = (k: string) => {
  const key = `outbox.kind.${k}`;
  return hasMessage(key) ? t(key) : k;
};

export function OutboxList({ mails, showMeeting = false, onChanged }: { mails: MailView[]; showMeeting?: boolean; onChanged(): void }) {
  const [open, setOpen] = useState<MailDetailView | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const retry = async (id: number) => {
    setError(null);
    setBusy(id);
    try {
      await invitationsApi.retry(id);
      onChanged();
    } catch (caught) {
      setError(toShownError(caught));
    } finally {
      setBusy(null);
    }
  };
  const show = async (id: number) => {
    setError(null);
    if (open?.id === id) return setOpen(null);
    try {
      setOpen(await invitationsApi.mail(id));
    } catch (caught) {
      setError(toShownError(caught));
    }
  };
  if (mails.length === 0) return <p className="muted" data-testid="outbox-empty">{t('outbox.empty')}</p>;
  return (
    <>
      <ErrorMessage error={error} />
      <table className="list" data-testid="outbox-list">
        <thead>
          <tr>
            <th>{t('outbox.colCreated')}</th>
            <th>{t('outbox.colTo')}</th>
            <th>{t('outbox.colSubject')}</th>
            <th>{t('outbox.colStatus')}</th>
          </tr>
        </thead>
        <tbody>
          {mails.map((m) => (
            <tr key={m.id} data-testid="outbox-item" data-status={m.status} data-kind={m.kind}>
              <td data-label={t('outbox.colCreated')} className="nowrap">
                {formatDateTime(m.createdAt)}
              </td>
              <td data-label={t('outbox.colTo')}>{m.to}</td>
              <td data-label={t('outbox.colSubject')}>
                <button type="button" className="link-button" onClick={() => void show(m.id)} data-testid="outbox-open">
                  {m.subject}
                </button>
                <div className="small muted">
                  {kindLabel(m.kind)}
                  {m.attachments.length > 0 && ` · ${m.attachments.map((a) => a.filename).join(', ')}`}
                  {showMeeting && m.meetingId && ' · '}
                  {showMeeting && m.meetingId && <a href={`/meetings/${m.meetingId}/manage`}>{t('outbox.meeting')}</a>}
                </div>
              </td>
              <td data-label={t('outbox.colStatus')}>
                <span className={`badge status-${m.status}`}>{t(statusKey(m.status))}</span>
                {m.attempts > 0 && <div className="small muted">{t('outbox.attempts', { count: m.attempts })}</div>}
                {m.error && <div className="small warning-text">{m.error}</div>}
                {m.nextAttemptAt && <div className="small muted">{t('outbox.nextAttempt', { at: formatDateTime(m.nextAttemptAt) })}</div>}
                {m.sentAt && <div className="small muted">{formatDateTime(m.sentAt)}</div>}
                {m.canRetry && (
                  <button type="button" className="secondary small" disabled={busy === m.id} onClick={() => void retry(m.id)} data-testid="outbox-retry">
                    {t('outbox.retry')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {open && (
        <section className="card" data-testid="outbox-mail">
          <h3>{open.subject}</h3>
          <p className="small muted">
            {t('outbox.colTo')}: {open.to}
          </p>
          <pre style={{ whiteSpace: 'pre-wrap' }} data-testid="outbox-mail-text">
            {open.text}
          </pre>
          <button type="button" className="secondary small" onClick={() => setOpen(null)}>
            {t('outbox.close')}
          </button>
        </section>
      )}
    </>
  );
}

