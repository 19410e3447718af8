import { useState, type FormEvent } from 'react';
import { ErrorMessage, toShownError, type ShownError } from '../components/error-message';
import { CodeField } from './second-factor';
import { t } from '../i18n';
import { navigate, safeNextPath } from '../router';
import { useSession } from '../session';

/** The second step of signing in (R1.3): the code from the authenticator app. */
export function SecondFactorPage({ next }: { next: string | null }) {
  const { completeSecondFactor, signOut } = useSession();
  const [code, setCode] = useState('');
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
        <p>{t('secondFactor.signInIntro')}</p>
        <CodeField value={code} onChange={setCode} testId="second-factor-code" />
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
