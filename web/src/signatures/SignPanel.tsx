/**
 * `<SignPanel signableId=… />` — a document to sign: its signers in order with the time each signed and the
 * certificate used, the PDF with every signature so far, and for the next signer the code of their authenticator
 * app, which signs at once (PAdES, server side).
 */
import { useState, type FormEvent } from 'react';
import type { SignableView } from '../../../shared/api';
import { ErrorMessage, toShownError, type ShownError } from '../components/error-message';
import { formatDateTimeSeconds } from '../format';
import { t } from '../i18n';
import { useLoad } from '../use-load';
import { signaturesApi } from './api-signatures';

export function SignPanel({ signableId, onSigned }: { signableId: string; onSigned?: (view: SignableView) => void }) {
  const { data, error, reload } = useLoad(() => signaturesApi.get(signableId), signableId);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [signError, setSignError] = useState<ShownError | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setSignError(null);
    try {
      const view = await signaturesApi.sign(signableId, code.trim());
      setCode('');
      reload();
      onSigned?.(view);
    } catch (err) {
      setSignError(toShownError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" data-testid="sign-panel" data-state={data?.state ?? ''}>
      <h3>{data?.title ?? t('signatures.document')}</h3>
      <ErrorMessage error={error} />
      {data && (
        <>
          <p className="small">
            {data.state === 'signed' ? <span className="strong" data-testid="sign-complete">{t('signatures.complete')}</span> : t('signatures.inOrder')}{' '}
            <a href={signaturesApi.pdfUrl(data.id)} target="_blank" rel="noreferrer" data-testid="sign-pdf">
              {t('signatures.openPdf')}
            </a>
          </p>
          <ol data-testid="signers">
            {data.signers.map((s) => (
              <li key={s.position} data-testid="signer" data-signed={s.signedAt ? 'true' : 'false'}>
                <span className="strong">{s.name}</span>
                {s.title && <span className="muted"> — {s.title}</span>}
                <div className="small muted">
                  {s.signedAt ? t('signatures.signedAt', { time: formatDateTimeSeconds(s.signedAt), serial: s.certificate?.serialNumber.slice(0, 16) ?? '' }) : data.nextSignerId === s.userId ? t('signatures.waiting') : t('signatures.later')}
                </div>
              </li>
            ))}
          </ol>
          {data.youSignNext && (
            <form onSubmit={submit} className="inline-form" data-testid="sign-form">
              <label>
                {t('signatures.code')}
                <input value={code} onChange={(e) => setCode(e.target.value)} inputMode="numeric" autoComplete="one-time-code" pattern="\d{6}" maxLength={6} required data-testid="sign-code" />
              </label>
              <button type="submit" disabled={busy} data-testid="sign-submit">
                {t('signatures.sign')}
              </button>
              <p className="small muted">{t('signatures.codeHelp')}</p>
            </form>
          )}
          <ErrorMessage error={signError} />
        </>
      )}
    </section>
  );
}

/** The documents of one kind about one subject the person may see, each with its panel. */
export function SignablesOf({ kind, subjectId, reloadKey = '' }: { kind: SignableView['kind']; subjectId: string; reloadKey?: string }) {
  const { data } = useLoad(() => signaturesApi.list(kind, subjectId), `${kind}:${subjectId}:${reloadKey}`);
  return <>{data?.slice(0, 1).map((s) => <SignPanel key={s.id} signableId={s.id} />)}</>;
}
