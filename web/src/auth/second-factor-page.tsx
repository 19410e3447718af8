import { useState, type FormEvent } from 'react';
import { ErrorMessage, toShownError, type ShownError } from '../components/error-message';
import { CodeField } from './second-factor';
import { t } from '../i18n';
import { navigate, safeNextPath } from '../router';
import { useSession } from '../session';

/** The second step of signing in (R1.3): the code from the authenticator app, or one of the recovery codes. */
export function SecondFactorPage({ next }: { next: string | null }) {
  const { completeSecondFactor, signOut } = useSession();
  const [code, setCode] = useState('');
  const [recovery, setRecovery] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await completeSecondFactor(code);
      navigate(safeNextPath(next), { replace: true });
    } catch (caught) {
      setError(toShownError(caught));
      setCode('');
      setBusy(false);
    }
  };

  return (
    <main className="page narrow">
      <form className="card" onSubmit={(e) => void submit(e)} data-testid="second-factor-step">
        <h1>{t('secondFactor.signInTitle')}</h1>
        <p>{recovery ? t('recovery.signInIntro') : t('secondFactor.signInIntro')}</p>
        {recovery ? (
          <label>
            {t('recovery.code')}
            <input autoComplete="off" autoCapitalize="none" spellCheck={false} required maxLength={20} value={code} onChange={(e) => setCode(e.target.value)} data-testid="recovery-code-input" />
          </label>
        ) : (
          <CodeField value={code} onChange={setCode} testId="second-factor-code" />
        )}
        <p className="small">
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setRecovery(!recovery);
              setCode('');
              setError(null);
            }}
            data-testid="second-factor-use-recovery"
          >
            {recovery ? t('recovery.useApp') : t('recovery.useCode')}
          </button>
        </p>
        <ErrorMessage error={error} />
        <div className="actions">
          <button type="submit" disabled={busy} data-testid="second-factor-submit">
            {busy ? t('login.submitting') : t('secondFactor.submit')}
          </button>
          <button type="button" className="secondary" onClick={() => void signOut().catch(() => undefined)} data-testid="second-factor-cancel">
            {t('secondFactor.otherAccount')}
          </button>
        </div>
      </form>
    </main>
  );
}
