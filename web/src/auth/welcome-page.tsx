/**
 * `/welcome#<token>` — the one-time sign-in link mailed to an imported person (R1.3) — and `/reset-password#<token>`,
 * the link "Quên mật khẩu?" mails (30 minutes): they choose a password, the server sets it, spends the link and ends
 * every session of the account, and they are signed in with it (the code next, when the account has a second
 * factor). The token stays in the address's fragment, which the browser never sends; it goes to the server only in
 * the request body.
 */
import { useState, type FormEvent } from 'react';
import { PASSWORD_MIN_LENGTH } from '../../../shared/password-policy';
import { organisationApi } from '../organisation/api-organisation';
import { ErrorMessage, toShownError, type ShownError } from '../components/error-message';
import { t } from '../i18n';
import { navigate } from '../router';
import { useSession } from '../session';

export function WelcomePage({ reset = false }: { reset?: boolean }) {
  const { signIn } = useSession();
  const [token] = useState(() => window.location.hash.replace(/^#/, ''));
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(token ? null : 'welcome.noToken');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (password !== confirmation) return setError('welcome.mismatch');
    setBusy(true);
    setError(null);
    try {
      const { email } = await organisationApi.redeemSignInLink({ token, password });
      // the link is spent: drop it from the address and the history
      window.history.replaceState(null, '', reset ? '/reset-password' : '/welcome');
      // null: the account has a second factor, and the app asks for the code in place of this page
      if (await signIn({ email, password })) navigate('/', { replace: true });
      else navigate('/login', { replace: true });
    } catch (caught) {
      setError(toShownError(caught));
      setBusy(false);
    }
  };

  return (
    <main className="page narrow">
      <form className="card" onSubmit={(e) => void submit(e)} data-testid="welcome-form">
        <h1>{reset ? t('reset.title') : t('welcome.title')}</h1>
        <p className="muted">{reset ? t('reset.intro') : t('welcome.intro')}</p>
        <label>
          {t('welcome.password')}
          <input type="password" autoComplete="new-password" required minLength={PASSWORD_MIN_LENGTH} value={password} onChange={(e) => setPassword(e.target.value)} data-testid="welcome-password" />
        </label>
        <label>
          {t('welcome.confirm')}
          <input type="password" autoComplete="new-password" required value={confirmation} onChange={(e) => setConfirmation(e.target.value)} data-testid="welcome-confirm" />
        </label>
        <ErrorMessage error={error} />
        <button type="submit" disabled={busy || !token} data-testid="welcome-submit">
          {t('welcome.submit')}
        </button>
      </form>
    </main>
  );
}
