/**
 * `/verify` — anyone, signed in or not, checks a PDF: who signed, when, with which certificate, and whether it was
 * altered since. Public on purpose: a unit outside the system that received a signed document checks it too; the
 * answer repeats what the file carries, plus whether a certificate of this system was revoked.
 */
import { useState } from 'react';
import type { VerifyReport } from '../../../shared/api';
import { ErrorMessage, toShownError, type ShownError } from '../components/error-message';
import { formatDateTime, formatDateTimeSeconds } from '../format';
import { t } from '../i18n';
import { signaturesApi } from './api-signatures';

export function VerifyPage() {
  const [report, setReport] = useState<VerifyReport | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);

  const check = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    setReport(null);
    try {
      setReport(await signaturesApi.verify(file));
    } catch (err) {
      setError(toShownError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="page narrow">
      <h1>{t('verify.title')}</h1>
      <p className="muted">{t('verify.intro')}</p>
      <label className="button-link">
        {t('verify.choose')}
        <input type="file" accept="application/pdf,.pdf" onChange={(e) => void check(e.target.files?.[0])} data-testid="verify-file" hidden />
      </label>{' '}
      <a href={signaturesApi.authorityUrl} className="small">
        {t('verify.authority')}
      </a>
      {busy && <p className="muted">{t('common.loading')}</p>}
      <ErrorMessage error={error} />
      {report && (
        <section className="card" data-testid="verify-report" data-unaltered={String(report.unaltered)}>
          {report.signatures.length === 0 ? (
            <p className="warning-text" data-testid="verify-verdict">{t('verify.noSignature')}</p>
          ) : report.unaltered ? (
            <p className="strong" data-testid="verify-verdict">{t('verify.unaltered')}</p>
          ) : (
            <p className="error-text strong" data-testid="verify-verdict">{t('verify.altered')}</p>
          )}
          {report.knownDocument && <p className="small">{t('verify.known', { title: report.knownDocument.title })}</p>}
          <ol>
            {report.signatures.map((s, i) => (
              <li key={i} data-testid="verify-signature" data-intact={String(s.intact)}>
                <span className="strong">{s.signer ?? t('verify.unknownSigner')}</span>
                {s.reason && <span className="muted"> — {s.reason}</span>}
                {s.location && <span className="muted">, {s.location}</span>}
                <div className="small">{s.signingTime ? t('verify.signedAt', { time: formatDateTimeSeconds(s.signingTime) }) : ''}</div>
                {s.certificate && (
                  <div className="small muted">
                    {t('verify.certificate', { issuer: s.certificate.issuer, serial: s.certificate.serialNumber, from: formatDateTime(s.certificate.notBefore), to: formatDateTime(s.certificate.notAfter) })}{' '}
                    {s.certificate.knownHere ? t('verify.knownHere') : t('verify.foreign')}
                    {s.certificate.revokedAt && <span className="error-text"> {t('verify.revoked', { time: formatDateTime(s.certificate.revokedAt) })}</span>}
                  </div>
                )}
                <div className={s.intact ? 'small' : 'small error-text'}>{s.intact ? (s.coversWholeDocument ? t('verify.intactWhole') : t('verify.intactPart')) : t('verify.broken')}</div>
              </li>
            ))}
          </ol>
        </section>
      )}
    </main>
  );
}
