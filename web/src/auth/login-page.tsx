import { useState, type FormEvent } from 'react';
import { ErrorMessage, toShownError, type ShownError } from '../components/error-message';
import { t } from '../i18n';
import { Link, navigate, safeNextPath } from '../router';
import { useSession } from '../session';

export function LoginPage({ next }: { next: string | null }) {
  const { signIn } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      // null: the account has a second factor, and the app shows the code step in place of this page
      if (await signIn({ email: email.trim(), password })) navigate(safeNextPath(next), { replace: true });
    } catch (caught) {
      setError(toShownError(caught));
      setBusy(false);
    }
  };

  return (
    <main className="page narrow">
      <form className="card" onSubmit={(e) => void submit(e)}>
        <h1>{t('login.title')}</h1>
        <p className="muted">{t('app.tagline')}</p>
        <label>
          {t('login.email')}
          <input
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            data-testid="login-email"
          />
        </label>
        <label>
          {t('login.password')}
          <input
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            data-testid="login-password"
          />
        </label>
        <ErrorMessage error={error} />
        <button type="submit" disabled={busy} data-testid="login-submit">
          {busy ? t('login.submitting') : t('login.submit')}
        </button>
        <p className="small">
          <Link to="/forgot-password" data-testid="login-forgot">
            {t('login.forgot')}
          </Link>
        </p>
      </form>
    </main>
  );
}
