import { useState } from 'react';
import { useSession } from '../session';
import { organisationApi } from '../organisation/api-organisation';
import { accountApi } from './api-account';
import { SessionTable, SignInLog } from './account-security';
import { ErrorMessage, toShownError, type ShownError } from '../components/error-message';
import { t } from '../i18n';
import { Link } from '../router';
import { useLoad } from '../use-load';

/**
 * The operator: a person's live sessions and sign-in log, ending every session at once (R1.3, R6.4), and the
 * recovery of the account: a one-time password in place of a forgotten one, the second factor removed when the phone
 * is lost (they enrol again). Not on the operator's own account.
 */
export function UserSecurityPage({ id }: { id: string }) {
  const { data: people } = useLoad(organisationApi.users, 'users');
  const person = people?.find((p) => p.id === id);
  const sessions = useLoad(() => accountApi.sessionsOf(id), `sessions-${id}`);
  const signIns = useLoad(() => accountApi.signInsOf(id), `sign-ins-${id}`);
  const { user } = useSession();

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
      {person && user && user.id !== id && (
        <section className="card" data-testid="account-recovery">
          <h2>{t('recoverAccount.title')}</h2>
          <ResetPassword userId={id} name={person.name} onDone={sessions.reload} />
          {person.hasSecondFactor && <ResetSecondFactor userId={id} name={person.name} onDone={sessions.reload} />}
        </section>
      )}
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

/** A one-time password for someone who forgot theirs, shown once; they change it at the next sign-in. */
function ResetPassword({ userId, name, onDone }: { userId: string; name: string; onDone(): void }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [password, setPassword] = useState<string | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const reset = async () => {
    setBusy(true);
    setError(null);
    try {
      setPassword(await accountApi.resetPasswordOf(userId));
      setConfirming(false);
      onDone();
    } catch (caught) {
      setError(toShownError(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div>
      {!confirming && !password && (
        <button type="button" className="secondary" onClick={() => setConfirming(true)} data-testid="reset-password">
          {t('recoverAccount.resetPassword')}
        </button>
      )}
      {confirming && (
        <p className="confirm-inline" role="group">
          <span>{t('recoverAccount.resetPasswordConfirm', { name })}</span>{' '}
          <button type="button" className="small" disabled={busy} onClick={() => void reset()} data-testid="reset-password-confirm">
            {t('recoverAccount.resetPassword')}
          </button>{' '}
          <button type="button" className="secondary small" onClick={() => setConfirming(false)}>
            {t('common.cancel')}
          </button>
        </p>
      )}
      {password && (
        <p className="notice" role="status" data-testid="reset-password-done">
          {t('recoverAccount.temporaryPassword')} <code data-testid="reset-password-value">{password}</code>
        </p>
      )}
      <ErrorMessage error={error} />
    </div>
  );
}

/** The second factor and recovery codes removed (a lost phone): the person signs in with the password and enrols again. */
function ResetSecondFactor({ userId, name, onDone }: { userId: string; name: string; onDone(): void }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const reset = async () => {
    setBusy(true);
    setError(null);
    try {
      await accountApi.resetSecondFactorOf(userId);
      setDone(true);
      setConfirming(false);
      onDone();
    } catch (caught) {
      setError(toShownError(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div>
      {!confirming && !done && (
        <button type="button" className="secondary" onClick={() => setConfirming(true)} data-testid="reset-second-factor">
          {t('recoverAccount.resetSecondFactor')}
        </button>
      )}
      {confirming && (
        <p className="confirm-inline" role="group">
          <span>{t('recoverAccount.resetSecondFactorConfirm', { name })}</span>{' '}
          <button type="button" className="small" disabled={busy} onClick={() => void reset()} data-testid="reset-second-factor-confirm">
            {t('recoverAccount.resetSecondFactor')}
          </button>{' '}
          <button type="button" className="secondary small" onClick={() => setConfirming(false)}>
            {t('common.cancel')}
          </button>
        </p>
      )}
      {done && (
        <p className="notice" role="status" data-testid="reset-second-factor-done">
          {t('recoverAccount.secondFactorRemoved')}
        </p>
      )}
      <ErrorMessage error={error} />
    </div>
  );
}
