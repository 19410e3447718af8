import { useState, type FormEvent } from 'react';
import { PASSWORD_MIN_LENGTH } from '../../../shared/password-policy';
import { api } from '../api';
import { ErrorMessage, toShownError, type ShownError } from '../components/error-message';
import { t } from '../i18n';
import { useSession } from '../session';

/** Shown instead of every page while the account still has its temporary password. */
export function ChangePasswordPage() {
  const { refresh } = useSession();
  return (
    <main className="page narrow">
      <div className="card">
        <h1>{t('password.title')}</h1>
        <p>{t('password.forcedIntro')}</p>
        {/* the session now says mustChangePassword: false, and the page the user asked for appears */}
        <PasswordForm forced onDone={refresh} />
      </div>
    </main>
  );
}

/** Current password, then the new one twice, with the policy's rule shown where the new password is chosen. */
export function PasswordForm({ forced = false, onDone }: { forced?: boolean; onDone(): void | Promise<void> }) {
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (newPassword !== confirmation) {
      setError('password.mismatch');
      return;
    }
    setBusy(true);
    setError(null);
    setDone(false);
    try {
      await api.changePassword({ currentPassword, newPassword });
      setCurrentPassword('');
      setNewPassword('');
      setConfirmation('');
      setDone(true);
      await onDone();
    } catch (caught) {
      setError(toShownError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} data-testid="password-form">
      <label>
        {forced ? t('password.current') : t('password.currentOwn')}
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
          aria-describedby="password-rule"
          data-testid="new-password"
        />
      </label>
      <p className="small muted" id="password-rule" data-testid="password-rule">
        {t('password.rule', { min: PASSWORD_MIN_LENGTH })}
      </p>
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
      {done && !forced && (
        <p className="notice" role="status" data-testid="password-changed">
          {t('password.changed')}
        </p>
      )}
      <button type="submit" disabled={busy} data-testid="change-password-submit">
        {busy ? t('common.saving') : t('password.submit')}
      </button>
    </form>
  );
}
