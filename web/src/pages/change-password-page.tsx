import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { ErrorMessage, toShownError, type ShownError } from '../components/error-message';
import { t } from '../i18n';
import { useSession } from '../session';

/** Shown instead of every page while the account still has its temporary password. */
export function ChangePasswordPage() {
  const { refresh } = useSession();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (newPassword !== confirmation) {
      setError('password.mismatch');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.changePassword({ currentPassword, newPassword });
      await refresh(); // the session now says mustChangePassword: false, and the page the user asked for appears
    } catch (caught) {
      setError(toShownError(caught));
      setBusy(false);
    }
  };

  return (
    <main className="page narrow">
      <form className="card" onSubmit={(e) => void submit(e)}>
        <h1>{t('password.title')}</h1>
        <p>{t('password.forcedIntro')}</p>
        <label>
          {t('password.current')}
          <input
            type="password"
            autoComplete="current-password"
            required
            value={currentPassword}
            onChange={(e) => setCurrentPassword(e.target.value)}
            data-testid="current-password"
          />
        </label>
        <label>
          {t('password.new')}
          <input
            type="password"
            autoComplete="new-password"
            required
            value={newPassword}
            onChange={(e) => setNewPassword(e.target.value)}
            data-testid="new-password"
          />
        </label>
        <label>
          {t('password.confirm')}
          <input
            type="password"
            autoComplete="new-password"
            required
            value={confirmation}
            onChange={(e) => setConfirmation(e.target.value)}
            data-testid="new-password-confirm"
          />
        </label>
        <ErrorMessage error={error} />
        <button type="submit" disabled={busy} data-testid="change-password-submit">
          {busy ? t('common.saving') : t('password.submit')}
        </button>
      </form>
    </main>
  );
}
