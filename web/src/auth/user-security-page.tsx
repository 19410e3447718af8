import { useState } from 'react';
import { organisationApi } from '../organisation/api-organisation';
import { accountApi } from './api-account';
import { SessionTable, SignInLog } from './account-security';
import { ErrorMessage, toShownError, type ShownError } from '../components/error-message';
import { t } from '../i18n';
import { Link } from '../router';
import { useLoad } from '../use-load';

/** The operator: a person's live sessions and sign-in log, and ending every session at once (R1.3, R6.4). */
export function UserSecurityPage({ id }: { id: string }) {
  const { data: people } = useLoad(organisationApi.users, 'users');
  const person = people?.find((p) => p.id === id);
  const sessions = useLoad(() => accountApi.sessionsOf(id), `sessions-${id}`);
  const signIns = useLoad(() => accountApi.signInsOf(id), `sign-ins-${id}`);

  return (
    <main className="page" data-testid="user-security-page">
      <p>
        <Link to="/admin/users">← {t('nav.users')}</Link>
      </p>
      <h1>{t('account.securityOf', { name: person?.name ?? '…' })}</h1>
      {person && (
        <p className="muted">
          {person.email} · {person.unit} · {person.hasSecondFactor ? t('secondFactor.on') : t('secondFactor.off')}
        </p>
      )}
      <section>
        <h2>{t('account.sessions')}</h2>
        <ErrorMessage error={sessions.error} />
        {sessions.data && <SessionTable sessions={sessions.data} />}
        <EndSessionsButton userId={id} name={person?.name ?? ''} onEnded={sessions.reload} />
      </section>
      <section>
        <h2>{t('account.signInLog')}</h2>
        <ErrorMessage error={signIns.error} />
        {signIns.data && <SignInLog entries={signIns.data} />}
      </section>
    </main>
  );
}

/** Leak response (R6.4): every session of the account ends at once, and it leaves its meetings; asks first. */
export function EndSessionsButton({ userId, name, onEnded }: { userId: string; name: string; onEnded?(): void }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [ended, setEnded] = useState<number | null>(null);
  const [error, setError] = useState<ShownError | null>(null);

  const end = async () => {
    setBusy(true);
    setError(null);
    try {
      setEnded(await accountApi.endSessionsOf(userId));
      setConfirming(false);
      onEnded?.();
    } catch (caught) {
      setError(toShownError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <span className="end-sessions">
      {!confirming && (
        <button type="button" className="secondary small" onClick={() => setConfirming(true)} data-testid="end-sessions">
          {t('account.endAllSessions')}
        </button>
      )}
      {confirming && (
        <span className="confirm-inline" role="group">
          <span>{t('account.endAllSessionsConfirm', { name })}</span>{' '}
          <button type="button" className="small" disabled={busy} onClick={() => void end()} data-testid="end-sessions-confirm">
            {t('account.endAllSessions')}
          </button>{' '}
          <button type="button" className="secondary small" onClick={() => setConfirming(false)}>
            {t('common.cancel')}
          </button>
        </span>
      )}
      {ended !== null && (
        <span className="small" role="status" data-testid="end-sessions-result">
          {' '}
          {t('account.sessionsEnded', { count: ended })}
        </span>
      )}
      <ErrorMessage error={error} />
    </span>
  );
}
