/**
 * `/forgot-password` — "Quên mật khẩu?" (R1.3): the person gives their address; if an account has it, a link to set a
 * new password is mailed (30 minutes, one use). The page says the same whatever the address, as the server answers.
 */
import { useState, type FormEvent } from 'react';
import { ErrorMessage, toShownError, type ShownError } from '../components/error-message';
import { t } from '../i18n';
import { Link } from '../router';
import { accountApi } from './api-account';

export function ForgotPasswordPage() {
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await accountApi.requestPasswordReset({ email: email.trim() });
      setDone(true);
    } catch (caught) {
      setError(toShownError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="page narrow">
      <form className="card" onSubmit={(e) => void submit(e)} data-testid="forgot-form">
        <h1>{t('forgot.title')}</h1>
        {done ? (
          <p className="notice" role="status" data-testid="forgot-done">
            {t('forgot.done', { email: email.trim() })}
          </p>
        ) : (
          <>
            <p className="muted">{t('forgot.intro')}</p>
            <label>
              {t('login.email')}
              <input type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} data-testid="forgot-email" />
            </label>
            <ErrorMessage error={error} />
            <button type="submit" disabled={busy} data-testid="forgot-submit">
              {t('forgot.submit')}
            </button>
          </>
        )}
        <p className="small">
          <Link to="/login">{t('forgot.back')}</Link>
        </p>
      </form>
    </main>
  );
}
