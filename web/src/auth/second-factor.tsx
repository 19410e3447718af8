/** The TOTP second factor in the browser (R1.3): the code field, enrolment with the QR code, the recovery codes. */
import { useState, type FormEvent } from 'react';
import type { SecondFactorSetup } from '../../../shared/api';
import { accountApi, manualKeyOf } from './api-account';
import { t } from '../i18n';
import { ErrorMessage, toShownError, type ShownError } from '../components/error-message';
import { CopyButton } from '../components/copy-button';

/** Six digits from the authenticator app; the phone's keypad opens, the browser may fill it from an SMS-less app. */
export function CodeField({ value, onChange, testId }: { value: string; onChange(value: string): void; testId: string }) {
  return (
    <label>
      {t('secondFactor.code')}
      <input
        inputMode="numeric"
        autoComplete="one-time-code"
        pattern="[0-9 ]{6,7}"
        maxLength={7}
        required
        value={value}
        onChange={(e) => onChange(e.target.value)}
        data-testid={testId}
      />
    </label>
  );
}

/**
 * Enrolment: the server makes a secret and shows it once as a QR code (and as a key to type); the first code the
 * app shows confirms it.
 */
export function SecondFactorEnrolment({ onDone }: { onDone(): void | Promise<void> }) {
  const [setup, setSetup] = useState<SecondFactorSetup | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);

  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      setSetup(await accountApi.setupSecondFactor());
      setCode('');
    } catch (caught) {
      setError(toShownError(caught));
    } finally {
      setBusy(false);
    }
  };

  const confirm = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setRecoveryCodes(await accountApi.confirmSecondFactor(code));
    } catch (caught) {
      setError(toShownError(caught));
    } finally {
      setBusy(false);
    }
  };

  // shown once: the person keeps them before going on
  if (recoveryCodes) return <RecoveryCodes codes={recoveryCodes} onDone={onDone} />;
  if (!setup) {
    return (
      <div data-testid="second-factor-enrolment">
        <p>{t('secondFactor.enrolIntro')}</p>
        <ErrorMessage error={error} />
        <button type="button" disabled={busy} onClick={() => void start()} data-testid="second-factor-start">
          {t('secondFactor.start')}
        </button>
      </div>
    );
  }
  return (
    <form onSubmit={(e) => void confirm(e)} data-testid="second-factor-enrolment">
      <ol className="plain-list">
        <li>{t('secondFactor.step1')}</li>
        <li>{t('secondFactor.step2')}</li>
      </ol>
      <img className="qr-code" src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(setup.qrSvg)}`} alt={t('secondFactor.qrAlt')} width={200} height={200} data-testid="second-factor-qr" />
      <p className="small">
        {t('secondFactor.manualKey')}: <code data-testid="second-factor-key">{manualKeyOf(setup.uri)}</code>
      </p>
      <p>{t('secondFactor.step3')}</p>
      <CodeField value={code} onChange={setCode} testId="second-factor-confirm-code" />
      <ErrorMessage error={error} />
      <button type="submit" disabled={busy} data-testid="second-factor-confirm">
        {busy ? t('common.saving') : t('secondFactor.confirm')}
      </button>
    </form>
  );
}

/**
 * Recovery codes, shown this once (R1.3): each signs in once instead of the authenticator's code (a lost phone).
 * The person copies or prints them and says so before going on.
 */
export function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone(): void | Promise<void> }) {
  const [busy, setBusy] = useState(false);
  return (
    <div data-testid="recovery-codes">
      <h2>{t('recovery.title')}</h2>
      <p>{t('recovery.intro', { count: codes.length })}</p>
      <ol className="recovery-codes" data-testid="recovery-code-list">
        {codes.map((c) => (
          <li key={c}>
            <code data-testid="recovery-code">{c}</code>
          </li>
        ))}
      </ol>
      <div className="actions">
        <CopyButton text={codes.join('\n')} />
        <button type="button" className="secondary" onClick={() => window.print()}>
          {t('recovery.print')}
        </button>
        <button
          type="button"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            void Promise.resolve(onDone()).finally(() => setBusy(false));
          }}
          data-testid="recovery-codes-done"
        >
          {t('recovery.saved')}
        </button>
      </div>
    </div>
  );
}
