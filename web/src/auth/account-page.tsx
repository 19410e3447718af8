import { useState, type FormEvent } from 'react';
import type { SessionView } from '../../../shared/api';
import { accountApi } from './api-account';
import { SessionTable, SignInLog } from './account-security';
import { ErrorMessage, toShownError, type ShownError } from '../components/error-message';
import { CodeField, RecoveryCodes, SecondFactorEnrolment } from './second-factor';
import { t } from '../i18n';
import { navigate } from '../router';
import { useSession } from '../session';
import { useLoad } from '../use-load';
import { PasswordForm } from './change-password-page';

/**
 * One's own account (R1.3): the second factor, the password, the live sessions with "sign out elsewhere", and
 * the sign-in log — so that a person sees at once if someone else uses their account.
 */
export function AccountPage() {
  const { user, refresh } = useSession();
  if (!user) return null;
  return (
    <main className="page" data-testid="account-page">
      <h1>{t('account.title')}</h1>
      <p className="muted">
        {user.name} · {user.email} · {user.unit}
      </p>
      <div className="columns">
        <section className="card">
          <h2>{t('secondFactor.title')}</h2>
          {user.hasSecondFactor ? <SecondFactorOn operator={user.role === 'operator'} onDone={refresh} /> : <SecondFactorEnrolment onDone={refresh} />}
        </section>
        <section className="card">
          <h2>{t('password.title')}</h2>
          <PasswordForm onDone={() => undefined} />
        </section>
      </div>
      <Sessions />
      <section>
        <h2>{t('account.signInLog')}</h2>
        <OwnSignInLog />
      </section>
    </main>
  );
}

function SecondFactorOn({ operator, onDone }: { operator: boolean; onDone(): Promise<void> }) {
  const [open, setOpen] = useState(false);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await accountApi.disableSecondFactor(code);
      await onDone();
    } catch (caught) {
      setError(toShownError(caught));
      setBusy(false);
    }
  };

  return (
    <div data-testid="second-factor-on">
      <p className="notice">{t('secondFactor.on')}</p>
      <RecoveryCodesOwn />
      {!open && (
        <button type="button" className="secondary" onClick={() => setOpen(true)} data-testid="second-factor-disable-open">
          {operator ? t('secondFactor.reset') : t('secondFactor.disable')}
        </button>
      )}
      {open && (
        <form onSubmit={(e) => void submit(e)}>
          <p className="small">{operator ? t('secondFactor.resetNote') : t('secondFactor.disableNote')}</p>
          <CodeField value={code} onChange={setCode} testId="second-factor-disable-code" />
          <ErrorMessage error={error} />
          <div className="actions">
            <button type="submit" disabled={busy} data-testid="second-factor-disable">
              {operator ? t('secondFactor.reset') : t('secondFactor.disable')}
            </button>
            <button type="button" className="secondary" onClick={() => setOpen(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}

function Sessions() {
  const { signOut } = useSession();
  const { data: sessions, error: loadError, reload } = useLoad(accountApi.sessions, 'sessions');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const [ended, setEnded] = useState<number | null>(null);

  const act = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      reload();
    } catch (caught) {
      setError(toShownError(caught));
    } finally {
      setBusy(false);
    }
  };

  const signOutSession = (session: SessionView) =>
    act(async () => {
      if (session.current) {
        await signOut().catch(() => undefined);
        navigate('/login');
        return;
      }
      await accountApi.revokeSession(session.id);
      setEnded(1);
    });

  const others = (sessions ?? []).filter((s) => !s.current).length;
  return (
    <section>
      <h2>{t('account.sessions')}</h2>
      <p className="muted small">{t('account.sessionsIntro')}</p>
      <ErrorMessage error={loadError ?? error} />
      {ended !== null && (
        <p className="notice" role="status" data-testid="sessions-ended">
          {t('account.sessionsEnded', { count: ended })}
        </p>
      )}
      {sessions && <SessionTable sessions={sessions} busy={busy} onSignOut={(s) => void signOutSession(s)} />}
      <button
        type="button"
        className="secondary"
        disabled={busy || others === 0}
        onClick={() => void act(async () => setEnded(await accountApi.revokeOtherSessions()))}
        data-testid="sign-out-elsewhere"
      >
        {t('account.signOutElsewhere')}
      </button>
    </section>
  );
}

function OwnSignInLog() {
  const { data, error } = useLoad(accountApi.signIns, 'sign-ins');
  return (
    <>
      <ErrorMessage error={error} />
      {data && <SignInLog entries={data} />}
    </>
  );
}

/** How many recovery codes are left, and new ones (a current code asked; the old ones stop working). */
function RecoveryCodesOwn() {
  const left = useLoad(accountApi.recoveryCodesLeft, 'recovery-codes-left');
  const [open, setOpen] = useState(false);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<ShownError | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setCodes(await accountApi.regenerateRecoveryCodes(code));
      setOpen(false);
      setCode('');
    } catch (caught) {
      setError(toShownError(caught));
    } finally {
      setBusy(false);
    }
  };

  if (codes)
    return (
      <RecoveryCodes
        codes={codes}
        onDone={() => {
          setCodes(null);
          left.reload();
        }}
      />
    );
  return (
    <div data-testid="recovery-codes-own">
      {left.data !== undefined && (
        <p className={left.data < 3 ? 'warning-text' : 'small'} data-testid="recovery-codes-left" data-count={left.data}>
          {t('recovery.left', { count: left.data })}
        </p>
      )}
      {!open && (
        <button type="button" className="secondary" onClick={() => setOpen(true)} data-testid="recovery-codes-new-open">
          {t('recovery.regenerate')}
        </button>
      )}
      {open && (
        <form onSubmit={(e) => void submit(e)}>
          <p className="small">{t('recovery.regenerateNote')}</p>
          <CodeField value={code} onChange={setCode} testId="recovery-codes-new-code" />
          <ErrorMessage error={error} />
          <div className="actions">
            <button type="submit" disabled={busy} data-testid="recovery-codes-new">
              {t('recovery.regenerate')}
            </button>
            <button type="button" className="secondary" onClick={() => setOpen(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
